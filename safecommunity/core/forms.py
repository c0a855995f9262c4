from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# The years a page may be asked about: a year outside them reaches no query
# and no date (year 0 or 10000 is not a date; a 20-digit year is not a number
# the database holds).
YEAR_MIN = 1900
YEAR_MAX = 2100


class YearField(forms.IntegerField):
    """A calendar year within YEAR_MIN..YEAR_MAX, with a message that says so."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)
        message = _("Choose a year from %(first)d to %(last)d.") % {
            "first": YEAR_MIN,
            "last": YEAR_MAX,
        }
        self.error_messages.update(
            {"invalid": message, "min_value": message, "max_value": message}
        )

    def to_python(self, value):
        # Digits only and at most four of them, before int() sees the text.
        if value not in self.empty_values and not (
            str(value).isascii() and str(value).isdigit() and len(str(value)) <= 4
        ):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class YearForm(forms.Form):
    """A year given in the URL's path (an annual report)."""

    year = YearField()


class SearchForm(forms.Form):
    """The search box of a plain list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class MunicipalitySearchForm(SearchForm):
    """The municipality list's search, with ceased municipalities optional."""

    current = forms.BooleanField(label=_("Hide ceased municipalities"), required=False)


def bad_query(request, form: forms.Form):
    """The 400 page listing what was wrong with the query parameters."""
    errors = [error for errors in form.errors.values() for error in errors]
    return render(request, "400.html", {"errors": errors}, status=400)


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


class NotificationDeliveryForm(forms.Form):
    """How the user hears of notifications, and in which language."""

    delivery = forms.ChoiceField(
        label=_("E-mail about notifications"),
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of notifications and e-mails"),
        help_text=_("Trygg also shows its pages in this language after you save."),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        from .models import Language, NotificationDelivery

        super().__init__(*args, **kwargs)
        self.fields["delivery"].choices = NotificationDelivery.choices
        self.fields["language"].choices = Language.choices


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script or system that uses it."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=365,
        initial=90,
        help_text=_("At most 365 days."),
    )
