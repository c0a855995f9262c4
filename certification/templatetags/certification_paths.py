"""`{% path_url 'step-detail' programme 3 %}`: a path page of either kind of programme."""

from django import template

from ..paths import programme_path_url

register = template.Library()


@register.simple_tag
def path_url(name, programme, *args):
    """The address of a certification path page of a municipal or regional programme."""
    return programme_path_url(name, programme, *args)
