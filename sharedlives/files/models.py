"""Photos and documents, each attached to the record it belongs to (a household, a check, a panel
decision, a referral, an arrangement, a review, a person).

The bytes live in private storage (`storage.private()`); a row holds the name the storage gave
them, never a URL. The record a file belongs to is named by content type and id: this app is the
lowest layer and knows no other app's models. Who may see a file is the record's rule, which the
app holding the record registers (registry.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sharedlives import history
from sharedlives.db import choices_constraint


class PhotoStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    HIDDEN = "hidden", "Hidden"


class DocumentKind(models.TextChoices):
    DBS_CERTIFICATE = "dbs_certificate", "DBS certificate"
    REFERENCE = "reference", "Reference"
    MEDICAL_REPORT = "medical_report", "GP or medical report"
    INSURANCE_SCHEDULE = "insurance_schedule", "Insurance schedule"
    GAS_CERTIFICATE = "gas_certificate", "Gas safety certificate"
    HEALTH_SAFETY = "health_safety", "Home health and safety check"
    LANDLORD_PERMISSION = "landlord_permission", "Landlord or mortgage permission"
    TRAINING_CERTIFICATE = "training_certificate", "Training certificate"
    PANEL_PAPERS = "panel_papers", "Panel papers"
    PANEL_MINUTES = "panel_minutes", "Panel minutes"
    ASSESSMENT = "assessment", "Assessment"
    CARE_PLAN = "care_plan", "Care or support plan"
    SIGNED_AGREEMENT = "signed_agreement", "Signed agreement"
    REVIEW_NOTES = "review_notes", "Review notes"
    INCIDENT_REPORT = "incident_report", "Incident or safeguarding report"
    RECEIPT = "receipt", "Receipt"
    CONSENT = "consent", "Consent or authority"
    LETTER = "letter", "Letter or email"
    OTHER = "other", "Other"


class OwnedQuerySet(models.QuerySet):
    def of(self, obj):
        """The rows attached to the record `obj`."""
        return self.filter(owner_type=ContentType.objects.get_for_model(obj), owner_id=obj.pk)

    def of_many(self, model, ids):
        return self.filter(owner_type=ContentType.objects.get_for_model(model), owner_id__in=list(ids))


class Owned(models.Model):
    """The record a file is attached to, and the scheme it belongs to."""

    scheme = models.ForeignKey("accounts.Scheme", on_delete=models.PROTECT, related_name="+")
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.BigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")

    class Meta:
        abstract = True


class PhotoQuerySet(OwnedQuerySet):
    def approved(self):
        return self.filter(status=PhotoStatus.APPROVED)

    def shown(self):
        """Photos in the order the household chose, the main one first."""
        return self.order_by("-is_main", "position", "pk")


@history.track(exclude=["display_name", "thumbnail_name"])
class Photo(Owned):
    """A photo of a household (the carers, the home, the spare room, pets, the street) or of a person.

    Re-encoded at upload (`images.process_photo`): two fixed sizes, no metadata. People and
    families see it only once staff have approved it.
    """

    Status = PhotoStatus

    alt_text = models.CharField(
        "What the photo shows",
        max_length=250,
        help_text="In plain words, for people who cannot see it, e.g. 'Our kitchen, where we eat together'.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    position = models.PositiveSmallIntegerField(default=0)
    is_main = models.BooleanField("Main photo", default=False)
    consent = models.CharField(
        "Consent to the photo",
        max_length=300,
        blank=True,
        help_text="A person's photo: who agreed to it being taken and shown, and how.",
    )
    display_name = models.CharField(max_length=300, editable=False)
    thumbnail_name = models.CharField(max_length=300, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    bytes_removed = models.BooleanField(default=False, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-is_main", "position", "pk"]
        constraints = [
            choices_constraint("status", PhotoStatus),
            models.UniqueConstraint(
                fields=["owner_type", "owner_id"], condition=Q(is_main=True), name="files_photo_one_main"
            ),
            models.CheckConstraint(
                condition=~Q(status=PhotoStatus.HIDDEN) | ~Q(hidden_reason=""),
                name="files_photo_hidden_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["owner_type", "owner_id", "status"], name="files_photo_owner")]
        permissions = [("approve_photo", "Can approve or hide photos")]

    def __str__(self):
        return self.alt_text

    @property
    def is_approved(self) -> bool:
        return self.status == PhotoStatus.APPROVED

    def url(self, size: str = "display") -> str:
        return reverse("files:photo", args=[self.pk, size])

    @property
    def thumbnail_url(self) -> str:
        return self.url("thumb")


class DocumentQuerySet(OwnedQuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


@history.track()
class Document(Owned):
    """A file that evidences a record: a DBS certificate on a check, minutes on a panel decision.

    Uploading a new version keeps the earlier ones; removing it needs a reason and keeps the row
    (and its bytes, until a retention decision destroys them).
    """

    Kind = DocumentKind

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_reason = models.TextField(blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-pk"]
        constraints = [
            choices_constraint("kind", DocumentKind),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removed_reason=""),
                name="files_document_removed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="files_document_owner")]

    def __str__(self):
        return self.title

    @property
    def latest(self) -> "DocumentVersion | None":
        """The newest version; with `prefetch_related("versions")` no query."""
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


@history.track(exclude=["stored_name"])
class DocumentVersion(models.Model):
    """One uploaded file of a document. Never changed; a new upload is a new version."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    stored_name = models.CharField(max_length=300, editable=False)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    bytes_removed = models.BooleanField(default=False, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="files_documentversion_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="files_documentversion_number_positive"),
        ]

    def __str__(self):
        return f"{self.original_name} (version {self.number})"

    def get_absolute_url(self):
        return reverse("files:document_download", args=[self.pk])
