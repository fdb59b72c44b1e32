"""Photos where people choose: a carer adds a photo, staff approve it, and only then do the person
and their family see it on their proposal pages; a person's own photo reaches the carer only from
introductions on. Every photo is served by its view, to those it concerns, without its metadata."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carers.models import CarerSettings, Household
from matching import services as matching_services
from reports import dashboard
from sharedlives.files import services as files
from sharedlives.files.forms import PhotoForm
from sharedlives.files.models import Photo, PhotoStatus
from tests.carers.factories import HouseholdFactory, matchable_household
from tests.carers.test_queries import _households
from tests.matching.conftest import *  # noqa: F403  (a proposal of household X to P, the personas)
from tests.matching.conftest import to_introductions

from .images import exif_of, jpeg_with_gps, upload

GARDEN = "Our garden with the apple tree"


def _photos_url(household):
    return reverse("files:photos", args=["household", household.pk])


def _post_photo(client, owner_key, owner, alt_text, **extra):
    data = {"photo": upload(jpeg_with_gps(), "IMG_0001.JPG", "image/jpeg"), "alt_text": alt_text, **extra}
    return client.post(reverse("files:photos", args=[owner_key, owner.pk]), data)


def _file(photo, size="display"):
    return reverse("files:photo", args=[photo.pk, size])


def _page(client, name, proposal) -> str:
    response = client.get(reverse(name, args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _small_photo(owner, by, alt_text):
    """A photo added by `by` through the service (staff's are approved as they are added)."""
    return files.photo_add(
        owner_obj=owner, upload=upload(jpeg_with_gps((64, 48)), "p.jpg"), alt_text=alt_text, by=by
    )


@pytest.fixture
def uploaded(client_carer, household_x, proposal):
    """Carer X adds a photo of their garden through the photos page, while X is proposed to P."""
    response = _post_photo(client_carer, "household", household_x, GARDEN)
    assert response.status_code == 302
    return Photo.objects.get(alt_text=GARDEN)


# --- A household's photo: waiting, approved, hidden --------------------------------------------


def test_a_carers_photo_waits_for_the_scheme_and_nobody_else_sees_it_meanwhile(
    uploaded, proposal, client_carer, client_person, client_family_without_authority
):
    assert uploaded.status == PhotoStatus.PENDING
    for client, page in (
        (client_person, "matching:person_proposal"),
        (client_family_without_authority, "matching:family_proposal"),
    ):
        html = _page(client, page, proposal)
        assert GARDEN not in html and _file(uploaded) not in html
        assert client.get(_file(uploaded)).status_code == 404
        assert client.get(_file(uploaded, "thumb")).status_code == 404
    # The carers themselves see it, marked as waiting, on their own household page.
    html = client_carer.get(reverse("carers:my_household")).content.decode()
    assert GARDEN in html and "Waiting for the scheme to check" in html
    assert _photos_url(uploaded.owner) in html


def test_once_approved_the_photo_is_on_the_person_and_family_pages_and_served_without_its_exif(
    uploaded, proposal, client_coordinator_a, client_person, client_family_without_authority
):
    response = client_coordinator_a.post(reverse("files:photo_approve", args=[uploaded.pk]))
    assert response.status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.status == PhotoStatus.APPROVED
    for client, page, listing in (
        (client_person, "matching:person_proposal", "matching:person_proposals"),
        (client_family_without_authority, "matching:family_proposal", "matching:family_proposals"),
    ):
        html = _page(client, page, proposal)
        assert f'src="{_file(uploaded)}" alt="{GARDEN}"' in html
        assert "{#" not in html and "{% " not in html  # no template comment shows as text
        # Its main photo, as a thumbnail, on the list of proposals too.
        assert (
            f'src="{_file(uploaded, "thumb")}" alt="{GARDEN}"'
            in client.get(reverse(listing)).content.decode()
        )
        served = client.get(_file(uploaded))
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
        data = b"".join(served.streaming_content)
        exif, info = exif_of(data)
        assert exif == {} and "exif" not in info
        assert b"PhoneMaker" not in data  # the camera's make went with the rest of the EXIF


def test_a_hidden_photo_is_gone_again_from_the_person_and_family(
    uploaded,
    proposal,
    coordinator_a,
    client_coordinator_a,
    client_person,
    client_family_without_authority,
    client_carer,
):
    files.photo_approve(photo_id=uploaded.pk, by=coordinator_a)
    assert GARDEN in _page(client_person, "matching:person_proposal", proposal)
    response = client_coordinator_a.post(
        reverse("files:photo_hide", args=[uploaded.pk]), {"reason": "A neighbour's house number shows"}
    )
    assert response.status_code == 302
    for client, page in (
        (client_person, "matching:person_proposal"),
        (client_family_without_authority, "matching:family_proposal"),
    ):
        assert GARDEN not in _page(client, page, proposal)
        assert client.get(_file(uploaded)).status_code == 404
    # The carers still see it, with why it was hidden.
    html = client_carer.get(reverse("carers:my_household")).content.decode()
    assert "Hidden by the scheme" in html and "A neighbour&#x27;s house number shows" in html


def test_without_photos_the_profile_keeps_its_initials(proposal, client_person):
    html = _page(client_person, "matching:person_proposal", proposal)
    assert 'class="avatar"' in html and "profile-photos" not in html


def test_outsiders_get_a_404_for_an_approved_photo_and_anonymous_visitors_the_sign_in_page(
    household_x,
    household_y,
    coordinator_a,
    proposal,
    client_carer_y,
    client_family_of_q,
    client_coordinator_b,
    anon_client,
    client_person,
):
    photo = _small_photo(household_x, coordinator_a, GARDEN)
    assert photo.status == PhotoStatus.APPROVED
    assert client_person.get(_file(photo)).status_code == 200  # P, to whom X is proposed
    for outsider in (client_carer_y, client_family_of_q, client_coordinator_b):
        assert outsider.get(_file(photo)).status_code == 404
        assert outsider.get(_file(photo, "thumb")).status_code == 404
    response = anon_client.get(_file(photo))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_household_only_in_a_draft_is_not_shown_to_the_person(
    referral_p, coordinator_a, scheme_a, client_person
):
    household = matchable_household(scheme_a, by=coordinator_a, name="Only a draft")
    matching_services.proposal_create(referral_id=referral_p.pk, household_id=household.pk, by=coordinator_a)
    photo = _small_photo(household, coordinator_a, "The draft's kitchen")
    assert client_person.get(_file(photo)).status_code == 404


# --- The person's own photo and the carer --------------------------------------------------------


def test_the_persons_photo_reaches_the_carer_only_from_introductions_on(
    proposal, person_p, client_coordinator_a, client_carer, carer_user, person_user
):
    response = _post_photo(
        client_coordinator_a, "person", person_p, "Pat at the seaside", consent="Pat agreed, in person"
    )
    assert response.status_code == 302
    photo = Photo.objects.get(alt_text="Pat at the seaside")
    assert photo.status == PhotoStatus.APPROVED  # added by staff, with who agreed to it

    assert proposal.status == "proposed"
    html = _page(client_carer, "matching:carer_proposal", proposal)
    assert "Pat at the seaside" not in html and _file(photo) not in html
    assert _file(photo, "thumb") not in client_carer.get(reverse("matching:carer_proposals")).content.decode()
    assert client_carer.get(_file(photo)).status_code == 404

    to_introductions(proposal, carer=carer_user, person=person_user)
    assert proposal.status == "introductions"
    html = _page(client_carer, "matching:carer_proposal", proposal)
    assert f'src="{_file(photo)}" alt="Pat at the seaside"' in html
    assert _file(photo, "thumb") in client_carer.get(reverse("matching:carer_proposals")).content.decode()
    served = client_carer.get(_file(photo))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_another_carer_never_gets_the_persons_photo(
    proposal, person_p, coordinator_a, client_carer_y, carer_user, person_user
):
    photo = files.photo_add(
        owner_obj=person_p,
        upload=upload(jpeg_with_gps((64, 48)), "pat.jpg"),
        alt_text="Pat",
        consent="Pat agreed",
        by=coordinator_a,
    )
    to_introductions(proposal, carer=carer_user, person=person_user)
    assert client_carer_y.get(_file(photo)).status_code == 404


# --- Arranging the photos, and the limit ----------------------------------------------------------


def test_carers_put_their_photos_in_order_and_choose_the_main_one(
    household_x, carer_user, coordinator_a, client_carer, proposal, client_person
):
    first, second, third = (_small_photo(household_x, carer_user, words) for words in ("One", "Two", "Three"))
    assert first.is_main and first.status == PhotoStatus.PENDING

    assert client_carer.post(reverse("files:photo_move", args=[third.pk, "up"])).status_code == 302
    assert client_carer.post(reverse("files:photo_main", args=[second.pk])).status_code == 302
    order = list(Photo.objects.of(household_x).order_by("position").values_list("alt_text", flat=True))
    assert order == ["One", "Three", "Two"]
    assert Photo.objects.get(is_main=True, owner_id=household_x.pk).pk == second.pk

    for photo in (first, second, third):
        files.photo_approve(photo_id=photo.pk, by=coordinator_a)
    html = _page(client_person, "matching:person_proposal", proposal)
    # The main photo first, then the others in the order the carers chose.
    places = [html.index(f'src="{_file(p)}"') for p in (second, first, third)]
    assert places == sorted(places)
    assert 'class="profile-photo-main"' in html


def test_the_next_photo_past_the_households_limit_is_refused_next_to_the_field(
    household_x, scheme_a, carer_user, client_carer
):
    CarerSettings.objects.update_or_create(scheme=scheme_a, defaults={"max_photos": 2})
    _small_photo(household_x, carer_user, "One")
    _small_photo(household_x, carer_user, "Two")
    response = _post_photo(client_carer, "household", household_x, "Three")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error_1_id_photo"' in html
    assert "There can be up to 2 photos here. Take one down before adding another." in html
    assert Photo.objects.of(household_x).count() == 2


def test_the_photo_field_lets_a_phone_offer_its_camera(client_carer, household_x):
    assert "image/*" in PhotoForm().fields["photo"].widget.attrs["accept"]
    html = client_carer.get(_photos_url(household_x)).content.decode()
    assert 'accept="image/*,image/jpeg,image/png,image/webp"' in html


# --- Staff pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("with_photos", [1, 8])
def test_the_registry_shows_main_photos_in_the_same_number_of_queries(
    client_coordinator_a, coordinator_a, scheme_a, with_photos, django_assert_num_queries
):
    _households(scheme_a, coordinator_a, 10)
    households = list(Household.objects.filter(scheme=scheme_a).order_by("pk"))
    for household in households[:with_photos]:
        _small_photo(household, coordinator_a, f"The home of {household.name}")
    url = reverse("carers:household_list")
    client_coordinator_a.get(url)
    # As tests/carers/test_queries.py: 1 session, 2 user, 3 memberships, 4 count of households,
    # 5 the page of households (the main photo's id a subquery of it), 6 their carers.
    with django_assert_num_queries(6):
        response = client_coordinator_a.get(url)
    html = response.content.decode()
    assert html.count('width="48" height="48" class="photo-mini"') == with_photos
    for household in households[:with_photos]:
        photo = Photo.objects.of(household).get()
        assert f'src="{_file(photo, "thumb")}" alt=""' in html


def test_a_waiting_photo_is_not_the_registrys_thumbnail(client_coordinator_a, household_x, carer_user):
    waiting = _small_photo(household_x, carer_user, "Not checked yet")
    html = client_coordinator_a.get(reverse("carers:household_list")).content.decode()
    assert _file(waiting, "thumb") not in html


def test_the_candidates_page_shows_each_households_main_photo(
    client_coordinator_a, referral_p, household_x, coordinator_a
):
    photo = _small_photo(household_x, coordinator_a, GARDEN)
    html = client_coordinator_a.get(reverse("matching:candidates", args=[referral_p.pk])).content.decode()
    assert f'src="{_file(photo, "thumb")}" alt=""' in html


def test_the_dashboard_counts_the_photos_waiting_as_the_queue_lists_them(
    scheme_a, scheme_b, household_x, carer_user, coordinator_a, coordinator_b, client_coordinator_a
):
    waiting = _small_photo(household_x, carer_user, "Waiting")
    _small_photo(household_x, coordinator_a, "Approved as added")
    hidden = _small_photo(household_x, carer_user, "Hidden")
    files.photo_hide(photo_id=hidden.pk, reason="Blurred", by=coordinator_a)
    taken_down = _small_photo(household_x, carer_user, "Taken down")
    files.photo_remove(photo_id=taken_down.pk, by=carer_user)
    other_scheme = HouseholdFactory(scheme=scheme_b)
    files.photo_add(
        owner_obj=other_scheme,
        upload=upload(jpeg_with_gps((64, 48)), "b.jpg"),
        alt_text="B",
        by=coordinator_b,
    )
    Photo.objects.filter(owner_id=other_scheme.pk).update(status=PhotoStatus.PENDING, reviewed_by=None)

    queue = client_coordinator_a.get(reverse("files:photo_queue"))
    listed = [photo for photo, _owner in queue.context["rows"]]
    assert listed == [waiting]
    assert dashboard.totals(coordinator_a, today=timezone.localdate())["photos_waiting"] == len(listed) == 1
    html = client_coordinator_a.get(reverse("staff_dashboard")).content.decode()
    assert reverse("files:photo_queue") in html and "1 photo carers have added is waiting" in html


# --- Lists of proposals stay at a fixed number of queries -----------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_proposal_lists_show_main_photos_in_a_fixed_number_of_queries(
    proposal, referral_p, household_x, scheme_a, coordinator_a, client_person, client_family_without_authority
):
    _small_photo(household_x, coordinator_a, GARDEN)
    urls = [
        (client_person, reverse("matching:person_proposals")),
        (client_family_without_authority, reverse("matching:family_proposals")),
    ]
    before = [_queries(client, url) for client, url in urls]
    for n in range(3):
        household = matchable_household(scheme_a, by=coordinator_a, name=f"More {n}", carers=2)
        _small_photo(household, coordinator_a, f"Home {n}")
        draft = matching_services.proposal_create(
            referral_id=referral_p.pk, household_id=household.pk, by=coordinator_a
        )
        matching_services.proposal_send(proposal_id=draft.pk, by=coordinator_a)
    after = [_queries(client, url) for client, url in urls]
    assert after == before
    html = client_person.get(urls[0][1]).content.decode()
    assert html.count('class="photo-list-thumb"') == 4
