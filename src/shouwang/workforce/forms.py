from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouwang.core.models import Area
from shouwang.core.roles import MANAGE_POSTS
from shouwang.workforce.choices import Department
from shouwang.workforce.selectors import staff_visible_to


class StaffMemberForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    department = forms.ChoiceField(label=_("部门"), choices=Department.choices)
    unit = forms.CharField(label=_("单位"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    seconded = forms.BooleanField(label=_("下沉干部"), required=False)
    area = forms.ModelChoiceField(queryset=None, label=_("所属区域"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, MANAGE_POSTS).filter(
            level__in=["district", "street", "community"]
        )


class ShiftStaffForm(forms.Form):
    leader = forms.ModelChoiceField(queryset=None, label=_("带班负责人"), required=False)
    staff = forms.ModelMultipleChoiceField(
        queryset=None, label=_("值班人员"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        members = staff_visible_to(user).filter(active=True)
        self.fields["leader"].queryset = members
        self.fields["staff"].queryset = members


class HandoverForm(forms.Form):
    handover_note = forms.CharField(
        label=_("交接班记录"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ShiftTemplateForm(forms.Form):
    name = forms.CharField(label=_("模板名称"), max_length=50)
    slots = forms.CharField(
        label=pgettext_lazy("many", "班次"),
        help_text=_("每行一个班次：开始小时 时长，如“8 12”"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    area = forms.ModelChoiceField(queryset=None, label=_("所属区域"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, MANAGE_POSTS).filter(
            level__in=["district", "street", "community"]
        )

    def clean_slots(self):
        return [line.split() for line in self.cleaned_data["slots"].splitlines() if line.strip()]
