"""Punctuation in the reader's language, for a translated label followed by a value:
Chinese puts a full-width colon or brackets there, English ': ' and ' (...)'. The template
side of ``core.text``, whose one pair of translations serves every app."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from shouwang.core import text

register = template.Library()


@register.simple_tag
def colon() -> str:
    """After a label: ``{% translate "处理结果" %}{% colon %}{{ value }}``."""
    return text.colon()


@register.filter(needs_autoescape=True)
def bracketed(value, autoescape=True) -> str:
    """``value`` in brackets: ``{{ rate|bracketed }}`` gives （89 %） or " (89 %)"."""
    return mark_safe(text.bracketed(conditional_escape(value) if autoescape else value))


@register.filter(needs_autoescape=True)
def listed(items, autoescape=True) -> str:
    """``items`` as a list: ``{{ needs|listed }}`` gives 买菜、取药 or "groceries, medicine"."""
    return mark_safe(text.list_of(conditional_escape(i) if autoescape else str(i) for i in items))
