"""`{% programme_url 'partner-list' programme %}`: a page of a municipal or
regional programme."""

from django import template

from ..views._common import programme_page_url

register = template.Library()


@register.simple_tag
def programme_url(name, programme):
    """The address of a programme's page, by municipality or by region."""
    return programme_page_url(name, programme)
