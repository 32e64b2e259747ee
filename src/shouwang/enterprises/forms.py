from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_REVIEW, ENTERPRISE_SERVE
from shouwang.enterprises.choices import (
    ChecklistAnswer,
    KeyProjectLevel,
    LandlordKind,
    ProblemCategory,
    ResumptionState,
    ScaleCategory,
    TripKind,
)
from shouwang.enterprises.industries import division_choices
from shouwang.enterprises.models import Checklist
from shouwang.enterprises.selectors import WAITING
from shouwang.enterprises.services import EnterpriseProfile, FilingDetails

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
NUMBER_INPUT = forms.NumberInput(attrs={"inputmode": "numeric"})


def _blank(choices) -> list:
    return [("", "---------"), *choices]


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=120)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)
    area = forms.ModelChoiceField(label=_("所属区域"), queryset=Area.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    industry_division = forms.ChoiceField(label=_("行业大类"), choices=division_choices())
    employees = forms.IntegerField(label=_("从业人数"), min_value=0, widget=NUMBER_INPUT)
    revenue_last_year = forms.DecimalField(
        label=_("上年营业收入（元）"), min_value=0, decimal_places=2, max_digits=16
    )
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    park = forms.CharField(label=_("所在园区"), max_length=100, required=False)
    landlord_kind = forms.ChoiceField(
        label=_("业主类型"), choices=_blank(LandlordKind.choices), required=False
    )
    is_key_project = forms.BooleanField(label=_("重点项目"), required=False)
    key_project_name = forms.CharField(label=_("重点项目名称"), max_length=120, required=False)
    key_project_level = forms.ChoiceField(
        label=_("重点项目级别"), choices=_blank(KeyProjectLevel.choices), required=False
    )
    total_investment = forms.DecimalField(
        label=_("项目总投资（元）"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    planned_investment_this_year = forms.DecimalField(
        label=_("年度计划投资（元）"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    social_insurance_base = forms.DecimalField(
        label=_("社保缴费基数（元/月）"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        required=False,
    )
    insured_headcount = forms.IntegerField(
        label=_("参保人数"), min_value=0, required=False, widget=NUMBER_INPUT
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, ENTERPRISE_SERVE).filter(
            level__in=[AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID]
        )
        if editing:
            # The credit code is the enterprise's identity: a new code is a new enterprise.
            del self.fields["credit_code"]

    def profile(self) -> EnterpriseProfile:
        data = self.cleaned_data
        names = EnterpriseProfile.__dataclass_fields__
        return EnterpriseProfile(**{name: data[name] for name in names if name in data})


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    state = forms.ChoiceField(
        label=_("复工状态"),
        choices=_blank([*ResumptionState.choices, (WAITING, _("已报备未复工"))]),
        required=False,
    )
    scale = forms.ChoiceField(
        label=_("统计规模"), choices=_blank(ScaleCategory.choices), required=False
    )


class FilingForm(forms.Form):
    """The filing page: details, one answer per checklist item, the plan, the signature."""

    planned_date = forms.DateField(label=_("计划复工日期"), required=False, widget=DATE_INPUT)
    employees_total = forms.IntegerField(
        label=_("员工总数"), min_value=0, initial=0, widget=NUMBER_INPUT
    )
    employees_returning = forms.IntegerField(
        label=_("返岗人数"), min_value=0, initial=0, widget=NUMBER_INPUT
    )
    employees_from_risk_areas = forms.IntegerField(
        label=_("来自风险地区人数"), min_value=0, initial=0, widget=NUMBER_INPUT
    )
    employees_in_isolation = forms.IntegerField(
        label=_("正在隔离人数"), min_value=0, initial=0, widget=NUMBER_INPUT
    )
    liaison_name = forms.CharField(label=_("健康联络员"), max_length=50, required=False)
    liaison_phone = forms.CharField(
        label=_("联络员电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    emergency_plan = forms.FileField(
        label=_("应急处置预案（PDF、Word 或图片，10 MB 以内）"), required=False
    )
    signer_name = forms.CharField(label=_("签署人"), max_length=50, required=False)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, checklist: Checklist | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(checklist.items.all()) if checklist else []
        for item in self.items:
            self.fields[f"item_{item.position}"] = forms.ChoiceField(
                label=f"{item.position}. {item.text}",
                choices=ChecklistAnswer.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def item_fields(self):
        return [(item, self[f"item_{item.position}"]) for item in self.items]

    def detail_fields(self):
        names = [name for name in FilingDetails.__dataclass_fields__]
        return [self[name] for name in names]

    def details(self) -> FilingDetails:
        data = self.cleaned_data
        return FilingDetails(**{name: data[name] for name in FilingDetails.__dataclass_fields__})

    def answers(self) -> dict[int, str]:
        return {
            item.position: self.cleaned_data.get(f"item_{item.position}") or ""
            for item in self.items
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("停工原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ResumedForm(forms.Form):
    resumed_on = forms.DateField(label=_("实际复工日期"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resumed_on"].initial = timezone.localdate()


class EmployeeUploadForm(forms.Form):
    file = forms.FileField(label=_("员工名单（xlsx 或 CSV）"))


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE_INPUT)
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    findings = forms.CharField(
        label=_("走访发现"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    supplies_handed_over = forms.CharField(label=_("送达物资"), max_length=300, required=False)
    masks_handed_over = forms.IntegerField(
        label=_("送达口罩（只）"), min_value=0, initial=0, widget=NUMBER_INPUT
    )
    policies_handed_over = forms.CharField(label=_("宣讲政策"), max_length=300, required=False)
    problem_category = forms.ChoiceField(
        label=_("发现的问题类别"), choices=_blank(ProblemCategory.choices), required=False
    )
    problem_description = forms.CharField(label=_("问题描述"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()

    def problems(self) -> list[tuple[str, str]]:
        category = self.cleaned_data.get("problem_category")
        description = self.cleaned_data.get("problem_description", "")
        return [(category, description)] if category or description.strip() else []


class ReturnTripForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=TripKind.choices)
    code = forms.CharField(label=_("车次或车牌"), max_length=40)
    origin = forms.CharField(label=_("始发地"), max_length=100)
    arrival_date = forms.DateField(label=_("抵达日期"), widget=DATE_INPUT)
    area = forms.ModelChoiceField(label=_("组织区域"), queryset=Area.objects.none())
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, ENTERPRISE_SERVE).filter(
            level__in=[AreaLevel.DISTRICT, AreaLevel.STREET]
        )


class PolicyForm(forms.Form):
    notice_days = forms.IntegerField(label=_("提前报备天数"), min_value=0, max_value=60)
    review_required = forms.BooleanField(
        label=_("需街道审核（不勾选：承诺制，报备即受理）"), required=False
    )
    review_days = forms.IntegerField(label=_("审核时限（天）"), min_value=0, max_value=30)
    checklist = forms.ModelChoiceField(
        label=_("检查清单"), queryset=Checklist.objects.none(), required=False
    )
    commitment_text = forms.CharField(
        label=_("承诺书文本"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, area: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = Checklist.objects.filter(
            area__path__in=[*area.ancestor_paths(), area.path]
        )


class ChecklistForm(forms.Form):
    name = forms.CharField(label=_("清单名称"), max_length=100)
    items = forms.CharField(
        label=_("条目（每行一项，可写成“分组｜内容”）"),
        widget=forms.Textarea(attrs={"rows": 14}),
    )

    def item_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["items"].splitlines():
            group, separator, text = line.replace("|", "｜").partition("｜")
            pairs.append((group, text) if separator else ("", group))
        return pairs


def policy_areas(user):
    """Areas whose filing rules the user may set: where he reviews, district or street."""
    return Area.objects.visible_to(user, ENTERPRISE_REVIEW).filter(
        level__in=[AreaLevel.DISTRICT, AreaLevel.STREET]
    )
