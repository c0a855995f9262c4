"""The secretariat's view of every programme, and the one change made here:
carrying a ceased municipality's programme over to its successor."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safecommunity.core import permissions as core_permissions
from safecommunity.core.lineage import successors_valid_on
from safecommunity.core.models import Municipality

from .models import Programme
from .services.programme import ProgrammeMoveError, programme_move_to_successor


class SuccessorForm(forms.Form):
    successor = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("Successor")
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=300, widget=forms.Textarea
    )

    def __init__(self, *args, choices: list[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        field.queryset = Municipality.objects.filter(pk__in=[m.pk for m in choices])
        if len(choices) == 1:
            field.initial = choices[0].pk


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "county", "status", "start_date"]
    list_filter = ["status", "municipality__country", "county__country"]
    search_fields = [
        "municipality__name",
        "municipality__code",
        "county__name",
        "county__code",
    ]
    list_select_related = ["municipality__country", "county__country"]
    actions = ["move_to_successor"]

    # Programmes are made and edited on the portal's own pages, and their
    # status moves only through its service: here they are read, or moved.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_move_permission(self, request):
        return core_permissions.is_secretariat(request.user)

    @admin.action(
        description=_("Move to the successor municipality"), permissions=["move"]
    )
    def move_to_successor(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose one programme to move."), messages.WARNING
            )
            return None
        programme = queryset.select_related("municipality").get()
        if programme.is_regional:
            self.message_user(
                request,
                _("A regional programme belongs to its county; nothing to move."),
                messages.WARNING,
            )
            return None
        choices = successors_valid_on(programme.municipality, timezone.localdate())
        if not choices:
            self.message_user(
                request,
                _("%(municipality)s has no successor today; nothing to move.")
                % {"municipality": programme.municipality},
                messages.WARNING,
            )
            return None
        form = SuccessorForm(
            request.POST if "apply" in request.POST else None, choices=choices
        )
        if form.is_valid():
            try:
                programme_move_to_successor(
                    programme=programme,
                    successor=form.cleaned_data["successor"],
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                )
            except ProgrammeMoveError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                _("The programme now belongs to %(successor)s.")
                % {"successor": programme.municipality},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Move a programme to its successor"),
            "programme": programme,
            "form": form,
            "opts": self.model._meta,
            "action": "move_to_successor",
            "selected": programme.pk,
        }
        return TemplateResponse(
            request, "admin/programmes/programme/move_to_successor.html", context
        )
