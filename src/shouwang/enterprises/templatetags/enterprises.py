from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def yi(value) -> str:
    """Yuan as 亿元 (hundred millions) with one decimal, as the reports give it."""
    if value is None:
        return "0"
    return f"{Decimal(value) / Decimal(100_000_000):,.1f}"
