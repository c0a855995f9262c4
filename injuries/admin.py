from django.contrib import admin

from safecommunity.core.exports import AuditedExportMixin, AuditedImportExportMixin

from .models import Code, ImportJob, Population, Registration
from .resources import CodeResource, RegistrationExportResource


@admin.register(Code)
class CodeAdmin(AuditedImportExportMixin, admin.ModelAdmin):
    """The secretariat edits the code lists here (and imports/exports them)."""

    resource_classes = [CodeResource]
    list_display = ("list_name", "code", "label_nb", "label_en", "version", "valid_to")
    list_filter = ("list_name", "version")
    search_fields = ("code", "label_nb", "label_en")


@admin.register(Registration)
class RegistrationAdmin(AuditedExportMixin, admin.ModelAdmin):
    resource_classes = [RegistrationExportResource]
    list_display = ("injury_date", "municipality", "age", "sex", "mechanism", "source")
    list_filter = ("source", "sex", "mechanism")
    list_select_related = ("municipality",)
    raw_id_fields = ("municipality", "import_job", "created_by", "updated_by")
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "created_by", "created_at", "status", "rows_total")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ("municipality", "year", "sex", "age", "count")
    list_filter = ("year", "sex")
    raw_id_fields = ("municipality",)
