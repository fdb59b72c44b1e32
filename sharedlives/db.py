"""Database helpers shared by every app."""

import pgtrigger
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


def derived_column_triggers(
    *, name: str, table: str, column: str, expression: str, key: str, target: str = "id"
) -> list:
    """Statement-level triggers that recompute `table.column` (a value derived from the rows of the
    model they are declared on) for the rows of `table` whose `target` column is `key` of a row an
    INSERT, UPDATE or DELETE touched. `expression` is the SQL of the value for the `table` row aliased `t`.

    One UPDATE per statement, so a bulk load pays once, not once per row; whatever writes the rows
    (services, admin, raw SQL) keeps the column right in the same transaction.
    """
    refresh = f"UPDATE {table} t SET {column} = {expression} WHERE t.{target} IN ({{ids}}); RETURN NULL;"
    old_ids, new_ids = f"SELECT {key} FROM old_rows", f"SELECT {key} FROM new_rows"
    return [
        pgtrigger.Trigger(
            name=f"{name}_{operation}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=getattr(pgtrigger, operation.capitalize()),
            referencing=pgtrigger.Referencing(**referencing),
            func=refresh.format(ids=ids),
        )
        for operation, referencing, ids in [
            ("insert", {"new": "new_rows"}, new_ids),
            ("update", {"old": "old_rows", "new": "new_rows"}, f"{old_ids} UNION {new_ids}"),
            ("delete", {"old": "old_rows"}, old_ids),
        ]
    ]


def derived_column_row_trigger(
    *, column: str, expression: str, update_of: tuple[str, ...]
) -> pgtrigger.Trigger:
    """The row's own trigger for a derived column: `expression` (SQL over NEW) computes it on
    insert and on any update that sets one of `update_of`. Django's full save sets every column,
    so a stale copy of the row saved again gets the value computed afresh, not its old one."""
    return pgtrigger.Trigger(
        name=column,
        level=pgtrigger.Row,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf(*update_of),
        func=f"NEW.{column} := {expression}; RETURN NEW;",
    )
