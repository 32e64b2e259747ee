import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from shouwang.demands.choices import DemandCategory, Department
from shouwang.demands.services import DEFAULT_ROUTES

TEXT = {"rows": 4}
PHONE = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the service checks their kinds and sizes)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class DemandForm(forms.Form):
    """What an enterprise needs. The public form asks who it is; in the account the
    enterprise is known."""

    enterprise_name = forms.CharField(label=_("企业名称"), max_length=120)
    credit_code = forms.CharField(
        label=_("统一社会信用代码（选填）"), max_length=18, required=False
    )
    category = forms.ChoiceField(label=_("诉求类别"), choices=DemandCategory.choices)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs=TEXT))
    attachments = MultipleFileField(
        label=_("附件（选填，最多 5 个，每个 10 MB 以内）"), required=False
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, widget=PHONE)
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, account: bool = False, enterprises=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)
        if account:
            del self.fields["enterprise_name"]
            del self.fields["credit_code"]
            if len(enterprises) > 1:
                self.fields["enterprise"] = forms.ChoiceField(
                    label=_("企业"), choices=[(e.pk, e.name) for e in enterprises]
                )
                self.order_fields(["enterprise"])


class PlanForm(forms.Form):
    plan = forms.CharField(label=_("办理方案"), widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(forms.Form):
    department = forms.ChoiceField(label=_("转至"), choices=Department.choices)
    reason = forms.CharField(label=_("转办理由"), max_length=300)


class FeedbackForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("是否满意"),
        choices=[("yes", _("满意，确认办结")), ("no", _("不满意，请重新办理"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    rating = forms.TypedChoiceField(
        label=_("评分"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("评价"), max_length=500, required=False)


class SettingsForm(forms.Form):
    respond_hours = forms.IntegerField(label=_("受理时限（小时）"), min_value=1, max_value=720)
    plan_hours = forms.IntegerField(label=_("制定方案时限（小时）"), min_value=1, max_value=2160)
    close_hours = forms.IntegerField(label=_("办结时限（小时）"), min_value=1, max_value=4320)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in DemandCategory.choices:
            self.fields[f"route_{category}"] = forms.ChoiceField(
                label=_("%(category)s类诉求承办单位") % {"category": label},
                choices=Department.choices,
                initial=DEFAULT_ROUTES[category],
            )

    def routes(self) -> dict:
        return {c: self.cleaned_data[f"route_{c}"] for c in DemandCategory.values}
