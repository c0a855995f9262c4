"""Forms: one registration, an upload, and the list filters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecommunity.core.forms import YearField

from .codes import AgeBand
from .importing.files import FileRefused, check_zip
from .models import CODE_FIELDS, EARLIEST_INJURY_DATE, Code, CodeBook, Sex


class CodeInput(forms.TextInput):
    """A combobox for a code list: a text input with a datalist of the labels
    in the user's language. Typing filters the list (the browser's own
    accessible list box); a code, or any label, is accepted too. Shows a
    stored code as its label."""

    def __init__(self, labels: dict[str, str], attrs=None) -> None:
        super().__init__(
            attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )
        self.labels = labels  # code -> label in the active language

    def format_value(self, value):
        return super().format_value(self.labels.get(value, value) if value else value)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id', 'id_' + name)}_list"
        attrs["list"] = list_id
        field = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}"></option>',
            ((label,) for label in self.labels.values()),
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def code_match(raw: str, entries: list[tuple[str, list[str]]]) -> list[str]:
    """The codes `raw` names in a code list of (code, labels in every language):
    the code itself, a whole label (with or without its bracketed note, such as
    "(AIS 2)"), or else, from three letters, the start of a label or of one of
    its words. Case and surrounding space do not count."""
    text = " ".join(raw.split()).lower()
    if not text:
        return []
    for code, _labels in entries:
        if text == code.lower():
            return [code]
    whole = []
    for code, labels in entries:
        for label in labels:
            label = label.lower()
            if text in (label, re.sub(r"\s*\(.*?\)\s*", " ", label).strip()):
                whole.append(code)
                break
    if whole or len(text) < 3:
        return list(dict.fromkeys(whole))
    started = []
    for code, labels in entries:
        if any(
            label.lower().startswith(text)
            or any(word.startswith(text) for word in _words(label))
            for label in labels
        ):
            started.append(code)
    return started


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
    place = forms.CharField(label=pgettext_lazy("injury", "Place"))
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
        self.entries: dict[str, list[tuple[str, list[str]]]] = {
            f: [] for f in CODE_FIELDS
        }
        self.labels: dict[str, dict[str, str]] = {f: {} for f in CODE_FIELDS}
        for code in Code.objects.order_by("list_name", "sort_order", "code"):
            self.entries.setdefault(code.list_name, []).append(
                (
                    code.code,
                    [t for t in (code.label_nb, code.label_sv, code.label_en) if t],
                )
            )
            self.labels.setdefault(code.list_name, {})[code.code] = code.label
        for field in CODE_FIELDS:
            self.fields[field].widget = CodeInput(self.labels[field])
            self.fields[field].help_text = _(
                "Type a few letters and choose from the list; a code works too."
            )

    def _clean_code(self, field: str) -> str:
        raw = self.cleaned_data.get(field) or ""
        if not raw.strip() and not self.fields[field].required:
            return ""
        found = code_match(raw, self.entries.get(field, []))
        if len(found) == 1:
            return found[0]
        label = self.fields[field].label
        if found:
            raise forms.ValidationError(
                _(
                    "%(field)s: “%(value)s” fits several entries of the list "
                    "(%(labels)s). Choose one."
                )
                % {
                    "field": label,
                    "value": raw.strip(),
                    "labels": "; ".join(self.labels[field][c] for c in found),
                }
            )
        raise forms.ValidationError(
            _(
                "%(field)s: nothing in the list matches “%(value)s”. Choose from the list."
            )
            % {"field": label, "value": raw.strip()}
        )

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

    def service_fields(self) -> dict[str, Any]:
        """The cleaned fields, named as the registration services take them."""
        return {name: self.cleaned_data[name] for name in self.base_fields}


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
    place = forms.ChoiceField(label=pgettext_lazy("injury", "Place"), required=False)
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
