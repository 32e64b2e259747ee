from django import forms
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.forms import area_or_building
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE
from shouwang.people.choices import (
    CHANGEABLE_MEASURES,
    EpisodeKind,
    HealthSource,
    HealthState,
    HistoryKind,
    RiskLevel,
    Symptom,
)
from shouwang.people.models import RiskRule
from shouwang.people.regions import resolve_region
from shouwang.people.services.risk import RULE_FIELDS


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PersonForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    document_type = forms.ChoiceField(label=_("证件类型"), choices=DocumentType.choices)
    document_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    nationality = forms.CharField(
        label=_("国籍（三位字母代码）"), max_length=3, initial="CHN", required=False
    )
    building_code = forms.CharField(label=_("居住楼栋编码"), max_length=40, required=False)
    room = forms.CharField(label=_("房号"), max_length=20, required=False)
    workplace = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    area = forms.ModelChoiceField(label=_("所属区域"), queryset=Area.objects.none(), required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = Area.objects.visible_to(user, CHANGE).exclude(
            level=AreaLevel.BUILDING
        )
        if editing:
            # The document is the person's identity: correcting it is a new registration.
            del self.fields["document_type"]
            del self.fields["document_number"]

    def clean_nationality(self):
        return self.cleaned_data["nationality"] or None  # blank keeps the recorded one

    def clean(self):
        cleaned = super().clean()
        area = area_or_building(self, self.user, CHANGE)
        cleaned["area"] = area
        has_building = area is not None and area.level == AreaLevel.BUILDING
        cleaned["home_building"] = area if has_building else None
        cleaned.pop("building_code", None)
        return cleaned


class RevealForm(forms.Form):
    field = forms.ChoiceField(
        choices=[("document_number", _("证件号码")), ("phone", _("联系电话"))]
    )
    reason = forms.CharField(label=_("查看事由"), max_length=200)


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(label=_("管控措施"), choices=CHANGEABLE_MEASURES)
    start = forms.DateField(label=_("开始日期"), widget=DayInput)
    end = forms.DateField(label=_("结束日期"), required=False, widget=DayInput)
    reason = forms.CharField(label=_("原因"), max_length=300)


class HealthStateForm(forms.Form):
    state = forms.ChoiceField(label=_("健康状态"), choices=HealthState.choices)
    on = forms.DateField(label=_("日期"), widget=DayInput)
    temperature = forms.DecimalField(
        label=_("体温（°C）"), required=False, max_digits=3, decimal_places=1
    )
    source = forms.ChoiceField(label=_("来源"), choices=HealthSource.choices)


class EpisodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=EpisodeKind.choices)
    started_on = forms.DateField(label=_("开始日期"), widget=DayInput)
    ended_on = forms.DateField(label=_("结束日期"), required=False, widget=DayInput)
    origin = forms.CharField(label=_("来源地"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class HistoryEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=HistoryKind.choices)
    place = forms.CharField(label=_("地点（如：湖北省武汉市江汉区）"), max_length=100)
    from_date = forms.DateField(label=_("起始日期"), widget=DayInput)
    to_date = forms.DateField(label=_("截止日期"), required=False, widget=DayInput)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class HistoryPlaceForm(forms.Form):
    place = forms.CharField(label=_("地点（如：湖北省武汉市江汉区）"), max_length=100)


class SelfDeclarationForm(forms.Form):
    """The public form a returnee fills in on his phone after scanning the QR code."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("姓名"), max_length=50)
    document_type = forms.ChoiceField(label=_("证件类型"), choices=DocumentType.choices)
    document_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    building_code = forms.ChoiceField(label=_("居住楼栋"), required=False)
    room = forms.CharField(label=_("房号"), max_length=20, required=False)
    origin = forms.CharField(label=_("从何地来（省市区）"), max_length=100)
    arrival_date = forms.DateField(label=_("抵达日期"), widget=DayInput)
    travel_history = forms.CharField(
        label=_("14天内旅居史（途经地点）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    symptoms = forms.MultipleChoiceField(
        label=_("症状"),
        choices=Symptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    temperature = forms.DecimalField(
        label=_("体温（°C，可不填）"), required=False, max_digits=3, decimal_places=1
    )
    consent_health = forms.BooleanField(
        label=_("我单独同意社区为疫情防控处理我的健康信息（体温、症状）"), required=False
    )
    consent_location = forms.BooleanField(
        label=_("我单独同意社区为疫情防控处理我的行踪信息（来源地、旅居史）"), required=False
    )

    def __init__(self, *args, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building_code"].choices = [("", _("请选择"))] + [
            (building.code, building.name) for building in buildings
        ]


class DeclarationReviewForm(forms.Form):
    review_note = forms.CharField(label=_("退回原因"), max_length=300, required=False)


class RiskAreaForm(forms.Form):
    place = forms.CharField(
        label=_("地区（可填名称，如：武汉）"),
        max_length=60,
        required=False,
        help_text=_("填写名称时自动识别区划代码"),
    )
    region_code = forms.CharField(label=_("区划代码（GB/T 2260）"), max_length=6, required=False)
    name = forms.CharField(label=_("名称"), max_length=60, required=False)
    level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    valid_from = forms.DateField(label=_("生效日期"), widget=DayInput)
    valid_to = forms.DateField(label=_("截止日期"), required=False, widget=DayInput)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("region_code") and cleaned.get("place"):
            resolved = resolve_region(cleaned["place"])
            if resolved is None:
                self.add_error("place", _("无法识别该地区，请填写区划代码"))
            else:
                cleaned["region_code"], resolved_name = resolved
                cleaned["name"] = cleaned.get("name") or resolved_name
        cleaned.pop("place", None)
        return cleaned


class RiskRuleForm(forms.ModelForm):
    class Meta:
        model = RiskRule
        fields = list(RULE_FIELDS)
