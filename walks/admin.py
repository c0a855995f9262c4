"""Admin pages where the secretariat edits the Risikorydding checklists."""

from django.contrib import admin

from .models import Checklist, ChecklistQuestion


class ChecklistQuestionInline(admin.TabularInline):
    model = ChecklistQuestion
    extra = 1
    fields = ["order", "heading", "text", "active"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["title", "target_group", "arena", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["arena", "active"]
    inlines = [ChecklistQuestionInline]

    def has_delete_permission(self, request, obj=None):
        # Answers refer to the questions: retire a checklist by unticking "active".
        return False
