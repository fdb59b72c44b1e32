"""Refused pages are evidence too: someone signed in who is shown a 403 or a 404 is logged."""

from .models import SecurityEvent
from .services import security_event_record

REFUSED = (403, 404)


class RefusedAccessLogMiddleware:
    """Logs every 403 and 404 answered to a signed-in user: pages for another role, records that
    do not concern them (scoping answers 404), addresses that do not exist, failed CSRF checks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code in REFUSED and user is not None and user.is_authenticated:
            security_event_record(
                kind=SecurityEvent.Kind.REFUSED, request=request, user=user, status=response.status_code
            )
        return response
