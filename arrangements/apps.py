from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_places_rule(sender, using, **kwargs):
    """Every migrate brings the database's places functions up to the rule in places.py (CREATE OR
    REPLACE), so a database migrated before the rule last changed runs it too."""
    from django.db import connections

    from . import places

    connection = connections[using]
    needed = {"matching_arrangement", "matching_booking", "carers_household", "people_person"}
    if not needed <= set(connection.introspection.table_names()):
        return  # migrated back past the tables the rule reads
    with connection.cursor() as cursor:
        cursor.execute(places.install_sql())


class ArrangementsConfig(AppConfig):
    name = "arrangements"
    verbose_name = "Arrangements, payments and reviews"

    def ready(self):
        from . import audit, files

        audit.register()
        files.register()
        post_migrate.connect(_install_places_rule, sender=self, dispatch_uid="arrangements_places_rule")
