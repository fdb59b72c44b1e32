"""The evidence the app keeps about itself: accepted invitations, who looked at which record
(access log), sign-ins (security events), and some later edits so that the change history has
updates as well as the insert of each row."""

import hashlib
from datetime import timedelta

from sharedlives.accounts.models import Invitation, User
from sharedlives.audit.models import AccessLog, SecurityEvent

from .world import World

PERSON_PAGES = {
    "person detail": 10,
    "profile": 5,
    "history": 1,
    "referral edit": 1,
    "reviews": 2,
    "person edit": 1,
}
HOUSEHOLD_TABS = {"detail": 6, "checks": 3, "terms": 1, "availability": 1, "transitions": 1}
LOGIN_PATH = "/accounts/login/"

# Later edits, as the app's services would make them, so that the change history has updates as
# well as inserts: each household's latest approval terms (set once the terms exist), a change of
# phone number, profiles brought up to date; and each user's last sign-in.
HOUSEHOLD_TERMS = (
    "UPDATE carers_household h SET current_terms_id = t.id, updated_at = GREATEST(h.updated_at, t.created_at)"
    " FROM (SELECT DISTINCT ON (household_id) household_id, id, created_at FROM carers_approvalterms"
    " WHERE household_id BETWEEN %s AND %s ORDER BY household_id, version DESC) t"
    " WHERE h.id = t.household_id"
)
PEOPLE_EDITS = [
    "UPDATE people_person SET phone = '07700 900' || lpad((id %% 1000)::text, 3, '0')"
    " WHERE id BETWEEN %s AND %s AND id %% 10 = 3",
    "UPDATE people_profile SET updated_at = updated_at + interval '1 day',"
    " how_to_support_me = how_to_support_me || ' Check in with me after visits.'"
    " WHERE person_id BETWEEN %s AND %s AND id %% 7 = 1 AND updated_at < now() - interval '2 days'",
]
LAST_SIGN_IN = (
    "UPDATE accounts_user u SET last_login = e.at"
    " FROM (SELECT user_id, max(at) AS at FROM audit_securityevent WHERE kind = 'login' GROUP BY user_id) e"
    " WHERE u.id = e.user_id AND u.id BETWEEN %s AND %s"
)


def build(world: World) -> None:
    schemes = {s.id: s for s in world.schemes}
    _invitations(world, schemes)
    _access_log(world, schemes)
    _security_events(world)
    for _ in world.schemes:
        world.tick()


def _invitations(world: World, schemes: dict) -> None:
    """Carers, people and families signed up through an invitation from their coordinator."""
    for user_id, (email, kind, scheme_id, joined) in world.users.items():
        if kind == User.Kind.STAFF:
            continue
        sent = world.at(joined - timedelta(days=world.rng.randint(1, 6)))
        world.add(
            Invitation,
            scheme_id=scheme_id,
            user_id=user_id,
            email=email,
            kind=kind,
            token_hash=hashlib.sha256(f"scale-invitation-{world.seed}-{user_id}".encode()).hexdigest(),
            invited_by_id=world.rng.choice(schemes[scheme_id].coordinators),
            created_at=sent,
            expires_at=sent + timedelta(days=7),
            accepted_at=sent + timedelta(hours=world.rng.randint(1, 120)),
            revoked_at=None,
        )


def _access_log(world: World, schemes: dict) -> None:
    rng = world.rng
    rows = []
    for person in world.people:
        staff = person.scheme.coordinators + [person.scheme.manager]
        for _ in range(rng.randint(3, 18)):
            day = world.day_between(person.since, world.today)
            rows.append(
                (
                    world.at(day),
                    rng.choice(staff),
                    person.scheme.id,
                    "people.person",
                    person.id,
                    world.pick(PERSON_PAGES),
                )
            )
        if person.user:
            for _ in range(rng.randint(1, 6)):
                day = world.day_between(person.since, world.today)
                rows.append((world.at(day), person.user, None, "people.person", person.id, "person home"))
    for scheme_households in world.households.values():
        for household in scheme_households:
            staff = household.scheme.coordinators
            for _ in range(rng.randint(1, 6)):
                day = world.day_between(household.since, world.today)
                tab = world.pick(HOUSEHOLD_TABS)
                rows.append(
                    (
                        world.at(day),
                        rng.choice(staff),
                        household.scheme.id,
                        "carers.household",
                        household.id,
                        f"carers:household_{tab}",
                    )
                )
    rows.sort(key=lambda r: (r[0], r[4]))
    for at, user_id, scheme_id, object_type, object_id, page in rows:
        world.add(
            AccessLog,
            user_id=user_id,
            scheme_id=scheme_id,
            object_type=object_type,
            object_id=object_id,
            page=page,
            at=at,
        )


def _security_events(world: World) -> None:
    """Sign-ins over the last three months: staff most working days, others now and then."""
    rng = world.rng
    rows = []
    for user_id, (email, kind, _scheme_id, joined) in world.users.items():
        visits = (
            rng.randint(25, 50)
            if kind == User.Kind.STAFF
            else (rng.randint(1, 5) if world.chance(0.3) else 0)
        )
        first = max(joined, world.today - timedelta(days=90))
        for _ in range(visits):
            moment = world.at(world.day_between(first, world.today))
            ip = f"192.0.2.{user_id % 250 + 1}"
            if world.chance(0.03):
                rows.append((moment - timedelta(minutes=1), "login_failed", None, email, ip, 200))
            rows.append((moment, "login", user_id, "", ip, 302))
            if world.chance(0.4):
                rows.append((moment + timedelta(hours=rng.randint(1, 6)), "logout", user_id, "", ip, 302))
    rows.sort(key=lambda r: r[0])
    for at, kind, user_id, login, ip, status in rows:
        world.add(
            SecurityEvent,
            kind=kind,
            user_id=user_id,
            login=login,
            ip=ip,
            method="POST",
            path=LOGIN_PATH,
            status=status,
            at=at,
        )
