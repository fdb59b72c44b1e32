from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "carers"
    verbose_name = "Carer registry"

    def ready(self):
        from . import audit, files

        audit.register()
        files.register()
