from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        # Never hint whether the username exists.
        "invalid_login": _(
            "The username or password is wrong. Both are case-sensitive."
        ),
        "inactive": _("The username or password is wrong. Both are case-sensitive."),
    }
