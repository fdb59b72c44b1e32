"""Photos and documents in S3-compatible object storage, end to end: moto's S3 server runs in this
process, private storage points at it as sharedlives/settings.py does for FILES_S3_*, and files go
up and come back through the real views (and the subject access export), then leave the bucket
when a retention decision destroys the person they belong to."""

import io
import socket
import threading
import uuid
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Referral, ReferralStatus
from sharedlives.audit.models import DestructionRecord
from sharedlives.files.models import DocumentVersion, Photo
from tests.carers.conftest import *  # noqa: F403
from tests.files.images import exif_of, jpeg_with_gps, pdf, upload
from tests.people.factories import PersonFactory, ReferralFactory

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")

REGION = "eu-west-2"
PREFIX = "files"
START_TIMEOUT = 20  # seconds


@dataclass
class Bucket:
    client: object
    name: str

    def keys(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def body(self, stored_name: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=f"{PREFIX}/{stored_name}")["Body"].read()

    def grants(self, key: str) -> list[dict]:
        return self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """The address of an S3-compatible server running in a thread of this process; the tests are
    skipped, saying why, if it cannot start."""
    try:
        port = _free_port()
    except OSError as e:
        pytest.skip(f"moto's S3 server cannot start: no local port can be bound ({e})")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    # start() waits for the server without a time limit, and forever if it fails in its thread.
    starter = threading.Thread(target=server.start, daemon=True)
    starter.start()
    starter.join(START_TIMEOUT)
    if starter.is_alive():
        pytest.skip(f"moto's S3 server did not start on 127.0.0.1:{port} within {START_TIMEOUT} seconds")
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new, empty bucket, and private storage pointed at it with the options settings.py builds."""
    # The test talks to its own server only: no credentials, profile or proxy of the machine's.
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    name = f"sharedlives-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "region_name": REGION,
                "endpoint_url": s3_endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "location": PREFIX,
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
    }
    return Bucket(client, name)


def _streamed(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


@pytest.fixture
def dora(scheme_a):
    """A person due for review: her only referral closed ten years ago."""
    person = PersonFactory(scheme=scheme_a, first_name="Dora", last_name="Done")
    referral = ReferralFactory(person=person, status=ReferralStatus.CLOSED, closed_reason="withdrawn")
    Referral.objects.filter(pk=referral.pk).update(status_changed_at=timezone.now() - timedelta(days=3660))
    return person


def test_files_go_to_the_bucket_come_back_through_the_views_and_leave_with_the_record(
    bucket,
    client_coordinator_a,
    client_carer,
    client_manager_a,
    household_x,
    dora,
    django_capture_on_commit_callbacks,
):
    document_bytes = pdf().replace(b"%%EOF", b"% Dora's consent\n%%EOF")

    # Staff attach a document to Dora's record, and her photo; carer X adds a photo of their home.
    response = client_coordinator_a.post(
        reverse("files:document_add", args=["person", dora.pk]),
        {"kind": "consent", "title": "Consent to share", "file": upload(document_bytes, "consent.pdf")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client_coordinator_a.post(
        reverse("files:photos", args=["person", dora.pk]),
        {"photo": upload(jpeg_with_gps(), "dora.jpg"), "alt_text": "Dora smiling", "consent": "Dora agreed"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client_carer.post(
        reverse("files:photos", args=["household", household_x.pk]),
        {"photo": upload(jpeg_with_gps(), "kitchen.jpg"), "alt_text": "Our kitchen"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    version = DocumentVersion.objects.get(document__title="Consent to share")
    dora_photo = Photo.objects.of(dora).get()
    home_photo = Photo.objects.of(household_x).get()
    dora_keys = {
        f"{PREFIX}/{n}" for n in (version.stored_name, dora_photo.display_name, dora_photo.thumbnail_name)
    }
    home_keys = {f"{PREFIX}/{n}" for n in (home_photo.display_name, home_photo.thumbnail_name)}
    assert bucket.keys() == dora_keys | home_keys  # in the bucket, and nowhere else
    assert "consent" not in version.stored_name and "kitchen" not in home_photo.display_name
    # Private objects: nobody but the bucket's owner is granted anything.
    for key in dora_keys | home_keys:
        grants = bucket.grants(key)
        assert grants and all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants), grants

    # Back through the views: the document as it was uploaded, the photos as re-encoded JPEGs.
    document = client_coordinator_a.get(reverse("files:document_download", args=[version.pk]))
    assert _streamed(document) == document_bytes == bucket.body(version.stored_name)
    assert document["Content-Disposition"].startswith("attachment")
    photo = client_carer.get(reverse("files:photo", args=[home_photo.pk, "display"]))
    photo_bytes = _streamed(photo)
    assert photo["Content-Type"] == "image/jpeg" and photo_bytes[:3] == b"\xff\xd8\xff"
    assert photo_bytes == bucket.body(home_photo.display_name)
    exif, info = exif_of(photo_bytes)
    assert exif == {} and "exif" not in info  # no camera, no GPS position of the carer's home
    staff_view = client_coordinator_a.get(reverse("files:photo", args=[dora_photo.pk, "thumb"]))
    assert _streamed(staff_view) == bucket.body(dora_photo.thumbnail_name)

    # Her subject access export carries the document and the photo, read back from the bucket.
    export = zipfile.ZipFile(
        io.BytesIO(client_manager_a.get(reverse("audit:person_export", args=[dora.pk])).content)
    )
    assert export.read(f"files/person-{dora.pk}/consent-to-share-v1.pdf") == document_bytes
    assert export.read(f"files/person-{dora.pk}/photo-{dora_photo.pk}.jpg") == bucket.body(
        dora_photo.display_name
    )

    # A manager destroys Dora's record on a retention decision: her objects leave the bucket.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_manager_a.post(
            reverse("audit:destroy", args=["people.person", dora.pk]),
            {"reason": "Retention passed; reviewed at records meeting.", "confirm": "on"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert bucket.keys() == home_keys  # the household's photo is not hers: it stays
    assert DestructionRecord.objects.get(object_id=dora.pk).destroyed["files"] == 2
