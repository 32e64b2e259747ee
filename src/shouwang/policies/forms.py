import django_filters
import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.enterprises.choices import KeyProjectLevel, LandlordKind
from shouwang.enterprises.industries import division_choices
from shouwang.policies.catalogue import ITEM_FIELDS
from shouwang.policies.choices import ReliefKind
from shouwang.policies.models import PolicyItem, ReliefGrant
from shouwang.policies.profile import Profile

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
NUMBER = {"inputmode": "decimal"}
COUNT = {"inputmode": "numeric"}


def _blank(choices, label="---------") -> list:
    return [("", label), *choices]


def _money(label, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=16,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs=NUMBER),
        **kwargs,
    )


class CalculatorForm(forms.Form):
    """The profile an enterprise enters (or confirms) on the calculator. The browser's
    limits help; the profile's own check names the field of an impossible value."""

    industry_division = forms.ChoiceField(label=_("行业"), choices=_blank(division_choices()))
    employees = forms.IntegerField(
        label=_("从业人数"), required=False, widget=forms.NumberInput(attrs=COUNT)
    )
    revenue_last_year = _money(_("上年营业收入（元）"))
    revenue_drop_percent = forms.DecimalField(
        label=_("营业收入同比降幅（%）"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("营业收入增长的填 0"),
        widget=forms.NumberInput(attrs=NUMBER),
    )
    street = forms.ChoiceField(label=_("所在街道"), required=False)
    landlord_kind = forms.ChoiceField(
        label=_("经营场所业主"), choices=_blank(LandlordKind.choices), required=False
    )
    monthly_rent = _money(_("月租金（元）"))
    social_insurance_base = _money(_("社保缴费基数（元/月）"))
    insured_headcount = forms.IntegerField(
        label=_("参保人数"), required=False, widget=forms.NumberInput(attrs=COUNT)
    )
    is_key_project = forms.BooleanField(label=_("省、市、区重点项目"), required=False)
    key_project_level = forms.ChoiceField(
        label=_("重点项目级别"), choices=_blank(KeyProjectLevel.choices), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        streets = Area.objects.filter(level=AreaLevel.STREET).order_by("path")
        self.street_codes = {}
        choices = []
        for code, name in streets.values_list("code", "name"):
            self.street_codes[code] = name
            choices.append((code, name))
        self.fields["street"].choices = _blank(choices)

    def profile(self) -> Profile:
        """The checked profile; a ValidationError naming the impossible fields."""
        values = {name: self.cleaned_data.get(name) for name in Profile.input_names()}
        for name in ("industry_division", "street", "landlord_kind", "key_project_level"):
            values[name] = values[name] or ""
        values["is_key_project"] = bool(values["is_key_project"])
        return Profile.checked(streets=set(self.street_codes), **values)


def profile_initial(profile: Profile) -> dict:
    return {name: getattr(profile, name) for name in Profile.input_names()}


class FiguresForm(forms.Form):
    revenue_drop_percent = forms.DecimalField(
        label=_("营业收入同比降幅（%）"), max_digits=5, decimal_places=2, required=False
    )
    monthly_rent = _money(_("月租金（元）"))


class PackageForm(forms.Form):
    code = forms.SlugField(label=_("编码"), max_length=40)
    name = forms.CharField(label=_("政策名称"), max_length=100)
    issuer = forms.CharField(label=_("发文机关"), max_length=100)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("发布日期"), required=False, widget=DATE_INPUT)
    summary = forms.CharField(
        label=_("概述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("有效"), required=False, initial=True)


def _yaml_field(label, help_text):
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace", "spellcheck": "false"}),
    )


class ItemForm(forms.Form):
    """One relief item. Conditions and formula are edited as the catalogue file writes
    them (YAML), and checked by the same code as an imported file."""

    code = forms.SlugField(label=_("编码"), max_length=60)
    title = forms.CharField(label=_("事项名称"), max_length=200)
    relief_kind = forms.ChoiceField(label=_("扶持类型"), choices=ReliefKind.choices)
    article = forms.CharField(label=_("政策条款"), widget=forms.Textarea(attrs={"rows": 4}))
    valid_from = forms.DateField(label=_("有效期自"), required=False, widget=DATE_INPUT)
    valid_to = forms.DateField(label=_("有效期至"), required=False, widget=DATE_INPUT)
    apply_from = forms.DateField(label=_("申报开始"), required=False, widget=DATE_INPUT)
    apply_to = forms.DateField(label=_("申报截止"), required=False, widget=DATE_INPUT)
    department = forms.CharField(label=_("受理部门"), max_length=100, required=False)
    where_to_apply = forms.CharField(label=_("申报渠道"), max_length=300, required=False)
    documents = forms.CharField(
        label=_("申报材料（每行一项）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conditions = _yaml_field(
        _("申请条件（YAML）"), _("例：- {field: revenue_drop_percent, op: gte, value: 30}")
    )
    formula = _yaml_field(
        _("金额公式（YAML）"),
        _("例：{kind: per_head, per_head: 500, headcount: insured_headcount, cap: 300000}"),
    )
    is_active = forms.BooleanField(label=_("有效"), required=False, initial=True)

    def _yaml(self, name):
        text = self.cleaned_data.get(name) or ""
        try:
            return yaml.safe_load(text) if text.strip() else None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = _("第 %(line)d 行") % {"line": mark.line + 1} if mark else ""
            raise ValidationError(_("不是有效的 YAML %(where)s") % {"where": where}) from None

    def clean_conditions(self):
        return self._yaml("conditions")

    def clean_formula(self):
        return self._yaml("formula")

    def item_data(self) -> dict:
        """The item as the catalogue file writes it."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("is_active", "documents")}
        data["active"] = self.cleaned_data["is_active"]
        data["documents"] = [
            line.strip() for line in self.cleaned_data["documents"].splitlines() if line.strip()
        ]
        return {key: value for key, value in data.items() if value is not None}


def item_initial(item: PolicyItem) -> dict:
    structured = ("documents", "conditions", "formula")
    initial = {name: getattr(item, name) for name in ITEM_FIELDS if name not in structured}
    initial["is_active"] = item.is_active
    initial["documents"] = "\n".join(item.documents)
    dump = {"allow_unicode": True, "sort_keys": False}
    initial["conditions"] = yaml.safe_dump(item.conditions, **dump) if item.conditions else ""
    initial["formula"] = yaml.safe_dump(item.formula, **dump)
    return initial


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=_("政策目录文件（YAML 或 JSON）"))


class GrantForm(forms.Form):
    credit_code = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    item = forms.ModelChoiceField(label=_("政策事项"), queryset=PolicyItem.objects.none())
    amount = forms.DecimalField(
        label=_("金额（元）"), max_digits=16, decimal_places=2, widget=forms.NumberInput(NUMBER)
    )
    granted_on = forms.DateField(label=_("兑现日期"), widget=DATE_INPUT)
    landlord_kind = forms.ChoiceField(
        label=_("业主类型（租金减免）"), choices=_blank(LandlordKind.choices), required=False
    )
    landlord_name = forms.CharField(label=_("业主或园区"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = PolicyItem.objects.active().select_related("package")


class NotifyForm(forms.Form):
    note = forms.CharField(label=_("告知方式"), max_length=200)


class ReliefGrantFilter(django_filters.FilterSet):
    """One filter set for the ledger page, its export and the API."""

    street = django_filters.CharFilter(field_name="street__code", label=_("街道编码"))
    item = django_filters.CharFilter(field_name="item__code", label=_("政策事项编码"))
    relief_kind = django_filters.ChoiceFilter(label=_("扶持类型"), choices=ReliefKind.choices)
    landlord_kind = django_filters.ChoiceFilter(label=_("业主类型"), choices=LandlordKind.choices)
    granted_from = django_filters.DateFilter(
        label=_("兑现日期自"), field_name="granted_on", lookup_expr="gte"
    )
    granted_to = django_filters.DateFilter(
        label=_("兑现日期至"), field_name="granted_on", lookup_expr="lte"
    )

    class Meta:
        model = ReliefGrant
        fields = ["street", "item", "relief_kind", "landlord_kind", "granted_from", "granted_to"]
