"""The navigation bar, by role. Each app adds its pages here when it adds them."""

from django.urls import reverse

from .models import User

# (label, url name, the url-name prefix (or tuple of prefixes) that marks the item as current)
STAFF = [
    ("Dashboard", "staff_dashboard", "staff_dashboard"),
    ("Carers", "carers:household_list", "carers:household"),
    ("Compliance", "carers:compliance", "carers:compliance"),
    ("People", "people:person_list", "people:person"),
    ("Referrals", "people:referral_queue", "people:referral"),
    ("Proposals", "matching:board", ("matching:board", "matching:proposal", "matching:candidates")),
    ("Arrangements", "matching:arrangement_list", ("matching:arrangement", "matching:booking")),
    ("Reviews due", "matching:reviews_due", ("matching:reviews_due", "matching:review_")),
    ("Payment bands", "matching:payment_bands", "matching:payment_band"),
    ("Invitations", "accounts:invitation_list", "accounts:invitation"),
]
CARER = [
    ("Home", "carers:home", "carers:home"),
    ("Our household", "carers:my_household", "carers:my_household"),
    ("Proposed to you", "matching:carer_proposals", "matching:carer_proposal"),
    ("Arrangements", "matching:carer_arrangements", "matching:carer_arrangements"),
    ("Payments", "matching:carer_statements", "matching:carer_statement"),
]
PERSON = [
    ("My page", "people:person_home", "people:person_home"),
    ("People to meet", "matching:person_proposals", "matching:person_"),
    ("Who looked at my page", "people:person_who_looked", "people:person_who_looked"),
]
FAMILY = [
    ("Home", "people:family_home", "people:family"),
    ("Proposals", "matching:family_proposals", "matching:family_proposal"),
    ("Arrangements", "matching:family_arrangements", "matching:family_arrangements"),
]

# Added for managers: the audit and the records due for review.
MANAGER = [("Reports", "reports:index", "reports:"), ("Audit", "audit:search", "audit:")]

BY_KIND = {User.Kind.STAFF: STAFF, User.Kind.CARER: CARER, User.Kind.PERSON: PERSON, User.Kind.FAMILY: FAMILY}


def items_for(request) -> list[dict]:
    user = request.user
    if user.kind == User.Kind.STAFF and not user.is_scheme_staff:
        return []
    match = request.resolver_match
    current = match.view_name if match else ""
    items = BY_KIND[user.kind] + (MANAGER if user.kind == User.Kind.STAFF and user.is_manager else [])
    return [
        {"label": label, "url": reverse(name), "current": current.startswith(prefix)}
        for label, name, prefix in items
    ]
