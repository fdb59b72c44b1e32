"""The permission matrix: every named URL, requested by every persona with GET and with POST,
compared with the expected outcome written down below. A URL without an entry fails the test.

Personas (tests/security/world.py): anon; coord_a, mgr_a (scheme A staff); coord_b (scheme B);
carer_x (household X, scheme A), carer_y (household Y); person_p; fam_auth (P's mum, welfare LPA),
fam_noauth (P's brother), fam_q (Q's dad); admin (superuser, no scheme).

Outcomes: 200, 302 (a redirect, not to sign in), 403, 404, 405, or LOGIN (sent to sign in).
A POST is made with no data (forms show their errors; one-button actions act) and rolled back.

To add a URL: add one line to MATRIX, keyed by its name, e.g.
    "matching:review_edit": Url(args={"pk": "@review_qx"}, get=STAFF_A, post=STAFF_A),
with `args` naming world objects ("@...") or plain values, and rows built with `row()` or the
constants below (a POST-only view: Url(..., post_only=True, post=STAFF_A_ACTION)).
Run `pytest tests/security/test_permission_matrix.py`: a missing or wrong entry fails and the
message shows what each persona got, ready to paste once you have checked it is right.
"""

import pytest
from django.contrib import admin
from django.utils import timezone

from .matrix import LOGIN, Url, admin_model, build_url, outcome, row, walk
from .world import PERSONAS, YEAR

# --- Rows used again and again --------------------------------------------------------------------
STAFF_LIST = row(coord_a=200, mgr_a=200, coord_b=200)  # a staff page with no record in it
STAFF_A = row(coord_a=200, mgr_a=200, coord_b=404)  # a staff page about a record of scheme A
STAFF_A_ACTION = row(coord_a=302, mgr_a=302, coord_b=404)  # a one-button change to a scheme A record
STAFF_A_REDIRECT = STAFF_A_ACTION
MANAGER_A = row(mgr_a=200, coord_b=404)  # scheme A managers; coordinators 403; scheme B 404
MANAGERS_ONLY = row(mgr_a=200)  # managers' own pages (audit), scoped inside
CARERS = row(carer_x=200, carer_y=200)
PERSON = row(person_p=200)
FAMILIES = row(fam_auth=200, fam_noauth=200, fam_q=200)
SIGNED_IN_200 = row(200)
PUBLIC_200 = row(200, anon=200)
STAFF_WITH_MFA = {"coord_a": 302, "mgr_a": 302, "coord_b": 302, "admin": 302}  # staff already have an app

HX = {"pk": "@household_x"}
PP = {"pk": "@person_p"}
ARR = {"pk": "@arrangement_qx"}
MONTH = {"year": YEAR, "month": 3}
# Carer-editable parts of household X: its carer may open them; carer Y and everyone else gets 404.
HOUSEHOLD_X_SHARED = row(404, coord_a=200, mgr_a=200, carer_x=200)
# A page about Q's arrangement with household X, for everyone it concerns.
ARRANGEMENT_SHARED = row(404, coord_a=200, mgr_a=200, carer_x=200, fam_q=200)
# A scheme A record's own page, for its staff; everyone else (scheme B included) gets 404.
STAFF_A_ONLY = row(404, coord_a=200, mgr_a=200)
PHOTO_X_ACTION = row(404, coord_a=302, mgr_a=302, carer_x=302)
# A safeguarding concern's detail: scheme A's managers and safeguarding leads; everyone else 404.
LEADS_A = row(404, mgr_a=200)
INC, CON, ALG = {"pk": "@incident_qx"}, {"pk": "@concern_q"}, {"pk": "@allegation_q"}
CMP, NOT = {"pk": "@complaint_a"}, {"pk": "@notification_qx"}
# Q's living-together records: their carers (household X, while Q stays there) and Q's scheme staff;
# the notes also Q's dad, who may see records.
PQ = {"person_id": "@person_q"}
TODAY = timezone.localdate()
CARER_X_Q = row(404, carer_x=200)
CARE_Q = row(404, coord_a=200, mgr_a=200, carer_x=200)
NOTES_Q = row(404, coord_a=200, mgr_a=200, carer_x=200, fam_q=200)
CARER_KEEPS_Q = row(404, carer_x=200, coord_a=403, mgr_a=403)
STAFF_A_ONLY_ACTION = row(404, coord_a=302, mgr_a=302)

