"""Pieces every carers page uses."""

from django.shortcuts import render

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
