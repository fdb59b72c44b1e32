"""Payment bands with their rates, straight in the database (the services are tested on their own)."""

from datetime import date
from decimal import Decimal

from arrangements.models import RATES_FROM_THE_START, PaymentBand, PaymentRate


def payment_band(
    scheme,
    name: str,
    unit: str,
    amount,
    uplift="0",
    board="0",
    *,
    effective_from: date = RATES_FROM_THE_START,
    **kwargs,
) -> PaymentBand:
    """A band whose amounts hold from `effective_from` (from the start unless given)."""
    band = PaymentBand.objects.create(scheme=scheme, name=name, unit=unit, **kwargs)
    PaymentRate.objects.create(
        band=band,
        effective_from=effective_from,
        amount=Decimal(amount),
        uplift_percent=Decimal(uplift),
        board_lodging_weekly=Decimal(board),
    )
    return band
