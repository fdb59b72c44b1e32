from django.urls import path

from .views import own, staff

app_name = "people"

urlpatterns = [
    # Staff
    path("people/", staff.person_list, name="person_list"),
    path("people/new/", staff.person_create, name="person_create"),
    path("people/<int:pk>/", staff.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", staff.person_edit, name="person_edit"),
    path("people/<int:pk>/invite/", staff.person_invite, name="person_invite"),
    path("people/<int:pk>/profile/", staff.person_profile, name="person_profile"),
    path("people/<int:pk>/profile/print/", staff.person_print, name="person_print"),
    path("people/<int:pk>/profile/edit/", staff.person_profile_edit, name="person_profile_edit"),
    path("people/<int:pk>/history/", staff.person_history, name="person_history"),
    path("people/<int:pk>/export/", staff.person_export, name="person_export"),
    path("people/<int:pk>/access-log/", staff.person_access_log, name="person_access_log"),
    path("people/<int:pk>/referrals/new/", staff.person_referral_create, name="person_referral_create"),
    path(
        "people/<int:pk>/representatives/new/",
        staff.person_representative_create,
        name="person_representative_create",
    ),
    path("people/<int:pk>/capacity/new/", staff.person_capacity_create, name="person_capacity_create"),
    path("referrals/", staff.referral_queue, name="referral_queue"),
    path("referrals/<int:pk>/edit/", staff.referral_edit, name="referral_edit"),
    path("referrals/<int:pk>/move/", staff.referral_move, name="referral_move"),
    path("referrals/<int:pk>/close/", staff.referral_close, name="referral_close"),
    path("representatives/<int:pk>/edit/", staff.representative_edit, name="representative_edit"),
    path("representatives/<int:pk>/remove/", staff.representative_remove, name="representative_remove"),
    path("representatives/<int:pk>/invite/", staff.representative_invite, name="representative_invite"),
    path("representatives/<int:pk>/authorities/new/", staff.authority_create, name="authority_create"),
    path("authorities/<int:pk>/remove/", staff.authority_remove, name="authority_remove"),
    # The person
    path("me/who-looked/", own.person_who_looked, name="person_who_looked"),
    # Family and representatives
    path("family/people/<int:pk>/", own.family_person, name="family_person"),
    path("family/people/<int:pk>/who-looked/", own.family_who_looked, name="family_who_looked"),
]
