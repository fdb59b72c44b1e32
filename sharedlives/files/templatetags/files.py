from django import template
from django.urls import reverse
from django.utils.html import format_html

from .. import registry
from ..selectors import documents_by_record

register = template.Library()


@register.simple_tag
def photo_img(photo, size="display", css="", alt=None):
    """An <img> of a photo at one of its fixed sizes, with its words as alt text."""
    if not photo:
        return ""
    if size == "thumb":
        width = height = 240
    else:
        width, height = photo.width, photo.height
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="{}" loading="lazy">',
        reverse("files:photo", args=[photo.pk, size]),
        photo.alt_text if alt is None else alt,
        width,
        height,
        css,
    )


@register.simple_tag
def photo_thumb_url(photo_id):
    return reverse("files:photo", args=[photo_id, "thumb"]) if photo_id else ""


@register.inclusion_tag("files/documents_panel.html", takes_context=True)
def documents_panel(context, record, documents=None, heading="Documents", level=2):
    """The documents attached to `record`, with a way to add one for those who may. Pass
    `documents` (from selectors.documents_by_record) on pages that show several records."""
    user = context["request"].user
    owner = registry.owner_for(record)
    if documents is None:
        documents = documents_by_record(type(record), [record.pk]).get(record.pk, [])
    return {
        "record": record,
        "owner": owner,
        "documents": documents,
        "may_see": owner.sees_documents(user, record),
        "may_change": owner.changes_documents(user, record),
        "heading": heading,
        "level": level,
        "add_url": reverse("files:document_add", args=[owner.key, record.pk]),
    }