MATRIX = {
    # --- Home and the dashboard ------------------------------------------------------------------
    "home": Url(get=row(302)),
    "staff_dashboard": Url(get=STAFF_LIST),
    "floor": Url(get=SIGNED_IN_200),  # the base layout alone, for page timings
    # --- Signing in and out, passwords (allauth) -------------------------------------------------
    "account_login": Url(get=row(302, anon=200)),
    "account_logout": Url(get=SIGNED_IN_200, post=row(LOGIN)),
    "account_inactive": Url(get=PUBLIC_200, post=row(405, anon=405)),
    "account_signup": Url(get=row(302, anon=200)),  # closed: the page says so
    "account_reauthenticate": Url(get=SIGNED_IN_200),
    "account_email": Url(get=SIGNED_IN_200, post=row(405)),  # managed by the scheme
    "account_email_verification_sent": Url(get=PUBLIC_200, post=row(405, anon=405)),
    "account_change_password": Url(get=SIGNED_IN_200),
    "account_set_password": Url(get=row(302)),  # everyone has a password
    "account_reset_password": Url(get=PUBLIC_200),
    "account_confirm_login_code": Url(get=row(302)),  # login by code is off
    "account_confirm_email": Url(args={"key": "not-a-real-key"}, get=PUBLIC_200, post=row(404, anon=404)),
    "account_reset_password_from_key_done": Url(get=PUBLIC_200, post=row(405, anon=405)),
    "account_reset_password_from_key": Url(args={"uidb36": "1", "key": "set-password"}, get=PUBLIC_200),
    "account_reset_password_done": Url(get=PUBLIC_200, post=row(405, anon=405)),
    # --- Two-step sign-in (allauth.mfa) ------------------------------------------------------------
    "mfa_index": Url(get=SIGNED_IN_200, post=row(405)),
    "mfa_authenticate": Url(get=row(302)),  # only during sign-in
    "mfa_reauthenticate": Url(get=row(302, coord_a=200, mgr_a=200, coord_b=200, admin=200)),
    "mfa_activate_totp": Url(get=row(200, **STAFF_WITH_MFA)),
    "mfa_deactivate_totp": Url(
        get=row(404, coord_a=200, mgr_a=200, coord_b=200, admin=200)
    ),  # staff: refused
    "mfa_view_recovery_codes": Url(get=row(404), post=row(405)),
    "mfa_generate_recovery_codes": Url(get=SIGNED_IN_200, post=row(200, **STAFF_WITH_MFA)),
    "mfa_download_recovery_codes": Url(get=row(404)),
    # --- Invitations -------------------------------------------------------------------------------
    "accounts:invitation_list": Url(get=STAFF_LIST),
    "accounts:invitation_revoke": Url(args={"pk": "@invitation_a"}, post_only=True, post=STAFF_A_ACTION),
    "accounts:invitation_accept": Url(args={"token": "@token"}, get=PUBLIC_200),
    # --- Carer registry ----------------------------------------------------------------------------
    "carer_home": Url(get=CARERS),
    "carers:my_household": Url(get=CARERS),
    "carers:household_list": Url(get=STAFF_LIST, post=row(coord_a=302, mgr_a=302, coord_b=302)),
    "carers:household_create": Url(get=STAFF_LIST),
    "carers:compliance": Url(get=STAFF_LIST),
    "carers:compliance_csv": Url(get=STAFF_LIST),
    "carers:compliance_settings": Url(args={"scheme_pk": "@scheme_a"}, get=MANAGER_A),
    "carers:household_detail": Url(args=HX, get=STAFF_A),
    "carers:household_print": Url(args=HX, get=STAFF_A),
    "carers:household_terms": Url(args=HX, get=STAFF_A),
    "carers:household_checks": Url(args=HX, get=STAFF_A),
    "carers:household_availability": Url(args=HX, get=STAFF_A),
    "carers:household_transitions": Url(args=HX, get=STAFF_A),
    "carers:household_history": Url(args=HX, get=STAFF_A),
    "carers:household_edit": Url(args=HX, get=STAFF_A),
    "carers:household_about": Url(args=HX, get=HOUSEHOLD_X_SHARED),
    "carers:household_interests": Url(args=HX, get=HOUSEHOLD_X_SHARED),
    "carers:household_member_add": Url(args=HX, get=HOUSEHOLD_X_SHARED),
    "carers:household_member_edit": Url(args={**HX, "member_pk": "@member_x"}, get=HOUSEHOLD_X_SHARED),
    "carers:household_carer_add": Url(args=HX, get=STAFF_A),
    "carers:household_carer_edit": Url(args={**HX, "carer_pk": "@carer_x"}, get=STAFF_A),
    "carers:household_carer_invite": Url(
        args={**HX, "carer_pk": "@carer_x"}, post_only=True, post=STAFF_A_ACTION
    ),
    "carers:household_panel": Url(args=HX, get=MANAGER_A),
    "carers:household_check_add": Url(args=HX, get=STAFF_A),
    "carers:household_check_edit": Url(args={**HX, "check_pk": "@check_x"}, get=STAFF_A),
    "carers:household_availability_edit": Url(args={**HX, "period_pk": "@period_x"}, get=STAFF_A),
    "carers:household_availability_remove": Url(
        args={**HX, "period_pk": "@period_x"}, post_only=True, post=STAFF_A_ACTION
    ),
    # --- People supported ------------------------------------------------------------------------
    "people:person_list": Url(get=STAFF_LIST, post=row(coord_a=302, mgr_a=302, coord_b=302)),
    "people:person_create": Url(get=STAFF_LIST),
    "people:person_detail": Url(args=PP, get=STAFF_A),
    "people:person_edit": Url(args=PP, get=STAFF_A),
    "people:person_invite": Url(args=PP, post_only=True, post=STAFF_A_ACTION),
    "people:person_profile": Url(args=PP, get=STAFF_A),
    "people:person_print": Url(args=PP, get=STAFF_A),
    "people:person_profile_edit": Url(args=PP, get=STAFF_A),
    "people:person_history": Url(args=PP, get=STAFF_A),
    "people:person_export": Url(args=PP, get=STAFF_A),
    "people:person_access_log": Url(args=PP, get=MANAGER_A),
    "people:person_referral_create": Url(args=PP, get=STAFF_A),
    "people:person_representative_create": Url(args=PP, get=STAFF_A),
    "people:person_capacity_create": Url(args=PP, get=STAFF_A),
    "people:referral_queue": Url(get=STAFF_LIST),
    "people:referral_edit": Url(args={"pk": "@referral_p"}, get=STAFF_A),
    "people:referral_move": Url(args={"pk": "@referral_p"}, post_only=True, post=STAFF_A_ACTION),
    "people:referral_close": Url(args={"pk": "@referral_p"}, get=STAFF_A),
    "people:representative_edit": Url(args={"pk": "@representative_p"}, get=STAFF_A),
    "people:representative_remove": Url(args={"pk": "@representative_p"}, get=STAFF_A),
    "people:representative_invite": Url(
        args={"pk": "@representative_p"}, post_only=True, post=STAFF_A_ACTION
    ),
    "people:authority_create": Url(args={"pk": "@representative_p"}, get=STAFF_A),
    "people:authority_remove": Url(args={"pk": "@authority_p"}, get=STAFF_A),
    "person_home": Url(get=PERSON),
    "people:person_who_looked": Url(get=PERSON),
    "family_home": Url(get=FAMILIES),
    "people:family_person": Url(args=PP, get=row(fam_auth=200, fam_noauth=200, fam_q=404)),
    # Only a representative with welfare authority may see who looked.
    "people:family_who_looked": Url(args=PP, get=row(fam_auth=200, fam_q=404)),
    # --- Matching: proposals -----------------------------------------------------------------------
    "matching:candidates": Url(args={"referral_pk": "@referral_p"}, get=STAFF_A),
    "matching:propose": Url(args={"referral_pk": "@referral_p"}, post_only=True, post=STAFF_A_ACTION),
    "matching:board": Url(get=STAFF_LIST),
    "matching:proposal_detail": Url(args={"pk": "@proposal_px"}, get=STAFF_A),
    "matching:proposal_print": Url(args={"pk": "@proposal_px"}, get=STAFF_A),
    "matching:proposal_send": Url(args={"pk": "@proposal_px"}, post_only=True, post=STAFF_A_ACTION),
    "matching:proposal_record_response": Url(args={"pk": "@proposal_px"}, post_only=True, post=STAFF_A),
    "matching:proposal_record_introduction": Url(args={"pk": "@proposal_px"}, post_only=True, post=STAFF_A),
    "matching:proposal_withdraw": Url(args={"pk": "@proposal_px"}, post_only=True, post=STAFF_A),
    "matching:proposal_confirm": Url(args={"pk": "@proposal_px"}, post_only=True, post=STAFF_A),
    "matching:carer_proposals": Url(get=CARERS),
    "matching:carer_proposal": Url(args={"pk": "@proposal_px"}, get=row(carer_x=200, carer_y=404)),
    "matching:person_proposals": Url(get=PERSON),
    "matching:person_proposal": Url(args={"pk": "@proposal_px"}, get=PERSON),
    # The check-your-answer page serves the person and their family (each sees their own layout);
    # whether the answer counts is decided by the service, which refuses those without the say.
    "matching:person_check_answer": Url(
        args={"pk": "@proposal_px", "answer": "interested"},
        # P has capacity in the world, so neither family member decides: the page sends them back.
        get=row(person_p=200, fam_auth=302, fam_noauth=302, fam_q=404),
        post=row(person_p=302, fam_auth=302, fam_noauth=302, fam_q=404),
    ),
    "matching:family_proposals": Url(get=FAMILIES),
    "matching:family_proposal": Url(
        args={"pk": "@proposal_px"}, get=row(fam_auth=200, fam_noauth=200, fam_q=404)
    ),
    "matching:family_check_answer": Url(
        args={"pk": "@proposal_px", "answer": "interested"},
        # P has capacity in the world, so neither family member decides: the page sends them back.
        get=row(person_p=200, fam_auth=302, fam_noauth=302, fam_q=404),
        post=row(person_p=302, fam_auth=302, fam_noauth=302, fam_q=404),
    ),
    "matching:family_opinion": Url(
        args={"pk": "@proposal_px"}, post_only=True, post=row(fam_auth=200, fam_noauth=200, fam_q=404)
    ),
    # --- Matching: arrangements, bookings, calendars -----------------------------------------------
    "arrangements:arrangement_list": Url(get=STAFF_LIST),
    "arrangements:arrangement_detail": Url(args=ARR, get=STAFF_A),
    "arrangements:arrangement_start": Url(args=ARR, post_only=True, post=STAFF_A_ACTION),
    "arrangements:arrangement_pause": Url(args=ARR, post_only=True, post=STAFF_A),
    "arrangements:arrangement_resume": Url(args=ARR, post_only=True, post=STAFF_A_ACTION),
    "arrangements:arrangement_notice": Url(args=ARR, post_only=True, post=STAFF_A),
    "arrangements:arrangement_end": Url(args=ARR, post_only=True, post=STAFF_A),
    "arrangements:arrangement_extend": Url(args=ARR, post_only=True, post=STAFF_A_ACTION),
    "arrangements:arrangement_update": Url(args=ARR, post_only=True, post=STAFF_A_ACTION),
    "arrangements:booking_create": Url(args=ARR, post_only=True, post=STAFF_A),
    "arrangements:booking_cancel": Url(args={"pk": "@booking_qx"}, post_only=True, post=STAFF_A_ACTION),
    "arrangements:household_calendar": Url(args={**HX, **MONTH}, get=STAFF_A),
    "arrangements:person_calendar": Url(args={"pk": "@person_q", **MONTH}, get=STAFF_A),
    "arrangements:carer_arrangements": Url(get=CARERS),
    "arrangements:family_arrangements": Url(get=FAMILIES),
    # --- Matching: payments and agreements --------------------------------------------------------
    "arrangements:payment_bands": Url(get=row(coord_a=302, mgr_a=302, coord_b=302)),
    "arrangements:payment_band_list": Url(args={"scheme_pk": "@scheme_a"}, get=STAFF_A),
    "arrangements:payment_band_create": Url(args={"scheme_pk": "@scheme_a"}, get=MANAGER_A),
    "arrangements:payment_band_edit": Url(args={"pk": "@payment_band_a"}, get=MANAGER_A),
    # Staff go to the latest statement; household X's carer to their own statements.
    "arrangements:household_statements": Url(args=HX, get=row(404, coord_a=302, mgr_a=302, carer_x=302)),
    "arrangements:household_statement": Url(
        args={**HX, **MONTH}, get=row(404, coord_a=200, mgr_a=200, carer_x=302)
    ),
    "arrangements:household_statement_csv": Url(
        args={**HX, **MONTH}, get=row(404, coord_a=200, mgr_a=200, carer_x=302)
    ),
    "arrangements:carer_statements": Url(get=CARERS),
    "arrangements:carer_statement": Url(args=MONTH, get=CARERS),
    "arrangements:carer_statement_csv": Url(args=MONTH, get=CARERS),
    "arrangements:agreement": Url(args={**ARR, "kind": "arrangement"}, get=ARRANGEMENT_SHARED),
    "arrangements:agreement_issue": Url(
        args={**ARR, "kind": "arrangement"}, post_only=True, post=STAFF_A_ACTION
    ),
    "arrangements:agreement_sign": Url(
        args={**ARR, "kind": "arrangement"}, post_only=True, post=STAFF_A_ACTION
    ),
    # --- Matching: reviews -----------------------------------------------------------------------
    "arrangements:arrangement_reviews": Url(args=ARR, get=STAFF_A),
    "arrangements:review_create": Url(args=ARR, get=STAFF_A),
    "arrangements:reviews_due": Url(get=STAFF_LIST),
    "arrangements:review_detail": Url(args={"pk": "@review_qx"}, get=STAFF_A),
    "arrangements:carer_reviews": Url(args=ARR, get=row(carer_x=200, carer_y=404)),
    "arrangements:family_reviews": Url(args=ARR, get=row(fam_auth=404, fam_noauth=404, fam_q=200)),
    # --- Photos and documents (sharedlives.files) -------------------------------------------------
    # Photo X is approved: people and families shown household X (P's proposal) see it; Q's proposal
    # with X is a draft, so Q's dad does not.
    "files:photo": Url(
        args={"pk": "@photo_x", "size": "thumb"},
        get=row(404, coord_a=200, mgr_a=200, carer_x=200, person_p=200, fam_auth=200, fam_noauth=200),
    ),
    "files:photo_queue": Url(get=STAFF_LIST),
    "files:photos": Url(
        args={"key": "household", "pk": "@household_x"}, get=HOUSEHOLD_X_SHARED, post=HOUSEHOLD_X_SHARED
    ),
    "files:photo_describe": Url(args={"pk": "@photo_x_waiting"}, get=HOUSEHOLD_X_SHARED),
    # One-button changes to a photo of X: its carer may arrange it (approving is refused with a message).
    "files:photo_approve": Url(args={"pk": "@photo_x_waiting"}, post_only=True, post=PHOTO_X_ACTION),
    "files:photo_hide": Url(args={"pk": "@photo_x_waiting"}, post_only=True, post=PHOTO_X_ACTION),
    "files:photo_main": Url(args={"pk": "@photo_x_waiting"}, post_only=True, post=PHOTO_X_ACTION),
    "files:photo_move": Url(
        args={"pk": "@photo_x_waiting", "direction": "up"}, post_only=True, post=PHOTO_X_ACTION
    ),
    "files:photo_remove": Url(args={"pk": "@photo_x_waiting"}, post_only=True, post=PHOTO_X_ACTION),
    # Documents are for the staff of the record's scheme only.
    "files:document_add": Url(args={"key": "check", "pk": "@check_x"}, get=STAFF_A_ONLY),
    "files:document_detail": Url(args={"pk": "@document_check_x"}, get=STAFF_A_ONLY),
    "files:document_version_add": Url(args={"pk": "@document_check_x"}, post_only=True, post=STAFF_A_ONLY),
    "files:document_remove": Url(args={"pk": "@document_check_x"}, post_only=True, post=STAFF_A_ONLY),
    "files:document_download": Url(args={"pk": "@version_person_p"}, get=STAFF_A_ONLY),
    # --- Safeguarding: incidents, concerns, allegations, complaints, notifications -------------------
    "safeguarding:dashboard": Url(get=MANAGERS_ONLY),
    "safeguarding:report": Url(get=MANAGERS_ONLY),
    "safeguarding:settings": Url(get=MANAGERS_ONLY),
    "safeguarding:incident_list": Url(get=STAFF_LIST),
    "safeguarding:incident_create": Url(
        get=row(coord_a=200, mgr_a=200, coord_b=200, carer_x=200, carer_y=200)
    ),
    "safeguarding:incident_detail": Url(args=INC, get=row(404, coord_a=200, mgr_a=200, carer_x=200)),
    "safeguarding:incident_update": Url(args=INC, get=STAFF_A),
    "safeguarding:incident_start_review": Url(args=INC, post_only=True, post=row(mgr_a=302, coord_b=404)),
    "safeguarding:incident_close": Url(args=INC, get=row(mgr_a=200, coord_b=404)),
    "safeguarding:incident_withhold": Url(args=INC, get=row(mgr_a=200, coord_b=404)),
    "safeguarding:carer_incidents": Url(get=CARERS),
    # Staff who are not a manager or a lead: 403; anyone who is not staff: 404.
    "safeguarding:concern_list": Url(get=row(404, coord_a=403, mgr_a=200, coord_b=403)),
    "safeguarding:concern_create": Url(get=row(404, coord_a=200, mgr_a=200, coord_b=200)),
    "safeguarding:concern_detail": Url(args=CON, get=LEADS_A),
    "safeguarding:concern_assign_lead": Url(args=CON, post_only=True, post=LEADS_A),
    "safeguarding:concern_refer": Url(args=CON, post_only=True, post=LEADS_A),
    "safeguarding:concern_start_enquiry": Url(args=CON, post_only=True, post=LEADS_A),
    "safeguarding:concern_record_outcome": Url(args=CON, post_only=True, post=LEADS_A),
    "safeguarding:concern_close": Url(args=CON, post_only=True, post=LEADS_A),
    "safeguarding:concern_withhold": Url(args=CON, post_only=True, post=row(404, mgr_a=302)),
    "safeguarding:allegation_suspend": Url(args=ALG, post_only=True, post=LEADS_A),
    "safeguarding:safety_plan_record": Url(args=ALG, post_only=True, post=LEADS_A),
    "safeguarding:allegation_panel_decision": Url(args=ALG, post_only=True, post=LEADS_A),
    "safeguarding:complaint_list": Url(get=STAFF_LIST),
    "safeguarding:complaint_record": Url(get=STAFF_LIST),
    "safeguarding:complaint_detail": Url(
        args={"pk": "@complaint_fam"}, get=row(404, coord_a=200, mgr_a=200, fam_auth=200)
    ),
    "safeguarding:complaint_acknowledge": Url(args=CMP, post_only=True, post=STAFF_A),
    "safeguarding:complaint_investigate": Url(args=CMP, post_only=True, post=STAFF_A),
    "safeguarding:complaint_answer": Url(args=CMP, post_only=True, post=STAFF_A),
    "safeguarding:complaint_close": Url(args=CMP, post_only=True, post=STAFF_A_ACTION),
    # A coordinator gets the page back with the sentence that only a manager may; nothing changes.
    "safeguarding:complaint_withhold": Url(
        args=CMP, post_only=True, post=row(coord_a=200, mgr_a=302, coord_b=404)
    ),
    "safeguarding:own_complaints": Url(
        get=row(person_p=200, fam_auth=200, fam_noauth=200, fam_q=200, carer_x=200, carer_y=200)
    ),
    "safeguarding:complaint_send": Url(
        get=row(fam_auth=200, fam_noauth=200, fam_q=200, carer_x=200, carer_y=200)
    ),
    "safeguarding:person_tell_us": Url(get=PERSON),
    "safeguarding:person_tell_us_check": Url(get=row(person_p=302)),
    "safeguarding:notification_list": Url(get=MANAGERS_ONLY),
    "safeguarding:notification_detail": Url(args=NOT, get=row(coord_a=404, mgr_a=200, coord_b=404)),
    "safeguarding:notification_record_sent": Url(
        args=NOT, post_only=True, post=row(coord_a=404, mgr_a=200, coord_b=404)
    ),
    # --- Living together: support plans, notes, medicines, money (records) -------------------------
    # Q is staying with household X now: carer X keeps Q's records; Q's dad may read the notes.
    "records:support": Url(args=PQ, get=CARER_X_Q),
    "records:support_plan_edit": Url(args=PQ, get=STAFF_A_ONLY),
    "records:risk_plan_add": Url(args=PQ, get=STAFF_A_ONLY),
    "records:risk_plan_edit": Url(args={"pk": "@risk_plan_q"}, get=STAFF_A_ONLY),
    "records:risk_plan_remove": Url(args={"pk": "@risk_plan_q"}, post_only=True, post=STAFF_A_ONLY_ACTION),
    "records:contact_add": Url(args=PQ, get=STAFF_A_ONLY),
    "records:contact_edit": Url(args={"pk": "@contact_q"}, get=STAFF_A_ONLY),
    "records:contact_remove": Url(args={"pk": "@contact_q"}, post_only=True, post=STAFF_A_ONLY_ACTION),
    # The person is sent to their own easy-read notes, whichever person's list they asked for.
    "records:note_list": Url(args=PQ, get={**NOTES_Q, "person_p": 302}),
    "records:note_create": Url(args=PQ, get=CARER_X_Q),
    "records:note_detail": Url(args={"pk": "@note_qx"}, get=NOTES_Q),
    "records:note_edit": Url(args={"pk": "@note_qx"}, get=CARER_X_Q),
    "records:note_correct": Url(args={"pk": "@note_old_qx"}, get=CARER_X_Q),
    # The person and representatives who may see records add words; staff and carers are refused.
    "records:note_add_words": Url(
        args={"pk": "@note_qx"}, get=row(403, fam_q=200, person_p=404, fam_auth=404, fam_noauth=404)
    ),
    "records:note_to_incident": Url(args={"pk": "@note_qx"}, get=row(403, carer_x=200, carer_y=404)),
    "records:my_notes": Url(get=PERSON),
    "records:medicines": Url(args=PQ, get=CARE_Q),
    "records:medicine_add": Url(args=PQ, get=STAFF_A),
    "records:medicine_edit": Url(args={"pk": "@medicine_q"}, get=STAFF_A),
    "records:medicine_stop": Url(args={"pk": "@medicine_q"}, get=STAFF_A),  # asks for the last day
    # Carers record doses; staff too, while a household supports the person.
    "records:dose_record": Url(args=PQ, get=CARE_Q),
    "records:dose_correct": Url(args={"pk": "@dose_qx"}, get=CARE_Q),
    "records:medicines_chart": Url(args={**PQ, "year": TODAY.year, "month": TODAY.month}, get=CARE_Q),
    "records:medicines_chart_print": Url(args={**PQ, "year": TODAY.year, "month": TODAY.month}, get=CARE_Q),
    # Carers keep the money; staff see it and check it.
    "records:money": Url(args=PQ, get=CARE_Q),
    "records:money_add": Url(args=PQ, get=CARER_KEEPS_Q),
    "records:money_count": Url(args=PQ, get=CARER_KEEPS_Q),
    "records:money_check": Url(args=PQ, get=STAFF_A),
    "records:money_entry": Url(args={"pk": "@money_qx"}, get=CARE_Q),
    "records:money_correct": Url(args={"pk": "@money_old_qx"}, get=CARER_KEEPS_Q),
    "records:alerts": Url(get=STAFF_LIST),
    "records:settings": Url(get=MANAGERS_ONLY),
    "records:household_sample": Url(args=HX, get=STAFF_A),
    "records:household_sample_read": Url(
        args=HX, post_only=True, post=row(coord_a=400, mgr_a=400, coord_b=404)
    ),
    # --- Audit, retention, subject access export (managers) ------------------------------------------
    "audit:search": Url(get=MANAGERS_ONLY, post=row(mgr_a=302)),
    "audit:retention": Url(get=MANAGERS_ONLY),
    "audit:destroy": Url(args={"record_type": "people.person", "pk": "@person_due"}, get=MANAGERS_ONLY),
    "audit:person_export": Url(args=PP, get=MANAGERS_ONLY),
    # --- Reports (managers, of the schemes they manage) -----------------------------------------------
    "reports:index": Url(get=MANAGERS_ONLY),
    "reports:pipeline": Url(get=MANAGERS_ONLY),
    "reports:pipeline_csv": Url(get=MANAGERS_ONLY),
    "reports:carers_by_status": Url(get=MANAGERS_ONLY),
    "reports:carers_by_status_csv": Url(get=MANAGERS_ONLY),
    "reports:places": Url(get=MANAGERS_ONLY),
    "reports:places_csv": Url(get=MANAGERS_ONLY),
    "reports:arrangements": Url(get=MANAGERS_ONLY),
    "reports:arrangements_csv": Url(get=MANAGERS_ONLY),
    "reports:compliance": Url(get=MANAGERS_ONLY),
    "reports:compliance_csv": Url(get=MANAGERS_ONLY),
    "reports:connection_test": Url(get=MANAGERS_ONLY),
    "reports:connection_test_csv": Url(get=MANAGERS_ONLY),
    # --- The admin: site pages (model pages follow ADMIN_MODELS) ------------------------------------
    "admin:index": Url(get=row(LOGIN, admin=200)),
    "admin:login": Url(get=row(403, admin=302), post=row(403, admin=200)),
    "admin:logout": Url(get=row(302, admin=405), post=row(302, admin=LOGIN)),
    "admin:password_change": Url(get=row(LOGIN, admin=200)),
    "admin:password_change_done": Url(get=row(LOGIN, admin=200), post=row(LOGIN, admin=405)),
    "admin:autocomplete": Url(get=row(LOGIN, admin=403), post=row(LOGIN, admin=405)),
    "admin:jsi18n": Url(get=row(LOGIN, admin=200), post=row(LOGIN, admin=405)),
    "admin:view_on_site": Url(
        args={"content_type_id": "@ct_person", "object_id": "@person_p"}, get=row(LOGIN, admin=302)
    ),
    "admin:app_list": Url(args={"app_label": "people"}, get=row(LOGIN, admin=200)),
    "admin:auth_user_password_change": Url(args={"id": "@user_coord_a"}, get=row(LOGIN, admin=200)),
}

