"""Who may see a proposal or an arrangement: one rule for both, by the user's kind."""

from django.db import models


def scope_to_user(
    queryset: models.QuerySet, user, *, family_needs_proposal_rights: bool = False
) -> models.QuerySet:
    """Rows with `scheme`, `household` and `person` that concern `user`.

    Staff: their schemes'. A carer: their household's. A person: their own. A family member:
    those of the people they currently represent (and, for proposals, may see proposals for).
    """
    if not user.is_authenticated:
        return queryset.none()
    kind = user.kind
    if kind == user.Kind.STAFF:
        return queryset.filter(scheme_id__in=user.staff_scheme_ids)
    if kind == user.Kind.CARER:
        return queryset.filter(household__carers__user=user)
    if kind == user.Kind.PERSON:
        return queryset.filter(person__user=user)
    if kind == user.Kind.FAMILY:
        representing = {
            "person__representatives__user": user,
            "person__representatives__removed_at__isnull": True,
        }
        if family_needs_proposal_rights:
            representing["person__representatives__may_see_proposals"] = True
        return queryset.filter(**representing).distinct()
    return queryset.none()
