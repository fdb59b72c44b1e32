from django.http import Http404


def concern_list(request, pk=None):
    raise Http404


def concern_create(request, pk=None):
    raise Http404


def concern_detail(request, pk=None):
    raise Http404


def concern_assign_lead(request, pk=None):
    raise Http404


def concern_refer(request, pk=None):
    raise Http404


def concern_start_enquiry(request, pk=None):
    raise Http404


def concern_record_outcome(request, pk=None):
    raise Http404


def concern_close(request, pk=None):
    raise Http404


def concern_withhold(request, pk=None):
    raise Http404


def allegation_suspend(request, pk=None):
    raise Http404


def safety_plan_record(request, pk=None):
    raise Http404


def allegation_panel_decision(request, pk=None):
    raise Http404
