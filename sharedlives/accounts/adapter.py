import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: schemes invite their carers, people and families."""

    def is_open_for_signup(self, request):
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Changing the second factor needs a recent password or code. Signing in a few minutes
        ago counts, so staff sent to set up their authenticator app straight after signing in
        are not asked for their password a second time."""
        request = self.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            window = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
            if records and time.time() - records[-1]["at"] < window:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
