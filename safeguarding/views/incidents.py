from django.http import Http404


def incident_list(request, pk=None):
    raise Http404


def incident_create(request, pk=None):
    raise Http404


def incident_detail(request, pk=None):
    raise Http404


def incident_update(request, pk=None):
    raise Http404


def incident_start_review(request, pk=None):
    raise Http404


def incident_close(request, pk=None):
    raise Http404


def incident_withhold(request, pk=None):
    raise Http404


def carer_incidents(request, pk=None):
    raise Http404
