"""Schemes of realistic sizes, their staff (with the shared demo authenticator key), settings,
payment bands and postcodes."""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt

from arrangements.models import RATES_FROM_THE_START, PaymentBand, PaymentRate, PaymentUnit, ReviewSettings
from matching.models import MatchingSettings
from sharedlives.accounts.demo import DEMO_TOTP_SECRET
from sharedlives.accounts.models import Regulator, Scheme, SchemeMembership, User
from sharedlives.choices import SupportType

from . import words
from .world import World

MIN_HOUSEHOLDS, MAX_HOUSEHOLDS = 20, 400
EMAIL_DOMAIN = "scale.test"

# name, unit, amount, uplift %, board and lodging a week, support type it pays for
BANDS = [
    ("Long-term standard", PaymentUnit.WEEK, Decimal("420.00"), Decimal("10"), Decimal("95.00"), "long_term"),
    ("Long-term enhanced", PaymentUnit.WEEK, Decimal("560.00"), Decimal("10"), Decimal("95.00"), None),
    ("Emergency", PaymentUnit.WEEK, Decimal("490.00"), Decimal("10"), Decimal("0"), "emergency"),
    (
        "Intermediate care",
        PaymentUnit.WEEK,
        Decimal("525.00"),
        Decimal("0"),
        Decimal("0"),
        "intermediate_care",
    ),
    ("Short break night", PaymentUnit.NIGHT, Decimal("75.00"), Decimal("15"), Decimal("0"), "short_break"),
    (
        "Day support session",
        PaymentUnit.SESSION,
        Decimal("42.50"),
        Decimal("10"),
        Decimal("0"),
        "day_support",
    ),
]


@dataclass
class SchemeInfo:
    id: int
    number: int
    name: str
    size: int
    people: int
    postcodes: list = field(default_factory=list)  # (postcode, easting, northing)
    coordinators: list = field(default_factory=list)  # user ids
    manager: int = 0
    manager_name: str = ""
    bands: dict = field(default_factory=dict)  # support type -> payment band id

    @property
    def domain(self) -> str:
        return f"scheme{self.number}.{EMAIL_DOMAIN}"


