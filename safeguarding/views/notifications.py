from django.http import Http404


def notification_list(request, pk=None):
    raise Http404


def notification_detail(request, pk=None):
    raise Http404


def notification_record_sent(request, pk=None):
    raise Http404
