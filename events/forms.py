"""Forms of events: the secretariat's event form and the public registration."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event
from .selectors import registration_municipalities

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("The link to the online meeting, if any."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "agenda",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "registration_deadline",
            "published",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_deadline": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "place": _("The address, or leave empty for an online event."),
            "published": _("Published events are shown on the public events page."),
        }

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        deadline = data.get("registration_deadline")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error(
                "registration_deadline",
                _("The registration deadline must be before the event starts."),
            )
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place, an online link or both."))
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The confirmation and the calendar file are sent here."),
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    role = forms.CharField(
        label=_("Role or position"),
        max_length=200,
        help_text=_("For example coordinator, public health adviser or police."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = registration_municipalities()
