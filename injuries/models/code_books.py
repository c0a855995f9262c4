"""Code books: a source's own codes and their versioned mappings to ours."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..codes import CodeListName


class CodeBook(models.Model):
    """A source's own codes (such as the national register's FMDS extract),
    mapped once to ours by the secretariat; an import names the book it uses."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("code book")
        verbose_name_plural = _("code books")

    def __str__(self) -> str:
        return self.name


class SourceCode(models.Model):
    """One code of a code book: its variable, code and label, and how many rows
    of the latest import naming the book used it while it had no mapping."""

    code_book = models.ForeignKey(
        CodeBook,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("code book"),
    )
    variable = models.CharField(_("variable"), max_length=60)
    field = models.CharField(
        _("code list"), max_length=20, choices=CodeListName.choices
    )
    code = models.CharField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=200, blank=True)
    rows_unmapped = models.PositiveIntegerField(_("rows without a mapping"), default=0)

    class Meta:
        ordering = ["code_book", "field", "code"]
        verbose_name = _("source code")
        verbose_name_plural = _("source codes")
        constraints = [
            models.UniqueConstraint(
                fields=["code_book", "field", "code"], name="source_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_book} {self.variable} {self.code}"


class CodeMapping(models.Model):
    """One version of a source code's mapping to one of our codes; the newest
    version counts, the older ones are its history."""

    source_code = models.ForeignKey(
        SourceCode,
        on_delete=models.CASCADE,
        related_name="mappings",
        verbose_name=_("source code"),
    )
    target = models.CharField(_("our code"), max_length=30)
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("mapped"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mapped by"),
    )

    class Meta:
        ordering = ["source_code", "-version"]
        verbose_name = _("code mapping")
        verbose_name_plural = _("code mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["source_code", "version"], name="code_mapping_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_code} -> {self.target} (v{self.version})"
