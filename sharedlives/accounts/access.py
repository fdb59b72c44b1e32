"""Who may reach what: role checks for pages, and one access helper per object type.

Object helpers return 404 to anyone an object does not concern, so that its
existence is never confirmed to an outsider.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Invitation, Scheme, User


def staff_required(view):
    """The page is for scheme staff (coordinators and managers) only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_scheme_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    """The page is for scheme managers only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_manager:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def managed_schemes(user) -> list[Scheme]:
    """The schemes `user` manages, by name: the choice of a settings page."""
    ids = [pk for pk in user.staff_scheme_ids if user.is_manager_of(pk)]
    return list(Scheme.objects.filter(pk__in=ids).order_by("name", "pk"))


def scheme_chosen(request, schemes: list[Scheme]) -> Scheme:
    """The scheme of `?scheme=` among `schemes`, else the first."""
    chosen = request.GET.get("scheme")
    return next((s for s in schemes if str(s.pk) == chosen), schemes[0])


def kind_required(*kinds: str):
    """The page is for users of these kinds (User.Kind values)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.kind not in kinds:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_invitation_for_user(user: User, pk: int) -> Invitation:
    return get_object_or_404(Invitation.objects.for_user(user).select_related("scheme", "user"), pk=pk)
