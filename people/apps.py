from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People supported"

    def ready(self):
        from . import audit, files

        audit.register()
        files.register()
