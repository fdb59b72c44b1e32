"""seed_scale: a small dataset loaded through every constraint and trigger, the same for the same seed.

The national dataset is the same code with bigger figures; here three schemes, 60 households,
50 people and two years of history, so that the whole file runs in seconds.
"""

import io
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone

from arrangements import places
from arrangements.models import Arrangement, Booking, Review
from carers.models import Check, Household, HouseholdTransition
from datasets import scale
from datasets.scale import living
from matching.models import MatchProposal, ProposalStatus, Response
from people.models import WELFARE_AUTHORITIES, LegalAuthority, Person, Referral, Representative
from records import alerts, money, oversight
from records.models import (
    DailyNote,
    DoseOutcome,
    DoseRecord,
    EmergencyContact,
    Medicine,
    MoneyCheck,
    MoneyEntry,
    NoteReading,
    RiskPlan,
    SupportPlan,
)
from sharedlives.accounts.models import Scheme, User
from sharedlives.audit.models import AccessLog
from sharedlives.choices import SupportType
from sharedlives.files import storage
from sharedlives.files.models import Photo, PhotoStatus
from tests.factories import sign_in
from tests.files.images import exif_of
from tests.transitions import broken_rules

TODAY = date(2025, 6, 2)  # a fixed reference day: the same rows whenever the tests run
SMALL = {"schemes": 3, "households": 60, "people": 50, "years": 2}


def load(**options) -> str:
    out = io.StringIO()
    call_command("seed_scale", **SMALL, seed=1, today=TODAY, no_progress=True, stdout=out, **options)
    return out.getvalue()


def fingerprint(output: str) -> str:
    return output.split("Fingerprint of the data: ")[1].split()[0]


