from django import forms
from django.utils.translation import gettext_lazy as _

from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.forms import area_or_building
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE


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
    building_code = forms.CharField(label=_("居住楼栋编码"), max_length=40, required=False)
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


class ExportForm(forms.Form):
    reason = forms.CharField(label=_("导出事由"), max_length=200)
    reveal = forms.BooleanField(
        label=_("导出完整证件号码和电话（需有查看权限，将记录）"), required=False
    )
