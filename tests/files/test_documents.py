"""Documents on the staff record pages, end to end through the views: staff attach a certificate to a
check and open it again; files that are not what they say, or too large, are refused with a message
beside the field and leave nothing behind; a new version keeps the old; removing needs a reason and
keeps the row; every download of a file about a person is in their access log; nobody outside the
scheme's staff reaches a document; and the pages read documents in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arrangements import services as arrangement_services
from arrangements.models import Arrangement, ArrangementStatus
from carers import services as carer_services
from carers.models import Check, PanelDecision
from matching.models import MatchProposal, ProposalStatus
from people.models import ReferralStatus
from sharedlives.audit.models import AccessLog
from sharedlives.files import services as files
from sharedlives.files.models import Document, DocumentKind, DocumentVersion
from tests.carers.factories import PanelDecisionFactory
from tests.files.images import jpeg_with_gps, pdf, png, upload
from tests.matching.conftest import *  # noqa: F403  (households X and Y, person P, P's family, referral_p)
from tests.people.factories import ReferralFactory


def pdf_saying(words: str) -> bytes:
    """A PDF whose bytes differ from every other one's."""
    return pdf().replace(b"%%EOF", f"% {words}\n%%EOF".encode())


def stored(root) -> list[str]:
    """Every file in the private storage folder."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def body(response) -> bytes:
    # Reading the whole file closes it (the test client then finishes the request).
    return b"".join(response.streaming_content)


def add_url(key: str, record) -> str:
    return reverse("files:document_add", args=[key, record.pk])


def detail_url(document) -> str:
    return reverse("files:document_detail", args=[document.pk])


def download_url(version) -> str:
    return reverse("files:document_download", args=[version.pk])


def checks_url(household) -> str:
    return reverse("carers:household_checks", args=[household.pk])


@pytest.fixture
def dbs(household_x) -> Check:
    """The enhanced DBS check of carer X (household X has every mandatory check)."""
    return household_x.checks.current().get(check_type=Check.Type.DBS)


def add_document(record, by, *, kind, title="A document", data=None, name="document.pdf") -> Document:
    return files.document_add(
        owner_obj=record, kind=kind, title=title, upload=upload(data or pdf_saying(title), name), by=by
    )


# --- Adding and opening a document -----------------------------------------------------------------


def test_staff_add_a_dbs_certificate_to_a_check_and_download_it(client_coordinator_a, household_x, dbs):
    data = pdf_saying("Enhanced DBS certificate")
    response = client_coordinator_a.post(
        add_url("check", dbs),
        {
            "kind": DocumentKind.DBS_CERTIFICATE,
            "title": "Enhanced DBS certificate, Xena Xu",
            "file": upload(data, "DBS Xena.pdf"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == checks_url(household_x) + "#documents"

    document = Document.objects.get()
    assert (document.owner, document.kind) == (dbs, DocumentKind.DBS_CERTIFICATE)
    version = document.versions.get()
    assert (version.number, version.original_name, version.content_type) == (
        1,
        "DBS Xena.pdf",
        "application/pdf",
    )

    # The checks tab lists it against the check, with links to it and to the file.
    page = client_coordinator_a.get(checks_url(household_x)).content.decode()
    assert "Enhanced DBS certificate, Xena Xu" in page
    assert detail_url(document) in page and download_url(version) in page

    response = client_coordinator_a.get(download_url(version))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "DBS%20Xena.pdf" in response["Content-Disposition"]
        or "DBS Xena.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert body(response) == data


def test_the_add_page_offers_only_the_kinds_of_the_record(client_coordinator_a, dbs):
    page = client_coordinator_a.get(add_url("check", dbs)).content.decode()
    assert 'value="dbs_certificate"' in page and 'value="insurance_schedule"' in page
    assert 'value="panel_minutes"' not in page  # a panel's papers, not a check's
    assert 'enctype="multipart/form-data"' in page


PNG_AS_PDF = (png(), "dbs.pdf", "its contents are a PNG image")
TEXT_AS_PDF = (b"Certificate number 001234567890\n" * 30, "dbs.pdf", "not a file type we can keep")
JPEG_AS_PDF = (jpeg_with_gps((64, 48)), "dbs.pdf", "its contents are a JPEG image")


@pytest.mark.parametrize(
    ("data", "name", "says"), [PNG_AS_PDF, TEXT_AS_PDF, JPEG_AS_PDF], ids=["png", "text", "jpeg"]
)
def test_a_file_renamed_pdf_is_refused_beside_the_field_and_nothing_is_stored(
    client_coordinator_a, dbs, private_files_root, data, name, says
):
    before = stored(private_files_root)
    response = client_coordinator_a.post(
        add_url("check", dbs),
        {"kind": DocumentKind.DBS_CERTIFICATE, "title": "Typed title", "file": upload(data, name)},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert says in " ".join(form.errors["file"])
    page = response.content.decode()
    assert says in page
    # The person's typing is kept: the title and the kind they chose.
    assert 'value="Typed title"' in page
    assert '<option value="dbs_certificate" selected>' in page
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert stored(private_files_root) == before


def test_choosing_no_file_is_refused_beside_the_field(client_coordinator_a, dbs, private_files_root):
    before = stored(private_files_root)
    response = client_coordinator_a.post(
        add_url("check", dbs), {"kind": DocumentKind.REFERENCE, "title": "Reference from Mrs Jones"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    page = response.content.decode()
    assert "There is a problem" in page and 'value="Reference from Mrs Jones"' in page
    assert not Document.objects.exists()
    assert stored(private_files_root) == before


def test_an_oversized_file_is_refused_with_the_limit_in_words(
    client_coordinator_a, dbs, private_files_root, settings
):
    settings.FILES_MAX_UPLOAD_MB = 1
    before = stored(private_files_root)
    big = pdf().replace(b"%%EOF", b"%" + b"x" * 1_100_000 + b"\n%%EOF")
    response = client_coordinator_a.post(
        add_url("check", dbs),
        {"kind": DocumentKind.DBS_CERTIFICATE, "title": "Big scan", "file": upload(big, "scan.pdf")},
    )
    assert response.status_code == 200
    assert "files can be up to 1 MB" in " ".join(response.context["form"].errors["file"])
    assert "files can be up to 1 MB" in response.content.decode()
    assert 'value="Big scan"' in response.content.decode()
    assert not Document.objects.exists()
    assert stored(private_files_root) == before


def test_a_scan_added_as_a_document_loses_its_gps_position(client_coordinator_a, dbs):
    from tests.files.images import exif_of

    client_coordinator_a.post(
        add_url("check", dbs),
        {
            "kind": DocumentKind.GAS_CERTIFICATE,
            "title": "Gas certificate, photographed",
            "file": upload(jpeg_with_gps(), "gas.jpg"),
        },
    )
    version = DocumentVersion.objects.get()
    assert version.content_type == "image/jpeg"
    exif, _ = exif_of(body(client_coordinator_a.get(download_url(version))))
    assert exif == {}


# --- Versions and removal --------------------------------------------------------------------------


def test_a_new_version_keeps_the_earlier_one_and_both_can_be_downloaded(
    client_coordinator_a, coordinator_a, household_x, dbs
):
    document = add_document(dbs, coordinator_a, kind=DocumentKind.DBS_CERTIFICATE, data=pdf_saying("first"))
    response = client_coordinator_a.post(
        reverse("files:document_version_add", args=[document.pk]),
        {"file": upload(pdf_saying("second"), "dbs-renewed.pdf")},
    )
    assert response.status_code == 302
    first, second = document.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert body(client_coordinator_a.get(download_url(first))) == pdf_saying("first")
    assert body(client_coordinator_a.get(download_url(second))) == pdf_saying("second")

    page = client_coordinator_a.get(detail_url(document)).content.decode()
    assert download_url(first) in page and download_url(second) in page
    # The record's page offers the newest, and says it is a later version.
    tab = client_coordinator_a.get(checks_url(household_x)).content.decode()
    assert download_url(second) in tab and download_url(first) not in tab
    assert "version 2" in tab


def test_a_bad_new_version_is_refused_beside_the_field_and_the_old_one_stays(
    client_coordinator_a, coordinator_a, dbs, private_files_root
):
    document = add_document(dbs, coordinator_a, kind=DocumentKind.DBS_CERTIFICATE)
    before = stored(private_files_root)
    response = client_coordinator_a.post(
        reverse("files:document_version_add", args=[document.pk]), {"file": upload(png(), "renewed.pdf")}
    )
    assert response.status_code == 200
    assert "its contents are a PNG image" in response.content.decode()
    assert document.versions.count() == 1
    assert stored(private_files_root) == before


def test_removing_needs_a_reason_and_keeps_the_row(client_coordinator_a, coordinator_a, household_x, dbs):
    document = add_document(dbs, coordinator_a, kind=DocumentKind.DBS_CERTIFICATE, title="Old DBS")
    remove = reverse("files:document_remove", args=[document.pk])

    response = client_coordinator_a.post(remove, {"reason": "  "})
    assert response.status_code == 200
    assert response.context["remove_form"].errors["reason"]
    assert "There is a problem" in response.content.decode()
    document.refresh_from_db()
    assert document.removed_at is None

    response = client_coordinator_a.post(remove, {"reason": "Uploaded to the wrong carer"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.removed_at is not None
    assert (document.removed_by, document.removed_reason) == (coordinator_a, "Uploaded to the wrong carer")
    assert document.versions.count() == 1  # the file is kept until the record's retention ends
    # Gone from the record's page; its own page still says what happened, for the history.
    assert detail_url(document) not in client_coordinator_a.get(checks_url(household_x)).content.decode()
    page = client_coordinator_a.get(detail_url(document)).content.decode()
    assert "Uploaded to the wrong carer" in page and "Upload the new version" not in page


# --- The access log --------------------------------------------------------------------------------


def make_arrangement(household, person, *, by) -> Arrangement:
    """An arrangement as a confirmed proposal leaves it (consent is tested elsewhere)."""
    referral = ReferralFactory(person=person, status=ReferralStatus.MATCHED)
    proposal = MatchProposal.objects.create(
        scheme_id=person.scheme_id,
        referral=referral,
        person=person,
        household=household,
        status=ProposalStatus.CONFIRMED,
        support_type=referral.support_type,
        created_by=by,
    )
    return Arrangement.objects.create(
        scheme_id=person.scheme_id,
        proposal=proposal,
        person=person,
        household=household,
        support_type=referral.support_type,
        status=ArrangementStatus.ACTIVE,
        start_date=timezone.localdate() - timedelta(days=60),
        created_by=by,
    )


def make_review(arrangement, *, by):
    today = timezone.localdate()
    return arrangement_services.review_record(
        arrangement_id=arrangement.pk,
        by=by,
        today=today,
        held_on=today - timedelta(days=1),
        participants="Pat, Xena, Cora",
        informed_score=4,
        confident_score=4,
        connected_score=5,
        next_review_on=today + timedelta(days=180),
    )


@pytest.fixture
def records_of_p(person_p, referral_p, household_x, coordinator_a):
    """A record of each kind that is part of P's: P, P's referral, P's arrangement and its review."""
    arrangement = make_arrangement(household_x, person_p, by=coordinator_a)
    return {
        "person": (person_p, DocumentKind.CONSENT),
        "referral": (referral_p, DocumentKind.ASSESSMENT),
        "arrangement": (arrangement, DocumentKind.SIGNED_AGREEMENT),
        "review": (make_review(arrangement, by=coordinator_a), DocumentKind.REVIEW_NOTES),
    }


