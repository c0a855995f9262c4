"""The secretariat edits the steps' requirement checklists in the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from certification.models import Requirement, Step
from certification.selectors import missing_requirements
from safecommunity.core.models import AuditEntry

NEW = {
    "text_nb": "Plan for kriseberedskap vedtatt",
    "text_en": "Emergency preparedness plan adopted",
    "text_sv": "",
    "order": "9",
    "required": "on",
    "active": "on",
}


def test_the_secretariat_adds_a_requirement_every_programme_is_then_asked(
    client_for, secretariat, programme
):
    client = client_for(secretariat)
    page = client.get(reverse("certification:checklists"))
    assert page.status_code == 200
    step = Step.objects.get(number=4)
    for requirement in step.requirements.all():
        assert requirement.text_nb in page.content.decode()
    url = reverse("certification:requirement-create", args=[4])
    assert client.get(url).context["form"].initial["order"] == (
        max(r.order for r in step.requirements.all()) + 1
    )
    response = client.post(url, NEW)
    assert response.status_code == 302
    assert response["Location"].endswith("#step-4")
    added = Requirement.objects.get(text_en=NEW["text_en"])
    assert added.step == step
    assert added in missing_requirements(programme=programme)[4]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=added.pk)
    assert entry.actor == secretariat
    assert entry.after["text_nb"] == NEW["text_nb"]


def test_a_requirement_no_longer_asked_is_kept_inactive_with_its_history(
    client_for, secretariat, programme
):
    requirement = Step.objects.get(number=2).requirements.filter(required=True).first()
    assert requirement in missing_requirements(programme=programme)[2]
    client = client_for(secretariat)
    url = reverse("certification:requirement-edit", args=[requirement.pk])
    fields = {
        "text_nb": requirement.text_nb,
        "text_en": requirement.text_en,
        "text_sv": requirement.text_sv,
        "order": str(requirement.order),
        "required": "on",
        # "active" left unchecked
    }
    assert client.post(url, fields).status_code == 302
    requirement.refresh_from_db()
    assert not requirement.active
    assert requirement not in missing_requirements(programme=programme).get(2, [])
    listed = client.get(reverse("certification:checklists")).content.decode()
    assert 'class="inactive"' in listed
    assert requirement.text_nb in listed
    history = client.get(url).context["history"]
    assert [entry.action for entry in history] == [AuditEntry.Action.UPDATE]
    assert [name for name, _b, _a in history[0].changed_fields()] == ["active"]
    # Saving again without a change writes no history.
    assert client.post(url, fields).status_code == 302
    assert len(client.get(url).context["history"]) == 1


def test_a_requirement_without_its_norwegian_text_is_refused_and_nothing_saved(
    client_for, secretariat
):
    client = client_for(secretariat)
    before = Requirement.objects.count()
    response = client.post(
        reverse("certification:requirement-create", args=[4]),
        {**NEW, "text_nb": ""},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["text_nb"]
    assert Requirement.objects.count() == before
    assert NEW["text_en"] in response.content.decode()  # what was typed is kept


@pytest.mark.parametrize("role", ["coordinator", "mayor", "certifier"])
def test_only_the_secretariat_edits_checklists(db, request, client_for, role):
    user = request.getfixturevalue(role)
    requirement = Requirement.objects.order_by("pk").first()
    url = reverse("certification:requirement-edit", args=[requirement.pk])
    response = client_for(user).post(url, {**NEW, "active": ""})
    assert response.status_code == 403
    requirement.refresh_from_db()
    assert requirement.active
    assert requirement.text_en != NEW["text_en"]
