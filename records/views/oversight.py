"""Staff oversight of life in the households: the alerts, the month's sample of a household's
notes to read, and the scheme's settings."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from carers.models import Household
from sharedlives.accounts.access import managed_schemes, manager_required, scheme_chosen, staff_required
from sharedlives.audit.services import access_records

from .. import alerts, oversight, services
from ..forms.oversight import AlertFilterForm, NoteReadForm, RecordsSettingsForm
from ..models import NoteReading, RecordsSettings
from ..services.oversight import note_mark_read

ALERTS_PAGE = 50


@staff_required
def alert_list(request):
    """The alerts of the user's schemes, oldest first (one query), and the households whose notes
    are to be sampled this month."""
    user = request.user
    form = AlertFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    found = alerts.alerts(user.staff_scheme_ids)
    shown = [a for a in found if not kind or a.kind == kind]
    page = Paginator(shown, ALERTS_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    households = list(oversight.households_to_sample(user.staff_scheme_ids, today.year, today.month))
    targets = {
        s.scheme_id: s.samples_per_month
        for s in RecordsSettings.objects.filter(scheme_id__in=user.staff_scheme_ids)
    }
    default = RecordsSettings._meta.get_field("samples_per_month").default
    for household in households:
        household.sample_target = min(targets.get(household.scheme_id, default), household.notes_in_month)
    return render(
        request,
        "records/oversight/alerts.html",
        {
            "form": form,
            "page": page,
            "kind": kind,
            "kind_options": [
                ("", "Every alert", len(found)),
                *((k, label, sum(1 for a in found if a.kind == k)) for k, label in alerts.KINDS.items()),
            ],
            "query": f"kind={kind}" if kind else "",
            "households": households,
            "today": today,
            "is_manager": user.is_manager,
        },
    )


def _get_household(user, pk: int) -> Household:
    return get_object_or_404(Household.objects.filter(scheme_id__in=user.staff_scheme_ids), pk=pk)


def _sample_page(request, household, *, failed=None, status=200):
    user, today = request.user, timezone.localdate()
    notes = list(
        oversight.month_sample(
            household, today.year, today.month, oversight.sample_target(household.scheme_id)
        )
    )
    readings = {
        r.note_id: r
        for r in NoteReading.objects.filter(note__in=notes).select_related("read_by").order_by("read_at")
    }
    rows, unplaced = [], failed
    for note in notes:
        form = None
        if failed is not None and str(failed["note"].value()) == str(note.pk) and note.pk not in readings:
            form, unplaced = failed, None
        rows.append(
            {
                "note": note,
                "reading": readings.get(note.pk),
                "form": form or NoteReadForm(initial={"note": note.pk}),
            }
        )
    if notes:
        access_records(
            user=user, objs=list({n.person_id: n.person for n in notes}.values()), page="records sample"
        )
    return render(
        request,
        "records/oversight/sample.html",
        {"household": household, "rows": rows, "today": today, "error_form": unplaced},
        status=status,
    )


@staff_required
def household_sample(request, pk):
    """This month's sample of the household's notes, each to be marked read with a comment."""
    return _sample_page(request, _get_household(request.user, pk))


@require_POST
@staff_required
def household_sample_read(request, pk):
    household = _get_household(request.user, pk)
    form = NoteReadForm(request.POST)
    if form.is_valid():
        note_id = form.cleaned_data["note"]
        today = timezone.localdate()
        sample = oversight.month_sample(
            household, today.year, today.month, oversight.sample_target(household.scheme_id)
        )
        if not any(n.pk == note_id for n in sample):
            form.add_error(None, "That note is not in this month's sample of the household.")
        else:
            try:
                note_mark_read(
                    note_id=note_id, by=request.user, comment=form.cleaned_data["comment"], sampled=True
                )
            except services.RecordsError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "The note is marked as read.")
                return redirect("records:household_sample", pk=household.pk)
    return _sample_page(request, household, failed=form, status=400)


@manager_required
def settings_update(request):
    """A scheme's rules for living-together records. Managers of several schemes choose (`?scheme=`)."""
    schemes = managed_schemes(request.user)
    scheme = scheme_chosen(request, schemes)
    settings = RecordsSettings.for_scheme(scheme.pk)
    form = RecordsSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.instance.scheme = scheme
        form.save()
        messages.success(request, f"The living-together settings of {scheme.name} are saved.")
        return redirect(reverse("records:settings") + f"?scheme={scheme.pk}")
    return render(
        request,
        "records/oversight/settings.html",
        {"form": form, "scheme": scheme, "schemes": schemes, "saved": settings.pk is not None},
    )
