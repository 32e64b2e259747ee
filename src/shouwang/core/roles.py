"""What each role may do, and at which levels of the tree it can be held.

Permissions are plain strings checked by :func:`shouwang.core.scoping.scope_paths`; a user
holds a permission in the subtrees of the assignments whose role grants it.
"""

from shouwang.core.choices import AreaLevel, Role

VIEW = "view"
CHANGE = "change"
DELETE = "delete"
REVEAL = "reveal"
EXPORT = "export"
MANAGE_USERS = "manage_users"
MANAGE_AREAS = "manage_areas"
AUDIT = "audit"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DISTRICT_COMMANDER: frozenset(
        {VIEW, CHANGE, DELETE, REVEAL, EXPORT, MANAGE_USERS, MANAGE_AREAS, AUDIT}
    ),
    Role.STREET_OFFICER: frozenset({VIEW, CHANGE, DELETE, REVEAL, EXPORT, MANAGE_USERS}),
    Role.COMMUNITY_OFFICER: frozenset({VIEW, CHANGE, DELETE, REVEAL, EXPORT, MANAGE_USERS}),
    Role.GRID_WORKER: frozenset({VIEW, CHANGE, REVEAL}),
    Role.BUILDING_HEAD: frozenset({VIEW, CHANGE}),
    Role.SUPERVISOR: frozenset({VIEW}),
    Role.AUDITOR: frozenset({AUDIT}),
    # The unit roles see their own unit's records; the modules that own those units
    # (checkpoints, quarantine sites, ports, enterprises) scope them by unit as well.
    Role.CHECKPOINT_STAFF: frozenset(),
    Role.SITE_STAFF: frozenset(),
    Role.PORT_STAFF: frozenset(),
    Role.ENTERPRISE_USER: frozenset(),
}

_ANY_LEVEL = frozenset(AreaLevel.values)

#: The levels at which a role may be assigned.
ROLE_LEVELS: dict[str, frozenset[str]] = {
    Role.DISTRICT_COMMANDER: frozenset({AreaLevel.DISTRICT}),
    Role.STREET_OFFICER: frozenset({AreaLevel.STREET}),
    Role.COMMUNITY_OFFICER: frozenset({AreaLevel.COMMUNITY}),
    Role.GRID_WORKER: frozenset({AreaLevel.GRID}),
    Role.BUILDING_HEAD: frozenset({AreaLevel.BUILDING}),
    Role.SUPERVISOR: frozenset({AreaLevel.DISTRICT, AreaLevel.STREET}),
    Role.AUDITOR: frozenset({AreaLevel.DISTRICT, AreaLevel.STREET}),
    Role.CHECKPOINT_STAFF: _ANY_LEVEL - {AreaLevel.BUILDING},
    Role.SITE_STAFF: _ANY_LEVEL - {AreaLevel.BUILDING},
    Role.PORT_STAFF: _ANY_LEVEL - {AreaLevel.BUILDING},
    Role.ENTERPRISE_USER: _ANY_LEVEL - {AreaLevel.BUILDING},
}

#: Roles only a district commander may hand out: they read across the whole tree.
DISTRICT_GRANTED_ROLES = frozenset({Role.DISTRICT_COMMANDER, Role.AUDITOR, Role.SUPERVISOR})


def roles_granting(permission: str) -> list[str]:
    return [role for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions]
