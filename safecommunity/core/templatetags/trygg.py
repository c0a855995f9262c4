"""The portal's shared template pieces: breadcrumbs and Designsystemet widgets."""

from django import template

from ..breadcrumbs import breadcrumbs_for

register = template.Library()

# Designsystemet's class for each kind of form control.
_INPUT_CLASS = "ds-input"


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail of pages above the current one."""
    return {"crumbs": breadcrumbs_for(context)}


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
