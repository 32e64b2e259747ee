from datetime import date

from django.http import Http404
from django.utils import timezone

from shouwang.core.scoping import scope_paths


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
