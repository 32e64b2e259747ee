"""Accounts and assignments, managed from a page that is itself scoped.

Whoever holds ``manage_users`` in an area manages the accounts that belong there and may
hand out roles in that subtree, at the levels each role fits. Roles that read across the
whole district (commander, auditor, supervisor) are handed out only by a commander.
"""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from shouwang.core.audit import district_language, record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction, Role
from shouwang.core.errors import field_error
from shouwang.core.models import Area, Assignment, User
from shouwang.core.roles import DISTRICT_GRANTED_ROLES, MANAGE_USERS, ROLE_LEVELS
from shouwang.core.scoping import (
    ensure_visible,
    forget_scope,
    path_within,
    scope_path_of,
    scope_paths,
    subtree_q,
)
from shouwang.core.text import list_of


def users_managed_by(manager):
    """Accounts the manager may change: at home in his subtree, holding no role outside
    it, and holding no district-wide role unless he is a commander. A street officer can
    therefore never reset the password of a commander whose home area is his street."""
    users = User.objects.visible_to(manager, MANAGE_USERS)
    paths = scope_paths(manager, MANAGE_USERS)
    if paths is None:
        return users
    outside = Assignment.objects.exclude(subtree_q("area__path", paths))
    users = users.exclude(is_superuser=True).exclude(pk__in=outside.values("user_id"))
    if not _is_commander(manager):
        users = users.exclude(
            pk__in=Assignment.objects.filter(role__in=DISTRICT_GRANTED_ROLES).values("user_id")
        )
    return users


def _check_user_managed(by, user: User) -> None:
    if by is not None and not users_managed_by(by).filter(pk=user.pk).exists():
        raise Http404


def _check_area_managed(by, area: Area, field: str) -> None:
    if by is not None and not path_within(area.path, scope_paths(by, MANAGE_USERS)):
        raise field_error(field, _("您无权管理该区域的账号"))


def user_create(*, username: str, display_name: str, area: Area, password: str, by) -> User:
    _check_area_managed(by, area, "area")
    if User.objects.filter(username__iexact=username).exists():
        raise field_error("username", _("用户名 %(name)s 已被使用") % {"name": username})
    user = User(username=username.strip(), display_name=display_name.strip(), area=area)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user._history_user = by
        user.save()
        ensure_visible(by, user, MANAGE_USERS)
    return user


def user_update(*, user: User, display_name: str, area: Area, is_active: bool, by) -> User:
    _check_user_managed(by, user)
    _check_area_managed(by, area, "area")
    if by is not None and user.pk == by.pk and not is_active:
        raise field_error("is_active", _("不能停用自己的账号"))
    with transaction.atomic():
        user.display_name, user.area, user.is_active = display_name.strip(), area, is_active
        user._history_user = by
        user.save(update_fields=["display_name", "area", "is_active"])
        ensure_visible(by, user, MANAGE_USERS)
    return user


def user_set_password(*, user: User, password: str, by) -> None:
    if by is not None and by.pk != user.pk:
        _check_user_managed(by, user)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user._history_user = by
        user.save(update_fields=["password"])


def _is_commander(user) -> bool:
    return (
        user is None
        or user.is_superuser
        or user.assignments.filter(role=Role.DISTRICT_COMMANDER).exists()
    )


def assignment_add(*, user: User, area: Area, role: str, by) -> Assignment:
    if role not in Role.values:
        raise field_error("role", _("未知的角色"))
    if area.level not in ROLE_LEVELS[role]:
        levels = list_of(
            str(AreaLevel(level).label) for level in AreaLevel.values if level in ROLE_LEVELS[role]
        )
        raise field_error(
            "area",
            _("%(role)s只能设在%(levels)s一级") % {"role": Role(role).label, "levels": levels},
        )
    _check_user_managed(by, user)
    _check_area_managed(by, area, "area")
    if role in DISTRICT_GRANTED_ROLES and not _is_commander(by):
        raise field_error("role", _("该角色只能由区指挥部授予"))
    if Assignment.objects.filter(user=user, area=area, role=role).exists():
        raise field_error("role", _("该用户已在此区域担任此角色"))
    with transaction.atomic():
        assignment = Assignment(user=user, area=area, role=role)
        assignment._history_user = by
        assignment.save()
        ensure_visible(by, assignment, MANAGE_USERS)
    forget_scope(user)
    return assignment


def assignment_remove(*, assignment: Assignment, by) -> None:
    _check_user_managed(by, assignment.user)
    _check_area_managed(by, assignment.area, "area")
    with transaction.atomic():
        assignment._history_user = by
        assignment.delete()
    forget_scope(assignment.user)


def user_is_locked(user: User) -> bool:
    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def user_unlock(*, user: User, by) -> None:
    """Clear the failed logins that locked the account, before the cool-off ends."""
    _check_user_managed(by, user)
    with transaction.atomic():
        cleared = axes_reset(username=user.username)
        with district_language():
            description = _("解除登录锁定：%(name)s") % {"name": user.username}
        record_bulk_change(
            user=by,
            action=ChangeAction.UPDATE,
            model="core.user",
            count=cleared,
            area_path=scope_path_of(user),
            description=description,
        )
