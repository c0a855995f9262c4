from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InjuriesConfig(AppConfig):
    name = "injuries"
    verbose_name = _("Injuries")
