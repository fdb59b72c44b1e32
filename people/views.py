from django.shortcuts import render

from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User


@kind_required(User.Kind.PERSON)
def person_home(request):
    """The person's own page, in the easy-read layout."""
    return render(request, "people/person_home.html")


@kind_required(User.Kind.FAMILY)
def family_home(request):
    """A family member's or representative's home: the people they represent."""
    return render(request, "people/family_home.html")
