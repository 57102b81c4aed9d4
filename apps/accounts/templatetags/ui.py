"""Small template helpers for the shared components."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def select_options(field: BoundField) -> SafeString:
    """A select's <option>s, built in Python: the template loop (or Django's widget
    templates, one per option) costs milliseconds on the long lists filters have."""
    choices = getattr(field.field, "choices", None) or getattr(field.field.widget, "choices", ())
    value = field.value()
    current = "" if value is None else str(value)
    return format_html_join(
        "",
        "<option value=\"{}\"{}>{}</option>",
        ((choice, mark_safe(" selected") if str(choice) == current else "", label)
         for choice, label in choices),
    )
