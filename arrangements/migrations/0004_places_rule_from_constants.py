"""The places rule, generated from the models' constants (arrangements/places.py), replaces the one
typed into matching 0003, and adds `matching_peak` for the ranking. The functions count the same
people as before; what changed is that they now follow the constants."""

from django.db import migrations

from arrangements import places


class Migration(migrations.Migration):
    dependencies = [
        ("arrangements", "0003_review_settings"),
    ]

    operations = [
        migrations.RunSQL(places.install_sql(), "DROP FUNCTION IF EXISTS matching_peak(bigint, date, date);"),
    ]
