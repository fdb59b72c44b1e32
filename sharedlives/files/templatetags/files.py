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


@register.simple_tag
def photo_thumb(photo, px=48, css="", alt=""):
    """A small square <img> of a photo's thumbnail, `px` pixels wide and high. `photo` is a Photo or
    a photo's id (an annotation such as selectors.main_photo_id: no query). The alt text is empty
    by default, for lists where the name of what it shows is beside it; pass words otherwise."""
    if not photo:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="{}" loading="lazy">',
        reverse("files:photo", args=[getattr(photo, "pk", photo), "thumb"]),
        alt,
        px,
        px,
        css,
    )


@register.inclusion_tag("files/documents_panel.html", takes_context=True)
def documents_panel(
    context, record, documents=None, heading="Documents", level=2, layout="section", anchor=None
):
    """The documents attached to `record`, with a way to add one for those who may; nothing for
    anyone who may not see them.

    Pass `documents` (from selectors.documents_by_record(s)) on pages that show several records, so
    that they are read in one query for all; without it the tag reads the record's own (one query).
    `layout="cell"` draws only the list and the link, for a table cell whose column names it.
    `anchor` is the id of the panel: give "documents" to the panel of the record the page is about
    (adding or removing a document comes back to `#documents`); others get one of their own."""
    user = context["request"].user
    owner = registry.owner_for(record)
    may_see = owner.sees_documents(user, record)
    if documents is None:
        documents = documents_by_record(type(record), [record.pk])[record.pk] if may_see else []
    return {
        "record": record,
        "owner": owner,
        "documents": documents,
        "may_see": may_see,
        "may_change": may_see and owner.changes_documents(user, record),
        "heading": heading,
        "level": level,
        "layout": layout,
        "anchor": anchor or f"documents-{owner.key}-{record.pk}",
        "add_url": reverse("files:document_add", args=[owner.key, record.pk]),
    }
