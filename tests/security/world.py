"""One set of records covering two schemes, with a signed-in client for every persona.

Built once per test module (see conftest.py `world`) and used by the permission matrix, the
CSRF tests and the form fuzzing. Every request made through `World.request` runs in a
transaction that is rolled back, so POSTs never change what the next request sees.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from sharedlives.accounts import services as account_services
from sharedlives.accounts.models import SchemeMembership, User
from tests.arrangements.factories import payment_band
from tests.factories import SchemeFactory, UserFactory, give_totp, sign_in, staff_user

PERSONAS = [
    "anon",
    "coord_a",
    "mgr_a",
    "coord_b",
    "carer_x",
    "carer_y",
    "person_p",
    "fam_auth",
    "fam_noauth",
    "fam_q",
    "admin",
]

YEAR, MONTH = 2030, 3  # the month of the world's booking and statements


@dataclass
class World:
    objects: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.objects[key]

    def client(self, persona: str, *, enforce_csrf_checks: bool = False) -> Client:
        """A client signed in as `persona` (anonymous for "anon"), in that persona's one session."""
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        if persona != "anon":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client

    def request(self, persona: str, method: str, url: str, data=None, **kwargs):
        """Make one request and undo whatever it changed."""
        client = kwargs.pop("client", None) or self.client(persona)
        with transaction.atomic():
            response = getattr(client, method.lower())(url, data or {}, **kwargs)
            transaction.set_rollback(True)
        return response


