"""Filters for pages that name many people at once (the study reports): one Python join instead
of a template loop per name, which is what such a page spends its time on."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

NAME_SEPARATOR = "、"


@register.filter
def name_list(people, css_class: str = "") -> str:
    """The people's names joined by 、, each escaped (and in a ``<span class=…>`` if given)."""
    names = [escape(p.name) for p in people]
    if css_class:
        css = escape(css_class)
        names = [f'<span class="{css}">{n}</span>' for n in names]
    return mark_safe(NAME_SEPARATOR.join(names))
