"""Arrangements left the matching app: what points at their models by name follows them.

The content types (so admin permissions given to a group stay given) and the access log's record
types ("matching.arrangement" becomes "arrangements.arrangement", so "who looked" still finds the
record). The log refuses changes, so its guard is lifted for this one relabelling only.
"""

import pgtrigger
from django.db import migrations

MOVED = [
    "agreement",
    "agreementevent",
    "arrangement",
    "arrangementevent",
    "arrangementtransition",
    "booking",
    "bookingevent",
    "paymentband",
    "paymentbandevent",
    "paymentrate",
    "paymentrateevent",
    "remindersent",
    "review",
    "reviewevent",
]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    AccessLog = apps.get_model("audit", "AccessLog")
    taken = set(ContentType.objects.filter(app_label=new, model__in=MOVED).values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)
    with pgtrigger.ignore("audit.AccessLog:append_only"):
        for model in MOVED:
            AccessLog.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")


def forwards(apps, schema_editor):
    _relabel(apps, "matching", "arrangements")


def backwards(apps, schema_editor):
    _relabel(apps, "arrangements", "matching")


class Migration(migrations.Migration):
    dependencies = [
        ("arrangements", "0001_initial"),
        ("audit", "0002_security_events_and_destruction"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
