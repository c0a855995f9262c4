"""Outcome indicators of a municipality: table, chart and value entry."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import indicators, permissions
from ..forms.programme import IndicatorValueForm
from ..selectors import programme as programme_selectors
from ..services import programme as programme_services
from ._common import deny_unless, form_page, post_data, save_form


def indicator_list(request, code: str):
    """Yearly values per indicator (small n left out) and, for editors, a form."""
    municipality, programme = programme_selectors.programme_find(
        user=request.user, code=code
    )
    can_edit = permissions.can_edit_indicator_values(request.user, municipality)
    form = IndicatorValueForm(post_data(request)) if can_edit else None
    if request.method == "POST":
        deny_unless(can_edit)
        saved = save_form(
            form,
            lambda: programme_services.indicator_value_set(
                actor=request.user, municipality=municipality, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("The value was saved."))
            return redirect("programmes:indicator-list", code=code)
    series = indicators.indicator_series(municipality=municipality)
    context = {
        "municipality": municipality,
        "programme": programme,
        "series": series,
        "chart": indicators.chart_data(series),
        "combined": any(point.combined_from for item in series for point in item.rows),
        "form": form,
        "can_edit": can_edit,
    }
    return form_page(request, "programmes/indicator_list.html", context)
