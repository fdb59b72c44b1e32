"""What the safeguarding services share: role checks and the status move with its transition row."""

from datetime import datetime

from django.utils import timezone

from sharedlives.accounts.models import User

from .errors import SafeguardingError


def ensure_staff(scheme_id: int, by: User) -> None:
    if scheme_id not in by.staff_scheme_ids:
        raise SafeguardingError("Only staff of this scheme can do that.")


def ensure_manager(scheme_id: int, by: User, what: str) -> None:
    if not by.is_manager_of(scheme_id):
        raise SafeguardingError(f"Only a manager of the scheme can {what}.")


def ensure_lead(scheme_id: int, by: User, what: str) -> None:
    if not by.is_safeguarding_lead_of(scheme_id):
        raise SafeguardingError(f"Only a manager or a safeguarding lead of the scheme can {what}.")


def move(obj, *, to: str, allowed: dict[str, tuple[str, ...]], by: User, reason: str = "", fields=()) -> None:
    """Move `obj` to status `to` if `allowed` lets it, writing a row of its `transitions`."""
    ensure_can_move(obj, to=to, allowed=allowed)
    obj.transitions.create(from_status=obj.status, to_status=to, by=by, reason=reason, at=timezone.now())
    obj.status = to
    obj.save(update_fields=["status", *fields])


def ensure_can_move(obj, *, to: str, allowed: dict[str, tuple[str, ...]]) -> None:
    """Refuse, with a sentence, a move of `obj` to status `to` that `allowed` does not list. Services
    that change other rows first call it before writing anything."""
    status_label = type(obj).Status
    noun = getattr(obj, "noun", obj._meta.verbose_name)
    if to not in allowed[obj.status]:
        now = status_label(obj.status).label.lower()
        if not allowed[obj.status]:
            raise SafeguardingError(f"This {noun} is {now}; it cannot change any more.")
        can = ", ".join(status_label(s).label.lower() for s in allowed[obj.status])
        raise SafeguardingError(
            f"This {noun} is {now}, so it cannot become "
            f"{status_label(to).label.lower()}. From here it can become: {can}."
        )


def ensure_not_future(value, what: str) -> None:
    day = timezone.localtime(value).date() if isinstance(value, datetime) else value
    if day > timezone.localdate():
        raise SafeguardingError(f"{what} cannot be in the future.")
