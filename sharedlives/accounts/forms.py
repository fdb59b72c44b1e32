from django import forms
from django.contrib.auth.forms import SetPasswordForm

from sharedlives.forms import SchemeScopedFormMixin

from .models import Invitation, Scheme


class InvitationForm(SchemeScopedFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none())
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email address", max_length=254)
    kind = forms.ChoiceField(
        label="They are a",
        choices=Invitation.Kind.choices,
        widget=forms.RadioSelect,
    )


class AcceptInvitationForm(SetPasswordForm):
    """Choose a password. Django's validators apply (length, common passwords, similarity)."""
