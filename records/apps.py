from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Living together: support plans, daily notes, medicines and money"

    def ready(self):
        from . import files

        files.register()
