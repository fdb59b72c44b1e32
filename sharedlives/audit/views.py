"""Managers' audit pages: search the audit, records due for review, destroying one on a recorded
decision, and the subject access export. Each page is for managers, scoped to the schemes they manage."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from sharedlives.accounts.access import manager_required

from . import registry, retention
from .export import person_subject_access_zip
from .forms import AuditSearchForm, DestroyForm
from .models import DestructionRecord
from .selectors import AuditQuery, audit_entries, describe
from .services import access_record

PAGE_SIZE = 50


SEARCH_KEY = "audit_search"


@manager_required
def search(request):
    """Who looked at which record and every security event (sign-ins, failures, refused pages),
    in the schemes the manager manages, searched by person, user, date and kind.

    Names typed into the search are posted and kept in the session, never put in the address:
    the address holds the page number only.
    """
    if request.method == "POST" and "clear" in request.POST:
        request.session.pop(SEARCH_KEY, None)
        return redirect("audit:search")
    if request.method == "POST":
        form = AuditSearchForm(request.POST)
        if form.is_valid():
            request.session[SEARCH_KEY] = {name: request.POST.get(name, "") for name in form.fields}
            return redirect("audit:search")
    else:
        form = AuditSearchForm(request.session.get(SEARCH_KEY) or None)
    if not form.is_bound:
        entries = audit_entries(request.user, AuditQuery())
    elif form.is_valid():
        entries = audit_entries(request.user, AuditQuery(**form.cleaned_data))
    else:
        entries = []
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "audit/search.html", {"form": form, "page": page, "entries": describe(page.object_list)}
    )


@manager_required
def retention_list(request):
    """Records whose retention period has passed, for a decision; and the records destroyed so far."""
    due = retention.due_for_review(request.user)
    destroyed = DestructionRecord.objects.for_user(request.user).select_related("decided_by")[:100]
    return render(
        request,
        "audit/retention.html",
        {"due": due, "destroyed": destroyed, "rules": retention.RULES.values()},
    )


@manager_required
def destroy(request, record_type, pk):
    """Record the decision to destroy one record that is due, and destroy it."""
    due = retention.get_due_record(request.user, record_type, pk)
    if due is None:
        raise Http404
    form = DestroyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = retention.record_destroy(
                record_type=record_type, object_id=pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except retention.RetentionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{record.description} is destroyed. The decision is kept below.")
            return redirect("audit:retention")
    rows = retention.collect(due.obj)
    counts = sorted((str(m._meta.verbose_name_plural).capitalize(), len(pks)) for m, pks in rows.items())
    return render(request, "audit/destroy.html", {"form": form, "due": due, "counts": counts})


@manager_required
def person_export(request, pk):
    """Everything held about one person, as a zip file (subject access request). The export is logged."""
    person = registry.ask("person_for_user")(request.user, pk)
    if not request.user.is_manager_of(person.scheme_id):
        raise PermissionDenied
    body = person_subject_access_zip(person, by=request.user)
    access_record(user=request.user, obj=person, page="subject access export")
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-person-{person.pk}.zip"'
    return response
