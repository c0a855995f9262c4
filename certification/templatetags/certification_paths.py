"""`{% path_url 'step-detail' programme 3 %}`: a path page of either kind of programme."""

from django import template

from ..paths import programme_path_url
from ..permissions import can_view_programme_path

register = template.Library()


@register.simple_tag
def path_url(name, programme, *args):
    """The address of a certification path page of a municipal or regional programme."""
    return programme_path_url(name, programme, *args)


@register.filter
def may_view_path(user, programme) -> bool:
    """Whether the user may open the programme's certification path (links to
    it are offered only then)."""
    return programme is not None and can_view_programme_path(user, programme)
