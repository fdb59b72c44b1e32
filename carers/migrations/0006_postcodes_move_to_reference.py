# Postcodes are reference data used by people and carers alike: the model moves to the reference
# app, its table (carers_postcode) and rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("carers", "0005_registry_and_check_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Postcode")]),
    ]