def build_world() -> World:
    from arrangements.models import Arrangement, Booking, Review
    from carers.models import Availability, Check
    from matching import services as matching_services
    from people.models import ReferralStatus
    from tests.carers.factories import (
        CarerFactory,
        HouseholdFactory,
        MemberFactory,
        approve,
        give_mandatory_checks,
    )
    from tests.people.factories import (
        LegalAuthorityFactory,
        PersonFactory,
        ReferralFactory,
        RepresentativeFactory,
    )

    w = World()
    o = w.objects
    o["scheme_a"] = scheme_a = SchemeFactory(name="Scheme A Shared Lives")
    o["scheme_b"] = scheme_b = SchemeFactory(name="Scheme B Shared Lives")
    u = w.users
    u["coord_a"] = staff_user(scheme_a, full_name="Cora Coordinator", email="coord.a@example.test")
    u["mgr_a"] = staff_user(
        scheme_a, SchemeMembership.Role.MANAGER, full_name="Manon Manager", email="manager.a@example.test"
    )
    u["coord_b"] = staff_user(scheme_b, full_name="Bea Coordinator", email="coord.b@example.test")
    u["admin"] = UserFactory(
        kind=User.Kind.STAFF, is_staff=True, is_superuser=True, email="admin@example.test"
    )
    give_totp(u["admin"])
    u["carer_x"] = UserFactory(kind=User.Kind.CARER, full_name="Xena Xu", email="carer.x@example.test")
    u["carer_y"] = UserFactory(kind=User.Kind.CARER, full_name="Yusuf Young", email="carer.y@example.test")
    u["person_p"] = UserFactory(kind=User.Kind.PERSON, full_name="Pat Parker", email="person.p@example.test")
    u["fam_auth"] = UserFactory(kind=User.Kind.FAMILY, full_name="Wendy Welfare", email="wendy@example.test")
    u["fam_noauth"] = UserFactory(kind=User.Kind.FAMILY, full_name="Fran Family", email="fran@example.test")
    u["fam_q"] = UserFactory(kind=User.Kind.FAMILY, full_name="Quinn Family", email="q.family@example.test")
    coordinator = u["coord_a"]

    # Carer households: X approved and matchable, Y at enquiry, one in scheme B.
    o["household_x"] = hx = HouseholdFactory(scheme=scheme_a, name="Xena Xu household")
    o["carer_x"] = CarerFactory(household=hx, first_name="Xena", last_name="Xu", user=u["carer_x"])
    approve(hx)
    give_mandatory_checks(hx, by=coordinator)
    o["check_x"] = Check.objects.filter(household=hx).first()
    o["member_x"] = MemberFactory(household=hx, name="Xander")
    o["period_x"] = Availability.objects.create(
        household=hx,
        starts_on=date(2031, 8, 1),
        ends_on=date(2031, 8, 14),
        reason=Availability.Reason.HOLIDAY,
    )
    o["household_y"] = hy = HouseholdFactory(scheme=scheme_a, name="Yusuf Young household")
    CarerFactory(household=hy, first_name="Yusuf", last_name="Young", user=u["carer_y"])
    o["household_b"] = HouseholdFactory(scheme=scheme_b, name="Bravo household")

    # People: P (signs in; two family members, one with a welfare LPA), Q (one family member), B in scheme B.
    o["person_p"] = pp = PersonFactory(
        scheme=scheme_a, first_name="Patricia", last_name="Parker", preferred_name="Pat", user=u["person_p"]
    )
    o["person_q"] = pq = PersonFactory(scheme=scheme_a, first_name="Quentin", last_name="Quinn")
    o["person_b"] = PersonFactory(scheme=scheme_b, first_name="Bella", last_name="Brown")
    welfare = RepresentativeFactory(
        person=pp, full_name="Wendy Welfare", user=u["fam_auth"], may_see_proposals=True
    )
    o["authority_p"] = LegalAuthorityFactory(representative=welfare, checked_by=coordinator)
    o["representative_p"] = RepresentativeFactory(
        person=pp,
        full_name="Fran Family",
        relationship="brother",
        user=u["fam_noauth"],
        may_see_proposals=True,
    )
    RepresentativeFactory(
        person=pq, full_name="Quinn Family", relationship="dad", user=u["fam_q"], may_see_proposals=True
    )

    # Matching: P's referral, a proposal of X to P (sent), and Q's short-break arrangement with X.
    o["referral_p"] = rp = ReferralFactory(
        person=pp, status=ReferralStatus.MATCHING, wanted_from=date(2030, 1, 1)
    )
    draft = matching_services.proposal_create(referral_id=rp.pk, household_id=hx.pk, by=coordinator)
    o["proposal_px"] = matching_services.proposal_send(proposal_id=draft.pk, by=coordinator)
    rq = ReferralFactory(person=pq, status=ReferralStatus.MATCHING, support_type="short_break")
    proposal_q = matching_services.proposal_create(referral_id=rq.pk, household_id=hx.pk, by=coordinator)
    o["payment_band_a"] = band = payment_band(scheme_a, "Band 1", "night", "60.00")
    o["arrangement_qx"] = arrangement = Arrangement.objects.create(
        scheme=scheme_a,
        proposal=proposal_q,
        person=pq,
        household=hx,
        support_type="short_break",
        start_date=date(YEAR, 1, 1),
        status="active",
        payment_band=band,
        created_by=coordinator,
    )
    o["booking_qx"] = Booking.objects.create(
        arrangement=arrangement,
        household=hx,
        starts_on=date(YEAR, MONTH, 10),
        ends_on=date(YEAR, MONTH, 12),
        created_by=coordinator,
    )
    o["review_qx"] = Review.objects.create(
        arrangement=arrangement,
        held_on=date(YEAR, 2, 1),
        participants="Quentin, Xena, Cora",
        informed_score=4,
        confident_score=4,
        connected_score=3,
        next_review_on=date(YEAR + 1, 2, 1),
        recorded_by=coordinator,
    )

    # A pending invitation, and a person of scheme A whose record is due for review (retention).
    o["invitation_a"], o["token"] = account_services.invitation_create(
        scheme=scheme_a, email="invited@example.test", full_name="Ivy Invited", kind="family", by=coordinator
    )
    o["person_due"] = due = PersonFactory(scheme=scheme_a, first_name="Dora", last_name="Done")
    closed = ReferralFactory(person=due, status=ReferralStatus.CLOSED, closed_reason="withdrawn")
    type(closed).objects.filter(pk=closed.pk).update(
        status_changed_at=timezone.now() - timedelta(days=366 * 9)
    )

    _photos_and_documents(w)
    _safeguarding(w)
    _living_together(w)
    _every_admin_model_has_a_row(w)
    for persona, user in u.items():
        w.sessions[persona] = sign_in(Client(), user).session.session_key
    return w


def _photos_and_documents(w: World) -> None:
    """Household X's photos (one approved, one waiting), P's own photo, and a document on X's
    check, on P's record, P's referral, Q's arrangement and its review: real files, in the tests'
    private folder."""
    from sharedlives.files import services as files
    from tests.files.images import jpeg_with_gps, pdf, png, upload

    o, coordinator, carer = w.objects, w.users["coord_a"], w.users["carer_x"]
    o["photo_x"] = files.photo_add(
        owner_obj=o["household_x"],
        upload=upload(jpeg_with_gps(), "kitchen.jpg"),
        alt_text="Our kitchen",
        by=coordinator,
    )
    o["photo_x_waiting"] = files.photo_add(
        owner_obj=o["household_x"], upload=upload(png(), "garden.png"), alt_text="Our garden", by=carer
    )
    o["photo_p"] = files.photo_add(
        owner_obj=o["person_p"],
        upload=upload(png(), "pat.png"),
        alt_text="Pat smiling",
        consent="Pat agreed, in person, 1 March",
        by=coordinator,
    )
    for key, record, kind in [
        ("check_x", o["check_x"], "dbs_certificate"),
        ("person_p", o["person_p"], "consent"),
        ("referral_p", o["referral_p"], "assessment"),
        ("arrangement_qx", o["arrangement_qx"], "signed_agreement"),
        ("review_qx", o["review_qx"], "review_notes"),
    ]:
        document = files.document_add(
            owner_obj=record,
            kind=kind,
            title=f"Document of {key}",
            upload=upload(pdf(), "file.pdf"),
            by=coordinator,
        )
        o[f"document_{key}"] = document
        o[f"version_{key}"] = document.versions.get()


