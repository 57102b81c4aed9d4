"""Small template helpers for the shared components."""

from __future__ import annotations

from html import escape

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def select_options(field: BoundField) -> SafeString:
    """A select's <option>s, built in Python with the standard library's escape: the
    template loop (or Django's widget templates, one per option) costs milliseconds on the
    long lists filters have, and so does format_html once per option."""
    choices = getattr(field.field, "choices", None) or getattr(field.field.widget, "choices", ())
    value = field.value()
    current = "" if value is None else str(value)
    return mark_safe("".join(
        f'<option value="{escape(str(choice))}"{" selected" if str(choice) == current else ""}>'
        f"{escape(str(label))}</option>"
        for choice, label in choices))


@register.simple_tag
def filter_field(field: BoundField, input_type: str = "") -> SafeString:
    """A list filter's label, control and errors, built in Python.

    Filter forms sit above every list page; rendering their widgets through Django's form
    templates costs more than the page's query. Selects get their choices, any other field
    an <input> (``input_type``, or the widget's own type) with the widget's attributes."""
    value = field.value()
    current = "" if value is None else str(value)
    widget = field.field.widget
    if getattr(widget, "allow_multiple_selected", None) is not None or hasattr(field.field, "choices"):
        control = format_html('<select name="{}" id="{}">{}</select>', field.html_name, field.auto_id,
                              select_options(field))
    else:
        attrs = {k: v for k, v in widget.attrs.items() if k not in ("type", "id", "name", "value")}
        if getattr(field.field, "max_length", None):
            attrs.setdefault("maxlength", field.field.max_length)
        control = format_html('<input type="{}" name="{}" id="{}" value="{}"{}>',
                              input_type or getattr(widget, "input_type", "text"), field.html_name, field.auto_id,
                              current, format_html_join("", ' {}="{}"', attrs.items()))
    errors = format_html_join("", '<small class="error" role="alert">{}</small>', ((e,) for e in field.errors))
    return format_html('<div class="field{}"><label for="{}">{}</label>{}{}</div>',
                       " field-error" if field.errors else "", field.auto_id, field.label, control, errors)
