from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.scoping import scope_paths
from shouwang.core.views.base import add_service_errors


def require(user, permission: str) -> None:
    """A page for a permission the user holds nowhere does not exist for him."""
    if scope_paths(user, permission) == []:
        raise Http404


def day_of(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


def form_errors(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


def station(records, board: str, listing: str):
    """Where unit staff land: the board of their one open post, else the list."""
    open_ids = list(records.open_on(timezone.localdate()).values_list("pk", flat=True)[:2])
    if len(open_ids) == 1:
        return redirect(board, pk=open_ids[0])
    return redirect(listing)


def posted_form(request, make, actions, handle):
    """A page with several forms, the posted one named by ``action``: ``make(action, data)``
    builds a form, ``handle(action, cleaned_data)`` calls the service. Answers the forms
    (the posted one bound, with its errors) and the action done, or None."""
    forms = {action: make(action, None) for action in actions}
    action = request.POST.get("action")
    if request.method != "POST" or action not in forms:
        return forms, None
    form = forms[action] = make(action, request.POST)
    if form.is_valid():
        try:
            handle(action, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return forms, action
    return forms, None


def action_messages(request, run) -> None:
    """Run a button's service; its refusal becomes messages on the page it returns to."""
    try:
        run()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