@pytest.mark.parametrize("key", ["person", "referral", "arrangement", "review"])
def test_a_download_of_a_document_about_a_person_is_in_their_access_log(
    client_coordinator_a, coordinator_a, person_p, records_of_p, key
):
    record, kind = records_of_p[key]
    document = add_document(record, coordinator_a, kind=kind, title=f"About Pat: {key}")
    logged = AccessLog.objects.for_object(person_p)
    before = logged.count()
    assert client_coordinator_a.get(download_url(document.versions.get())).status_code == 200
    assert logged.count() == before + 1
    entry = logged.order_by("-pk").first()
    assert (entry.user, entry.page) == (coordinator_a, f"document: About Pat: {key}")


def test_a_download_of_a_households_certificate_is_not_logged_against_anyone(
    client_coordinator_a, coordinator_a, dbs
):
    document = add_document(dbs, coordinator_a, kind=DocumentKind.DBS_CERTIFICATE)
    before = AccessLog.objects.count()
    assert client_coordinator_a.get(download_url(document.versions.get())).status_code == 200
    assert AccessLog.objects.count() == before


# --- Who reaches a document ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "client_name",
    ["client_coordinator_b", "client_carer", "client_family_with_authority", "client_person_p"],
)
@pytest.mark.parametrize("key", ["check", "person"])
def test_nobody_but_the_schemes_staff_reaches_a_document(
    request, coordinator_a, dbs, person_p, key, client_name
):
    """Carer X may see their own household's checks, and P's family and P may see P's record: none
    of them sees the documents, and nor does the other scheme's staff. All get a 404."""
    record, kind = (dbs, DocumentKind.DBS_CERTIFICATE) if key == "check" else (person_p, DocumentKind.CONSENT)
    document = add_document(record, coordinator_a, kind=kind)
    version = document.versions.get()
    client = request.getfixturevalue(client_name)
    assert client.get(detail_url(document)).status_code == 404
    assert client.get(download_url(version)).status_code == 404
    assert client.get(add_url(key, record)).status_code == 404
    response = client.post(
        reverse("files:document_version_add", args=[document.pk]), {"file": upload(pdf(), "x.pdf")}
    )
    assert response.status_code == 404
    response = client.post(reverse("files:document_remove", args=[document.pk]), {"reason": "Because"})
    assert response.status_code == 404
    assert document.versions.count() == 1
    document.refresh_from_db()
    assert document.removed_at is None


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(anon_client, coordinator_a, dbs):
    document = add_document(dbs, coordinator_a, kind=DocumentKind.DBS_CERTIFICATE)
    for url in (detail_url(document), download_url(document.versions.get())):
        response = anon_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- The record pages ------------------------------------------------------------------------------


