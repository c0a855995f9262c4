from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its `seed_demo` command; installed for development only
    (local and test settings), never in production."""

    name = "demo"
    verbose_name = "Demo"
