from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.core.exports import AuditedExportMixin, AuditedImportExportMixin
from safecommunity.core.services import audit_record

from .models import Code, ImportJob, Population, Registration
from .resources import CodeResource, RegistrationExportResource

# Rows removed per statement by the administration's bulk deletion.
DELETE_CHUNK = 10_000


def queryset_delete_in_chunks(queryset) -> int:
    """Delete the rows of `queryset` in statements of DELETE_CHUNK ids, never
    loading them into Python; the count. Call in a transaction."""
    model = queryset.model
    removed = 0
    while True:
        chunk = queryset.order_by().values("pk")[:DELETE_CHUNK]
        deleted, _by_model = model._default_manager.filter(pk__in=chunk).delete()
        removed += deleted
        if deleted < DELETE_CHUNK:
            return removed


@admin.action(
    permissions=["delete"],
    description=gettext_lazy("Delete selected %(verbose_name_plural)s"),
)
def delete_selected(modeladmin, request, queryset):
    """Django's "delete selected" for tables of many rows.

    Django's own confirmation page posts every selected id back (and lists
    every object), which a selection of thousands cannot survive
    (TooManyFieldsSent). Here "select all" is carried to the confirmation as
    `select_across` with the changelist's own query string (filters and
    search), so the page posts a handful of fields whatever the count; it
    shows the count, and deleting is one transaction with one audit entry.
    """
    select_across = request.POST.get("select_across") == "1"
    count = queryset.count()
    opts = modeladmin.model._meta
    if request.POST.get("post") == "yes":
        expected = request.POST.get("expected", "")
        if expected == str(count):
            with transaction.atomic():
                removed = queryset_delete_in_chunks(queryset)
                audit_record(
                    actor=request.user,
                    action="delete",
                    obj=modeladmin.model,
                    before={
                        "rows": removed,
                        "query": request.GET.urlencode(),
                        "all_matching": select_across,
                    },
                    comment=f"administration: {removed} "
                    f"{opts.verbose_name_plural} deleted"
                    + (f" ({request.GET.urlencode()})" if request.GET else ""),
                )
            modeladmin.message_user(
                request,
                _("Successfully deleted %(count)d %(items)s.")
                % {"count": removed, "items": model_ngettext(modeladmin.opts, removed)},
                messages.SUCCESS,
            )
            return None
        modeladmin.message_user(
            request,
            _("The selection changed meanwhile; check the new count."),
            messages.WARNING,
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Are you sure?"),
        "opts": opts,
        "count": count,
        "items": model_ngettext(modeladmin.opts, count),
        "select_across": select_across,
        # One id stands for the selection when all are selected (the
        # changelist needs one); otherwise the page's few checked ids.
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)[
            : 1 if select_across else None
        ],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    return TemplateResponse(
        request, "admin/injuries/delete_large_confirmation.html", context
    )


class LargeDeleteAdmin(admin.ModelAdmin):
    """An admin whose "delete selected" works for selections of any size."""

    actions = [delete_selected]


@admin.register(Code)
class CodeAdmin(AuditedImportExportMixin, admin.ModelAdmin):
    """The secretariat edits the code lists here (and imports/exports them)."""

    resource_classes = [CodeResource]
    list_display = (
        "list_name",
        "code",
        "label_nb",
        "label_sv",
        "label_en",
        "version",
        "valid_to",
    )
    list_filter = ("list_name", "version")
    search_fields = ("code", "label_nb", "label_sv", "label_en")


@admin.register(Registration)
class RegistrationAdmin(AuditedExportMixin, LargeDeleteAdmin):
    resource_classes = [RegistrationExportResource]
    list_display = ("injury_date", "municipality", "age", "sex", "mechanism", "source")
    list_filter = ("source", "sex", "mechanism")
    list_select_related = ("municipality",)
    raw_id_fields = ("municipality", "import_job", "created_by", "updated_by")
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "created_by",
        "created_at",
        "status",
        "rows_total",
        "registrations_link",
    )

    @admin.display(description=gettext_lazy("registrations"))
    def registrations_link(self, job):
        """The import's rows in the registrations' list (to delete them there)."""
        if job.kind != ImportJob.Kind.INJURIES:
            return "-"
        url = reverse("admin:injuries_registration_changelist")
        return format_html(
            '<a href="{}?import_job__id__exact={}">{}</a>', url, job.pk, _("Show")
        )

    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]


@admin.register(Population)
class PopulationAdmin(LargeDeleteAdmin):
    list_display = ("municipality", "year", "sex", "age", "count")
    list_filter = ("year", "sex")
    raw_id_fields = ("municipality",)
    show_full_result_count = False
