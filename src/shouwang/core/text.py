from django.utils.translation import gettext as _


def list_of(items) -> str:
    """Items joined the way the active language lists them (、 in Chinese, commas in English)."""
    return _("、").join(items)
