"""The regulator's notifications: the list (due first), one notification's draft with the form to
record that it was sent. For the scheme's managers and safeguarding leads only: a notification
carries a concern's facts. Other staff get 403 on the list and 404 on a notification."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sharedlives.accounts.access import staff_required
from sharedlives.audit.services import access_record

from .. import drafts, rules, services
from ..access import get_notification_for_user
from ..forms.notifications import NotificationFilterForm, NotificationSentForm
from ..models import Notification

PAGE_SIZE = 25


def _ensure_lead(user) -> None:
    if not user.safeguarding_scheme_ids:
        raise PermissionDenied


@staff_required
def notification_list(request):
    """Due notifications first, the longest due at the top, then those sent, the latest first."""
    _ensure_lead(request.user)
    form = NotificationFilterForm(request.GET or None, scheme_ids=request.user.safeguarding_scheme_ids)
    notifications = Notification.objects.for_user(request.user).select_related(
        "scheme", "incident", "concern", "sent_by"
    )
    if form.is_bound and form.is_valid():
        notifications = form.filter(notifications)
    notifications = notifications.order_by(F("sent_at").desc(nulls_first=True), "due_since", "pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    for notification in page.object_list:
        notification.form_name = rules.form_name(notification.regulator, notification.trigger)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "safeguarding/notifications/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _detail(request, notification: Notification, form: NotificationSentForm | None, draft: str, facts):
    person = notification.source.person
    if person is not None:
        access_record(user=request.user, obj=person, page="regulator notification")
    if notification.concern_id:
        access_record(user=request.user, obj=notification.concern, page="regulator notification")
    return render(
        request,
        "safeguarding/notifications/detail.html",
        {
            "notification": notification,
            "form_name": rules.form_name(notification.regulator, notification.trigger),
            "facts": facts,
            "draft": draft,
            "form": form,
        },
        status=200,
    )


def _draft(notification: Notification):
    facts = drafts.facts(notification)
    return facts, drafts.plain_text(facts)


@staff_required
def notification_detail(request, pk):
    """The facts the regulator's form asks for, the text to copy into it, and, until it is recorded
    as sent, the form to record when and how it went."""
    notification = get_notification_for_user(request.user, pk)
    facts, draft = _draft(notification)
    form = None if notification.sent_at else NotificationSentForm(draft=draft)
    return _detail(request, notification, form, draft, facts)


@require_POST
@staff_required
def notification_record_sent(request, pk):
    """Record that the notification was sent. Bad input is shown again with what was typed; nothing
    is saved. A notification already recorded as sent is refused with the service's sentence."""
    notification = get_notification_for_user(request.user, pk)
    facts, draft = _draft(notification)
    form = NotificationSentForm(request.POST, draft=draft)
    if form.is_valid():
        try:
            services.notification_record_sent(
                notification_id=notification.pk, by=request.user, **form.cleaned_data
            )
        except services.SafeguardingError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Recorded as sent: it is no longer due.")
            return redirect(notification)
    return _detail(request, notification, form, draft, facts)
