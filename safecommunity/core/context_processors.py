from django.conf import settings

from . import permissions
from .navigation import nav_items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "is_secretariat": False}
    return {
        "nav_items": nav_items_for(user, request.path),
        "is_secretariat": permissions.is_secretariat(user),
        "small_cell_threshold": settings.SMALL_CELL_THRESHOLD,
    }
