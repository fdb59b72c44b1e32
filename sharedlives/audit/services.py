"""Writing the evidence: record views and security events. Rows are never changed afterwards."""

from allauth.core.internal.httpkit import get_client_ip
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import validate_ipv46_address
from django.forms import ValidationError

from .models import AccessLog, SecurityEvent


def access_record(*, user, obj, page: str) -> AccessLog:
    """Log that `user` was shown `obj` on `page`. Call it from every view that shows a care record."""
    return AccessLog.objects.create(
        user=user,
        scheme_id=getattr(obj, "scheme_id", None),
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        page=page,
    )


def access_records(*, user, objs, page: str) -> list[AccessLog]:
    """Log that `user` was shown each of `objs` on `page`, as `access_record` does, in one INSERT
    however many there are. For pages that list several care records."""
    rows = [
        AccessLog(
            user=user,
            scheme_id=getattr(obj, "scheme_id", None),
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            page=page,
        )
        for obj in objs
    ]
    if len(rows) == 1:
        # bulk_create wraps its INSERT in BEGIN and COMMIT, two more round trips for one row.
        rows[0].save(force_insert=True)
        return rows
    return AccessLog.objects.bulk_create(rows)


def _client_ip(request) -> str | None:
    """The client's address as the rate limits see it (ALLAUTH_TRUSTED_PROXY_COUNT), if valid."""
    try:
        ip = get_client_ip(request)
        validate_ipv46_address(ip)
    except (ImproperlyConfigured, ValidationError, TypeError):
        return None
    return ip


def security_event_record(
    *, kind: str, request=None, user=None, login: str = "", status=None
) -> SecurityEvent:
    """Log a sign-in, a failed sign-in, a sign-out, a second-factor change or a refused page.

    Only the path of the request is kept, never its query string or body.
    """
    if user is not None and not user.is_authenticated:
        user = None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        login=(login or "")[:254].replace("\x00", ""),
        ip=_client_ip(request) if request is not None else None,
        method=(request.method or "")[:10] if request is not None else "",
        path=request.path[:300].replace("\x00", "") if request is not None else "",
        status=status,
    )
