"""Links into the records from pages of the apps below records (carers, people), which cannot
import it: the carer's home page loads these tags instead. Each tag makes a fixed number of queries."""

from django import template

from ..access import carer_arrangements

register = template.Library()


@register.inclusion_tag("records/support/includes/people_you_support.html", takes_context=True)
def people_you_support(context):
    """The people whose support is open to the signed-in carer, each once, with a link to their
    "Supporting" page. One query."""
    arrangements = (
        carer_arrangements(context["request"].user)
        .select_related("person")
        .only("person__id", "person__first_name", "person__preferred_name")
        .order_by("person__first_name", "person__preferred_name", "person_id")
    )
    people = {a.person_id: a.person for a in arrangements}
    return {"people": list(people.values())}
