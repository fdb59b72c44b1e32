"""A national-scale dataset for performance work, loaded by `manage.py seed_scale`.

The defaults are the national figures: 150 schemes, 10,400 carer households, 9,900 people and five
years of history. Everything comes from one `random.Random(seed)` and dates count back from a
reference day (today unless given), so the same seed and the same reference day give the same rows,
ids included, on an empty database. Photos are rows that share a few stored pictures (photos.py):
fine for benchmarks, never for real data.

Rows are planned in Python, one stage at a time, and streamed into PostgreSQL with COPY. Nothing
in the schema is switched off: every constraint and trigger (the places a household has, one
live-in home per person, append-only evidence, change history) checks each row on the way in.

Every login's password is the demo password; scheme staff share the demo authenticator key, so
scripts can pass the second step (see `sample_targets`).
"""

import sys
import time
from dataclasses import dataclass, field
from datetime import date

from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db.models import Case, IntegerField, Value, When

from arrangements.models import (
    Agreement,
    Arrangement,
    ArrangementTransition,
    Booking,
    PaymentBand,
    PaymentRate,
    Review,
    ReviewSettings,
)
from carers.models import (
    ApprovalTerms,
    Availability,
    Carer,
    Check,
    Household,
    HouseholdInterest,
    HouseholdLanguage,
    HouseholdMember,
    HouseholdTransition,
    PanelDecision,
)
from matching.models import (
    Introduction,
    MatchingSettings,
    MatchProposal,
    ProposalTransition,
    RepresentativeOpinion,
    Response,
)
from people.models import (
    CapacityAssessment,
    LegalAuthority,
    Person,
    PersonLanguage,
    Profile,
    ProfileInterest,
    Referral,
    ReferralTransition,
    Representative,
)
from sharedlives.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from sharedlives.accounts.models import Invitation, Scheme, SchemeMembership, User
from sharedlives.audit.models import AccessLog, SecurityEvent
from sharedlives.files.models import Photo
from sharedlives.reference.models import Interest, Language, Postcode

from . import households, living, matches, photos, records, safeguarding, schemes
from .sink import CopySink, DigestSink
from .targets import sample_targets
from .world import Figures, World

NATIONAL = Figures()
PASSWORD = DEMO_PASSWORD
TOTP_SECRET = DEMO_TOTP_SECRET

# (what the terminal shows, the stage, the tables it fills in the order they are written)
STAGES = [
    (
        "Schemes and staff",
        schemes.build,
        [
            Scheme,
            Scheme.neighbours.through,
            User,
            SchemeMembership,
            Authenticator,
            MatchingSettings,
            ReviewSettings,
            PaymentBand,
            PaymentRate,
        ],
    ),
    (
        "Carer households",
        households.build,
        [
            User,
            Household,
            Carer,
            HouseholdMember,
            HouseholdLanguage,
            HouseholdInterest,
            PanelDecision,
            ApprovalTerms,
            HouseholdTransition,
            Check,
            Availability,
        ],
    ),
    (
        "People, proposals and arrangements",
        matches.build,
        [
            User,
            Person,
            PersonLanguage,
            Profile,
            ProfileInterest,
            Representative,
            LegalAuthority,
            CapacityAssessment,
            Referral,
            ReferralTransition,
            MatchProposal,
            ProposalTransition,
            Response,
            RepresentativeOpinion,
            Introduction,
            Arrangement,
            ArrangementTransition,
            Agreement,
            Review,
            Booking,
        ],
    ),
    ("Incidents, concerns and complaints", safeguarding.build, safeguarding.MODELS),
    # Its notes, doses and money are then made by the database (living.fill).
    ("Living together: plans, medicines, a year of notes, doses and money", living.build, living.MODELS),
    ("Access log and sign-ins", records.build, [Invitation, AccessLog, SecurityEvent]),
    ("Photos", photos.build, [Photo]),
]


# Their triggers count the household's places in these same tables (matching migration 0003).
SELF_CHECKING = {Arrangement, Booking}
# Planned rows that a later stage reads again once they are written (the rest are let go).
KEPT = set(safeguarding.READS) | set(living.READS)


@dataclass
class _World(World):
    kept: dict = field(default_factory=dict)  # model -> its Table of rows already written


@dataclass
class Result:
    figures: Figures
    seed: int
    today: date
    digest: str
    seconds: float
    counts: dict = field(default_factory=dict)  # table -> rows written
    table_seconds: dict = field(default_factory=dict)  # table -> seconds spent writing it
    stage_seconds: dict = field(default_factory=dict)  # stage -> seconds spent planning and writing it


def _bar(progress: bool, total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=" schemes", file=sys.stderr, disable=not progress, leave=True)


def build(
    figures: Figures = NATIONAL,
    *,
    seed: int = 1,
    today: date,
    sink: DigestSink | None = None,
    progress: bool = False,
) -> Result:
    """Plan the dataset and hand every row to `sink` (default: a digest only, nothing written).
    Call inside a transaction when the sink writes, so that a failure leaves nothing behind."""
    began = time.monotonic()
    sink = sink or DigestSink()
    world = _World(figures=figures, seed=seed, today=today, sink=sink)
    sink.begin(seed=seed, today=today)
    world.password_hash = make_password(PASSWORD, salt=f"sharedlivesscale{seed:08d}")
    world.interests = list(Interest.objects.order_by("pk").values_list("pk", flat=True))
    world.languages = list(
        Language.objects.annotate(
            english=Case(When(name="English", then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("english", "pk")
        .values_list("pk", flat=True)
    )
    if len(world.interests) < 6 or len(world.languages) < 2:
        raise RuntimeError("The reference lists of interests and languages are missing: run migrate first.")
    stage_seconds = {}
    for label, stage, models in STAGES:
        stage_began = time.monotonic()
        # One bar per stage: first the schemes planned, then the rows written.
        with _bar(progress, figures.schemes, f"{label} (planning)") as bar:
            world.tick = lambda: bar.update(1)  # noqa: B023 (the bar of this stage, used in it)
            stage(world)
            if stage is schemes.build:
                sink.write_ignoring_duplicates(
                    Postcode, ["postcode", "district", "easting", "northing"], world.postcodes
                )
            bar.unit = " rows"
            bar.set_description(label, refresh=False)
            bar.reset(total=sum(len(world.tables[m].rows) for m in models if m in world.tables))
            for model in models:
                table = world.tables.pop(model, None)
                if table is not None:
                    sink.write(model, table.fields, table.rows, progress=bar, analyze=model in SELF_CHECKING)
                    if model in KEPT:
                        world.kept[model] = table
            if stage is living.build:
                bar.set_description(f"{label} (in the database)", refresh=False)
                living.fill(world, bar)
        if world.tables:
            raise RuntimeError(f"Rows planned but not written: {sorted(m.__name__ for m in world.tables)}")
        if stage is households.build:
            sink.execute(records.HOUSEHOLD_TERMS, world.id_range(Household))
        stage_seconds[label] = time.monotonic() - stage_began
    sink.execute(records.LAST_SIGN_IN, world.id_range(User))
    for sql in records.PEOPLE_EDITS:
        sink.execute(sql, world.id_range(Person))
    return Result(
        figures=figures,
        seed=seed,
        today=today,
        digest=sink.digest,
        seconds=time.monotonic() - began,
        counts=dict(sink.counts),
        table_seconds=dict(sink.seconds),
        stage_seconds=stage_seconds,
    )


__all__ = [
    "NATIONAL",
    "PASSWORD",
    "TOTP_SECRET",
    "CopySink",
    "DigestSink",
    "Figures",
    "Result",
    "build",
    "sample_targets",
]