def test_small_dataset_has_the_figures_and_every_proposal_status():
    output = load()

    assert Scheme.objects.count() == 3
    assert Household.objects.count() == 60
    assert Person.objects.count() == 50
    assert all(s.households.exists() and s.memberships.exists() for s in Scheme.objects.all())
    # Every status of a proposal, each with the answers that led to it.
    assert set(MatchProposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    for status in ("introductions", "agreed", "confirmed"):
        proposal = MatchProposal.objects.filter(status=status).first()
        sides = set(proposal.responses.filter(answer="interested").values_list("side", flat=True))
        assert sides == {"carer", "person"}, status
    assert MatchProposal.objects.filter(status="confirmed").count() == Arrangement.objects.count()
    # Long-term support is the most wanted, then short breaks and day support.
    wanted = Counter(Referral.objects.values_list("support_type", flat=True))
    assert wanted.most_common(1)[0][0] == SupportType.LONG_TERM
    assert wanted[SupportType.SHORT_BREAK] > 0 and wanted[SupportType.DAY_SUPPORT] > 0
    # Checks that have expired and checks about to, bookings, reviews, the access log and history.
    assert Check.objects.expired(on=TODAY).exists()
    assert Check.objects.due_within(on=TODAY).filter(expires_on__gte=TODAY).exists()
    assert Booking.objects.exists() and Review.objects.filter(connected_score__gte=1).exists()
    assert AccessLog.objects.count() > 50 * 3
    assert HouseholdTransition.objects.filter(household__status="approved", to_status="approved").exists()
    assert apps.get_model("carers", "HouseholdEvent").objects.filter(pgh_label="update").exists()
    assert Response.objects.filter(basis="own_decision", channel="portal").exists()
    assert "Logins (password for all: shared-lives-demo)" in output


def test_most_households_have_approved_photos_sharing_a_few_stored_pictures():
    load()
    photos = Photo.objects.all()
    of_households = photos.filter(owner_type=ContentType.objects.get_for_model(Household))
    per_household = of_households.values("owner_id").annotate(
        n=Count("pk"), main=Count("pk", filter=Q(is_main=True))
    )

    # Most households two to six, exactly one of them the main one; some people one, with consent.
    assert len(per_household) >= 0.7 * Household.objects.count()
    assert {row["main"] for row in per_household} == {1}
    assert {row["n"] for row in per_household} <= set(range(2, 7))
    assert set(photos.values_list("status", flat=True)) == {PhotoStatus.APPROVED}
    of_people = Photo.objects.of_many(Person, Person.objects.values_list("pk", flat=True))
    assert of_people.exists() and not of_people.filter(consent="").exists()
    assert not photos.filter(alt_text="").exists()
    # Every row points at one of a few shared files, each stored and a JPEG without metadata.
    names = set(photos.values_list("display_name", flat=True)) | set(
        photos.values_list("thumbnail_name", flat=True)
    )
    assert len(names) <= 20 < photos.count()
    for name in names:
        with storage.private().open(name, "rb") as handle:
            data = handle.read()
        exif, info = exif_of(data)
        assert data[:3] == b"\xff\xd8\xff" and not exif and "exif" not in info, name
    # And the photo view serves a household's thumbnail from them, to its scheme's staff.
    photo = of_households.select_related("scheme").first()
    staff = User.objects.filter(memberships__scheme=photo.scheme, memberships__role="coordinator").first()
    response = sign_in(Client(), staff).get(photo.url("thumb"))
    assert response.status_code == 200
    with storage.private().open(photo.thumbnail_name, "rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_no_household_ever_has_more_people_than_places():
    load()

    # The database refuses more (matching migration 0003); this counts again, night by night.
    for household in (
        Household.objects.filter(arrangements__isnull=False).distinct().select_related("current_terms")
    ):
        _day, people = places.peak(household.pk, TODAY - timedelta(days=730), TODAY + timedelta(days=120))
        assert people <= household.current_terms.max_people, household


def test_sample_targets_point_at_rows_that_fit_their_purpose():
    load()
    targets = scale.sample_targets()

    scheme = Scheme.objects.get(pk=targets["scheme_id"])
    assert targets["households"] == max(s.households.count() for s in Scheme.objects.all())
    assert User.objects.get(email=targets["coordinator_email"]).memberships.get().scheme == scheme
    assert User.objects.get(email=targets["manager_email"]).is_manager_of(scheme.pk)
    assert Referral.objects.get(pk=targets["referral_id"]).status == "matching"
    assert Arrangement.objects.get(pk=targets["arrangement_id"]).status == "active"
    proposal = MatchProposal.objects.get(pk=targets["proposal_id"])
    assert proposal.status == ProposalStatus.PROPOSED and not proposal.responses.filter(side="person")
    assert (
        proposal.person.user.email == targets["person_email"] and proposal.person_id == targets["person_id"]
    )
    assert proposal.household_id == targets["household_id"]
    assert proposal.household.carers.filter(user__email=targets["carer_email"]).exists()
    family = Representative.objects.get(user__email=targets["family_email"])
    assert family.person_id == targets["family_person_id"] and family.may_see_proposals
    assert LegalAuthority.objects.filter(representative=family, kind__in=WELFARE_AUTHORITIES).exists()
    assert MatchProposal.objects.get(pk=targets["family_proposal_id"]).person_id == family.person_id
    assert User.objects.get(email=targets["carer_email"]).check_password(targets["password"])


def test_same_seed_same_rows_and_a_reload_after_flush_is_identical():
    first = fingerprint(load())
    plan = scale.build(scale.Figures(**SMALL), seed=1, today=TODAY)
    names = list(Household.objects.order_by("pk").values_list("pk", "name"))

    assert first == plan.digest[:16]
    assert scale.build(scale.Figures(**SMALL), seed=2, today=TODAY).digest != plan.digest
    assert fingerprint(load(flush=True)) == first
    assert list(Household.objects.order_by("pk").values_list("pk", "name")) == names


def test_refuses_a_database_with_data_and_a_server_without_debug(settings):
    load()
    with pytest.raises(CommandError, match="already has data"):
        load()

    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        load(flush=True)


def test_every_status_change_it_writes_is_one_the_services_allow():
    """The generator writes its rows directly, for speed; each transition row it writes must be a
    move the transition tables of the services allow, and lead to the record's status."""
    load()
    problems, walked = broken_rules()
    assert problems == []
    assert all(count > 1 for count in walked.values()), walked


def test_living_stage_writes_a_year_of_records_the_rules_accept():
    """The living stage's notes, doses, money and readings, made in the database for speed, each
    obey the rule the app applies to one: the day a person was with the household, a medicine's
    times, a balance that adds up, the month's sample."""
    load()
    first, last = TODAY - timedelta(days=365), TODAY - timedelta(days=1)
    with_arrangement = set(Arrangement.objects.values_list("person_id", flat=True))

    # Every person with an arrangement has a plan, one to three risks, one or two contacts, at most
    # four medicines: regular ones with their times, "as needed" ones with a reason and a limit.
    assert set(SupportPlan.objects.values_list("person_id", flat=True)) == with_arrangement
    for model, low, high in ((RiskPlan, 1, 3), (EmergencyContact, 1, 2), (Medicine, 0, 4)):
        per_person = Counter(model.objects.values_list("person_id", flat=True))
        assert set(per_person) <= with_arrangement
        assert all(low <= n <= high for n in per_person.values()), model
    medicines = {m.pk: m for m in Medicine.objects.all()}
    assert any(m.as_needed for m in medicines.values()) and any(len(m.times) == 3 for m in medicines.values())
    assert all(m.as_needed_reason and m.max_in_day >= 1 for m in medicines.values() if m.as_needed)
    # Their change history was written by its triggers, as for every row written with COPY.
    assert apps.get_model("records", "MedicineEvent").objects.count() == len(medicines)

    # Notes on the days the person was with the household (a live-in arrangement's, or booked),
    # the leaving day included, as records.medicines.days_with_household counts them.
    arrangements = {a.pk: a for a in Arrangement.objects.prefetch_related("bookings")}
    notes = list(DailyNote.objects.values_list("arrangement_id", "person_id", "household_id", "day"))
    assert len(notes) > 300
    for arrangement_id, person_id, household_id, day in notes:
        arrangement = arrangements[arrangement_id]
        assert (arrangement.person_id, arrangement.household_id) == (person_id, household_id)
        assert first <= day <= last and arrangement.start_date <= day
        assert arrangement.end_date is None or day <= arrangement.end_date
        if arrangement.support_type in (SupportType.SHORT_BREAK, SupportType.DAY_SUPPORT):
            assert any(
                b.cancelled_at is None and b.starts_on <= day <= b.ends_on for b in arrangement.bookings.all()
            )

    # Doses at a medicine's times on days it was taken, nearly all given; "as needed" doses say why
    # and stay within the most in a day.
    doses = list(DoseRecord.objects.all())
    outcomes = Counter(d.outcome for d in doses)
    assert outcomes[DoseOutcome.GIVEN] > 0.9 * len(doses) and outcomes[DoseOutcome.REFUSED] > 0
    as_needed_per_day = Counter()
    for dose in doses:
        medicine = medicines[dose.medicine_id]
        assert medicine.taken_on(dose.day) and first <= dose.day <= last and dose.at.date() <= last
        if medicine.as_needed:
            assert dose.due_at is None and dose.reason
            as_needed_per_day[dose.medicine_id, dose.day] += 1
        else:
            assert dose.due_at in medicine.times
            assert dose.reason or dose.outcome == DoseOutcome.GIVEN
    assert as_needed_per_day
    assert all(n <= medicines[m].max_in_day for (m, _day), n in as_needed_per_day.items())
    # A few of the last week's doses were not recorded: the coordinators' missed-dose alerts.
    morning = timezone.make_aware(datetime.combine(TODAY, time(7)))
    counts = alerts.alert_counts(list(Scheme.objects.values_list("pk", flat=True)), now=morning)
    assert counts[alerts.MISSED_DOSE] > 0

    # Money: each weekly count's recorded balance is the account's balance that day, never below
    # nothing; a few counts differ.
    checks = list(MoneyCheck.objects.all())
    assert checks and MoneyEntry.objects.filter(direction="out").exclude(no_receipt_reason="").exists()
    for check in checks:
        assert check.kind == MoneyCheck.Kind.CARER_COUNT
        assert check.recorded_balance == money.balance(check.person_id, check.household_id, up_to=check.day)
        assert check.recorded_balance >= 0
    assert 0 < sum(c.counted != c.recorded_balance for c in checks) < 0.05 * len(checks)

    # Coordinators read notes of each household's monthly sample, after they were written.
    readings = list(NoteReading.objects.select_related("note__household", "read_by"))
    assert readings
    for reading in readings:
        note = reading.note
        sample = oversight.month_sample(note.household, note.day.year, note.day.month, living.SAMPLES)
        assert note in sample and reading.sampled
        assert reading.read_by.memberships.filter(scheme_id=note.scheme_id, role="coordinator").exists()
        assert note.written_at < reading.read_at < morning
