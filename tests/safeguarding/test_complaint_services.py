"""Complaints and compliments in the services: deadlines in working days of the scheme's nation, who
may make one about whom, and the steps each kind may take."""

from datetime import date, timedelta

import holidays
import pytest
from django.utils import timezone

from people.services import representative_remove
from safeguarding import services
from safeguarding.models import (
    Channel,
    Complaint,
    ComplaintOutcome,
    ComplaintStatus,
    FeedbackFrom,
    FeedbackKind,
    SafeguardingSettings,
)
from safeguarding.ombudsman import OMBUDSMEN, ombudsman_for
from safeguarding.services import SafeguardingError
from safeguarding.services.complaints import deadlines
from sharedlives.accounts.models import Regulator, SchemeMembership
from sharedlives.dates import NATIONS
from tests.factories import SchemeFactory, staff_user

pytestmark = pytest.mark.django_db


def scottish_scheme():
    return SchemeFactory(name="Scheme S Shared Lives", regulator=Regulator.CARE_INSPECTORATE)


def letter(by, *, person=None, household=None, kind=FeedbackKind.COMPLAINT, received_on=None, **kwargs):
    """A complaint (or compliment) staff record from a letter."""
    return services.complaint_make(
        by=by,
        kind=kind,
        summary=kwargs.pop("summary", "The carer was late to collect them from the day centre."),
        person_id=person.pk if person else None,
        household_id=household.pk if household else None,
        from_who=kwargs.pop("from_who", FeedbackFrom.FAMILY),
        channel=kwargs.pop("channel", Channel.LETTER),
        complainant_name=kwargs.pop("complainant_name", "Mo Parker"),
        received_on=received_on,
        **kwargs,
    )


def answer(complaint, by, outcome=ComplaintOutcome.PARTLY):
    return services.complaint_answer(
        complaint_id=complaint.pk, by=by, outcome=outcome, response="We have spoken to the carer."
    )


# --- Deadlines ------------------------------------------------------------------------------------


def test_acknowledge_by_skips_the_weekend_and_englands_christmas_bank_holidays(scheme_a):
    # Friday 24 December 2027: Christmas and Boxing Day fall on the weekend, so England's bank
    # holidays are on Monday 27 and Tuesday 28.
    england = holidays.UK(subdiv="ENG", years=2027)
    assert date(2027, 12, 27) in england and date(2027, 12, 28) in england
    acknowledge_by, answer_by = deadlines(scheme_a, date(2027, 12, 24))
    assert acknowledge_by == date(2027, 12, 31)  # Wed 29, Thu 30, Fri 31
    assert answer_by == date(2028, 1, 26)  # 20 working days, with Monday 3 January 2028 off too


def test_a_scottish_scheme_counts_scotlands_bank_holidays():
    scheme = scottish_scheme()
    assert scheme.nation == "SCT"
    # 2 January is a bank holiday in Scotland, not in England.
    assert date(2026, 1, 2) in holidays.UK(subdiv="SCT", years=2026)
    assert date(2026, 1, 2) not in holidays.UK(subdiv="ENG", years=2026)
    england = SchemeFactory(name="Scheme E Shared Lives")
    # Received Wednesday 31 December 2025; 1 January is a holiday in both.
    assert deadlines(england, date(2025, 12, 31))[0] == date(2026, 1, 6)  # Fri 2, Mon 5, Tue 6
    assert deadlines(scheme, date(2025, 12, 31))[0] == date(2026, 1, 7)  # Mon 5, Tue 6, Wed 7


def test_the_schemes_own_targets_set_the_deadlines(scheme_a):
    SafeguardingSettings.objects.create(
        scheme=scheme_a, complaint_acknowledge_days=1, complaint_answer_days=5
    )
    # Friday 24 December 2027: the next working day is Wednesday 29 December.
    assert deadlines(scheme_a, date(2027, 12, 24)) == (date(2027, 12, 29), date(2028, 1, 5))


def test_a_complaint_keeps_the_deadlines_of_the_day_it_came(person_p, coordinator_a):
    came = timezone.localdate() - timedelta(days=10)
    complaint = letter(coordinator_a, person=person_p, received_on=came)
    assert (complaint.acknowledge_by, complaint.answer_by) == deadlines(person_p.scheme, came)


def test_every_nation_has_its_ombudsman():
    assert set(OMBUDSMEN) == set(NATIONS)
    assert ombudsman_for("ENG").name == "Local Government and Social Care Ombudsman"
    assert ombudsman_for("SCT").website == "www.spso.org.uk"
    assert ombudsman_for("WLS").phone == "0300 790 0203"
    assert ombudsman_for("NIR").url == "https://www.nipso.org.uk"


# --- Who may make one -----------------------------------------------------------------------------


def test_the_persons_own_is_about_them_whatever_is_passed(person_p, person_q, person_user):
    complaint = services.complaint_make(by=person_user, summary="My room is cold.", person_id=person_q.pk)
    assert complaint.person_id == person_p.pk and complaint.made_by == person_user
    assert (complaint.from_who, complaint.channel) == (FeedbackFrom.PERSON, Channel.PORTAL)
    assert complaint.complainant_name == "Pat"


def test_a_family_member_makes_one_only_about_someone_they_represent(
    family_without_authority, person_p, person_q
):
    made = services.complaint_make(by=family_without_authority, summary="Late again.", person_id=person_p.pk)
    assert made.person_id == person_p.pk and made.from_who == FeedbackFrom.FAMILY
    with pytest.raises(SafeguardingError, match="Choose the person you represent"):
        services.complaint_make(by=family_without_authority, summary="Late again.", person_id=person_q.pk)
    assert Complaint.objects.count() == 1


