from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from shouwang.core.forms import ExportForm
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE, CONTROL, DELETE, EXPORT, MANAGE_AREAS, REVEAL
from shouwang.core.scoping import get_visible_or_404, holds, scope_paths
from shouwang.core.selectors import area_in_query
from shouwang.core.views.base import ScopedListView, add_service_errors
from shouwang.core.views.exports import export_query, start_list_export
from shouwang.people.exports import PERSON_EXPORT
from shouwang.people.filters import PersonFilter
from shouwang.people.forms import (
    EpisodeForm,
    HealthStateForm,
    HistoryEntryForm,
    HistoryPlaceForm,
    MeasureForm,
    PersonForm,
    RevealForm,
    RiskAreaForm,
    RiskRuleForm,
)
from shouwang.people.models import HistoryEntry, Person, RiskArea, RiskRule
from shouwang.people.selectors import (
    measure_counts,
    persons_visible_to,
    register_measure_counts,
)
from shouwang.people.services import (
    episode_record,
    health_state_record,
    history_entry_record,
    history_place_correct,
    measure_change,
    person_delete,
    person_register,
    person_reveal,
    person_update,
    risk_area_save,
    risk_rule_save,
)
from shouwang.people.timeline import person_timeline


class PersonListView(ScopedListView):
    model = Person
    template_name = "people/person_list.html"
    paginate_by = 30

    def post(self, request, *args, **kwargs):
        # The search box posts, so an ID number typed into it never lands in a URL, the
        # browser history or an access log.
        return self.get(request, *args, **kwargs)

    def search(self) -> str:
        return self.request.POST.get("q") or self.request.GET.get("q", "")

    def get_queryset(self):
        self.area = area_in_query(self.request.user, self.request.GET)
        self.filterset = PersonFilter(
            self.request.GET,
            queryset=persons_visible_to(self.request.user, area=self.area, search=self.search()),
        )
        return self.filterset.qs

    def filtered(self) -> bool:
        """Whether the list is narrower than the register under the area (a search, a
        filter, or filters that do not validate)."""
        form = self.filterset.form
        return (
            bool(self.search().strip())
            or not form.is_valid()
            or any(value not in (None, "") for value in form.cleaned_data.values())
        )

    def get_paginator(self, queryset, *args, **kwargs):
        # The counts per measure give the total too: the paginator need not count again.
        if self.filtered():
            self.measure_counts, total = measure_counts(queryset)
        else:
            self.measure_counts, total = register_measure_counts(self.request.user, self.area)
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = total
        return paginator

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)  # paginates, which counts
        context.update(
            area=self.area,
            query=self.search(),
            filter=self.filterset,
            filter_query=_filter_query(self.request),
            measure_counts=self.measure_counts,
            can_add=scope_paths(user, CHANGE) != [],
            can_export=scope_paths(user, EXPORT) != [],
            export_form=ExportForm(kind=PERSON_EXPORT),
        )
        return context


def _filter_query(request) -> str:
    """The list's filters as a query string, for pagination and export links."""
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


@login_required
@require_POST
def person_export(request):
    """The filtered list as xlsx, written in the background: masked unless asked and
    allowed, logged at each download."""
    query = export_query(request, posted=("q",))
    return start_list_export(request, PERSON_EXPORT, query=query)


@login_required
def person_detail(request, pk):
    person = get_visible_or_404(
        Person.objects.select_related("area", "home_building"), request.user, pk=pk
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "timeline": person_timeline(person),
            "timeline_forms": {
                kind: spec
                for kind, spec in TIMELINE_FORMS.items()
                if holds(request.user, spec[3], person)
            },
            "can_reveal": holds(request.user, REVEAL, person),
            "can_change": holds(request.user, CHANGE, person),
            "can_delete": holds(request.user, DELETE, person),
            "reveal_form": RevealForm(),
        },
    )


