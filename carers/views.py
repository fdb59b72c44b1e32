from django.shortcuts import render

from sharedlives.accounts.access import kind_required
from sharedlives.accounts.models import User


@kind_required(User.Kind.CARER)
def home(request):
    """The carer's home page: their household, approval terms and checks."""
    return render(request, "carers/home.html")
