"""Risikorydding: checklists by target group and arena, answered anonymously."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.choices import Arena
from programmes.models import Programme


class Checklist(models.Model):
    """Yes/no questions under hazard headings for one target group and arena."""

    title = models.CharField(_("title"), max_length=200)
    target_group = models.CharField(_("target group"), max_length=200)
    arena = models.CharField(_("arena"), max_length=20, choices=Arena.choices)
    introduction = models.TextField(_("introduction"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "programmes_checklist"
        ordering = ["order", "id"]
        verbose_name = _("Risikorydding checklist")
        verbose_name_plural = _("Risikorydding checklists")

    def __str__(self) -> str:
        return self.title


class ChecklistQuestion(models.Model):
    """A yes/no question; "yes" means the hazard is taken care of, "no" that it remains."""

    checklist = models.ForeignKey(
        Checklist,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("checklist"),
    )
    heading = models.CharField(_("hazard heading"), max_length=200)
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "programmes_checklistquestion"
        ordering = ["checklist", "order", "id"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self) -> str:
        return self.text


class ChecklistLink(models.Model):
    """The municipality's public checklist link, meant to be published.

    The token only lets anyone answer checklists anonymously, so it is kept
    readable for the coordinator to copy again; renewing it replaces it.
    """

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        related_name="checklist_link",
        verbose_name=_("programme"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "programmes_checklistlink"
        verbose_name = _("checklist link")
        verbose_name_plural = _("checklist links")

    def __str__(self) -> str:
        return str(self.programme)


class ChecklistResponse(models.Model):
    """One anonymous completion of a checklist in a municipality."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="responses"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="checklist_responses"
    )
    client_uuid = models.UUIDField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programmes_checklistresponse"
        ordering = ["-created_at", "-id"]
        verbose_name = _("checklist response")
        verbose_name_plural = _("checklist responses")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "client_uuid"],
                name="checklist_response_unique_client_uuid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist} ({self.created_at:%Y-%m-%d})"


class ChecklistAnswer(models.Model):
    response = models.ForeignKey(
        ChecklistResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ChecklistQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    answer = models.BooleanField()

    class Meta:
        db_table = "programmes_checklistanswer"
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="checklist_answer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"
