"""Carer registry models."""

from django.db import models


class Postcode(models.Model):
    """A postcode's grid reference (Ordnance Survey Code-Point Open), loaded by `load_postcodes`."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised, e.g. 'NS1 4AB'")
    district = models.CharField(max_length=4, db_index=True, help_text="Outward code, e.g. 'NS1'")
    easting = models.PositiveIntegerField()
    northing = models.PositiveIntegerField()

    class Meta:
        ordering = ["postcode"]

    def __str__(self):
        return self.postcode
