"""The access log: who looked at which record, when. Never the record's content."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessLogQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=obj.pk)


class AccessLog(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, null=True, related_name="+")
    object_type = models.CharField(max_length=100, help_text="app_label.model of the record viewed")
    object_id = models.BigIntegerField()
    page = models.CharField(max_length=100, help_text="Which page or export showed the record")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_access_object_idx")]
        # Evidence: the database refuses to change or delete a logged access.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.user} viewed {self.object_type} {self.object_id} ({self.page})"
