from django import forms
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import Role
from shouwang.core.models import User
from shouwang.isolation.choices import OrderOutcome, Slot
from shouwang.isolation.models import DEFAULT_DAYS
from shouwang.people.forms import DayInput


class OrderForm(forms.Form):
    start = forms.DateField(label=_("开始日期"), widget=DayInput)
    days = forms.IntegerField(label=_("隔离天数"), initial=DEFAULT_DAYS, min_value=1)
    reason = forms.CharField(label=_("隔离原因"), max_length=300)
    grid_worker = forms.ModelChoiceField(label=_("责任网格员"), queryset=User.objects.none())
    doctor = forms.CharField(label=_("责任医生"), max_length=50)

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        # The grid workers assigned to a grid above the person's home.
        self.fields["grid_worker"].queryset = (
            User.objects.filter(
                assignments__role=Role.GRID_WORKER,
                assignments__area__path__in=[*area.ancestor_paths(), area.path],
            )
            .distinct()
            .order_by("username")
        )


class FollowUpForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=DayInput)
    slot = forms.ChoiceField(label=_("时段"), choices=Slot.choices)
    temperature = forms.DecimalField(
        label=_("体温（°C）"),
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )
    symptoms = forms.CharField(label=_("症状"), max_length=200, required=False)
    needs_food = forms.BooleanField(label=_("需要生活物资"), required=False)
    needs_medicine = forms.BooleanField(label=_("需要药品"), required=False)
    needs_psychological = forms.BooleanField(label=_("需要心理疏导"), required=False)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=14)
    reason = forms.CharField(label=_("延长原因"), max_length=200)


class EndForm(forms.Form):
    outcome = forms.ChoiceField(label=_("结束方式"), choices=OrderOutcome.choices)
    on = forms.DateField(label=_("结束日期"), widget=DayInput)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("签署人姓名"), max_length=50)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class CommitmentTemplateForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=100)
    text = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("可用 {name}、{start}、{end}、{days}、{address}"),
    )
