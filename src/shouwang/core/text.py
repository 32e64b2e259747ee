from django.utils.translation import gettext as _


def list_of(items) -> str:
    """Items joined the way the active language lists them (、 in Chinese, commas in English)."""
    return _("、").join(items)


def clauses_of(items) -> str:
    """Clauses joined the way the active language separates them: ；in Chinese, '; ' in
    English (several messages of one refusal)."""
    return _("；").join(items)


def colon() -> str:
    """What follows a label in the active language: ：in Chinese, ': ' in English."""
    return _("：")


def labelled(label, text) -> str:
    """A label, its colon and what it labels: 张三：体温… / '张三: temperature …'."""
    return f"{label}{colon()}{text}"


def bracketed(text) -> str:
    """Text in the brackets of the active language: （…） in Chinese, ' (…)' in English."""
    return _("（%(text)s）") % {"text": text}