@login_required
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person, created = person_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记") if created else _("该证件已登记，已更新原记录"))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@login_required
def person_edit(request, pk):
    person = get_visible_or_404(
        Person.objects.select_related("area", "home_building"), request.user, CHANGE, pk=pk
    )
    initial = {
        "name": person.name,
        "phone": "",
        "building_code": person.home_building.code if person.home_building else "",
        "area": None if person.home_building else person.area,
        "nationality": person.nationality,
        "room": person.room,
        "workplace": person.workplace,
    }
    form = PersonForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_update(
                person=person,
                by=request.user,
                name=data["name"],
                phone=data["phone"] or person.phone,
                area=data["area"],
                home_building=data["home_building"],
                nationality=data["nationality"],
                room=data["room"],
                workplace=data["workplace"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def person_delete_view(request, pk):
    person = get_visible_or_404(Person.objects, request.user, DELETE, pk=pk)
    person_delete(person=person, by=request.user)
    messages.success(request, _("已删除"))
    return redirect("people:person_list")


@login_required
@require_POST
def person_reveal_view(request, pk):
    """Returns a fragment with the full value; the page swaps it in with htmx."""
    form = RevealForm(request.POST)
    if not form.is_valid():
        return render(request, "people/_reveal_error.html", {"form": form}, status=400)
    try:
        value = person_reveal(
            person_id=pk,
            field=form.cleaned_data["field"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        return render(request, "people/_reveal_error.html", {"errors": error.messages}, status=400)
    response = render(request, "people/_revealed.html", {"value": value})
    response["Cache-Control"] = "no-store"
    return response


def _unrecognised_place(entry: HistoryEntry) -> str:
    """What the staff are told of a history entry just saved: nothing, or that its place
    named no region found (the risk-area rules match regions)."""
    if entry.region_code:
        return ""
    return _("未能识别“%(place)s”所在的地区，该条不参与风险地区比对：境内地点请写明省市区") % {
        "place": entry.place
    }


def _nothing_to_say(record) -> str:
    return ""


#: The timeline entries staff add from the person page: form, service, title, the
#: permission it takes (a building head reports arrivals; measures are decided above him),
#: and what to warn of about the record saved.
TIMELINE_FORMS = {
    "measure": (MeasureForm, measure_change, _lazy("变更管控措施"), CONTROL, _nothing_to_say),
    "health": (
        HealthStateForm,
        health_state_record,
        _lazy("登记健康状态"),
        CHANGE,
        _nothing_to_say,
    ),
    "episode": (EpisodeForm, episode_record, _lazy("登记抵达/筛查/暴露"), CHANGE, _nothing_to_say),
    "history": (
        HistoryEntryForm,
        history_entry_record,
        _lazy("登记旅居接触史"),
        CHANGE,
        _unrecognised_place,
    ),
}


@login_required
def person_timeline_add(request, pk, kind):
    if kind not in TIMELINE_FORMS:
        raise Http404
    form_class, service, title, permission, warning_about = TIMELINE_FORMS[kind]
    person = get_visible_or_404(
        Person.objects.select_related("area"), request.user, permission, pk=pk
    )
    return _timeline_form(
        request,
        person,
        form_class(request.POST or None),
        title,
        save=lambda data: service(person=person, by=request.user, **data),
        saved=_("已登记"),
        warning_about=warning_about,
    )


@login_required
def history_place_correct_view(request, pk, entry_pk):
    """A history place written again: linked from a place whose region was not found, and
    open for any (a place recognised as the wrong one)."""
    person = get_visible_or_404(Person.objects.select_related("area"), request.user, CHANGE, pk=pk)
    entry = get_object_or_404(HistoryEntry, pk=entry_pk, person=person)
    return _timeline_form(
        request,
        person,
        HistoryPlaceForm(request.POST or None, initial={"place": entry.place}),
        _("更正地点"),
        save=lambda data: history_place_correct(entry=entry, place=data["place"], by=request.user),
        saved=_("已更正"),
        warning_about=_unrecognised_place,
    )


def _timeline_form(request, person, form, title, *, save, saved, warning_about):
    """A form of the person's timeline: saved through ``save`` (the service), said so with
    what to warn of, and back to the person; or the form again with the refusals."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            if warning := warning_about(record):
                messages.warning(request, warning)
            return redirect("people:person_detail", pk=person.pk)
    return render(
        request,
        "people/timeline_form.html",
        {"form": form, "person": person, "title": title},
    )


class RiskAreaListView(ScopedListView):
    """The district's list of risk areas and its rules (both managed by district staff)."""

    model = Area  # the permission check of the base view; the rows are risk areas
    permission = MANAGE_AREAS
    template_name = "people/riskarea_list.html"

    def get_queryset(self):
        return RiskArea.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(rules=RiskRule.objects.all(), **kwargs)


def _district_staff_only(request) -> None:
    if scope_paths(request.user, MANAGE_AREAS) == []:
        raise Http404


@login_required
def risk_area_edit(request, pk=None):
    _district_staff_only(request)
    risk_area = get_object_or_404(RiskArea, pk=pk) if pk else None
    initial = {}
    if risk_area is not None:
        initial = {
            field: getattr(risk_area, field)
            for field in ("region_code", "name", "level", "valid_from", "valid_to", "note")
        }
    form = RiskAreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            risk_area_save(by=request.user, risk_area=risk_area, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存，正在重新研判相关人员"))
            return redirect("people:riskarea_list")
    return render(request, "people/risk_form.html", {"form": form, "title": _("风险地区")})


@login_required
def risk_rule_edit(request, pk=None):
    _district_staff_only(request)
    rule = get_object_or_404(RiskRule, pk=pk) if pk else None
    form = RiskRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            risk_rule_save(by=request.user, rule=rule, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存，正在重新研判相关人员"))
            return redirect("people:riskarea_list")
    return render(request, "people/risk_form.html", {"form": form, "title": _("研判规则")})
