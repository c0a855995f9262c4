from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        # Never hint whether the username exists.
        "invalid_login": _(
            "The username or password is wrong. Both are case-sensitive."
        ),
        "inactive": _("The username or password is wrong. Both are case-sensitive."),
    }


class HistoryFilterForm(forms.Form):
    """Filters of a municipality's change history."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Action"), required=False)
    kind = forms.TypedChoiceField(
        label=_("Kind of record"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, kinds: list[tuple[int, str]], **kwargs):
        from .models import AuditEntry

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            ("", _("All actions")),
            *AuditEntry.Action.choices,
        ]
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