def test_the_household_profile_shows_its_documents_and_links_to_its_photos(
    client_coordinator_a, coordinator_a, household_x
):
    url = reverse("carers:household_detail", args=[household_x.pk])
    page = client_coordinator_a.get(url).content.decode()
    photos = reverse("files:photos", args=["household", household_x.pk])
    assert photos in page and "No documents yet." in page and add_url("household", household_x) in page
    assert "/thumb.jpg" not in page

    add_document(household_x, coordinator_a, kind=DocumentKind.LANDLORD_PERMISSION, title="Landlord's letter")
    photo = files.photo_add(
        owner_obj=household_x, upload=upload(png(), "garden.png"), alt_text="Our garden", by=coordinator_a
    )
    page = client_coordinator_a.get(url).content.decode()
    assert "Landlord's letter" in page or "Landlord&#x27;s letter" in page
    assert reverse("files:photo", args=[photo.pk, "thumb"]) in page


def test_the_terms_tab_shows_each_panel_decisions_papers(client_coordinator_a, coordinator_a, household_x):
    decision = PanelDecision.objects.filter(household=household_x).first() or PanelDecisionFactory(
        household=household_x, recorded_by=coordinator_a
    )
    add_document(decision, coordinator_a, kind=DocumentKind.PANEL_MINUTES, title="Minutes of the panel")
    page = client_coordinator_a.get(reverse("carers:household_terms", args=[household_x.pk])).content.decode()
    assert "Minutes of the panel" in page and add_url("panel-decision", decision) in page