def test_a_representative_who_was_removed_no_longer_makes_one(
    family_without_authority, person_p, coordinator_a
):
    representative = person_p.representatives.get(user=family_without_authority)
    representative_remove(representative_id=representative.pk, by=coordinator_a, reason="Moved abroad.")
    with pytest.raises(SafeguardingError, match="Choose the person you represent"):
        services.complaint_make(by=family_without_authority, summary="Late again.", person_id=person_p.pk)
    assert not Complaint.objects.exists()


def test_a_carers_own_is_about_their_household(household_x, carer_user):
    complaint = services.complaint_make(
        by=carer_user, kind=FeedbackKind.COMPLIMENT, summary="Great training."
    )
    assert complaint.household_id == household_x.pk and complaint.person_id is None
    assert complaint.scheme_id == household_x.scheme_id


def test_staff_record_only_for_their_schemes_and_say_how_it_came(person_p, coordinator_b, coordinator_a):
    with pytest.raises(SafeguardingError, match="Only staff of this scheme"):
        letter(coordinator_b, person=person_p)
    with pytest.raises(SafeguardingError, match="by phone, letter, email or in person"):
        letter(coordinator_a, person=person_p, channel=Channel.PORTAL)
    with pytest.raises(SafeguardingError, match="cannot be in the future"):
        letter(coordinator_a, person=person_p, received_on=timezone.localdate() + timedelta(days=1))
    assert not Complaint.objects.exists()


# --- Steps ----------------------------------------------------------------------------------------


def test_a_complaint_is_acknowledged_investigated_answered_and_closed(
    person_p, coordinator_a, manager_a, lead_a
):
    complaint = letter(coordinator_a, person=person_p)
    services.complaint_acknowledge(complaint_id=complaint.pk, by=coordinator_a)
    services.complaint_investigate(complaint_id=complaint.pk, by=coordinator_a, investigator_id=lead_a.pk)
    with pytest.raises(SafeguardingError, match="Only a manager of the scheme can answer a complaint."):
        answer(complaint, coordinator_a)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.INVESTIGATING and complaint.outcome == ""
    answer(complaint, manager_a, ComplaintOutcome.UPHELD)
    services.complaint_close(complaint_id=complaint.pk, by=coordinator_a)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.investigator == lead_a and complaint.outcome == ComplaintOutcome.UPHELD
    assert list(complaint.transitions.order_by("pk").values_list("to_status", flat=True)) == [
        "received",
        "acknowledged",
        "investigating",
        "answered",
        "closed",
    ]


def test_a_complaint_in_the_wrong_status_is_refused_with_a_sentence(person_p, coordinator_a, manager_a):
    complaint = letter(coordinator_a, person=person_p)
    with pytest.raises(SafeguardingError) as refused:
        answer(complaint, manager_a)
    assert str(refused.value) == (
        "This complaint is received, so it cannot become answered. From here it can become: acknowledged."
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.answered_on is None


def test_the_investigator_must_be_staff_of_the_scheme(person_p, coordinator_a, coordinator_b):
    complaint = letter(coordinator_a, person=person_p)
    services.complaint_acknowledge(complaint_id=complaint.pk, by=coordinator_a)
    with pytest.raises(SafeguardingError, match="must be staff of the scheme"):
        services.complaint_investigate(
            complaint_id=complaint.pk, by=coordinator_a, investigator_id=coordinator_b.pk
        )


def test_it_cannot_be_acknowledged_before_it_came(person_p, coordinator_a):
    came = timezone.localdate() - timedelta(days=3)
    complaint = letter(coordinator_a, person=person_p, received_on=came)
    with pytest.raises(SafeguardingError, match="before it came"):
        services.complaint_acknowledge(
            complaint_id=complaint.pk, by=coordinator_a, on=came - timedelta(days=1)
        )


def test_a_compliment_is_acknowledged_and_closed_and_never_answered(household_x, coordinator_a, manager_a):
    compliment = letter(coordinator_a, household=household_x, kind=FeedbackKind.COMPLIMENT)
    services.complaint_acknowledge(complaint_id=compliment.pk, by=coordinator_a)
    with pytest.raises(SafeguardingError, match="cannot become answered"):
        answer(compliment, manager_a)
    with pytest.raises(SafeguardingError, match="cannot become being looked into"):
        services.complaint_investigate(
            complaint_id=compliment.pk, by=coordinator_a, investigator_id=manager_a.pk
        )
    services.complaint_close(complaint_id=compliment.pk, by=coordinator_a)
    compliment.refresh_from_db()
    assert compliment.status == ComplaintStatus.CLOSED and compliment.outcome == ""
    with pytest.raises(SafeguardingError, match="cannot change any more"):
        answer(compliment, manager_a)


def test_only_a_manager_withholds_it_from_the_persons_copy(person_p, coordinator_a, manager_a):
    complaint = letter(coordinator_a, person=person_p)
    with pytest.raises(SafeguardingError, match="Only a manager"):
        services.complaint_withhold(
            complaint_id=complaint.pk, by=coordinator_a, reason="Names a third party."
        )
    services.complaint_withhold(complaint_id=complaint.pk, by=manager_a, reason="  Names a third party. ")
    complaint.refresh_from_db()
    assert complaint.withheld_reason == "Names a third party."


def test_a_manager_of_another_scheme_cannot_answer(person_p, coordinator_a, scheme_b):
    other_manager = staff_user(scheme_b, SchemeMembership.Role.MANAGER, email="manager.b@example.test")
    complaint = letter(coordinator_a, person=person_p)
    services.complaint_acknowledge(complaint_id=complaint.pk, by=coordinator_a)
    with pytest.raises(SafeguardingError, match="Only a manager"):
        answer(complaint, other_manager)
