"""Template helpers of the policies and demands pages: Bootstrap widgets for any form
field, and amounts as the calculator writes them."""

from django import forms, template

from shouwang.policies.rules import number_text

register = template.Library()


@register.filter
def control(field):
    """The field's widget with the Bootstrap class its kind needs."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-lg"
    else:
        css = "form-control form-control-lg"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


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
