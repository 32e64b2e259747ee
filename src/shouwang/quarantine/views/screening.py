from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.forms import ImportUploadForm
from shouwang.core.roles import MANAGE_POSTS, PORT_DUTY
from shouwang.core.scoping import holds, scope_paths
from shouwang.core.text import list_of
from shouwang.core.views.base import add_service_errors, is_htmx
from shouwang.quarantine.forms import AllocateForm, EventForm, TemperatureForm
from shouwang.quarantine.manifest import ManifestImporter
from shouwang.quarantine.selectors.screening import (
    entries_to_screen,
    entry_for_screening,
    event_for_duty,
    events_for_duty,
    screening_report,
    unresolved_places,
)
from shouwang.quarantine.selectors.sites import sites_for_duty
from shouwang.quarantine.services import (
    manifest_upload_create,
    screening_allocate,
    screening_event_create,
    screening_flag,
    screening_temperature_record,
)
from shouwang.quarantine.views.common import action_messages


def _require_screening(user) -> None:
    if scope_paths(user, PORT_DUTY) == [] and scope_paths(user, MANAGE_POSTS) == []:
        raise Http404


@login_required
def event_list(request):
    _require_screening(request.user)
    return render(
        request,
        "quarantine/event_list.html",
        {
            "events": events_for_duty(request.user)[:100],
            "can_manage": scope_paths(request.user, MANAGE_POSTS) != [],
        },
    )


@login_required
def event_create_view(request):
    if scope_paths(request.user, MANAGE_POSTS) == []:
        raise Http404
    form = EventForm(
        request.POST or None, user=request.user, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = screening_event_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("quarantine:event_detail", pk=event.pk)
    return render(request, "quarantine/form.html", {"form": form, "title": _("新建筛查事件")})


#: Unresolved places named on the event page, the most frequent first; a ship from abroad
#: may bring hundreds.
PLACES_SHOWN = 20


def _open_sites(user):
    return sites_for_duty(user).open_on(timezone.localdate())


@login_required
def event_detail(request, pk):
    """Upload the manifest, flag, allocate, and the event report."""
    event = event_for_duty(request.user, pk)
    can_manage = holds(request.user, MANAGE_POSTS, event)
    upload_form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if upload_form.is_valid():
            job = manifest_upload_create(
                event=event,
                upload=upload_form.cleaned_data["file"],
                by=request.user,
                language=request.LANGUAGE_CODE,
            )
            return redirect("core:import_detail", pk=job.pk)
    places = unresolved_places(event)
    return render(
        request,
        "quarantine/event_detail.html",
        {
            "event": event,
            "report": screening_report(event),
            "unresolved_places": places[:PLACES_SHOWN],
            "unresolved_not_shown": max(len(places) - PLACES_SHOWN, 0),
            "upload_form": upload_form,
            "allocate_form": AllocateForm(sites=_open_sites(request.user)),
            "jobs": [upload.job for upload in event.uploads.select_related("job")],
            "manifest_columns": ManifestImporter.columns,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def event_action(request, pk, action):
    event = event_for_duty(request.user, pk)
    if action not in ("flag", "allocate"):
        raise Http404

    def run():
        if action == "flag":
            flagged = screening_flag(event=event, by=request.user)
            messages.success(request, _("研判完成：%(n)d 人为重点人员") % {"n": flagged})
            return
        form = AllocateForm(request.POST, sites=_open_sites(request.user))
        if not form.is_valid():
            raise ValidationError(_("请选择隔离点"))
        result = screening_allocate(
            event=event, sites=list(form.cleaned_data["sites"]), by=request.user
        )
        placed = list_of(f"{name} {n}" for name, n in result["placed"].items())
        messages.success(
            request,
            _("已安置：%(placed)s；未能安置 %(unplaced)d 人")
            % {"placed": placed or "0", "unplaced": result["unplaced"]},
        )

    action_messages(request, run)
    return redirect("quarantine:event_detail", pk=event.pk)


@login_required
def event_screen(request, pk):
    """Temperatures in a keyboard flow: row number or scanned document, Enter, the
    temperature, Enter; the page answers in place and is ready for the next person."""
    event = event_for_duty(request.user, pk)
    form = TemperatureForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        entry = entry_for_screening(event, form.cleaned_data["key"])
        if entry is None:
            form.add_error("key", _("名单中没有该行号或证件"))
        else:
            try:
                done = screening_temperature_record(
                    entry=entry, temperature=form.cleaned_data["temperature"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                form = TemperatureForm()
    context = {
        "event": event,
        "form": form,
        "done": done,
        "waiting": entries_to_screen(event),
        "report": screening_report(event, limit=0),
    }
    template = (
        "quarantine/_screen_panel.html" if is_htmx(request) else "quarantine/event_screen.html"
    )
    return render(request, template, context)