# What the admin allows for each registered model. A model registered later without a line here
# fails the test. FULL: reference lists, settings and roles; NO_DELETE: care records (never
# hard-deleted); NO_ADD: records made by the app's own pages; READ_ONLY: evidence (logs, history).
FULL, NO_DELETE, NO_ADD, READ_ONLY = "full", "no delete", "no add or delete", "read only"
ADMIN_MODELS = {
    "auth.group": FULL,
    "account.emailaddress": FULL,
    "mfa.authenticator": FULL,
    "accounts.schememembership": FULL,
    "accounts.user": NO_DELETE,
    "accounts.scheme": NO_DELETE,
    "accounts.invitation": NO_DELETE,
    "audit.accesslog": READ_ONLY,
    "audit.securityevent": READ_ONLY,
    "audit.destructionrecord": READ_ONLY,
    "reference.interest": FULL,
    "reference.language": FULL,
    "carers.household": NO_DELETE,
    "carers.carer": NO_DELETE,
    "carers.householdmember": NO_DELETE,
    "carers.householdtransition": READ_ONLY,
    "carers.paneldecision": NO_DELETE,
    "carers.approvalterms": READ_ONLY,
    "carers.check": NO_DELETE,
    "carers.availability": NO_DELETE,
    "carers.carersettings": READ_ONLY,
    "reference.postcode": FULL,
    "safeguarding.incident": NO_ADD,
    "safeguarding.incidenttransition": READ_ONLY,
    "safeguarding.concern": NO_ADD,
    "safeguarding.concerntransition": READ_ONLY,
    "safeguarding.allegation": NO_ADD,
    "safeguarding.safetyplan": NO_ADD,
    "safeguarding.complaint": NO_ADD,
    "safeguarding.complainttransition": READ_ONLY,
    "safeguarding.notification": READ_ONLY,
    "safeguarding.safeguardingsettings": NO_DELETE,
    "records.recordssettings": NO_DELETE,
    "records.supportplan": NO_DELETE,
    "records.emergencycontact": NO_DELETE,
    "records.riskplan": NO_DELETE,
    "records.medicine": NO_DELETE,
    # Written on the app's pages; changeable in the admin on their own day only (the world's are today's).
    "records.dailynote": NO_ADD,
    "records.notewords": NO_ADD,
    "records.doserecord": NO_ADD,
    "records.moneyentry": NO_ADD,
    "records.moneycheck": NO_ADD,
    "records.notereading": READ_ONLY,
    "people.person": NO_DELETE,
    "people.profile": NO_DELETE,
    "people.referral": NO_DELETE,
    "people.referraltransition": READ_ONLY,
    "people.representative": NO_DELETE,
    "people.legalauthority": NO_DELETE,
    "people.capacityassessment": NO_DELETE,
    "matching.matchproposal": NO_ADD,
    "matching.response": READ_ONLY,
    "matching.representativeopinion": READ_ONLY,
    "matching.introduction": NO_DELETE,
    "arrangements.arrangement": NO_ADD,
    "matching.matchingsettings": FULL,
    "arrangements.reviewsettings": FULL,
    "arrangements.booking": NO_ADD,
    "arrangements.paymentband": FULL,
    "arrangements.agreement": NO_DELETE,
    "arrangements.review": NO_DELETE,
    "arrangements.remindersent": READ_ONLY,
    "pghistory.events": READ_ONLY,
    "files.photo": NO_ADD,
    "files.document": NO_ADD,
}


