from .models import AccessLog


def access_record(*, user, obj, page: str) -> AccessLog:
    """Log that `user` was shown `obj` on `page`. Call it from every view that shows a care record."""
    return AccessLog.objects.create(
        user=user,
        scheme_id=getattr(obj, "scheme_id", None),
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        page=page,
    )
