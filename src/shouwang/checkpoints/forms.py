from django import forms
from django.utils.translation import gettext_lazy as _

from shouwang.checkpoints.models import Checkpoint
from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.roles import MANAGE_POSTS
from shouwang.workforce.selectors import templates_available_to


class CheckpointForm(forms.ModelForm):
    template = forms.ModelChoiceField(queryset=None, label=_("班次模板"))
    staff_per_shift = forms.IntegerField(label=_("每班人数"), min_value=1, initial=3)

    class Meta:
        model = Checkpoint
        fields = [
            "name",
            "kind",
            "area",
            "location",
            "latitude",
            "longitude",
            "inbound_label",
            "outbound_label",
            "opens_on",
            "closes_on",
            "closed_groups",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.visible_to(user, MANAGE_POSTS).exclude(level=AreaLevel.BUILDING)
        self.fields["area"].queryset = areas
        self.fields["closed_groups"].queryset = Area.objects.visible_to(user, MANAGE_POSTS).filter(
            level__in=[AreaLevel.GRID, AreaLevel.BUILDING]
        )
        self.fields["closed_groups"].required = False
        self.fields["template"].queryset = templates_available_to(user)


class DeviceForm(forms.Form):
    name = forms.CharField(label=_("设备名称"), max_length=100)


class WatchedVehicleForm(forms.Form):
    plate = forms.CharField(label=_("车牌号"), max_length=12)
    reason = forms.CharField(label=_("布控原因"), max_length=200)
    area = forms.ModelChoiceField(queryset=None, label=_("区域"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user, MANAGE_POSTS).filter(
            level__in=[AreaLevel.DISTRICT, AreaLevel.STREET]
        )
