from django import template

from sharedlives import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def record_panels(context, obj):
    """The panels other apps add to this record's page, for the signed-in reader (sharedlives.panels)."""
    return panels.render(context["request"].user, obj)
