from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sharedlives.accounts"
    label = "accounts"
    verbose_name = "Accounts, schemes and roles"

    def ready(self):
        from . import mfa

        mfa.connect()
