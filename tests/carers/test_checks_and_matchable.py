"""Checks and training: expiry from the scheme's renewal periods, current records, and matchable()."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from carers import services
from carers.models import CHECK_RULES, MANDATORY_CHECKS, Availability, CarerSettings, Check, Household
from carers.services import CarersError, add_months

from .factories import AvailabilityFactory, CarerFactory, matchable_household

T = Check.Type
S = Household.Status


def _record(household, by, check_type, done_on, carer=None, **kwargs):
    return services.check_record(
        household_id=household.pk, by=by, check_type=check_type, done_on=done_on, carer=carer, **kwargs
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 11, 15), 3, date(2024, 2, 15)),
        (date(2024, 5, 1), 36, date(2027, 5, 1)),
    ],
)
def test_add_months_keeps_the_day_or_uses_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_expiry_uses_the_default_renewal_periods_of_a_scheme_that_set_none(household_a, coordinator_a):
    carer = household_a.carers.get()
    done = date(2024, 3, 10)
    assert _record(household_a, coordinator_a, T.DBS, done, carer).expires_on == date(2027, 3, 10)
    assert _record(household_a, coordinator_a, T.GAS_SAFETY, done).expires_on == date(2025, 3, 10)
    assert _record(household_a, coordinator_a, T.MEDICATION, done, carer).expires_on == date(2026, 3, 10)
    assert _record(household_a, coordinator_a, T.REFERENCE_1, done, carer).expires_on is None


def test_expiry_is_computed_from_the_schemes_own_renewal_period(household_a, coordinator_a, scheme_a):
    CarerSettings.objects.create(scheme=scheme_a, dbs_months=24, insurance_months=None)
    carer = household_a.carers.get()
    dbs = _record(household_a, coordinator_a, T.DBS, date(2024, 3, 10), carer)
    insurance = _record(household_a, coordinator_a, T.INSURANCE, date(2024, 3, 10))
    assert dbs.expires_on == date(2026, 3, 10)
    assert insurance.expires_on is None
    assert Check.objects.filter(expires_on=date(2026, 3, 10)).count() == 1  # stored, so queries can use it


def test_changing_a_renewal_period_recomputes_stored_expiry_dates(
    household_a, coordinator_a, manager_a, scheme_a
):
    carer = household_a.carers.get()
    dbs = _record(household_a, coordinator_a, T.DBS, date(2024, 3, 10), carer)
    services.carer_settings_update(scheme_id=scheme_a.pk, by=manager_a, dbs_months=12)
    dbs.refresh_from_db()
    assert dbs.expires_on == date(2025, 3, 10)


def test_only_a_manager_changes_the_schemes_carer_settings(scheme_a, coordinator_a):
    with pytest.raises(CarersError, match="Only a manager"):
        services.carer_settings_update(scheme_id=scheme_a.pk, by=coordinator_a, dbs_months=12)
    assert not CarerSettings.objects.exists()


def test_a_renewal_becomes_the_current_record_and_the_earlier_one_is_kept(household_a, coordinator_a):
    carer = household_a.carers.get()
    old = _record(household_a, coordinator_a, T.DBS, date(2021, 1, 5), carer)
    new = _record(household_a, coordinator_a, T.DBS, date(2024, 1, 5), carer)
    late_entry = _record(household_a, coordinator_a, T.DBS, date(2018, 1, 5), carer)
    old.refresh_from_db()
    assert new.is_current and not old.is_current and not late_entry.is_current
    assert household_a.checks.count() == 3


def test_correcting_the_date_recomputes_the_expiry(household_a, coordinator_a):
    check = _record(household_a, coordinator_a, T.HEALTH_SAFETY, date(2024, 6, 1))
    services.check_update(check_id=check.pk, by=coordinator_a, done_on=date(2024, 7, 1), evidence="Form HS1")
    check.refresh_from_db()
    assert (check.expires_on, check.evidence) == (date(2025, 7, 1), "Form HS1")


def test_personal_checks_need_a_carer_and_checks_of_the_home_must_not_have_one(household_a, coordinator_a):
    carer = household_a.carers.get()
    with pytest.raises(CarersError, match="which carer"):
        _record(household_a, coordinator_a, T.DBS, date(2024, 1, 1))
    with pytest.raises(CarersError, match="of the home"):
        _record(household_a, coordinator_a, T.GAS_SAFETY, date(2024, 1, 1), carer)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Check.objects.create(
            household=household_a, check_type=T.DBS, done_on=date(2024, 1, 1), verified_by=coordinator_a
        )


def test_a_check_of_another_households_carer_is_refused(household_a, household_y, coordinator_a):
    with pytest.raises(CarersError, match="not part of this household"):
        _record(household_a, coordinator_a, T.DBS, date(2024, 1, 1), household_y.carers.get())


def test_a_check_done_in_the_future_is_refused(household_a, coordinator_a):
    with pytest.raises(CarersError, match="future"):
        _record(household_a, coordinator_a, T.GAS_SAFETY, timezone.localdate() + timedelta(days=1))


# --- matchable() ---------------------------------------------------------------------------------
def test_an_approved_household_with_every_mandatory_check_is_matchable(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a, carers=2)
    assert list(Household.objects.matchable()) == [household]


def test_a_household_with_one_expired_mandatory_check_drops_out_of_matchable(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a)
    other = matchable_household(scheme_a, by=coordinator_a)
    _record(household, coordinator_a, T.INSURANCE, add_months(timezone.localdate(), -12) - timedelta(days=1))
    # That older insurance is not the current record: still matchable.
    assert set(Household.objects.matchable()) == {household, other}

    insurance = household.checks.get(check_type=T.INSURANCE, is_current=True)
    services.check_update(
        check_id=insurance.pk,
        by=coordinator_a,
        done_on=add_months(timezone.localdate(), -12) - timedelta(days=2),
    )
    assert list(Household.objects.matchable()) == [other]


def test_an_expired_personal_check_of_the_second_carer_is_enough_to_drop_out(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a, carers=2)
    second = household.carers.get(position=2)
    dbs = household.checks.get(check_type=T.DBS, carer=second)
    today = timezone.localdate()
    Check.objects.filter(pk=dbs.pk).update(
        done_on=today - timedelta(days=1200), expires_on=today - timedelta(days=1)
    )
    assert not Household.objects.matchable().exists()


def test_a_check_expiring_today_still_counts(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a)
    today = timezone.localdate()
    Check.objects.filter(household=household, check_type=T.DBS).update(
        done_on=today - timedelta(days=1000), expires_on=today
    )
    assert Household.objects.matchable().exists()
    assert not Household.objects.matchable(on=timezone.localdate() + timedelta(days=1)).exists()


def test_a_missing_mandatory_check_keeps_a_household_out(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a)
    CarerFactory(household=household, position=2)  # a joint carer with no checks yet
    assert not Household.objects.matchable().exists()


def test_non_mandatory_checks_do_not_decide_matchability(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a)
    _record(household, coordinator_a, T.GAS_SAFETY, add_months(timezone.localdate(), -14))
    assert Household.objects.matchable().exists()


@pytest.mark.parametrize(
    ("status", "matchable"),
    [(s, s in (S.APPROVED, S.PROBATION)) for s in S.values],
)
def test_only_approved_households_and_those_on_probation_are_matchable(
    scheme_a, coordinator_a, status, matchable
):
    household = matchable_household(scheme_a, by=coordinator_a)
    Household.objects.filter(pk=household.pk).update(status=status)
    assert Household.objects.matchable().exists() is matchable


def test_matchable_is_one_database_query_that_can_be_filtered_further(
    scheme_a, scheme_b, coordinator_a, coordinator_b, django_assert_num_queries
):
    matchable_household(scheme_a, by=coordinator_a)
    in_b = matchable_household(scheme_b, by=coordinator_b)
    with django_assert_num_queries(1):
        assert list(Household.objects.matchable().filter(scheme=scheme_b)) == [in_b]


def test_a_household_without_a_carer_is_not_matchable(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a)
    Check.objects.filter(household=household).delete()
    household.carers.all().delete()
    household.refresh_from_db()
    assert household.status == S.APPROVED
    assert not Household.objects.matchable().exists()


# --- matchable_until: kept by the database whatever writes the rows --------------------------------
def _until(household) -> date | None:
    return Household.objects.values_list("matchable_until", flat=True).get(pk=household.pk)


def test_matchable_until_is_the_day_the_first_mandatory_check_lapses(scheme_a, coordinator_a):
    done = timezone.localdate() - timedelta(days=20)
    household = matchable_household(scheme_a, by=coordinator_a)
    Check.objects.filter(household=household).update(done_on=done)
    services.check_update(
        check_id=household.checks.get(check_type=T.INSURANCE).pk, by=coordinator_a, done_on=done
    )
    # A course that is not needed for matching lapses sooner, and does not count.
    _record(household, coordinator_a, T.MEDICATION, add_months(done, -23), carer=household.carers.get())
    assert _until(household) == add_months(done, 12)  # insurance: 12 months
    assert Household.objects.get(pk=household.pk).is_matchable()
    assert not Household.objects.get(pk=household.pk).is_matchable(
        on=add_months(done, 12) + timedelta(days=1)
    )


def test_renewing_the_first_check_to_lapse_moves_matchable_until_on(scheme_a, coordinator_a):
    today = timezone.localdate()
    household = matchable_household(scheme_a, by=coordinator_a, carers=2)
    Check.objects.filter(household=household, check_type=T.DBS).update(
        done_on=today - timedelta(days=1200), expires_on=today - timedelta(days=5)
    )
    assert _until(household) == today - timedelta(days=5)
    for carer in household.carers.all():
        _record(household, coordinator_a, T.DBS, today, carer=carer)
    assert _until(household) == add_months(today, 12)  # now the home's yearly checks come first


def test_a_shorter_renewal_period_brings_matchable_until_forward(scheme_a, coordinator_a, manager_a):
    today = timezone.localdate()
    household = matchable_household(scheme_a, by=coordinator_a)
    Check.objects.filter(household=household).update(done_on=today - timedelta(days=100))
    services.carer_settings_update(scheme_id=scheme_a.pk, by=manager_a, insurance_months=3)
    assert _until(household) == add_months(today - timedelta(days=100), 3)
    assert not Household.objects.matchable().exists()


@pytest.mark.parametrize("check_type", list(T))
def test_only_the_mandatory_checks_decide_matchable_until(scheme_a, coordinator_a, check_type):
    household = matchable_household(scheme_a, by=coordinator_a, carers=2)
    Check.objects.filter(household=household, check_type=check_type).delete()
    assert Household.objects.matchable().exists() is (check_type not in MANDATORY_CHECKS)


def test_status_and_terms_changes_set_matchable_until_and_write_no_extra_history(scheme_a, coordinator_a):
    household = matchable_household(scheme_a, by=coordinator_a)
    until = _until(household)
    assert until is not None
    events = household.events.count()
    insurance = household.checks.get(check_type=T.INSURANCE)
    services.check_update(
        check_id=insurance.pk, by=coordinator_a, done_on=timezone.localdate() - timedelta(days=9)
    )
    assert _until(household) == add_months(timezone.localdate() - timedelta(days=9), 12) < until
    assert household.events.count() == events  # the column is bookkeeping, not a change to the household
    services.household_transition(household_id=household.pk, to_status=S.ON_HOLD, by=coordinator_a)
    assert _until(household) is None
    services.household_transition(household_id=household.pk, to_status=S.APPROVED, by=coordinator_a)
    assert _until(household) is not None
    Household.objects.filter(pk=household.pk).update(current_terms=None)
    assert _until(household) is None


def test_a_stale_copy_of_the_household_saved_again_does_not_restore_an_old_matchable_until(
    scheme_a, coordinator_a
):
    household = matchable_household(scheme_a, by=coordinator_a)
    stale = Household.objects.get(pk=household.pk)
    Check.objects.filter(household=household, check_type=T.INSURANCE).delete()
    stale.about_us = "We love walking."
    stale.save()
    assert _until(household) is None


def test_a_bulk_load_of_checks_brings_every_household_up_to_date_at_once(scheme_a, coordinator_a):
    households = [matchable_household(scheme_a, by=coordinator_a) for _ in range(3)]
    Check.objects.filter(household__in=households).delete()
    assert not Household.objects.matchable().exists()
    today = timezone.localdate()
    Check.objects.bulk_create(
        Check(
            household=household,
            carer=household.carers.get() if CHECK_RULES[t].per_carer else None,
            check_type=t,
            done_on=today,
            expires_on=add_months(today, 6),
            verified_by=coordinator_a,
        )
        for household in households
        for t in MANDATORY_CHECKS
    )
    assert set(Household.objects.matchable()) == set(households)
    assert {_until(h) for h in households} == {add_months(today, 6)}


# --- Availability ------------------------------------------------------------------------------
def test_the_database_refuses_an_unavailable_period_that_ends_before_it_starts(household_a):
    with transaction.atomic(), pytest.raises(IntegrityError, match="carers_availability_ends_after_start"):
        AvailabilityFactory(household=household_a, starts_on=date(2030, 8, 2), ends_on=date(2030, 8, 1))
    assert AvailabilityFactory(household=household_a, starts_on=date(2030, 8, 1), ends_on=date(2030, 8, 1)).pk


def test_availability_service_refuses_backwards_dates_with_a_message(household_a, coordinator_a):
    with pytest.raises(CarersError, match="on or after the start"):
        services.availability_add(
            household_id=household_a.pk,
            by=coordinator_a,
            starts_on=date(2030, 8, 2),
            ends_on=date(2030, 8, 1),
            reason="holiday",
        )
    assert not Availability.objects.exists()


def test_every_check_type_has_a_renewal_setting_with_the_issue_defaults():
    defaults = CarerSettings()
    expected = {
        T.DBS: 36,
        T.HEALTH_SAFETY: 12,
        T.GAS_SAFETY: 12,
        T.INSURANCE: 12,
        T.CARER_REVIEW: 12,
        T.FIRST_AID: 36,
        T.SAFEGUARDING: 36,
        T.MENTAL_CAPACITY_ACT: 36,
        T.MEDICATION: 24,
        T.DATA_PROTECTION: 24,
        T.AWARENESS: None,
    }
    for check_type in T.values:
        assert hasattr(defaults, f"{check_type}_months")
    for check_type, months in expected.items():
        assert defaults.renewal_months(check_type) == months, check_type
