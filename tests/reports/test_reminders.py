"""Reminders: each is sent once per item and period, never on the second run, and again for a new period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from arrangements import services as arrangement_services
from arrangements.models import ReminderSent
from carers.models import Check
from matching.models import MatchProposal
from reports import reminders
from tests.arrangements.test_reviews import make_arrangement
from tests.matching.conftest import *  # noqa: F403  (the households, people and proposals of matching)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def dbs_expiring(household_x, today):
    """Carer X's own DBS check expires in 10 days."""
    check = Check.objects.get(household=household_x, check_type=Check.Type.DBS, is_current=True)
    Check.objects.filter(pk=check.pk).update(expires_on=today + timedelta(days=10))
    check.refresh_from_db()
    return check


@pytest.fixture
def insurance_expired(household_x, today):
    """The home's insurance expired yesterday."""
    check = Check.objects.get(household=household_x, check_type=Check.Type.INSURANCE, is_current=True)
    Check.objects.filter(pk=check.pk).update(
        done_on=today - timedelta(days=366), expires_on=today - timedelta(days=1)
    )
    check.refresh_from_db()
    return check


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_first_run_sends_each_reminder_and_the_second_run_sends_nothing(
    dbs_expiring, insurance_expired, coordinator_a, carer_user, today
):
    summary = reminders.send_reminders(today=today)
    assert summary.emails == 2 and summary.reminders == 4 and summary.already_sent == 0
    [staff_mail] = _to(coordinator_a.email)
    assert "Enhanced DBS check for Xena Xu (Xena Xu household) expires on" in staff_mail.body
    assert "Insurance for Xena Xu household expired on" in staff_mail.body
    assert f"/carers/{dbs_expiring.household_id}/checks/" in staff_mail.body
    [carer_mail] = _to(carer_user.email)
    assert "Enhanced DBS check expires on" in carer_mail.body
    assert "Insurance (your home) expired on" in carer_mail.body
    assert ReminderSent.objects.count() == 4
    assert set(ReminderSent.objects.values_list("key", flat=True)) == {
        f"check:{dbs_expiring.pk}:{dbs_expiring.expires_on.isoformat()}",
        f"check:{insurance_expired.pk}:{insurance_expired.expires_on.isoformat()}",
    }

    mail.outbox.clear()
    again = reminders.send_reminders(today=today)
    assert mail.outbox == []
    assert again.emails == 0 and again.already_sent == 4
    # A day later the same checks are still due, and still not sent again.
    assert reminders.send_reminders(today=today + timedelta(days=1)).emails == 0
    assert mail.outbox == [] and ReminderSent.objects.count() == 4


def test_a_renewed_check_is_a_new_period_and_is_reminded_again(dbs_expiring, coordinator_a, today):
    reminders.send_reminders(today=today)
    mail.outbox.clear()
    # Renewed, but the new record also expires within the month (a short renewal period).
    Check.objects.filter(pk=dbs_expiring.pk).update(expires_on=today + timedelta(days=25))
    summary = reminders.send_reminders(today=today)
    assert summary.reminders == 2  # coordinator and carer, once each
    [staff_mail] = _to(coordinator_a.email)
    assert "Enhanced DBS check" in staff_mail.body


def test_checks_further_than_30_days_away_are_not_reminded(household_x, today):
    Check.objects.filter(household=household_x, check_type=Check.Type.DBS).update(
        expires_on=today + timedelta(days=31)
    )
    assert reminders.send_reminders(today=today).emails == 0
    assert mail.outbox == []


def test_reviews_due_within_14_days_are_reminded_once_per_due_date(
    household_x, person_p, coordinator_a, carer_user, today
):
    start = today - timedelta(weeks=6) + timedelta(days=10)  # first review due in 10 days
    arrangement = make_arrangement(household_x, person_p, by=coordinator_a, start=start)
    reminders.send_reminders(today=today)
    [staff_mail] = _to(coordinator_a.email)
    assert "Reviews due" in staff_mail.body and "Review of PP's long-term" in staff_mail.body
    assert "Parker" not in staff_mail.body  # people are named by initials only
    assert f"/arrangements/{arrangement.pk}/reviews/" in staff_mail.body
    assert _to(carer_user.email) == []  # reviews are for coordinators

    mail.outbox.clear()
    assert reminders.send_reminders(today=today).emails == 0

    # The review took place early and set the next one soon after: a new due date, a new reminder.
    arrangement_services.review_record(
        arrangement_id=arrangement.pk,
        by=coordinator_a,
        held_on=today,
        participants="Pat, Xena, Cora",
        informed_score=3,
        confident_score=3,
        connected_score=3,
        next_review_on=today + timedelta(days=7),
    )
    summary = reminders.send_reminders(today=today)
    assert summary.by_kind == {reminders.Kind.REVIEW: 1}
    assert "due by" in _to(coordinator_a.email)[0].body


def test_reviews_not_yet_due_within_14_days_are_not_reminded(household_x, person_p, coordinator_a, today):
    make_arrangement(
        household_x, person_p, by=coordinator_a, start=today - timedelta(weeks=6) + timedelta(days=15)
    )
    assert reminders.send_reminders(today=today).emails == 0


