"""Form pieces shared by every app."""

from django import forms

from sharedlives.accounts.models import Scheme


class DateInput(forms.DateInput):
    """The browser's date picker. It reads and writes YYYY-MM-DD whatever the page's language, so a
    pre-filled date must be given in that form or the picker shows empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date and time picker, which reads and writes YYYY-MM-DDTHH:MM."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class SchemeScopedFormMixin:
    """For forms with a `scheme` field: only the user's own schemes may be chosen.

    With a single scheme the field is hidden and preset; a posted id of another
    scheme fails validation like any other invalid choice.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        schemes = list(Scheme.objects.for_user(user))
        field = self.fields["scheme"]
        field.queryset = Scheme.objects.filter(pk__in=[s.pk for s in schemes])
        if len(schemes) == 1:
            field.initial = schemes[0].pk
            field.widget = forms.HiddenInput()
