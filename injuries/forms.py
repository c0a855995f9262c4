"""Forms: one registration, an upload, and the list filters."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from safecommunity.core.forms import YearField

from .codes import AgeBand
from .importing.files import FileRefused, check_zip
from .importing.rows import code_lookups
from .models import CODE_FIELDS, EARLIEST_INJURY_DATE, CodeBook, Sex
from .selectors import code_options


class CodeInput(forms.TextInput):
    """A text input with a datalist: type a code or a word of either label."""

    def __init__(self, options: list[tuple[str, str, str]], attrs=None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id', 'id_' + name)}_list"
        attrs["list"] = list_id
        field = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}" label="{} / {}">{} / {}</option>',
            ((c, nb, en, nb, en) for c, nb, en in self.options),
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class RegistrationForm(forms.Form):
    injury_date = forms.DateField(
        label=_("Injury date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality where the injury happened"), queryset=None
    )
    age = forms.IntegerField(
        label=_("Age (years)"),
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"autofocus": True, "inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect
    )
    contact_cause = forms.CharField(label=_("Contact cause"))
    place = forms.CharField(label=_("Place"))
    activity = forms.CharField(label=_("Activity"))
    mechanism = forms.CharField(label=_("Mechanism"))
    severity = forms.CharField(label=_("Severity"))
    transport = forms.CharField(label=_("Transport"), required=False)
    external_id = forms.CharField(
        label=_("External id"),
        required=False,
        max_length=64,
        help_text=_("The record id in your own system, if any. Never a person's id."),
    )

    def __init__(self, *args, municipalities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["injury_date"].initial = timezone.localdate
        options = code_options()
        self.lookups = code_lookups()
        for field in CODE_FIELDS:
            self.fields[field].widget = CodeInput(options.get(field, []))
            self.fields[field].help_text = _(
                "Type a code or a word in Norwegian or English."
            )

    def _clean_code(self, field: str) -> str:
        raw = (self.cleaned_data.get(field) or "").strip()
        if not raw and not self.fields[field].required:
            return ""
        code = self.lookups.get(field, {}).get(raw.lower())
        if code is None:
            raise forms.ValidationError(_("Choose a code from the list."))
        return code

    def clean(self):
        cleaned = super().clean()
        for field in CODE_FIELDS:
            if field in cleaned:
                try:
                    cleaned[field] = self._clean_code(field)
                except forms.ValidationError as exc:
                    self.add_error(field, exc)
        external_id = (cleaned.get("external_id") or "").strip()
        cleaned["external_id"] = external_id or None
        return cleaned

    def clean_injury_date(self):
        value = self.cleaned_data["injury_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        if value < EARLIEST_INJURY_DATE:
            raise forms.ValidationError(_("The date is before 1990."))
        return value

    def clean_external_id(self):
        value = self.cleaned_data["external_id"].strip()
        digits = value.replace(" ", "")
        if len(digits) == 11 and digits.isdigit():
            raise forms.ValidationError(
                _(
                    "This looks like a national identity number; registrations are anonymous."
                )
            )
        return value


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("One header row, then one registration per row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    code_book = forms.ModelChoiceField(
        queryset=CodeBook.objects.all(),
        required=False,
        label=_("Source"),
        empty_label=_("Our own codes (the import format)"),
        help_text=_(
            "For a register extract with its own codes: the code book that maps them."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in {".csv", ".xlsx", ".txt"}:
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        if suffix == ".xlsx":
            data = upload.read()
            upload.seek(0)
            if not data.startswith(b"PK\x03\x04"):
                raise forms.ValidationError(
                    _("The file is named .xlsx but is not an Excel workbook.")
                )
            try:
                check_zip(data)
            except FileRefused as exc:
                raise forms.ValidationError(str(exc)) from exc
        return upload


class RegistrationFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("All")), *Sex.choices]
    )
    age_band = forms.ChoiceField(
        label=_("Age band"), required=False, choices=[("", _("All")), *AgeBand.choices]
    )
    place = forms.ChoiceField(label=_("Place"), required=False)
    mechanism = forms.ChoiceField(label=_("Mechanism"), required=False)

    def __init__(self, *args, years: list[int], labels: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((y, y) for y in years)]
        for field in ("place", "mechanism"):
            self.fields[field].choices = [
                ("", _("All")),
                *labels.get(field, {}).items(),
            ]

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class StatisticsQueryForm(forms.Form):
    """The query of a statistics page: which year, and whether to download."""

    year = YearField(required=False)
    format = forms.ChoiceField(
        label=_("File format"),
        required=False,
        choices=[("", "-"), ("csv", "CSV"), ("xlsx", "XLSX")],
    )


def _checked_upload(upload, suffixes: set[str], message: str):
    if Path(upload.name).suffix.lower() not in suffixes:
        raise forms.ValidationError(message)
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("The file is too large."))
    return upload


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Population file (CSV or JSON-stat)"),
        help_text=_(
            "Statistics Norway's table 07459 or SCB's population table, as the "
            "statbank delivers it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.json"}),
    )
    country = forms.ChoiceField(
        label=_("Country of the codes"),
        required=False,
        choices=[("", _("Told by the file")), ("NO", _("Norway")), ("SE", _("Sweden"))],
    )

    def clean_file(self):
        return _checked_upload(
            self.cleaned_data["file"],
            {".csv", ".txt", ".json"},
            _("Upload a CSV or JSON-stat file."),
        )


class CodeBookUploadForm(forms.Form):
    name = forms.CharField(
        label=_("Source"),
        max_length=60,
        help_text=_("The name imports use for it, such as FMDS."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False
    )
    file = forms.FileField(
        label=_("Code book (CSV with variable, code and label)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt"}),
    )

    def clean_file(self):
        return _checked_upload(
            self.cleaned_data["file"], {".csv", ".txt"}, _("Upload a CSV file.")
        )
