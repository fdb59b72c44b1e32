"""The carer registry's records that photos and documents attach to (sharedlives.files.registry):
households (photos), checks (certificates) and panel decisions (papers and minutes)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from sharedlives.files import registry
from sharedlives.files.models import DocumentKind as K

from .access import get_household_for_user
from .models import CarerSettings, Check, Household, PanelDecision


def _own_household(user, household) -> bool:
    return (
        user.is_authenticated and user.kind == user.Kind.CARER and household.carers.filter(user=user).exists()
    )


def _check_for_user(user, pk: int) -> Check:
    return get_object_or_404(
        Check.objects.filter(household__in=Household.objects.for_user(user)).select_related("household"),
        pk=pk,
    )


def _decision_for_user(user, pk: int) -> PanelDecision:
    return get_object_or_404(
        PanelDecision.objects.filter(household__in=Household.objects.for_user(user)).select_related(
            "household"
        ),
        pk=pk,
    )


def register() -> None:
    registry.register(
        registry.Owner(
            key="household",
            model=Household,
            noun="household",
            get_for_user=get_household_for_user,
            kinds=(K.HEALTH_SAFETY, K.LANDLORD_PERMISSION, K.LETTER, K.OTHER),
            may_change_photos=lambda user, h: registry.staff_of_scheme(user, h) or _own_household(user, h),
            max_photos=lambda h: CarerSettings.for_household(h).max_photos,
        )
    )
    registry.register(
        registry.Owner(
            key="check",
            model=Check,
            noun="check",
            get_for_user=_check_for_user,
            scheme_id=lambda check: check.household.scheme_id,
            kinds=(
                K.DBS_CERTIFICATE,
                K.REFERENCE,
                K.MEDICAL_REPORT,
                K.INSURANCE_SCHEDULE,
                K.GAS_CERTIFICATE,
                K.HEALTH_SAFETY,
                K.LANDLORD_PERMISSION,
                K.TRAINING_CERTIFICATE,
                K.OTHER,
            ),
            url=lambda check: reverse("carers:household_checks", args=[check.household_id]),
        )
    )
    registry.register(
        registry.Owner(
            key="panel-decision",
            model=PanelDecision,
            noun="panel decision",
            get_for_user=_decision_for_user,
            scheme_id=lambda decision: decision.household.scheme_id,
            kinds=(K.PANEL_PAPERS, K.PANEL_MINUTES, K.LETTER, K.OTHER),
            url=lambda decision: reverse("carers:household_terms", args=[decision.household_id]),
        )
    )
