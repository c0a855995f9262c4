"""Session lifetime: the idle timeout is SESSION_COOKIE_AGE, renewed at most once
a minute (SESSION_RENEW_SECONDS) so reading pages does not write the session
on every request; this also adds the absolute limit."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

SESSION_STARTED_KEY = "auth_started_at"
SESSION_SEEN_KEY = "seen_at"


def mark_session_seen(sender, request, user, **kwargs) -> None:
    """At login the session is written anyway: start both clocks there."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """Log a user out once their login is older than SESSION_ABSOLUTE_SECONDS,
    and renew the idle expiry when the last renewal is a minute old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            limit = settings.SESSION_ABSOLUTE_SECONDS
            if started is None:
                request.session[SESSION_STARTED_KEY] = int(time.time())
            elif time.time() - started > limit:
                logout(request)
                return redirect(settings.LOGIN_URL)
        now = int(time.time())
        seen = request.session.get(SESSION_SEEN_KEY)
        if request.session.session_key and (
            seen is None or now - seen >= settings.SESSION_RENEW_SECONDS
        ):
            # Saved (with a new expiry and cookie) at the end of the request.
            request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)
