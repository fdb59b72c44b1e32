from django.http import Http404


def complaint_list(request, pk=None):
    raise Http404


def complaint_record(request, pk=None):
    raise Http404


def complaint_detail(request, pk=None):
    raise Http404


def complaint_acknowledge(request, pk=None):
    raise Http404


def complaint_investigate(request, pk=None):
    raise Http404


def complaint_answer(request, pk=None):
    raise Http404


def complaint_close(request, pk=None):
    raise Http404


def complaint_withhold(request, pk=None):
    raise Http404


def own_complaints(request, pk=None):
    raise Http404


def complaint_send(request, pk=None):
    raise Http404


def person_tell_us(request, pk=None):
    raise Http404


def person_tell_us_check(request, pk=None):
    raise Http404
