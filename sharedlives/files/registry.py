"""The records files may be attached to, and who may see and change them: registered by the app that
holds each record (from its AppConfig.ready()), since this app, the lowest layer, imports none.

The download views ask the record's own access helper first (`get_for_user`: 404 to anyone the
record does not concern); only then the narrower rules below. Apps higher up can widen who sees an
*approved* photo (`photo_viewers`): the matching app lets a person proposed a household see its
photos, and carers see a person's photo from introductions on.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404

from .models import DocumentKind


def staff_of_scheme(user, obj) -> bool:
    """Whether `user` is staff of the scheme of `obj` (a row with a scheme_id)."""
    return user.is_authenticated and obj.scheme_id in user.staff_scheme_ids


@dataclass(frozen=True)
class Owner:
    """A kind of record files attach to. `key` names it in addresses ("check", "household")."""

    key: str
    model: type
    # The record if `user` may see it, else Http404: the app's one access helper for it.
    get_for_user: Callable
    noun: str
    # The record's scheme id (files are scoped by scheme like everything else).
    scheme_id: Callable = field(default=lambda obj: obj.scheme_id)
    # Documents: the kinds that may be attached (none: documents cannot be). Seen and changed by the
    # staff of the record's scheme, unless the app says otherwise.
    kinds: tuple[str, ...] = ()
    may_see_documents: Callable | None = None
    may_change_documents: Callable | None = None
    # Photos: who may upload and arrange them (None: staff of the scheme), how many there may be,
    # whether a line saying who consented is asked for.
    may_change_photos: Callable | None = None
    max_photos: Callable = field(default=lambda obj: 0)
    photo_needs_consent: bool = False
    # The person whose record this is part of, or None: downloads are then access-logged against them.
    person: Callable = field(default=lambda obj: None)
    # Where to go back to after a change.
    url: Callable = field(default=lambda obj: obj.get_absolute_url())

    @property
    def kind_choices(self) -> list[tuple[str, str]]:
        return [(k, DocumentKind(k).label) for k in self.kinds]

    def is_staff(self, user, obj) -> bool:
        return user.is_authenticated and self.scheme_id(obj) in user.staff_scheme_ids

    def sees_documents(self, user, obj) -> bool:
        return bool(self.kinds) and (self.may_see_documents or self.is_staff)(user, obj)

    def changes_documents(self, user, obj) -> bool:
        return bool(self.kinds) and (self.may_change_documents or self.is_staff)(user, obj)

    def changes_photos(self, user, obj) -> bool:
        return (self.may_change_photos or self.is_staff)(user, obj)


_owners: dict[str, Owner] = {}
_by_model: dict[str, Owner] = {}

# Each takes (user, photo, owner record) and answers whether `user` may see that approved photo.
photo_viewers: list[Callable] = []


def register(owner: Owner) -> None:
    _owners[owner.key] = owner
    _by_model[owner.model._meta.label_lower] = owner


def owner(key: str) -> Owner:
    try:
        return _owners[key]
    except KeyError:
        raise Http404 from None


def owner_for(model_or_obj) -> Owner:
    return _by_model[model_or_obj._meta.label_lower]


def owner_for_label(label: str) -> Owner | None:
    return _by_model.get(label)


def owners() -> list[Owner]:
    return list(_owners.values())
