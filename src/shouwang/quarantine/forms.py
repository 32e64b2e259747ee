import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.models import Area
from shouwang.core.roles import MANAGE_POSTS
from shouwang.people.choices import Symptom
from shouwang.quarantine.choices import (
    MANUAL_ROOM_STATES,
    Destination,
    EventKind,
    RoomState,
    RoomType,
    SampleKind,
    SampleResult,
    ServedGroup,
    SiteKind,
    StayOutcome,
)
from shouwang.workforce.selectors import staff_visible_to, templates_available_to

_DATE = forms.DateInput(attrs={"type": "date"})
_MANAGED_LEVELS = [AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID]


def _managed_areas(user):
    return Area.objects.visible_to(user, MANAGE_POSTS).filter(level__in=_MANAGED_LEVELS)


def parse_person_lines(text: str) -> list[dict]:
    """Lines of "姓名,证件号码[,证件类型]" as pasted from a list (comma or tab); every bad
    line is named at once, so a long customs list is corrected in one pass."""
    rows, errors = [], []
    for number, cells in enumerate(csv.reader(io.StringIO(text.replace("\t", ","))), 1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            errors.append(_("第 %(n)d 行：应为“姓名,证件号码”") % {"n": number})
            continue
        document_type = cells[2] if len(cells) > 2 and cells[2] else DocumentType.PASSPORT
        if document_type not in DocumentType.values:
            errors.append(_("第 %(n)d 行：未知的证件类型") % {"n": number})
            continue
        rows.append({"name": cells[0], "document_number": cells[1], "document_type": document_type})
    if errors:
        raise ValidationError(errors)
    return rows


class SiteForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=SiteKind.choices)
    served = forms.ChoiceField(label=_("安置对象"), choices=ServedGroup.choices)
    area = forms.ModelChoiceField(queryset=None, label=_("所属区域"))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("可安置人数"), min_value=1)
    opens_on = forms.DateField(label=_("启用日期"), widget=_DATE)
    template = forms.ModelChoiceField(queryset=None, label=_("班次模板"))
    staff_per_shift = forms.IntegerField(label=_("每班人数"), min_value=1, initial=6)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _managed_areas(user)
        self.fields["template"].queryset = templates_available_to(user)


class RoomsForm(forms.Form):
    first_floor = forms.IntegerField(label=_("起始楼层"), initial=2)
    last_floor = forms.IntegerField(label=_("结束楼层"), initial=8)
    per_floor = forms.IntegerField(label=_("每层房间数"), initial=20)
    beds = forms.IntegerField(label=_("每间床位"), initial=1, min_value=1, max_value=8)
    room_type = forms.ChoiceField(label=_("房型"), choices=RoomType.choices)


class RoomStateForm(forms.Form):
    state = forms.ChoiceField(
        label=_("房态"),
        choices=[(s, RoomState(s).label) for s in MANUAL_ROOM_STATES],
    )


