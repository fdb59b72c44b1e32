"""Demo payment bands for both schemes, bands and funders on the demo arrangements, and their agreements.

Runs after the steps that create arrangements. Idempotent: a band that exists (same scheme and
name) is left as it is; an arrangement that has a band, or an agreement already recorded, is
left as it is.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from arrangements import services as arrangement_services
from arrangements.models import (
    Agreement,
    AgreementKind,
    Arrangement,
    ArrangementStatus,
    PaymentBand,
    PaymentRate,
    PaymentUnit,
)
from arrangements.services.payments import agreement_kinds_for
from sharedlives.choices import Funder, SupportType

D = Decimal
MANAGER = "manager@demo.sharedlives.test"
COORDINATOR = "coordinator@demo.sharedlives.test"

# name, unit, amount, uplift %, board and lodging a week, can be chosen
NORTHSHIRE_BANDS = [
    ("Long-term standard", PaymentUnit.WEEK, D("420.00"), D("10"), D("95.00"), True),
    ("Long-term enhanced", PaymentUnit.WEEK, D("560.00"), D("10"), D("95.00"), True),
    ("Emergency", PaymentUnit.WEEK, D("490.00"), D("10"), D("0"), True),
    ("Intermediate care", PaymentUnit.WEEK, D("525.00"), D("0"), D("0"), True),
    ("Short break night", PaymentUnit.NIGHT, D("75.00"), D("15"), D("0"), True),
    ("Day support session", PaymentUnit.SESSION, D("42.50"), D("10"), D("0"), True),
    ("Short break night (2023 rate)", PaymentUnit.NIGHT, D("68.00"), D("15"), D("0"), False),
]
RIVERSIDE_BANDS = [
    ("Live-in", PaymentUnit.WEEK, D("395.00"), D("12.5"), D("90.00"), True),
    ("Respite night", PaymentUnit.NIGHT, D("70.00"), D("0"), D("0"), True),
]

BAND_FOR = {
    SupportType.LONG_TERM: "Long-term standard",
    SupportType.EMERGENCY: "Emergency",
    SupportType.INTERMEDIATE_CARE: "Intermediate care",
    SupportType.SHORT_BREAK: "Short break night",
    SupportType.DAY_SUPPORT: "Day support session",
}
# Who pays when the person's record does not say: intermediate care is NHS-funded.
FUNDER_FOR = {SupportType.INTERMEDIATE_CARE: Funder.NHS}
REFERENCE_PREFIX = {
    Funder.COUNCIL: "NCC-ASC",
    Funder.NHS: "NHS-ICB",
    Funder.PERSONAL_BUDGET: "PB",
    Funder.PERSONAL_HEALTH_BUDGET: "PHB",
    Funder.SELF_FUNDED: "SELF",
}


def _bands(scheme, rows, *, manager) -> dict[str, PaymentBand]:
    existing = {b.name: b for b in PaymentBand.objects.filter(scheme=scheme)}
    for name, unit, amount, uplift, board, active in rows:
        if name in existing:
            continue
        if manager is not None and manager.is_manager_of(scheme.pk):
            existing[name] = arrangement_services.payment_band_create(
                scheme_id=scheme.pk,
                by=manager,
                name=name,
                unit=unit,
                amount=amount,
                uplift_percent=uplift,
                board_lodging_weekly=board,
                is_active=active,
            )
        else:  # a scheme with no demo manager: straight to the tables
            existing[name] = PaymentBand.objects.create(scheme=scheme, name=name, unit=unit, is_active=active)
            PaymentRate.objects.create(
                band=existing[name], amount=amount, uplift_percent=uplift, board_lodging_weekly=board
            )
    return existing


def _fund(scheme, bands, *, staff) -> None:
    """A band, a funder and a funding reference for every demo arrangement that has no band yet."""
    arrangements = Arrangement.objects.filter(scheme=scheme, payment_band__isnull=True).select_related(
        "person"
    )
    for arrangement in arrangements.order_by("pk"):
        band = bands.get(BAND_FOR[arrangement.support_type])
        if band is None:
            continue
        funder = (
            arrangement.funder
            or FUNDER_FOR.get(arrangement.support_type)
            or arrangement.person.funder
            or Funder.COUNCIL
        )
        arrangement_services.arrangement_update(
            arrangement_id=arrangement.pk,
            by=staff,
            funder=funder,
            funding_reference=arrangement.funding_reference
            or f"{REFERENCE_PREFIX[funder]}-{arrangement.pk:05d}",
            payment_band=band,
        )


def _agreements(scheme, *, staff) -> None:
    """Agreements issued a week before the start and signed on the first day. Those of arrangements
    that have not started yet are issued but not signed, so there is something left to record.
    Ended arrangements' are written straight to the table: the service no longer issues for them."""
    today = timezone.localdate()
    recorded = set(Agreement.objects.filter(arrangement__scheme=scheme).values_list("arrangement_id", "kind"))
    arrangements = Arrangement.objects.filter(scheme=scheme).order_by("start_date", "pk")
    for arrangement in arrangements:
        for kind in agreement_kinds_for(arrangement):
            if (arrangement.pk, kind) in recorded:
                continue
            issued_on = min(arrangement.start_date - timedelta(days=7), today)
            signed_on = arrangement.start_date if arrangement.start_date <= today else None
            if kind == AgreementKind.LICENCE_EASY_READ and signed_on is None:
                continue  # the easy-read licence goes out at the move-in visit
            if arrangement.status == ArrangementStatus.ENDED:
                if signed_on is not None:  # one that never started had nothing signed
                    Agreement.objects.create(
                        arrangement=arrangement,
                        kind=kind,
                        issued_on=issued_on,
                        signed_on=signed_on,
                        recorded_by=staff,
                    )
                continue
            arrangement_services.agreement_issue(
                arrangement_id=arrangement.pk, kind=kind, by=staff, issued_on=issued_on
            )
            if signed_on is not None:
                arrangement_services.agreement_sign(
                    arrangement_id=arrangement.pk, kind=kind, by=staff, signed_on=signed_on
                )


def seed(ctx: dict) -> None:
    users = ctx["users"]
    staff = users[COORDINATOR]
    manager = users.get(MANAGER)
    bands = _bands(ctx["scheme"], NORTHSHIRE_BANDS, manager=manager)
    if ctx.get("other_scheme") is not None:
        _bands(ctx["other_scheme"], RIVERSIDE_BANDS, manager=None)
    _fund(ctx["scheme"], bands, staff=staff)
    _agreements(ctx["scheme"], staff=staff)
    if manager is not None:
        _rise_next_month(bands["Short break night"], manager=manager)


# The rise a demo manager has already set: shown on the band list, paid from its date.
RISE = D("78.00")


def _rise_next_month(band: PaymentBand, *, manager) -> None:
    """The short-break night rises from the first of next month; this month and before keep theirs."""
    if band.rates.filter(amount=RISE).exists():
        return
    today = timezone.localdate()
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    rate = band.rate_on(today)
    arrangement_services.payment_band_update(
        band_id=band.pk,
        by=manager,
        name=band.name,
        unit=band.unit,
        is_active=band.is_active,
        amount=RISE,
        uplift_percent=rate.uplift_percent,
        board_lodging_weekly=rate.board_lodging_weekly,
        effective_from=next_month,
    )
