"""What safeguarding tells the audit app (sharedlives.audit.registry): the incidents, concerns and
complaints a manager has marked as withheld from the person's copy of their record are left out of
their subject access export, with the reason the manager gave."""

from django.db.models import Q

from sharedlives.audit import registry

WITHHELD = ("safeguarding.incident", "safeguarding.concern", "safeguarding.complaint")


def _withheld() -> Q:
    return Q(withheld_reason__gt="")


def register() -> None:
    for label in WITHHELD:
        registry.withhold_from_export(label, _withheld, reason_field="withheld_reason")