def admin_entry(model, action: str) -> Url:
    """The expected outcomes of one admin page, from the model's line in ADMIN_MODELS."""
    policy = ADMIN_MODELS[model._meta.label_lower]
    # The world has a row of every admin model with a table; pghistory's combined events has none.
    obj = model._meta.managed and not model._meta.proxy
    args = {"object_id": f"@first:{model._meta.label_lower}" if obj else 0}
    may_add = policy in (FULL, NO_DELETE)
    may_change = policy != READ_ONLY
    may_delete = policy == FULL
    admin_get, admin_post = {
        "changelist": (200, 200),
        "add": (200, 200) if may_add else (403, 403),
        # An id the admin cannot find (pghistory's combined events) sends back to the index.
        "change": (200 if obj else 302, (200 if obj else 302) if may_change else 403),
        "delete": (200, 200) if may_delete else (403, 403),
        "history": (200, 200) if obj else (302, 302),
    }[action]
    return Url(args=args, get=row(LOGIN, admin=admin_get), post=row(LOGIN, admin=admin_post))


def _kept_private(response) -> bool:
    """Pages are never kept; a photo may be kept a few minutes, by the viewer's own browser only."""
    cache = response.get("Cache-Control", "")
    if response.get("Content-Type", "").startswith("image/"):
        return "private" in cache and "public" not in cache
    return "no-store" in cache


