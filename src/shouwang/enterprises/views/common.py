"""What the enterprise pages share: the permission gate and the area filter."""

from django.http import Http404

from shouwang.core.models import Area
from shouwang.core.selectors import area_in_query
from shouwang.enterprises.models.enterprises import acts_for_enterprises, officer_paths


def may(user, permission: str) -> bool:
    """Whether the user holds ``permission`` anywhere, as an officer or for an enterprise."""
    return officer_paths(user, permission) != [] or acts_for_enterprises(user, permission)


def require(user, permission: str) -> None:
    """A page the user has no use for does not exist for him."""
    if not may(user, permission):
        raise Http404


def require_officer(user, permission: str) -> None:
    if officer_paths(user, permission) == []:
        raise Http404


def area_filter(request) -> Area | None:
    return area_in_query(request.user, request.GET)
