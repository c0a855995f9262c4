"""A submitted safety profile as its reader sees it: labels, not snapshot keys.

The snapshot is stored as JSON with stable English keys (the API and the dossier
read them); pages show each fact under its label in the reader's language, each
answer as a word and each checklist question in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from safecommunity.core.languages import label_by_language

from .forms import ANSWER_CHOICES
from .models import SafetyChecklistItem

FACT_LABELS = {
    "initiatives": _("Initiatives"),
    "management_group_members": _("Members of the management group"),
    "working_groups": _("Working groups"),
    "partners": _("Partners"),
    "focus_areas": _("Focus areas"),
    "population_year": _("Year of the population figures"),
    "population": _("Population"),
    "injuries_year": _("Year of the injury figures"),
    "injuries": _("Registered injuries"),
    "injury_rate_per_1000": _("Injuries per 1,000 inhabitants"),
}
# Years are shown as written, without a thousands separator.
YEAR_FACTS = {"population_year", "injuries_year"}


def profile_facts(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    """The municipal profile's facts as (label, value) in the active language."""
    facts = snapshot.get("municipal_profile", {}).get("facts", {})
    rows = []
    for key, value in facts.items():
        label = FACT_LABELS.get(key)
        if label is None:
            continue
        shown = str(value) if key in YEAR_FACTS else localize(value, use_l10n=True)
        rows.append((str(label), shown))
    return rows


def profile_checklist(snapshot: dict[str, Any]) -> list[dict[str, str]]:
    """The checklist's questions in the active language, answers as words."""
    answers = dict(ANSWER_CHOICES)
    items = snapshot.get("safety_checklist", [])
    swedish = dict(
        SafetyChecklistItem.objects.filter(
            pk__in=[item.get("id") for item in items]
        ).values_list("pk", "text_sv")
    )
    return [
        {
            "text": label_by_language(
                item.get("text_nb", ""),
                item.get("text_en", ""),
                item.get("text_sv") or swedish.get(item.get("id"), ""),
            ),
            "answer": str(answers[item["answer"]])
            if item.get("answer") in answers and item.get("answer")
            else "–",
            "comment": item.get("comment", ""),
        }
        for item in items
    ]
