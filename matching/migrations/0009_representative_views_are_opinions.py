"""A representative's view of a proposal is their opinion, not a page view: the model, its table,
constraint and guard are renamed, and no row changes."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0008_review_settings_move_to_arrangements"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name="representativeview", name="append_only"),
        migrations.RemoveConstraint(
            model_name="representativeview", name="matching_representativeview_view_valid"
        ),
        migrations.RenameModel(old_name="RepresentativeView", new_name="RepresentativeOpinion"),
        migrations.AlterField(
            model_name="representativeopinion",
            name="proposal",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT, related_name="opinions", to="matching.matchproposal"
            ),
        ),
        migrations.AddConstraint(
            model_name="representativeopinion",
            constraint=models.CheckConstraint(
                condition=models.Q(("view__in", ["support", "concerns", "object"])),
                name="matching_representativeopinion_view_valid",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="representativeopinion",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="e76c2d9e2e84ef1c4b93337ac197fdd2afb49edd",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_1d76c",
                    table="matching_representativeopinion",
                    when="BEFORE",
                ),
            ),
        ),
    ]