class StaffGroupForm(forms.Form):
    name = forms.CharField(label=_("工作组"), max_length=50)
    duty = forms.CharField(label=_("职责"), max_length=200, required=False)
    leader = forms.ModelChoiceField(queryset=None, label=_("组长"), required=False)
    members = forms.ModelMultipleChoiceField(
        queryset=None, label=_("组员"), required=False, widget=forms.SelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        members = staff_visible_to(user).filter(active=True)
        self.fields["leader"].queryset = members
        self.fields["members"].queryset = members


class CoordinatorsForm(forms.Form):
    members = forms.ModelMultipleChoiceField(queryset=None, label=_("现场协调专班"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = staff_visible_to(user).filter(active=True)


class CloseForm(forms.Form):
    closes_on = forms.DateField(label=_("撤点日期"), widget=_DATE)


class CheckInForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    document_type = forms.ChoiceField(label=_("证件类型"), choices=DocumentType.choices)
    document_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    room = forms.ModelChoiceField(queryset=None, label=_("房间"))
    days = forms.IntegerField(
        label=pgettext_lazy("centralised quarantine", "隔离天数"),
        initial=14,
        min_value=1,
        max_value=28,
    )
    companions = forms.CharField(
        label=_("同住人员（每行：姓名,证件号码,证件类型）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.fields["room"].label_from_instance = lambda room: (
            _("%(number)s（%(type)s，%(beds)d床）")
            % {"number": room.number, "type": room.get_room_type_display(), "beds": room.beds}
        )

    def clean_companions(self):
        return parse_person_lines(self.cleaned_data["companions"])


class HealthLogForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=_DATE)
    morning_temperature = forms.DecimalField(
        label=_("上午体温"), required=False, max_digits=3, decimal_places=1
    )
    evening_temperature = forms.DecimalField(
        label=_("下午体温"), required=False, max_digits=3, decimal_places=1
    )
    symptoms = forms.MultipleChoiceField(
        label=_("症状"),
        choices=Symptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sample_kind = forms.ChoiceField(
        label=_("采样"), choices=[("", "—"), *SampleKind.choices], required=False
    )
    sample_result = forms.ChoiceField(
        label=_("检测结果"), choices=[("", "—"), *SampleResult.choices], required=False
    )
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class AttentionForm(forms.Form):
    attention = forms.BooleanField(label=_("重点关注"), required=False)
    reason = forms.CharField(label=_("关注原因"), max_length=200, required=False)


class CheckOutForm(forms.Form):
    outcome = forms.ChoiceField(label=_("去向"), choices=StayOutcome.choices)
    to_room = forms.ModelChoiceField(
        queryset=None, label=_("转入房间（转其他隔离点时）"), required=False
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_room"].queryset = rooms
        self.fields["to_room"].label_from_instance = lambda room: f"{room.site.name} {room.number}"


class PortForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    area = forms.ModelChoiceField(queryset=None, label=_("所属区域"))
    opens_on = forms.DateField(label=_("启用日期"), widget=_DATE)
    template = forms.ModelChoiceField(queryset=None, label=_("班次模板"))
    staff_per_shift = forms.IntegerField(label=_("每班人数"), min_value=1, initial=30)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _managed_areas(user)
        self.fields["template"].queryset = templates_available_to(user)


class BatchForm(forms.Form):
    reference = forms.CharField(label=_("交接单号"), max_length=50)
    handed_over_by = forms.CharField(label=_("移交单位/人"), max_length=100, required=False)
    expected_count = forms.IntegerField(label=_("交接人数"), min_value=1)
    persons = forms.CharField(
        label=_("交接名单（每行：姓名,证件号码,证件类型）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_persons(self):
        return parse_person_lines(self.cleaned_data["persons"])


class RegisterForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("证件类型"), choices=DocumentType.choices, initial=DocumentType.PASSPORT
    )
    document_number = forms.CharField(
        label=_("证件号码（扫描）"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    name = forms.CharField(label=_("姓名（名单外人员必填）"), max_length=50, required=False)
    origin = forms.CharField(label=_("出发地"), max_length=100, required=False)
    home_building = forms.CharField(label=_("本辖区居住楼栋编码"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)

    def clean_home_building(self):
        code = self.cleaned_data["home_building"].strip()
        if not code:
            return None
        area = Area.objects.filter(code=code, level=AreaLevel.BUILDING).first()
        if area is None:
            raise ValidationError(_("没有这个楼栋编码"))
        return area


class ConfirmForm(forms.Form):
    destination = forms.ChoiceField(
        label=_("去向"), choices=[("", _("按建议")), *Destination.choices], required=False
    )
    site = forms.ModelChoiceField(queryset=None, label=_("隔离点"), required=False)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class TransferForm(forms.Form):
    plate = forms.CharField(label=_("车牌号"), max_length=10)
    escort = forms.CharField(label=_("跟车人员"), max_length=100)


class RecountForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("证件类型"), choices=DocumentType.choices, initial=DocumentType.PASSPORT
    )
    document_number = forms.CharField(
        label=_("证件号码（逐人扫描）"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class EventForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=EventKind.choices)
    area = forms.ModelChoiceField(queryset=None, label=_("所属区域"))
    held_on = forms.DateField(label=_("筛查日期"), widget=_DATE)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _managed_areas(user)


class AllocateForm(forms.Form):
    sites = forms.ModelMultipleChoiceField(
        queryset=None, label=_("安置到隔离点"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = sites


class TemperatureForm(forms.Form):
    key = forms.CharField(
        label=_("名单行号或证件号码"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    temperature = forms.CharField(
        label=_("体温"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
