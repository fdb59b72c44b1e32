# Postcodes move here from the carer registry: the table (carers_postcode) and its rows stay; the
# content type follows, so admin permissions given for postcodes stay given.

from django.db import migrations, models


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="postcode").exists():
        ContentType.objects.filter(app_label=old, model="postcode").update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, "carers", "reference")


def backwards(apps, schema_editor):
    _relabel(apps, "reference", "carers")


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0002_initial_lists"),
        ("carers", "0006_postcodes_move_to_reference"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Postcode",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "postcode",
                            models.CharField(
                                help_text="Normalised, e.g. 'NS1 4AB'", max_length=8, unique=True
                            ),
                        ),
                        (
                            "district",
                            models.CharField(
                                db_index=True, help_text="Outward code, e.g. 'NS1'", max_length=4
                            ),
                        ),
                        ("easting", models.PositiveIntegerField()),
                        ("northing", models.PositiveIntegerField()),
                    ],
                    options={"db_table": "carers_postcode", "ordering": ["postcode"]},
                ),
            ]
        ),
        migrations.RunPython(forwards, backwards),
    ]
