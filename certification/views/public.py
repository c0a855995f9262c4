"""The public register of certified Safe Communities."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors


@login_not_required
@require_GET
def register(request):
    return render(
        request,
        "certification/register.html",
        {
            "certificates": selectors.register_list(),
            "designated": selectors.designated_programme_ids(),
        },
    )
