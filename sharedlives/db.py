"""Database helpers shared by every app."""

from django.db import models
from django.utils import timezone


def choices_constraint(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    """A CHECK that `field` holds one of `choices`, named after the model.

    Define the TextChoices at module level (and alias it on the model) so that
    the model's Meta can refer to it.
    """
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )


class TransitionBase(models.Model):
    """One row per status change: from, to, who, when, why. Subclass with a FK to the changed object."""

    from_status = models.CharField(max_length=40, blank=True)
    to_status = models.CharField(max_length=40)
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.from_status or 'new'} -> {self.to_status}"