def _entries():
    for name, pattern in walk():
        model, action = admin_model(name)
        yield name, pattern, (admin_entry(model, action) if model is not None else MATRIX.get(name))


def test_every_named_url_has_an_entry():
    missing = sorted({name for name, _pattern, entry in _entries() if entry is None})
    assert not missing, "URLs without an entry in MATRIX: " + ", ".join(missing)
    stale = sorted(set(MATRIX) - {name for name, _pattern in walk()})
    assert not stale, "MATRIX entries for URLs that no longer exist: " + ", ".join(stale)


def test_every_admin_model_has_a_policy():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS), registered ^ set(ADMIN_MODELS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_matrix_says(world, persona, settings):
    # The world signs everyone in once; on a slow machine the later personas would otherwise be
    # asked to confirm their password again on the pages that need a recent sign-in.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 24 * 60 * 60
    wrong = []
    for name, pattern, entry in _entries():
        if entry is None:
            continue
        url = build_url(name, pattern, entry.args, world)
        for method, expected in (("GET", entry.get), ("POST", entry.post)):
            response = world.request(persona, method, url)
            got = outcome(response)
            if got != expected[persona]:
                wrong.append(f"\n  {method} {name} ({url}): expected {expected[persona]!r}, got {got!r}")
            elif got == 200 and not _kept_private(response):
                wrong.append(f"\n  {method} {name} ({url}): a page that may be kept by a browser or proxy")
    assert not wrong, f"{persona}:" + "".join(wrong)


def test_post_only_views_refuse_get_to_everyone_signed_in(world):
    post_only = [name for name, entry in MATRIX.items() if entry.post_only]
    assert len(post_only) >= 20
    for name, entry in MATRIX.items():
        if entry.post_only:
            assert all(v == 405 for p, v in entry.get.items() if p != "anon"), name


def test_matrix_size(world):
    """Every named URL pattern, admin included, for every persona, with GET and POST."""
    urls = sum(1 for _name, _pattern, entry in _entries() if entry is not None)
    assert urls > 300
    print(f"\npermission matrix: {urls} URLs x {len(PERSONAS)} personas x 2 methods")