def test_proposals_are_reminded_within_two_days_of_the_carers_deadline(proposal, coordinator_a, today):
    MatchProposal.objects.filter(pk=proposal.pk).update(carer_deadline=today + timedelta(days=3))
    assert reminders.send_reminders(today=today).emails == 0
    MatchProposal.objects.filter(pk=proposal.pk).update(carer_deadline=today + timedelta(days=2))
    summary = reminders.send_reminders(today=today)
    assert summary.by_kind == {reminders.Kind.PROPOSAL: 1}
    [staff_mail] = _to(coordinator_a.email)
    assert "PP with Xena Xu household: the carers have until" in staff_mail.body
    assert f"/proposals/{proposal.pk}/" in staff_mail.body
    mail.outbox.clear()
    assert reminders.send_reminders(today=today + timedelta(days=1)).emails == 0
    # The deadline was extended by a day: a new period.
    MatchProposal.objects.filter(pk=proposal.pk).update(carer_deadline=today + timedelta(days=3))
    assert reminders.send_reminders(today=today + timedelta(days=1)).emails == 1


def test_reminders_go_to_the_schemes_own_staff_only(
    dbs_expiring, coordinator_a, coordinator_b, manager_a, today
):
    reminders.send_reminders(today=today)
    assert _to(coordinator_a.email)
    assert _to(coordinator_b.email) == []
    assert _to(manager_a.email) == []  # the scheme has a coordinator


def test_managers_are_reminded_when_the_scheme_has_no_active_coordinator(
    dbs_expiring, coordinator_a, manager_a, today
):
    coordinator_a.is_active = False
    coordinator_a.save()
    reminders.send_reminders(today=today)
    assert _to(coordinator_a.email) == []
    assert "Enhanced DBS check" in _to(manager_a.email)[0].body


def test_a_failed_send_saves_nothing_and_is_tried_again_next_run(
    dbs_expiring, coordinator_a, monkeypatch, today
):
    real_send = EmailMessage.send

    def failing_for_staff(message, *args, **kwargs):
        if message.to == [coordinator_a.email]:
            raise OSError("mail server down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", failing_for_staff)
    summary = reminders.send_reminders(today=today)
    assert summary.failed == [coordinator_a.email] and summary.emails == 1  # the carer's went
    assert not ReminderSent.objects.filter(recipient=coordinator_a.email).exists()

    monkeypatch.setattr(EmailMessage, "send", real_send)
    mail.outbox.clear()
    assert reminders.send_reminders(today=today).emails == 1
    assert len(_to(coordinator_a.email)) == 1


def test_command_prints_a_summary_and_is_idempotent(dbs_expiring, today):
    out = StringIO()
    call_command("send_reminders", f"--today={today.isoformat()}", stdout=out)
    assert "Sent 2 emails with 2 reminders." in out.getvalue()
    assert "Checks expired or expiring: 1" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Sent 0 emails with 0 reminders." in out.getvalue()
    assert "not sent again: 2." in out.getvalue()
    assert len(mail.outbox) == 2


def test_command_shows_a_progress_bar_by_recipient(dbs_expiring):
    out, err = StringIO(), StringIO()
    call_command("send_reminders", stdout=out, stderr=err)
    assert "Reminders: 100%" in err.getvalue() and "2/2" in err.getvalue()
    quiet = StringIO()
    call_command("send_reminders", stdout=StringIO(), stderr=quiet, verbosity=0)
    assert quiet.getvalue() == ""


def test_command_fails_loudly_when_a_send_fails(dbs_expiring, monkeypatch):
    def failing(message, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", failing)
    with pytest.raises(CommandError, match="could not be emailed"):
        call_command("send_reminders", stdout=StringIO())
    assert not ReminderSent.objects.exists()


def test_collecting_uses_a_fixed_number_of_queries(
    household_x, coordinator_a, scheme_a, today, django_assert_num_queries
):
    from tests.carers.factories import CarerFactory, HouseholdFactory, approve

    for n in range(5):
        household = approve(HouseholdFactory(scheme=scheme_a, name=f"Household {n}"))
        carer = CarerFactory(household=household)
        Check.objects.create(
            household=household,
            carer=carer,
            check_type=Check.Type.DBS,
            done_on=today - timedelta(days=1000),
            expires_on=today + timedelta(days=5),
            verified_by=coordinator_a,
        )
        Check.objects.create(
            household=household,
            check_type=Check.Type.INSURANCE,
            done_on=today - timedelta(days=350),
            expires_on=today + timedelta(days=5),
            verified_by=coordinator_a,
        )
    # 1 staff of every scheme, 2 checks due (+household, scheme, carer, user),
    # 3 carers with accounts of the households with a home check due, 4 reviews due, 5 proposals
    with django_assert_num_queries(5):
        recipients = reminders.collect(today)
    assert len(recipients[coordinator_a.email].items) == 10


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(dbs_expiring, coordinator_a, carer_user, today):
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    summaries, errors = [], []

    def run():
        try:
            barrier.wait()
            summaries.append(reminders.send_reminders(today=today))
        except Exception as e:  # collected and asserted on below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator_a.email, carer_user.email])
    assert sum(s.emails for s in summaries) == 2 and sum(s.already_sent for s in summaries) == 2
    assert ReminderSent.objects.count() == 2