def _safeguarding(w: World) -> None:
    """An incident carer X reported about Q (the police were called, so a notification is due), a
    concern about Q naming carer X (an allegation on household X, not suspended), a complaint from
    P in the app, one from P's mum, and one staff recorded from a call."""
    from safeguarding import services as sg
    from safeguarding.models import SafeguardingSettings

    o, u = w.objects, w.users
    o["incident_qx"] = incident = sg.incident_report(
        by=u["carer_x"],
        person_id=o["person_q"].pk,
        occurred_at=timezone.now() - timedelta(days=1),
        location="The kitchen",
        kind="accident",
        what_happened="Quentin slipped on the wet floor.",
        harm="minor",
        injuries="A bruised knee",
        medical_help="first_aid",
        police_involved=True,
        police_reference="",
        immediate_action="Cold compress, sat with him.",
        others_involved="",
        is_safeguarding_worry=False,
    )
    o["notification_qx"] = incident.notifications.get()
    o["concern_q"] = concern = sg.concern_raise(
        by=u["coord_a"],
        person_id=o["person_q"].pk,
        categories=["psychological"],
        summary="Quentin said he is shouted at.",
        about_carer_id=o["carer_x"].pk,
    )
    o["allegation_q"] = concern.allegation
    o["safety_plan_qx"] = sg.safety_plan_record(
        allegation_id=concern.allegation.pk,
        arrangement_id=o["arrangement_qx"].pk,
        by=u["mgr_a"],
        decision="stay",
        detail="Quentin stays; a coordinator visits twice a week, unannounced.",
    )
    o["complaint_p"] = sg.complaint_make(by=u["person_p"], summary="My room is cold.")
    o["complaint_fam"] = sg.complaint_make(
        by=u["fam_auth"], person_id=o["person_p"].pk, summary="Nobody rang back about the visit."
    )
    o["complaint_a"] = sg.complaint_make(
        by=u["coord_a"],
        scheme_id=o["scheme_a"].pk,
        from_who="other",
        channel="phone",
        complainant_name="A neighbour",
        summary="Cars parked across the drive.",
    )
    SafeguardingSettings.objects.get_or_create(scheme=o["scheme_a"])


def _living_together(w: World) -> None:
    """Q is staying with household X now (a booking of their short-break arrangement from
    yesterday), so carer X sees Q's support plan and keeps Q's records; Q's dad may see them. A
    note, a dose, a money entry and count of today, and a note and money entry of yesterday (fixed:
    only a correction is possible), Q's support plan, a risk plan, a contact and a medicine."""
    from arrangements.models import Arrangement, Booking
    from people.models import Representative
    from records.models import (
        DailyNote,
        DoseRecord,
        EmergencyContact,
        Medicine,
        MoneyCheck,
        MoneyEntry,
        NoteReading,
        NoteWords,
        RecordsSettings,
        RiskPlan,
        SupportPlan,
    )

    o, u = w.objects, w.users
    pq, hx, today = o["person_q"], o["household_x"], timezone.localdate()
    yesterday = today - timedelta(days=1)
    carer, coordinator = u["carer_x"], u["coord_a"]
    # The short breaks began a month ago (the world's statements are of later months).
    Arrangement.objects.filter(pk=o["arrangement_qx"].pk).update(start_date=today - timedelta(days=30))
    o["arrangement_qx"].refresh_from_db()
    Booking.objects.create(
        arrangement=o["arrangement_qx"],
        household=hx,
        starts_on=yesterday,
        ends_on=today + timedelta(days=3),
        created_by=coordinator,
    )
    Representative.objects.filter(person=pq, user=u["fam_q"]).update(may_see_records=True)
    RecordsSettings.objects.get_or_create(scheme=o["scheme_a"])
    SupportPlan.objects.create(person=pq, communication="Short sentences.", updated_by=coordinator)
    o["risk_plan_q"] = RiskPlan.objects.create(
        person=pq,
        risk="Crossing roads",
        what_helps="Hold hands",
        what_to_do="Stop and wait",
        who_to_tell="The coordinator",
        review_on=today + timedelta(days=90),
        added_by=coordinator,
    )
    o["contact_q"] = EmergencyContact.objects.create(
        person=pq, name="Quinn Family", relationship="Dad", phone="0100 000", added_by=coordinator
    )
    o["medicine_q"] = medicine = Medicine.objects.create(
        person=pq,
        name="Sertraline",
        strength="50 mg",
        dose="One tablet",
        times=["08:00"],
        starts_on=yesterday,
        added_by=coordinator,
    )
    note = {"scheme": o["scheme_a"], "arrangement": o["arrangement_qx"], "person": pq, "household": hx}
    o["note_qx"] = DailyNote.objects.create(**note, went_well="Baked bread", written_by=carer)
    o["note_old_qx"] = DailyNote.objects.create(
        **note, day=yesterday, went_well="A walk by the river", written_by=carer
    )
    NoteWords.objects.create(note=o["note_qx"], words="He loved the bread", written_by=u["fam_q"])
    NoteReading.objects.create(
        note=o["note_old_qx"], read_by=coordinator, comment="Good detail", sampled=True
    )
    o["dose_qx"] = DoseRecord.objects.create(
        medicine=medicine,
        person=pq,
        household=hx,
        day=today,
        due_at="08:00",
        outcome="given",
        recorded_by=carer,
    )
    money = {"person": pq, "household": hx, "recorded_by": carer, "no_receipt_reason": "Lost"}
    o["money_qx"] = MoneyEntry.objects.create(**money, direction="in", amount="20.00", what="Pocket money")
    o["money_old_qx"] = MoneyEntry.objects.create(
        **money, day=yesterday, direction="out", amount="3.50", what="Bus fare"
    )
    MoneyCheck.objects.create(
        person=pq,
        household=hx,
        kind="carer_count",
        counted="16.50",
        recorded_balance="16.50",
        checked_by=carer,
    )


