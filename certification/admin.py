"""Admin pages where the secretariat edits the checklists and certifier profiles."""

from django.contrib import admin

from .models import CertifierProfile, Requirement, SafetyChecklistItem, Step


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 1
    fields = ["order", "text_nb", "text_en", "text_sv", "level", "required", "active"]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["number", "name_nb", "name_en", "name_sv", "phase"]
    inlines = [RequirementInline]

    def has_delete_permission(self, request, obj=None):
        return False  # the eight steps are fixed; requirements are edited


@admin.register(SafetyChecklistItem)
class SafetyChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["order", "text_nb", "text_en", "text_sv", "active"]
    list_editable = ["active"]


@admin.register(CertifierProfile)
class CertifierProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "home_municipality"]
    filter_horizontal = ["conflicts"]