def scheme_sizes(world: World, count: int, total: int) -> list[int]:
    """`count` sizes adding up to `total`, skewed like real schemes (many small, a few large) and
    kept between 20 and 400 households where the totals allow it."""
    rng = world.rng
    low = min(MIN_HOUSEHOLDS, total // count)
    high = max(MAX_HOUSEHOLDS, -(-total // count))
    weights = [rng.lognormvariate(0, 1.0) for _ in range(count)]
    spare = total - low * count
    sizes = [min(high, low + int(spare * w / sum(weights))) for w in weights]
    by_weight = sorted(range(count), key=lambda i: -weights[i])
    while sum(sizes) < total:
        for i in by_weight:
            if sizes[i] < high and sum(sizes) < total:
                sizes[i] += 1
    return sizes


def share(total: int, sizes: list[int]) -> list[int]:
    """`total` split in proportion to `sizes` (largest remainder), adding up exactly."""
    whole = sum(sizes) or 1
    exact = [total * s / whole for s in sizes]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(sizes)), key=lambda i: parts[i] - exact[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _place_names(world: World, count: int) -> list[str]:
    names = [f"{a}{b}" for a in words.PLACE_STARTS for b in words.PLACE_ENDS]
    world.rng.shuffle(names)
    return [
        names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}") for i in range(count)
    ]


def person_name(world: World, gender: str) -> tuple[str, str]:
    pool = {"woman": words.WOMEN, "man": words.MEN}.get(gender, words.NON_BINARY)
    return world.rng.choice(pool), world.rng.choice(words.SURNAMES)


def add_user(world: World, *, scheme_id: int, email: str, full_name: str, kind: str, joined) -> int:
    user_id = world.add(
        User,
        password=world.password_hash,
        last_login=None,
        is_superuser=False,
        email=email,
        full_name=full_name,
        kind=kind,
        is_active=True,
        is_staff=False,
        date_joined=world.at(joined),
        session_epoch=0,
    )
    world.users[user_id] = (email, kind, scheme_id, joined)
    return user_id


def build(world: World) -> None:
    figures = world.figures
    sizes = scheme_sizes(world, figures.schemes, figures.households)
    people = share(figures.people, sizes)
    places = _place_names(world, figures.schemes)
    regulators = {Regulator.CQC: 82, Regulator.CARE_INSPECTORATE: 9, Regulator.CIW: 5, Regulator.RQIA: 4}
    totp = json.dumps({"secret": encrypt(DEMO_TOTP_SECRET)})
    for number, (size, n_people, place) in enumerate(zip(sizes, people, places, strict=True), start=1):
        world.tick()
        created = world.day_between(world.start - timedelta(days=400), world.start)
        scheme_id = world.add(
            Scheme,
            name=f"{place} Shared Lives",
            regulator=world.pick(regulators),
            area=f"{place} and district",
            contact_email=f"team@scheme{number}.{EMAIL_DOMAIN}",
            phone=f"01632 {960000 + number % 1000}",
            created_at=world.at(created),
        )
        info = SchemeInfo(
            id=scheme_id, number=number, name=f"{place} Shared Lives", size=size, people=n_people
        )
        world.schemes.append(info)
        _postcodes(world, info)
        _staff(world, info, created, totp)
        world.add(MatchingSettings, scheme_id=scheme_id)
        world.add(ReviewSettings, scheme_id=scheme_id)
        for name, unit, amount, uplift, board, support_type in BANDS:
            # Each scheme sets its own rates: within a few percent of the usual figures.
            scaled = (amount * Decimal(world.rng.randint(90, 115)) / 100).quantize(Decimal("0.01"))
            band_id = world.add(PaymentBand, scheme_id=scheme_id, name=name, unit=unit, is_active=True)
            world.add(
                PaymentRate,
                band_id=band_id,
                effective_from=RATES_FROM_THE_START,
                created_at=world.at(created),
                amount=scaled,
                uplift_percent=uplift,
                board_lodging_weekly=board,
            )
            if support_type:
                info.bands[SupportType(support_type)] = band_id
        old_band_id = world.add(
            PaymentBand,
            scheme_id=scheme_id,
            name=f"Short break night ({world.start.year} rate)",
            unit=PaymentUnit.NIGHT,
            is_active=False,
        )
        world.add(
            PaymentRate,
            band_id=old_band_id,
            effective_from=RATES_FROM_THE_START,
            created_at=world.at(created),
            amount=Decimal("68.00"),
            uplift_percent=Decimal("15"),
            board_lodging_weekly=Decimal("0"),
        )
    _neighbours(world)


def _postcodes(world: World, info: SchemeInfo) -> None:
    """Forty postcodes in four districts of a made-up postcode area, a few kilometres apart."""
    rng = world.rng
    letters = words.POSTCODE_LETTERS
    east, north = rng.randint(200_000, 600_000), rng.randint(100_000, 900_000)
    for district_no in range(4):
        index = (info.number - 1) * 4 + district_no
        district = f"Q{letters[index // 99 % len(letters)]}{index % 99 + 1}"
        d_east, d_north = east + rng.randint(-12_000, 12_000), north + rng.randint(-12_000, 12_000)
        for unit in range(10):
            code = (
                f"{district} {unit}{letters[(index + unit) % len(letters)]}{letters[unit * 3 % len(letters)]}"
            )
            point = (code, d_east + rng.randint(-1500, 1500), d_north + rng.randint(-1500, 1500))
            info.postcodes.append(point)
            world.postcodes.append((code, district, point[1], point[2]))


def _staff(world: World, info: SchemeInfo, created, totp: str) -> None:
    coordinators = 1 + (info.size >= 80) + (info.size >= 250)
    roles = [(f"coordinator{n}", SchemeMembership.Role.COORDINATOR) for n in range(1, coordinators + 1)]
    roles.append(("manager", SchemeMembership.Role.MANAGER))
    for local, role in roles:
        gender = world.pick({"woman": 6, "man": 3, "non_binary": 1})
        first, last = person_name(world, gender)
        user_id = add_user(
            world,
            scheme_id=info.id,
            email=f"{local}@{info.domain}",
            full_name=f"{first} {last}",
            kind=User.Kind.STAFF,
            joined=created,
        )
        world.add(
            SchemeMembership, user_id=user_id, scheme_id=info.id, role=role, created_at=world.at(created)
        )
        world.add(
            Authenticator,
            user_id=user_id,
            type=Authenticator.Type.TOTP,
            data=totp,
            created_at=world.at(created),
            last_used_at=None,
        )
        if role == SchemeMembership.Role.MANAGER:
            info.manager, info.manager_name = user_id, f"{first} {last}"
        else:
            info.coordinators.append(user_id)


def _neighbours(world: World) -> None:
    """About a third of schemes share carers with the next scheme along, by agreement (both ways)."""
    through = Scheme.neighbours.through
    linked = set()
    for a, b in zip(world.schemes, world.schemes[1:], strict=False):
        if world.chance(0.33):
            linked |= {(a.id, b.id), (b.id, a.id)}
    # The largest scheme is a regional provider's: it shares carers with the eight schemes around it,
    # so ranking "with neighbouring schemes" there reaches well beyond one scheme.
    largest = max(range(len(world.schemes)), key=lambda i: world.schemes[i].size)
    for i in range(max(0, largest - 4), min(len(world.schemes), largest + 5)):
        if i != largest:
            a, b = world.schemes[largest], world.schemes[i]
            linked |= {(a.id, b.id), (b.id, a.id)}
    for from_id, to_id in sorted(linked):
        world.add(through, from_scheme_id=from_id, to_scheme_id=to_id)
