"""The public page a walk link opens: that walk's finding form and the finder's own entries."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from programmes.views._common import post_data, post_files, save_form
from safecommunity.core import ratelimit
from safecommunity.core.client_ip import client_ip

from ..forms.walks import FindingForm
from ..selectors import walks as selectors
from ..services import walks as services

RATE_LIMIT_POSTS = 30
RATE_LIMIT_SECONDS = 10 * 60
FINDER_COOKIE_SALT = "programmes.walk-finder"


def _finder_cookie(link) -> str:
    return f"walk_finder_{link.pk}"


def rate_limited(request, token: str) -> bool:
    """Count this POST; True once the client has posted too often to this link."""
    posts = ratelimit.count(
        "walk-link-posts", f"{client_ip(request)}|{token}", seconds=RATE_LIMIT_SECONDS
    )
    return posts > RATE_LIMIT_POSTS


def _invalid(request):
    return render(request, "walks/walk_link_invalid.html", status=404)


def _finder_key(request, link) -> str:
    """The finder's random key from their signed cookie, or a new one."""
    key = request.get_signed_cookie(
        _finder_cookie(link), default="", salt=FINDER_COOKIE_SALT
    )
    return key or secrets.token_urlsafe(16)


def _finder_cookie_set(response, request, link, finder_key: str):
    response.set_signed_cookie(
        _finder_cookie(link),
        finder_key,
        salt=FINDER_COOKIE_SALT,
        expires=link.expires_at,
        path=request.path,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _finding_save(link, finder_key: str, form):
    """Store the submitted finding once; None (with the form's errors) if invalid."""
    return save_form(
        form,
        lambda: services.finding_submit(
            link=link,
            finder_key=finder_key,
            **form.service_fields(),
            photos=form.cleaned_data.get("photos") or (),
        ),
    )


@login_not_required
@never_cache
def walk_link(request, token: str):
    link = selectors.link_for_token(token=token)
    if link is None:
        return _invalid(request)
    if request.method == "POST" and rate_limited(request, token):
        return render(request, "walks/walk_link_busy.html", status=429)
    finder_key = _finder_key(request, link)
    form = FindingForm(post_data(request), post_files(request))
    if form.is_bound and _finding_save(link, finder_key, form) is not None:
        response = redirect(f"{request.path}?saved=1")
    else:
        context = {
            "walk": link.walk,
            "form": form,
            "own_findings": selectors.finder_findings(link=link, finder_key=finder_key),
            "saved": request.GET.get("saved") == "1",
        }
        status = 400 if form.is_bound and form.errors else 200
        response = render(request, "walks/walk_link.html", context, status=status)
    return _finder_cookie_set(response, request, link, finder_key)
