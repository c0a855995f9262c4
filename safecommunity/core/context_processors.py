from django.conf import settings

from . import permissions
from .models import Role
from .navigation import home_municipality, nav_items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "is_secretariat": False}
    home = home_municipality(user)
    return {
        "nav_items": nav_items_for(user, request.path, home),
        "is_secretariat": permissions.is_secretariat(user),
        "home_municipality": home,
        # The header names the municipality whose work the user does.
        "home_municipality_name": (
            home[1] if home and user.role in {Role.COORDINATOR, Role.MANAGEMENT} else ""
        ),
        "small_cell_threshold": settings.SMALL_CELL_THRESHOLD,
    }
