from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding, incidents and complaints"

    def ready(self):
        from . import audit, files, panels

        audit.register()
        files.register()
        panels.register()
