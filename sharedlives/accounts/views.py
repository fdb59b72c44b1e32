from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import services
from .access import get_invitation_for_user, staff_required
from .forms import AcceptInvitationForm, InvitationForm
from .models import Invitation


@staff_required
def invitation_list(request):
    """Invitations sent by the user's schemes, and the form to send one."""
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = services.invitation_create(by=request.user, **form.cleaned_data)
        except services.AccountsError as e:
            form.add_error("email", str(e))
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link works once and expires in "
                f"{(invitation.expires_at - invitation.created_at).days} days.",
            )
            return redirect("accounts:invitation_list")
    invitations = Invitation.objects.for_user(request.user).select_related("scheme", "invited_by", "user")
    page = Paginator(invitations, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/invitation_list.html", {"form": form, "page": page})


@require_POST
@staff_required
def invitation_revoke(request, pk):
    invitation = get_invitation_for_user(request.user, pk)
    try:
        services.invitation_revoke(invitation_id=invitation.pk, by=request.user)
    except services.AccountsError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, f"The invitation to {invitation.email} is cancelled; its link no longer works."
        )
    return redirect("accounts:invitation_list")


@login_not_required
def invitation_accept(request, token):
    """The page behind the link in an invitation email: choose a password, then you are signed in."""
    try:
        invitation = services.invitation_for_token(token)
    except services.AccountsError as e:
        return render(request, "accounts/invitation_invalid.html", {"reason": str(e)}, status=410)
    form = AcceptInvitationForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except services.AccountsError as e:
            return render(request, "accounts/invitation_invalid.html", {"reason": str(e)}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.get_short_name()}. Your account is ready.")
        return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


@require_GET
def email_managed_by_scheme(request):
    """Email addresses are not changed here: the scheme that invited someone holds their address
    (it is how they were identified), so a change goes through the scheme."""
    return render(request, "account/email_managed.html")