def _every_admin_model_has_a_row(w: World) -> None:
    """So that each admin change, delete and history page has a real object to show or refuse."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from arrangements.models import Agreement, ReminderSent, ReviewSettings
    from carers.models import CarerSettings, HouseholdTransition
    from matching import services as matching_services
    from matching.models import Introduction, MatchingSettings
    from people.models import CapacityAssessment, ReferralTransition
    from sharedlives.audit.services import access_record
    from tests.carers.factories import add_postcode

    o, coordinator = w.objects, w.users["coord_a"]
    proposal = o["proposal_px"]
    matching_services.proposal_respond(
        proposal_id=proposal.pk, side="carer", answer="interested", by=w.users["carer_x"]
    )
    matching_services.opinion_record(proposal_id=proposal.pk, by=w.users["fam_noauth"], view="support")
    Introduction.objects.create(
        proposal=proposal,
        kind="tea_visit",
        happened_on=date(2029, 12, 1),
        attended="All",
        recorded_by=coordinator,
    )
    CapacityAssessment.objects.create(
        person=o["person_q"],
        assessed_on=date(2024, 2, 1),
        assessor="Sam Lee",
        outcome="has_capacity",
        recorded_by=coordinator,
    )
    ReferralTransition.objects.create(referral=o["referral_p"], to_status="received", by=coordinator)
    HouseholdTransition.objects.create(household=o["household_x"], to_status="approved", by=coordinator)
    CarerSettings.objects.get_or_create(scheme=o["scheme_a"])
    MatchingSettings.objects.get_or_create(scheme=o["scheme_a"])
    ReviewSettings.objects.get_or_create(scheme=o["scheme_a"])
    Agreement.objects.create(
        arrangement=o["arrangement_qx"],
        kind="arrangement",
        issued_on=date(YEAR, 1, 2),
        recorded_by=coordinator,
    )
    ReminderSent.objects.create(kind="review_due", key="review-1", recipient="coord.a@example.test")
    add_postcode("ZZ1 1ZZ", 400000, 300000)
    Group.objects.create(name="Auditors")
    EmailAddress.objects.create(user=coordinator, email=coordinator.email, verified=True, primary=True)
    access_record(user=coordinator, obj=o["person_p"], page="person detail")
    from sharedlives.audit.models import DestructionRecord

    DestructionRecord.objects.create(
        scheme=o["scheme_a"],
        record_type="people.person",
        object_id=999_999,
        description="Person supported record #999999 of Scheme A Shared Lives",
        retention_basis="8 years after the last arrangement ended or referral closed",
        reason="Retention period passed.",
        decided_by=w.users["mgr_a"],
        destroyed={"people.person": 1},
    )
    # For the admin's own pages.
    from django.contrib.contenttypes.models import ContentType

    o["ct_person"] = ContentType.objects.get_for_model(type(o["person_p"]))
    o["user_coord_a"] = coordinator
