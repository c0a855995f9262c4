"""Session lifetime: idle timeout comes from SESSION_COOKIE_AGE; this adds the absolute limit."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

SESSION_STARTED_KEY = "auth_started_at"


class SessionLifetimeMiddleware:
    """Log a user out once their login is older than SESSION_ABSOLUTE_SECONDS."""

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
        return self.get_response(request)
