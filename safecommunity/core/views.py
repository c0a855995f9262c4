from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import health, notifications, permissions, ratelimit, selectors, tokens
from .forms import (
    ApiTokenForm,
    HistoryFilterForm,
    LoginForm,
    MunicipalitySearchForm,
    NotificationDeliveryForm,
    bad_query,
)
from .middleware import SESSION_STARTED_KEY
from .navigation import landing_url_for


class LoginView(auth_views.LoginView):
    """Sign-in; an address that fails across many usernames is slowed, then locked."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        refusal = ratelimit.login_refusal(request)
        if refusal is not None:
            return render(
                request,
                "registration/locked_out.html",
                {"address_refusal": refusal},
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.login_failed(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)  # rotates the session key
        import time

        self.request.session[SESSION_STARTED_KEY] = int(time.time())
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails limited per address and per account, revealing no account."""

    def form_valid(self, form):
        address_ok, account_ok = ratelimit.password_reset_allowed(
            self.request, form.cleaned_data["email"]
        )
        if not address_ok:
            form.add_error(
                None,
                _(
                    "Too many password reset requests from your network. "
                    "Try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not account_ok:
            # The same page as when an e-mail is sent: whether the account
            # exists, or was just sent a link, is not told.
            return redirect(self.get_success_url())
        return super().form_valid(form)


def home(request):
    return redirect(landing_url_for(request.user))


@login_not_required
@require_GET
def accessibility(request):
    """The accessibility statement (tilgjengelighetserklæring), public."""
    return render(
        request,
        "core/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_EMAIL},
    )


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon: the portal's SVG."""
    return redirect(static("favicon.svg"))


@login_not_required
@never_cache
@require_GET
def healthz(request):
    parts = {
        "database": "ok" if health.check_database() else "unreachable",
        "broker": "ok" if health.check_broker() else "unreachable",
    }
    status = 200 if all(v == "ok" for v in parts.values()) else 503
    return JsonResponse(parts, status=status)


@login_not_required
@require_GET
def api_index(request):
    """`/api/`: where the API's versions, schema and docs are."""
    return JsonResponse(
        {
            "versions": {"v1": request.build_absolute_uri("/api/v1/")},
            "openapi": request.build_absolute_uri("/api/v1/openapi.json"),
            "docs": request.build_absolute_uri("/api/v1/docs"),
        }
    )


@login_not_required
def api_not_found(request):
    """An unknown API address: problem details, not the portal's HTML page."""
    from .problems import Problem, problem_response

    return problem_response(
        request, Problem(404, _("The API has no such address; see /api/v1/docs."))
    )


def municipality_list(request):
    qs = selectors.municipality_list(user=request.user)
    search = MunicipalitySearchForm(request.GET)
    if not search.is_valid():
        return bad_query(request, search)
    query = search.cleaned_data["q"]
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__startswith=query))
    today = timezone.localdate()
    if search.cleaned_data["current"]:
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/municipality_list.html",
        {"page_obj": page, "query": query, "search": search, "today": today},
    )


def municipality_detail(request, code: str):
    municipality = selectors.municipality_get(user=request.user, code=code)
    if request.GET.get("welcome"):
        messages.info(request, _("Welcome."))
    return render(
        request,
        "core/municipality_detail.html",
        {
            "municipality": municipality,
            "can_edit": permissions.can_edit_municipality(request.user, municipality),
            "predecessors": _with_access(request.user, municipality.predecessors),
            "successors": _with_access(request.user, municipality.successors),
        },
    )


def _with_access(user, related) -> list[tuple]:
    """Municipalities with whether the user may open their page (else no link)."""
    readable = permissions.readable_municipality_ids(user)
    return [
        (other, readable is None or other.pk in readable)
        for other in related.select_related("county__country").order_by(
            "valid_from", "code"
        )
    ]


@require_GET
def municipality_history(request, code: str):
    """The change history of a municipality's data, deletions included."""
    municipality = selectors.municipality_get(user=request.user, code=code)
    if not permissions.can_edit_municipality(request.user, municipality):
        raise Http404
    form = HistoryFilterForm(
        request.GET or None, kinds=selectors.history_kinds(municipality=municipality)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.municipality_history(
        user=request.user,
        municipality=municipality,
        action=filters.get("action", ""),
        kind=filters.get("kind"),
        query=filters.get("q", "").strip(),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/municipality_history.html",
        {"municipality": municipality, "form": form, "page_obj": page},
    )


@require_GET
def document_download(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def notification_list(request):
    """The user's own notifications, newest first."""
    page = Paginator(selectors.notification_list(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "core/notification_list.html", {"page_obj": page})


@require_POST
def notification_read(request, pk: int):
    """Mark one notification as read; with `open`, go on to what it is about."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    notifications.notification_mark_read(notification=notification, actor=request.user)
    if "open" in request.POST and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("core:notification-list")


@require_POST
def notification_read_all(request):
    notifications.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("core:notification-list")


def account(request):
    """The user's own settings: how they hear of notifications, in which language.
    The portal's pages follow the language chosen here."""
    form = NotificationDeliveryForm(
        request.POST or None,
        initial={
            "delivery": request.user.notification_delivery,
            "language": request.user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        notifications.user_notification_delivery_set(
            user=request.user,
            actor=request.user,
            delivery=form.cleaned_data["delivery"],
        )
        notifications.user_language_set(
            user=request.user, actor=request.user, language=language
        )
        with translation.override(language):
            messages.success(request, _("Your choices are saved."))
        return _with_language(redirect("core:account"), language)
    return render(request, "core/account.html", {"form": form})


def _with_language(response, language: str):
    """The response, setting the language the pages are shown in (as the
    language switcher does)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@never_cache
def api_tokens(request):
    """The user's own API tokens; a new token's secret is shown once, here."""
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = tokens.token_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        messages.success(request, _("The token was made. Copy it now."))
        form = ApiTokenForm()
    return render(
        request,
        "core/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": tokens.token_list(user=request.user),
            "now": timezone.now(),
        },
    )


@require_POST
def api_token_revoke(request, pk: int):
    token = tokens.token_get(user=request.user, pk=pk)
    tokens.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("core:api-tokens")
