"""Records that documents attach to (sharedlives.files.registry): a money entry's receipt, usually
a photo taken on the carer's phone. Seen and added by the carers of the entry's household while
their support of the person is open, and by the scheme's staff (records.money.sees_entry)."""

from django.urls import reverse

from sharedlives.files import registry
from sharedlives.files.models import DocumentKind as K

from .models import MoneyEntry
from .money import get_money_entry_for_user, sees_entry


def register() -> None:
    registry.register(
        registry.Owner(
            key="money_entry",
            model=MoneyEntry,
            noun="money entry",
            get_for_user=get_money_entry_for_user,
            scheme_id=lambda entry: entry.person.scheme_id,
            kinds=(K.RECEIPT,),
            may_see_documents=sees_entry,
            may_change_documents=sees_entry,
            person=lambda entry: entry.person,
            url=lambda entry: reverse("records:money_entry", args=[entry.pk]),
        )
    )
