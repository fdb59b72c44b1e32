from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: schemes invite their carers, people and families."""

    def is_open_for_signup(self, request):
        return False
