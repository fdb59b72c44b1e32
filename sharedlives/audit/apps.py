from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sharedlives.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from . import signals

        signals.connect()
