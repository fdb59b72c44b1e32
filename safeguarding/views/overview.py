from django.http import Http404


def dashboard(request, pk=None):
    raise Http404


def inspection_report(request, pk=None):
    raise Http404


def settings_update(request, pk=None):
    raise Http404
