"""Postcodes and distances on the British National Grid (metres)."""

import re

from django.db.models import Avg

from sharedlives.reference.models import Postcode

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_postcode(raw: str) -> str:
    """'ns14ab' -> 'NS1 4AB'. Returns '' for something that is not a full UK postcode."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else ""


def postcode_district(raw: str) -> str:
    """The outward code ('NS1') of a full postcode or of a district on its own; '' if neither."""
    full = normalise_postcode(raw)
    if full:
        return full.split(" ")[0]
    compact = re.sub(r"\s+", "", raw or "").upper()
    return compact if _DISTRICT.match(compact) else ""


def coordinates_for(raw: str) -> tuple[int, int] | None:
    """(easting, northing) of the postcode, or its district's average when the full one is unknown."""
    full = normalise_postcode(raw)
    if full:
        hit = Postcode.objects.filter(postcode=full).values_list("easting", "northing").first()
        if hit:
            return hit
    district = postcode_district(raw)
    if not district:
        return None
    avg = Postcode.objects.filter(district=district).aggregate(e=Avg("easting"), n=Avg("northing"))
    if avg["e"] is None:
        return None
    return round(avg["e"]), round(avg["n"])


def distance_km(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float | None:
    if not a or not b:
        return None
    return (((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5) / 1000
