"""Upload forms. Only the first, cheap checks are here (a file was chosen, its size); what the file
really is, is decided by content.py when the service stores it, and shown against the file field."""

from django import forms
from django.conf import settings

from .models import Photo

# "image/*" as well as the types kept: some phones offer their camera only for it. What the photo
# really is, is still read from its content (content.py), whatever the browser let through.
PHOTO_ACCEPT = "image/*,image/jpeg,image/png,image/webp"
DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.doc,.docx,.odt"


class UploadField(forms.FileField):
    def __init__(self, *, accept: str, **kwargs):
        kwargs.setdefault("help_text", f"Up to {settings.FILES_MAX_UPLOAD_MB} MB.")
        super().__init__(widget=forms.ClearableFileInput(attrs={"accept": accept}), **kwargs)


class PhotoForm(forms.Form):
    photo = UploadField(
        accept=PHOTO_ACCEPT,
        label="Photo",
        help_text=f"A JPEG, PNG or WebP photo, up to {settings.FILES_MAX_UPLOAD_MB} MB. On a phone you can "
        "take one with the camera. Where it was taken is removed from the photo.",
    )
    alt_text = forms.CharField(
        label=Photo._meta.get_field("alt_text").verbose_name,
        max_length=250,
        help_text=Photo._meta.get_field("alt_text").help_text,
    )

    def __init__(self, *args, needs_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_consent:
            field = Photo._meta.get_field("consent")
            self.fields["consent"] = forms.CharField(
                label=field.verbose_name, max_length=300, help_text=field.help_text
            )


class AltTextForm(forms.Form):
    alt_text = PhotoForm.base_fields["alt_text"]


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why hide it", max_length=300, help_text="Kept with the photo; the carers see it."
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="What it is")
    title = forms.CharField(max_length=200, help_text="For example 'Enhanced DBS certificate, Priya Shah'.")
    file = UploadField(
        accept=DOCUMENT_ACCEPT,
        label="File",
        help_text=f"A PDF, a scan (JPEG or PNG), a Word or an OpenDocument file, up to "
        f"{settings.FILES_MAX_UPLOAD_MB} MB.",
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose...")] + list(kinds)


class VersionForm(forms.Form):
    file = DocumentForm.base_fields["file"]


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why remove it",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the document's history. The file itself is kept until the record's "
        "retention ends.",
    )
