"""Punctuation in the reader's language, for a translated label followed by a value:
Chinese puts a full-width colon or brackets there, English ': ' and ' (...)'. One pair of
translations here serves every template (``{% load wording %}``)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    """After a label: ``{% translate "处理结果" %}{% colon %}{{ value }}``."""
    return gettext("：")


@register.filter(needs_autoescape=True)
def bracketed(value, autoescape=True) -> str:
    """``value`` in brackets: ``{{ rate|bracketed }}`` gives （89 %） or " (89 %)"."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(gettext("（%(text)s）") % {"text": text})
