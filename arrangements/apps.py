from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "arrangements"
    verbose_name = "Arrangements, payments and reviews"

    def ready(self):
        from . import audit

        audit.register()
