"""Reference lists that admins keep in the Django admin, shared by both sides of a match."""

from django.db import models


class Interest(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Language(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """A postcode's grid reference (Ordnance Survey Code-Point Open), loaded by `load_postcodes`."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised, e.g. 'NS1 4AB'")
    district = models.CharField(max_length=4, db_index=True, help_text="Outward code, e.g. 'NS1'")
    easting = models.PositiveIntegerField()
    northing = models.PositiveIntegerField()

    class Meta:
        ordering = ["postcode"]
        # Kept from when postcodes belonged to the carer registry: no rows moved.
        db_table = "carers_postcode"

    def __str__(self):
        return self.postcode
