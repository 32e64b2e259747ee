from django import forms
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import AreaLevel, Role
from shouwang.core.exports import list_export_for
from shouwang.core.models import Area
from shouwang.core.models.imports import ImportMode
from shouwang.core.roles import MANAGE_USERS
from shouwang.core.text import bracketed


class BuildingForm(forms.Form):
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    units = forms.IntegerField(label=_("单元数"), min_value=1, max_value=100)
    floors = forms.IntegerField(label=_("楼层数"), min_value=1, max_value=200)
    households = forms.IntegerField(label=_("户数"), min_value=0, max_value=10000)
    head_name = forms.CharField(label=_("楼栋长"), max_length=50, required=False)
    head_phone = forms.CharField(
        label=_("楼栋长电话"),
        max_length=20,
        required=False,
        help_text=_("留空则不修改已登记的号码"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_head_phone(self):
        return self.cleaned_data["head_phone"] or None


class ScopedAreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, area):
        return "　" * area.depth + area.name + bracketed(area.get_level_display())


def managed_areas(user):
    """Areas in which the user manages accounts; buildings are chosen by code instead."""
    return Area.objects.visible_to(user, MANAGE_USERS).exclude(level=AreaLevel.BUILDING)


def area_or_building(form, user, permission: str) -> Area | None:
    """The area a form names: a building by its code (there are too many for a dropdown)
    or else the area chosen from the dropdown, both within the user's scope."""
    code = form.cleaned_data.get("building_code", "").strip()
    if code:
        building = (
            Area.objects.visible_to(user, permission)
            .filter(code=code, level=AreaLevel.BUILDING)
            .first()
        )
        if building is None:
            form.add_error("building_code", _("找不到该楼栋，或不在您的管辖范围内"))
        return building
    if not form.cleaned_data.get("area"):
        form.add_error("area", _("请选择区域，或填写楼栋编码"))
    return form.cleaned_data.get("area")


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("只能包含字母、数字和 @/./+/-/_")},
    )
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    area = ScopedAreaChoiceField(label=_("所属区域"), queryset=Area.objects.none())
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = managed_areas(user)


class UserUpdateForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    area = ScopedAreaChoiceField(label=_("所属区域"), queryset=Area.objects.none())
    is_active = forms.BooleanField(label=_("启用"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = managed_areas(user)


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    area = ScopedAreaChoiceField(label=_("区域"), queryset=Area.objects.none(), required=False)
    building_code = forms.CharField(
        label=_("或楼栋编码"),
        max_length=40,
        required=False,
        help_text=_("楼栋长请填写楼栋编码"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = user
        self.fields["area"].queryset = managed_areas(user)

    def clean(self):
        cleaned = super().clean()
        cleaned["area"] = area_or_building(self, self.manager, MANAGE_USERS)
        return cleaned


class PasswordResetByManagerForm(forms.Form):
    password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("文件（.xlsx 或 .csv，UTF-8 或 GB18030）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只支持 .xlsx 和 .csv 文件"))
        return upload


class ImportConfirmForm(forms.Form):
    mode = forms.ChoiceField(label=_("导入方式"), choices=ImportMode.choices)


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("操作人"), required=False)
    model = forms.CharField(label=_("对象类型"), required=False)
    object_id = forms.CharField(label=_("对象编号"), required=False)
    day = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ExportForm(forms.Form):
    """A list's export button: why, and for a list with personal data whether in full."""

    reason = forms.CharField(label=_("导出事由"), max_length=200)
    reveal = forms.BooleanField(required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        reveal_label = list_export_for(kind).reveal_label
        if reveal_label:
            self.fields["reveal"].label = reveal_label
        else:
            del self.fields["reveal"]
