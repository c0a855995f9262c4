from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "safecommunity.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        from .converters import MunicipalityKeyConverter
        from .geography import load_after_migrate
        from .middleware import mark_session_seen

        register_converter(MunicipalityKeyConverter, "municipality")
        user_logged_in.connect(mark_session_seen, dispatch_uid="core-session-seen")
        post_migrate.connect(
            load_after_migrate, sender=self, dispatch_uid="core-national-geography"
        )
        # Kombu's filesystem transport (the embedded default) expects its
        # folders to exist before the first message is sent.
        if settings.CELERY_BROKER_URL.startswith("filesystem"):
            options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
            for key in (
                "data_folder_in",
                "data_folder_out",
                "processed_folder",
                "control_folder",
            ):
                if options.get(key):
                    Path(options[key]).mkdir(parents=True, exist_ok=True)
