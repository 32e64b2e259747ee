"""Template helpers of the policies and demands pages: Bootstrap widgets for any form
field, and amounts as the calculator writes them."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from shouwang.policies.rules import number_text

register = template.Library()


@register.filter
def control(field):
    """The field's widget with the Bootstrap class its kind needs."""
    widget = field.field.widget
    invalid = " is-invalid" if field.errors else ""
    if isinstance(widget, forms.CheckboxInput):
        return field.as_widget(attrs={"class": "form-check-input" + invalid})
    if isinstance(widget, forms.Select):
        css = "form-select form-select-lg" + invalid
        if type(widget) is forms.Select:
            return _select(field, css)
        return field.as_widget(attrs={"class": css})
    return field.as_widget(attrs={"class": "form-control form-control-lg" + invalid})


def _select(field, css: str):
    """A single select written directly: Django renders each option through a template,
    which for the 97 industry divisions costs more than the whole calculation."""
    chosen = "" if field.value() is None else str(field.value())
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == chosen else "", label)
            for value, label in field.field.widget.choices
        ),
    )
    required = mark_safe(" required") if field.field.required else ""
    return format_html(
        '<select name="{}" id="{}" class="{}"{}>{}</select>',
        field.html_name,
        field.auto_id,
        css,
        required,
        options,
    )


@register.filter
def yuan(value) -> str:
    """1234567.00 → "1,234,567"; empty stays empty."""
    return "" if value is None or value == "" else number_text(value)


@register.filter
def wan(value) -> str:
    """An amount in 10,000 yuan (万元), one decimal."""
    return "" if value is None else f"{float(value) / 10_000:,.1f}"


@register.filter
def is_radio(field) -> bool:
    return isinstance(field.field.widget, forms.RadioSelect)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)
