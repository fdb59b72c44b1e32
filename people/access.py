"""One access helper per object type. Each answers 404 to anyone the object does not concern."""

from django.shortcuts import get_object_or_404

from .models import LegalAuthority, Person, Referral, Representative


def get_person_for_user(user, pk: int, queryset=None) -> Person:
    """The person, if `user` may see them (staff of their scheme, themselves, their representatives).

    `queryset` (of Person) lets a page load related rows in the same query; scoping still applies.
    """
    queryset = Person.objects.select_related("scheme") if queryset is None else queryset
    return get_object_or_404(queryset.for_user(user), pk=pk)


def get_referral_for_user(user, pk: int) -> Referral:
    return get_object_or_404(Referral.objects.for_user(user).select_related("person"), pk=pk)


def get_representative_for_user(user, pk: int) -> Representative:
    return get_object_or_404(Representative.objects.for_user(user).select_related("person", "user"), pk=pk)


def get_authority_for_user(user, pk: int) -> LegalAuthority:
    return get_object_or_404(
        LegalAuthority.objects.for_user(user).select_related("representative__person"), pk=pk
    )
