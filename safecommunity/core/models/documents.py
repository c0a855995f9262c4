"""Uploaded documents, stored privately."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .geography import County, Municipality


def _document_path(instance: "Document", filename: str) -> str:
    import uuid

    # Generated names: the uploader's file name is kept only in the database.
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Document(models.Model):
    """An uploaded file, stored privately and served only through a permission check."""

    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("municipality"),
    )
    county = models.ForeignKey(
        County,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("county or region"),
        help_text=_(
            "A regional programme's document: read only by those who read "
            "the programme."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title or self.original_name
