"""The safety profile: the draft, the snapshot of facts, and frozen submissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Programme
from safecommunity.core.models import AuditEntry, User
from safecommunity.core.services import audit_record, model_snapshot

from .. import permissions
from ..guards import steps_complete
from ..models import (
    CaseStatus,
    CertificationCase,
    SafetyChecklistItem,
    SafetyProfile,
    SafetyProfileDraft,
    StepProgress,
)
from ..workflow import TransitionError, refusal
from .cases import certification_case_transition

SNAPSHOT_SCHEMA = 1
ANSWERS = ("yes", "partly", "no")


@transaction.atomic
def safety_profile_draft_save(
    *,
    programme: Programme,
    actor: User,
    municipal_description: str,
    risk_summary: str,
    checklist: dict[str, dict[str, str]],
) -> SafetyProfileDraft:
    """Save the coordinator's working draft of the safety profile."""
    if not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied
    for answer in checklist.values():
        if answer.get("answer") not in (*ANSWERS, ""):
            raise ValidationError(_("Answer yes, partly or no."))
    draft, _created = SafetyProfileDraft.objects.get_or_create(programme=programme)
    before = model_snapshot(draft)
    draft.municipal_description = municipal_description.strip()
    draft.risk_summary = risk_summary.strip()
    draft.checklist = checklist
    draft.updated_by = actor
    draft.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=draft,
        before=before,
        after=model_snapshot(draft),
        municipality=programme.municipality,
    )
    return draft


def _injury_facts(programme: Programme, actor: User) -> dict[str, Any]:
    """Population and published injury figures (with disclosure control applied)."""
    from django.db.models import Sum

    from injuries.models import Population
    from injuries.statistics import municipality_statistics

    municipality = programme.municipality
    if municipality is None:
        # A regional programme's figures are its members' (its dashboard).
        return {}
    year = (
        Population.objects.filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    facts: dict[str, Any] = {}
    if year is not None:
        facts["population_year"] = year
        facts["population"] = Population.objects.filter(
            municipality=municipality, year=year
        ).aggregate(n=Sum("count"))["n"]
    report = municipality_statistics(user=actor, municipality=municipality, year=year)
    if not report.withheld:
        facts["injuries_year"] = year
        facts["injuries"] = report.total.display
        facts["injury_rate_per_1000"] = report.total.rate
    return facts


def _count(programme: Programme, related: str) -> int | None:
    manager = getattr(programme, related, None)
    return manager.count() if manager is not None else None


def _county_of(programme: Programme):
    if programme.county is not None:
        return programme.county
    assert programme.municipality is not None  # noqa: S101 - the check constraint
    return programme.municipality.county


def safety_profile_snapshot(*, programme: Programme, actor: User) -> dict[str, Any]:
    """The safety profile as a JSON-ready dict: whatever facts the portal has now."""
    area = programme.area
    draft = SafetyProfileDraft.objects.filter(programme=programme).first()
    answers = draft.checklist if draft else {}
    facts: dict[str, Any] = {
        "initiatives": _count(programme, "initiatives"),
        "management_group_members": _count(programme, "members"),
        "working_groups": _count(programme, "working_groups"),
        "partners": _count(programme, "partners"),
        "focus_areas": programme.focus_areas.count(),
    }
    facts.update(_injury_facts(programme, actor))
    return {
        "schema": SNAPSHOT_SCHEMA,
        "generated_at": timezone.now().isoformat(),
        "municipal_profile": {
            "municipality": {
                "code": area.code,
                "name": area.name,
                "county": _county_of(programme).name,
                "country": area.country.code,
                **(
                    {"members": [m.code for m in programme.member_municipalities.all()]}
                    if programme.is_regional
                    else {}
                ),
            },
            "programme_start": programme.start_date.isoformat()
            if programme.start_date
            else None,
            "facts": {k: v for k, v in facts.items() if v is not None},
            "description": draft.municipal_description if draft else "",
        },
        "risk_profile": {
            "summary": draft.risk_summary if draft else "",
            "focus_areas": [
                {"title": f.title, "priority": f.priority, "reason": f.reason}
                for f in programme.focus_areas.order_by("priority", "id")
            ],
        },
        "safety_checklist": [
            {
                "id": item.pk,
                "text_nb": item.text_nb,
                "text_en": item.text_en,
                "answer": answers.get(str(item.pk), {}).get("answer", ""),
                "comment": answers.get(str(item.pk), {}).get("comment", ""),
            }
            for item in SafetyChecklistItem.objects.filter(active=True)
        ],
        "steps": [
            {"number": p.step.number, "status": p.status}
            for p in StepProgress.objects.filter(programme=programme)
            .select_related("step")
            .order_by("step__number")
        ],
    }


def safety_profile_problems(*, programme: Programme) -> list[str]:
    """What must be filled in before the safety profile can be submitted."""
    problems = []
    draft = SafetyProfileDraft.objects.filter(programme=programme).first()
    if draft is None or not draft.municipal_description:
        problems.append(_("Describe the municipality (municipal profile)."))
    if not programme.focus_areas.exists():
        problems.append(_("Add prioritised focus areas with reasons (risk profile)."))
    elif programme.focus_areas.filter(reason="").exists():
        problems.append(_("Give a reason for every focus area (risk profile)."))
    answers = draft.checklist if draft else {}
    unanswered = [
        item.text
        for item in SafetyChecklistItem.objects.filter(active=True)
        if not answers.get(str(item.pk), {}).get("answer")
    ]
    if unanswered:
        problems.append(
            _("Answer every question of the safety checklist; unanswered: %(items)s.")
            % {"items": "; ".join(unanswered)}
        )
    return problems


@transaction.atomic
def safety_profile_submit(
    *, case: CertificationCase, actor: User, comment: str = ""
) -> SafetyProfile:
    """Freeze the safety profile as a new version and submit the case with it."""
    programme = case.programme
    if not permissions.can_edit_programme_path(actor, programme):
        raise PermissionDenied
    CertificationCase.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
    case.refresh_from_db(fields=["status", "round"])
    if case.status != CaseStatus.DRAFT:
        raise TransitionError(
            _("The safety profile can only be submitted while the case is a draft.")
        )
    problems = safety_profile_problems(programme=programme)
    # Check the steps before writing anything, so the message names them.
    reason = refusal(case, CaseStatus.PROFILE_SUBMITTED, actor, check_guards=False)
    if not reason:
        reason = steps_complete(1, 2, 3, 4)(case, comment)
    if reason:
        problems.insert(0, reason)
    if problems:
        raise TransitionError(" ".join(problems))
    latest = SafetyProfile.objects.filter(programme=programme).aggregate(
        v=Max("version")
    )["v"]
    profile = SafetyProfile.objects.create(
        programme=programme,
        case=case,
        version=(latest or 0) + 1,
        snapshot=safety_profile_snapshot(programme=programme, actor=actor),
        submitted_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=profile,
        after={"version": profile.version},
        municipality=programme.municipality,
    )
    certification_case_transition(
        case=case,
        to_status=CaseStatus.PROFILE_SUBMITTED,
        actor=actor,
        comment=comment
        or _("Safety profile version %(v)d submitted.") % {"v": profile.version},
    )
    return profile
