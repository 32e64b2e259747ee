from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shouwang.reports.selectors import SPANS


def _last_days(days) -> str:
    return gettext("近%(n)s天") % {"n": days}


# Lazy as a whole: filling in a lazy string's %(n)s translates it then, at import.
SPAN_CHOICES = [
    *((key, lazy(_last_days, str)(key)) for key in SPANS),
    ("all", _("自启动以来")),
]


class DayForm(forms.Form):
    """Which day and how far back: the dashboard's and the report's filter."""

    day = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    span = forms.ChoiceField(label=_("趋势"), choices=SPAN_CHOICES, required=False)

    def day_or_today(self):
        return self.cleaned_data.get("day") or timezone.localdate()


class ReportRequestForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))


class EmergencyForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    declared_on = forms.DateField(
        label=_("启动日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
