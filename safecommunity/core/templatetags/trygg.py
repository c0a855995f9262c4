"""The portal's shared template pieces: breadcrumbs and Designsystemet widgets."""

from django import template

from ..breadcrumbs import breadcrumbs_for
from ..permissions import can_view_municipality

register = template.Library()

# Designsystemet's class for each kind of form control.
_INPUT_CLASS = "ds-input"


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail of pages above the current one."""
    return {"crumbs": breadcrumbs_for(context)}


@register.filter
def may_view(user, municipality) -> bool:
    """Whether the user may open the municipality's pages (links to them are
    offered only then)."""
    return municipality is not None and can_view_municipality(user, municipality)


@register.filter
def ds_widget(field):
    """Render a bound field's widget with Designsystemet's input class."""
    widget = field.field.widget
    if getattr(widget, "input_type", None) in {"hidden"}:
        return field.as_widget()
    existing = widget.attrs.get("class", "")
    classes = f"{existing} {_INPUT_CLASS}".strip()
    return field.as_widget(attrs={"class": classes})


@register.filter
def alert_color(tags: str) -> str:
    """Designsystemet's alert colour for a message's level."""
    for level, color in (
        ("error", "danger"),
        ("warning", "warning"),
        ("success", "success"),
    ):
        if level in (tags or "").split():
            return color
    return "info"
