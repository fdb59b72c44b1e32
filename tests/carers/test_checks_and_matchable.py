"""Checks and training: expiry from the scheme's renewal periods, current records, and matchable()."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from carers import services
from carers.models import Availability, CarerSettings, Check, Household
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
