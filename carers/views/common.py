"""Pieces every carers page uses."""

from django.shortcuts import render

from sharedlives.search import SEARCH_FIELD

PAGE_SIZE = 25


def form_page(request, form, *, title, cancel_url, submit_label="Save", intro="", household=None):
    context = {
        "form": form,
        "title": title,
        "intro": intro,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        "household": household,
    }
    return render(request, "carers/form_page.html", context)


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop(SEARCH_FIELD, None)  # a name search is never carried in the address
    return query.urlencode()
