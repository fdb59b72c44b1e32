"""Database helpers shared by every app."""

from django.db import models


def choices_constraint(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    """A CHECK that `field` holds one of `choices`, named after the model.

    Define the TextChoices at module level (and alias it on the model) so that
    the model's Meta can refer to it.
    """
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )
