"""The Ombudsman of each UK nation: where someone who is not happy with a scheme's answer to their
complaint can go next. Keyed by the nation codes of `Scheme.nation` (sharedlives.dates.NATIONS)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Ombudsman:
    name: str
    website: str
    phone: str

    @property
    def url(self) -> str:
        return f"https://{self.website}"


OMBUDSMEN = {
    "ENG": Ombudsman("Local Government and Social Care Ombudsman", "www.lgo.org.uk", "0300 061 0614"),
    "SCT": Ombudsman("Scottish Public Services Ombudsman", "www.spso.org.uk", "0800 377 7330"),
    "WLS": Ombudsman("Public Services Ombudsman for Wales", "www.ombudsman.wales", "0300 790 0203"),
    "NIR": Ombudsman("Northern Ireland Public Services Ombudsman", "www.nipso.org.uk", "0800 34 34 24"),
}


def ombudsman_for(nation: str) -> Ombudsman:
    """The Ombudsman for a scheme in `nation`."""
    return OMBUDSMEN[nation]