def test_the_person_page_shows_their_documents_each_referrals_and_their_photo(
    client_coordinator_a, coordinator_a, person_p, referral_p
):
    add_document(person_p, coordinator_a, kind=DocumentKind.CONSENT, title="Consent to share")
    add_document(referral_p, coordinator_a, kind=DocumentKind.ASSESSMENT, title="Needs assessment")
    photo = files.photo_add(
        owner_obj=person_p,
        upload=upload(png(), "pat.png"),
        alt_text="Pat smiling",
        consent="Pat agreed, in her own words",
        by=coordinator_a,
    )
    response = client_coordinator_a.get(person_p.get_absolute_url())
    page = response.content.decode()
    assert "Consent to share" in page and "Needs assessment" in page
    assert add_url("person", person_p) in page and add_url("referral", referral_p) in page
    assert reverse("files:photos", args=["person", person_p.pk]) in page
    assert reverse("files:photo", args=[photo.pk, "thumb"]) in page
    # Each panel is in its own place: the referral's document inside the referral.
    referral_card = page[page.index(f'id="referral-{referral_p.pk}"') :]
    assert "Needs assessment" in referral_card and "Consent to share" not in referral_card


def test_the_arrangement_and_review_pages_show_their_documents(
    client_coordinator_a, coordinator_a, records_of_p
):
    arrangement, _ = records_of_p["arrangement"]
    review, _ = records_of_p["review"]
    add_document(arrangement, coordinator_a, kind=DocumentKind.SIGNED_AGREEMENT, title="Signed agreement")
    add_document(review, coordinator_a, kind=DocumentKind.REVIEW_NOTES, title="Notes of the review")
    page = client_coordinator_a.get(arrangement.get_absolute_url()).content.decode()
    assert "Signed agreement" in page and add_url("arrangement", arrangement) in page
    page = client_coordinator_a.get(reverse("arrangements:review_detail", args=[review.pk])).content.decode()
    assert "Notes of the review" in page and add_url("review", review) in page


