"""Scoping in one place: what a user may see and do is decided here and nowhere else.

A user's assignments give him subtrees of the jurisdiction; a role grants permissions in
the subtree it is held in. Every scoped model's queryset has ``visible_to(user, permission)``
built from those subtrees and the materialised ``Area.path``. Views, API viewsets, form
choices and exports all go through it, and services re-check a saved record with
:func:`ensure_visible`. Out of scope is indistinguishable from missing: both are a 404.
"""

from django.db import connection, models
from django.db.models import Q
from django.http import Http404

from shouwang.core.roles import VIEW, roles_granting

_CACHE_ATTRIBUTE = "_shouwang_scope_cache"


def scope_paths(user, permission: str = VIEW) -> list[str] | None:
    """The area paths in which ``user`` holds ``permission``.

    ``None`` means everywhere (a superuser); an empty list means nowhere. Paths that lie
    inside another returned path are dropped. The answer is cached on the user object,
    which lives for one request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if not cache:
        # One query for all the user's assignments; each permission is derived from it.
        cache[None] = list(user.assignments.values_list("role", "area__path"))
    if permission not in cache:
        granting = set(roles_granting(permission))
        cache[permission] = _outermost(
            sorted({path for role, path in cache[None] if role in granting})
        )
    return cache[permission]


def role_paths(user) -> list[tuple[str, str]] | None:
    """Every (role, area path) the user holds; ``None`` for a superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    scope_paths(user)  # fills the cache
    return user.__dict__[_CACHE_ATTRIBUTE][None]


def forget_scope(user) -> None:
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def _outermost(sorted_paths: list[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted_paths:
        if not any(path == outer or path.startswith(outer + ".") for outer in kept):
            kept.append(path)
    return kept


def subtree_q(lookup: str, paths: list[str]) -> Q:
    """Match rows whose ``lookup`` path equals or lies under any of ``paths``."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{lookup: path}) | _below(lookup, path)
    return condition


def _below(lookup: str, path: str) -> Q:
    if connection.vendor == "sqlite":
        # SQLite's LIKE is case-insensitive, so it cannot use the path index; the same
        # prefix as a range (paths starting "p." sort between "p." and "p/" in SQLite's
        # byte order) can. PostgreSQL's collation need not sort by bytes, but its
        # varchar_pattern_ops index serves the LIKE.
        return Q(**{f"{lookup}__gt": path + ".", f"{lookup}__lt": path + "/"})
    return Q(**{f"{lookup}__startswith": path + "."})


def path_within(path: str, paths: list[str] | None) -> bool:
    if paths is None:
        return True
    return any(path == outer or path.startswith(outer + ".") for outer in paths)


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every model that hangs on the jurisdiction tree.

    The model names the path of its area with ``scope_path_lookup`` (``"area__path"`` for
    a record with an ``area`` foreign key, ``"path"`` for ``Area`` itself).
    """

    def visible_to(self, user, permission: str = VIEW):
        paths = scope_paths(user, permission)
        if paths is None:
            return self
        if not paths:
            return self.none()
        return self.filter(subtree_q(self.model.scope_path_lookup, paths))

    def under(self, area):
        """Rows in ``area`` or below it (a filter, not a permission)."""
        return self.filter(subtree_q(self.model.scope_path_lookup, [area.path]))


def scope_path_of(instance) -> str:
    """The area path a scoped record hangs on ("" for one that hangs on none)."""
    value = instance
    for attribute in getattr(type(instance), "scope_path_lookup", "").split("__"):
        value = getattr(value, attribute, None)
        if value is None:
            return ""
    return value if isinstance(value, str) else ""


def holds(user, permission: str, instance) -> bool:
    """Whether the user holds ``permission`` over this record: for showing or hiding a
    button without a query. The action itself is checked again by its view."""
    path = scope_path_of(instance)
    paths = scope_paths(user, permission)
    return paths is None or (bool(path) and path_within(path, paths))


def get_visible_or_404(queryset, user, permission: str = VIEW, **lookup):
    """One record the user may act on; a 404 whether it is missing or out of scope."""
    try:
        return queryset.visible_to(user, permission).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def may_act_on(user, permission: str, instance) -> bool:
    """Whether the user holds ``permission`` over this stored record, by its model's own
    ``visible_to`` (one query): also right where scope is more than the area path, such
    as an enterprise user's memberships. :func:`holds` answers from the path alone."""
    manager = type(instance)._default_manager
    return manager.visible_to(user, permission).filter(pk=instance.pk).exists()


def ensure_visible(user, instance, permission: str = VIEW) -> None:
    """Re-check after a write: the saved record must still lie in the user's scope.

    Called inside the service's transaction, so a record moved out of scope rolls back.
    """
    if user is None:  # system jobs (imports from the command line, the demo loader)
        return
    if not may_act_on(user, permission, instance):
        raise Http404
