from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Importing the request guard (see core/pdf_guard.py) connects it
        # in every process, so a request can never open pdf_rendering_allowed().
        from safecommunity.core import pdf_guard  # noqa: F401