def test_after_adding_a_document_staff_come_back_to_the_records_documents(
    client_coordinator_a, arrangement_of_p
):
    response = client_coordinator_a.post(
        add_url("arrangement", arrangement_of_p),
        {"kind": DocumentKind.SIGNED_AGREEMENT, "title": "Agreement", "file": upload(pdf(), "a.pdf")},
    )
    assert response["Location"] == arrangement_of_p.get_absolute_url() + "#documents"
    page = client_coordinator_a.get(arrangement_of_p.get_absolute_url()).content.decode()
    assert 'id="documents"' in page and "Agreement" in page


@pytest.fixture
def arrangement_of_p(household_x, person_p, coordinator_a):
    return make_arrangement(household_x, person_p, by=coordinator_a)


# --- Queries ---------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # the first request may write the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _checks_with_documents(household, by, numbers) -> None:
    """A check of the household for each of `numbers`, each with two documents, one of them in two
    versions."""
    for n in numbers:
        check = carer_services.check_record(
            household_id=household.pk,
            by=by,
            check_type="awareness",
            title=f"Course {n}",
            carer=household.carers.first(),
            done_on=date(2024, 1, 1) + timedelta(days=n),
        )
        document = add_document(check, by, kind=DocumentKind.TRAINING_CERTIFICATE, title=f"Certificate {n}")
        files.document_add_version(
            document_id=document.pk, upload=upload(pdf_saying(f"v2 {n}"), "b.pdf"), by=by
        )
        add_document(check, by, kind=DocumentKind.OTHER, title=f"Letter {n}")


def test_the_checks_tab_reads_documents_in_one_query_however_many(
    client_coordinator_a, coordinator_a, household_x, django_assert_num_queries
):
    url = checks_url(household_x)
    _checks_with_documents(household_x, coordinator_a, [0])
    client_coordinator_a.get(url)
    # 1 session, 2 user, 3 memberships, 4 household (+scheme, terms), 5 current checks (+verifier),
    # 6 the household's carers, 7 earlier checks (+carer, verifier), 8 the documents of every check
    # shown (+who added them; the latest version as subqueries), 9 the access-log row
    with django_assert_num_queries(9):
        response = client_coordinator_a.get(url)
    document = Document.objects.get(title="Certificate 0")
    assert response.content.decode().count(detail_url(document)) == 1

    _checks_with_documents(household_x, coordinator_a, range(1, 5))
    # A renewal of the first check makes it an earlier record, whose documents show too.
    first = household_x.checks.get(title="Course 0")
    carer_services.check_record(
        household_id=household_x.pk,
        by=coordinator_a,
        check_type="awareness",
        title="Course 0",
        carer=first.carer,
        done_on=date(2025, 1, 1),
    )
    with django_assert_num_queries(9):
        response = client_coordinator_a.get(url)
    page = response.content.decode()
    assert all(f"Certificate {n}" in page and f"Letter {n}" in page for n in range(5))


def test_the_terms_tab_reads_documents_in_one_query_however_many(
    client_coordinator_a, coordinator_a, household_x
):
    url = reverse("carers:household_terms", args=[household_x.pk])
    decisions = [PanelDecisionFactory(household=household_x, recorded_by=coordinator_a) for _ in range(4)]
    add_document(decisions[0], coordinator_a, kind=DocumentKind.PANEL_PAPERS, title="Papers 0")
    one = _queries(client_coordinator_a, url)
    for n, decision in enumerate(decisions[1:], start=1):
        add_document(decision, coordinator_a, kind=DocumentKind.PANEL_PAPERS, title=f"Papers {n}")
        add_document(decision, coordinator_a, kind=DocumentKind.PANEL_MINUTES, title=f"Minutes {n}")
    assert _queries(client_coordinator_a, url) == one


def test_the_person_page_reads_documents_in_one_query_however_many(
    client_coordinator_a, coordinator_a, person_p, referral_p
):
    url = person_p.get_absolute_url()
    add_document(referral_p, coordinator_a, kind=DocumentKind.ASSESSMENT, title="Assessment 0")
    one = _queries(client_coordinator_a, url)
    add_document(person_p, coordinator_a, kind=DocumentKind.CONSENT, title="Consent")
    for n in range(1, 4):
        referral = ReferralFactory(person=person_p, status=ReferralStatus.CLOSED, closed_reason="withdrawn")
        add_document(referral, coordinator_a, kind=DocumentKind.ASSESSMENT, title=f"Assessment {n}")
        add_document(referral, coordinator_a, kind=DocumentKind.CARE_PLAN, title=f"Care plan {n}")
    assert _queries(client_coordinator_a, url) == one
    page = client_coordinator_a.get(url).content.decode()
    assert all(f"Assessment {n}" in page for n in range(4))
