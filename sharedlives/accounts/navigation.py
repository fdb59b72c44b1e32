"""The navigation bar, by role. Each app adds its pages here when it adds them."""

from django.urls import reverse

from .models import User

# (label, url name, the url-name prefix (or tuple of prefixes) that marks the item as current),
# or (label, [items]) for a group shown as a drop-down menu.
STAFF = [
    ("Dashboard", "staff_dashboard", "staff_dashboard"),
    # The photos waiting for approval are carers' (linked from the registry and the dashboard).
    ("Carers", "carers:household_list", ("carers:household", "files:photo_queue")),
    ("Compliance", "carers:compliance", "carers:compliance"),
    ("People", "people:person_list", "people:person"),
    ("Referrals", "people:referral_queue", "people:referral"),
    ("Proposals", "matching:board", ("matching:board", "matching:proposal", "matching:candidates")),
    # Reviews due are also on the dashboard; in a menu here so that the bar fits on one line.
    (
        "Arrangements",
        [
            (
                "All arrangements",
                "arrangements:arrangement_list",
                ("arrangements:arrangement", "arrangements:booking"),
            ),
            ("Reviews due", "arrangements:reviews_due", ("arrangements:reviews_due", "arrangements:review_")),
            # Doses, money and notes the carers keep once someone lives with them.
            ("Living together", "records:alerts", "records:"),
        ],
    ),
    # Incidents, concerns, complaints and notifications; managers and leads reach their dashboard from it.
    ("Safeguarding", "safeguarding:incident_list", "safeguarding:"),
    # Pages used now and then, grouped so the bar fits on one line.
    (
        "Scheme set-up",
        [
            ("Payment bands", "arrangements:payment_bands", "arrangements:payment_band"),
            ("Invitations", "accounts:invitation_list", "accounts:invitation"),
        ],
    ),
]
CARER = [
    ("Home", "carer_home", "carer_home"),
    ("Our household", "carers:my_household", "carers:my_household"),
    ("Proposed to you", "matching:carer_proposals", "matching:carer_proposal"),
    ("Arrangements", "arrangements:carer_arrangements", "arrangements:carer_arrangements"),
    ("Payments", "arrangements:carer_statements", "arrangements:carer_statement"),
]
PERSON = [
    ("My page", "person_home", "person_home"),
    ("People to meet", "matching:person_proposals", "matching:person_"),
    ("Who looked at my page", "people:person_who_looked", "people:person_who_looked"),
]
FAMILY = [
    ("Home", "family_home", ("family_home", "people:family")),
    ("Proposals", "matching:family_proposals", "matching:family_proposal"),
    ("Arrangements", "arrangements:family_arrangements", "arrangements:family_arrangements"),
]

# Added for managers: the audit and the records due for review.
MANAGER = [("Reports", "reports:index", "reports:"), ("Audit", "audit:search", "audit:")]
# Of the managers' pages, these go in the "Scheme set-up" menu, so that the bar fits at 1280px.
MANAGER_IN_SET_UP = {"Audit"}

BY_KIND = {User.Kind.STAFF: STAFF, User.Kind.CARER: CARER, User.Kind.PERSON: PERSON, User.Kind.FAMILY: FAMILY}


def items_for(request) -> list[dict]:
    user = request.user
    if user.kind == User.Kind.STAFF and not user.is_scheme_staff:
        return []
    match = request.resolver_match
    current = match.view_name if match else ""
    items = list(BY_KIND[user.kind])
    if user.kind == User.Kind.STAFF and user.is_manager:
        items = _with_manager_pages(items)
    return [_item(entry, current) for entry in items]


def _with_manager_pages(items: list) -> list:
    in_bar = [entry for entry in MANAGER if entry[0] not in MANAGER_IN_SET_UP]
    in_menu = [entry for entry in MANAGER if entry[0] in MANAGER_IN_SET_UP]
    label, children = items[-1]  # the "Scheme set-up" menu
    return [*items[:-1], *in_bar, (label, [*children, *in_menu])]


def _item(entry: tuple, current: str) -> dict:
    if len(entry) == 2:
        label, children = entry
        children = [_item(child, current) for child in children]
        return {"label": label, "children": children, "current": any(c["current"] for c in children)}
    label, name, prefix = entry
    return {"label": label, "url": reverse(name), "current": current.startswith(prefix)}
