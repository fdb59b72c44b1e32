from django.urls import path

from . import portal, views

app_name = "matching"

urlpatterns = [
    # Staff
    path("referrals/<int:referral_pk>/candidates/", views.candidates, name="candidates"),
    path("referrals/<int:referral_pk>/propose/", views.propose, name="propose"),
    path("proposals/", views.board, name="board"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/print/", views.proposal_print, name="proposal_print"),
    path("proposals/<int:pk>/send/", views.proposal_send, name="proposal_send"),
    path("proposals/<int:pk>/responses/", views.proposal_record_response, name="proposal_record_response"),
    path(
        "proposals/<int:pk>/introductions/",
        views.proposal_record_introduction,
        name="proposal_record_introduction",
    ),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/confirm/", views.proposal_confirm, name="proposal_confirm"),
    # Carers
    path("carer/proposals/", portal.carer_proposals, name="carer_proposals"),
    path("carer/proposals/<int:pk>/", portal.carer_proposal, name="carer_proposal"),
    # People supported (easy read)
    path("me/proposals/", portal.person_proposals, name="person_proposals"),
    path("me/proposals/<int:pk>/", portal.person_proposal, name="person_proposal"),
    path("me/proposals/<int:pk>/answer/<str:answer>/", portal.check_answer, name="person_check_answer"),
    # Families and representatives
    path("family/proposals/", portal.family_proposals, name="family_proposals"),
    path("family/proposals/<int:pk>/", portal.family_proposal, name="family_proposal"),
    path("family/proposals/<int:pk>/answer/<str:answer>/", portal.check_answer, name="family_check_answer"),
    path("family/proposals/<int:pk>/views/", portal.family_opinion, name="family_opinion"),
]
