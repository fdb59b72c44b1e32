"""Evidence the app keeps about itself. Every table here is append-only, enforced by the database.

- AccessLog: who looked at which record, when. Never the record's content.
- SecurityEvent: sign-ins, failed sign-ins, sign-outs, second-factor changes and refused pages.
- DestructionRecord: a decision to destroy a record whose retention period had passed, and a
  note of what was destroyed (the tombstone left in its place).
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone

from sharedlives.db import choices_constraint


def _append_only():
    return pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


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
        triggers = [_append_only()]

    def __str__(self):
        return f"{self.user} viewed {self.object_type} {self.object_id} ({self.page})"


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Sign-in failed"
    LOGOUT = "logout", "Signed out"
    MFA_FAILED = "mfa_failed", "Wrong second-factor code"
    MFA_ADDED = "mfa_added", "Second factor set up"
    MFA_REMOVED = "mfa_removed", "Second factor removed"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    REFUSED = "refused", "Page refused"


class SecurityEvent(models.Model):
    """One security-relevant event. `login` keeps what was typed at a failed sign-in
    (the account may not exist, so `user` can be empty); `path` never holds a query string,
    so no search term or personal detail typed into a URL is kept."""

    Kind = SecurityEventKind

    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    login = models.CharField(max_length=254, blank=True, help_text="The email typed at a failed sign-in.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [choices_constraint("kind", SecurityEventKind)]
        indexes = [models.Index(fields=["user", "-at"], name="audit_security_user_idx")]
        triggers = [_append_only()]

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.user or self.login or 'unknown'} at {self.at:%Y-%m-%d %H:%M}"
        )


class DestructionRecordQuerySet(models.QuerySet):
    def for_user(self, user):
        """Managers see the destruction records of the schemes they manage."""
        if not user.is_authenticated:
            return self.none()
        managed = [pk for pk in user.staff_scheme_ids if user.is_manager_of(pk)]
        return self.filter(scheme_id__in=managed)


class DestructionRecord(models.Model):
    """The decision to destroy a record after its retention period, and the tombstone left behind:
    what kind of record it was, its id, and how many rows of each kind were destroyed. It keeps no
    name or other content of the record itself."""

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=100, help_text="app_label.model of the destroyed record")
    object_id = models.BigIntegerField()
    description = models.CharField(max_length=300, help_text="What the record was, without its content.")
    retention_basis = models.CharField(max_length=300, help_text="Which rule made it due, and from when.")
    reason = models.TextField(max_length=2000, help_text="Why it was destroyed.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    destroyed = models.JSONField(help_text="Rows destroyed, by kind of row.")

    objects = DestructionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "object_id"], name="audit_destruction_once"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="audit_destruction_has_reason"),
        ]
        triggers = [_append_only()]

    def __str__(self):
        return f"{self.description} destroyed on {self.decided_at:%d %b %Y}"
