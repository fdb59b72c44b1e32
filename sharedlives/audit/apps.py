from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sharedlives.audit"
    label = "audit"
    verbose_name = "Audit"
