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
#: Decide a person's control measure: change it, order, extend and end home isolation.
#: Building heads change records (they report arrivals, review their building's
#: self-declarations) but do not decide measures.
CONTROL = "control"
#: Work a checkpoint: register passages, read its passages, statistics and rosters.
CHECKPOINT_DUTY = "checkpoint_duty"
#: Work a quarantine site: check people in and out, keep their daily health logs, read
#: the site board and roster.
SITE_DUTY = "site_duty"
#: Work a port diversion point: receive handover batches, register, send people on in
#: transfer runs and recount them on arrival.
PORT_DUTY = "port_duty"
#: Set up posts (checkpoints, quarantine sites, port points), their staff and rosters.
MANAGE_POSTS = "manage_posts"
#: Enterprises: read the register and filings; file resumption for an enterprise; serve
#: enterprises (the register, service visits, return trips); review filings and set the
#: filing rules. Enterprise users hold the first two only for their own enterprises.
ENTERPRISE_VIEW = "enterprise_view"
ENTERPRISE_FILE = "enterprise_file"
ENTERPRISE_SERVE = "enterprise_serve"
ENTERPRISE_REVIEW = "enterprise_review"
_ENTERPRISE_ALL = {ENTERPRISE_VIEW, ENTERPRISE_FILE, ENTERPRISE_SERVE, ENTERPRISE_REVIEW}
#: Relief policies: edit the catalogue and run the proactive matching (district staff);
#: record relief granted in the ledger. Reading the ledger and the matches is enterprise_view.
POLICY_MANAGE = "policy_manage"
RELIEF_RECORD = "relief_record"
#: Enterprise demands: accept, plan, resolve, visit back, and set the routing and time
#: limits (at district or street level). Enterprises raise theirs with enterprise_file.
DEMAND_HANDLE = "demand_handle"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DISTRICT_COMMANDER: frozenset(
        {VIEW, CHANGE, CONTROL, DELETE, REVEAL, EXPORT, MANAGE_USERS, MANAGE_AREAS, AUDIT}
        | {CHECKPOINT_DUTY, SITE_DUTY, PORT_DUTY, MANAGE_POSTS}
        | _ENTERPRISE_ALL
        | {POLICY_MANAGE, RELIEF_RECORD, DEMAND_HANDLE}
    ),
    Role.STREET_OFFICER: frozenset(
        {VIEW, CHANGE, CONTROL, DELETE, REVEAL, EXPORT, MANAGE_USERS, CHECKPOINT_DUTY}
        | {MANAGE_POSTS, SITE_DUTY, PORT_DUTY}
        | _ENTERPRISE_ALL
        | {RELIEF_RECORD, DEMAND_HANDLE}
    ),
    Role.COMMUNITY_OFFICER: frozenset(
        {VIEW, CHANGE, CONTROL, DELETE, REVEAL, EXPORT, MANAGE_USERS, CHECKPOINT_DUTY}
        | {MANAGE_POSTS, SITE_DUTY}
        | {ENTERPRISE_VIEW, ENTERPRISE_FILE, ENTERPRISE_SERVE, DEMAND_HANDLE}
    ),
    Role.GRID_WORKER: frozenset({VIEW, CHANGE, CONTROL, REVEAL, ENTERPRISE_VIEW}),
    Role.BUILDING_HEAD: frozenset({VIEW, CHANGE}),
    Role.SUPERVISOR: frozenset({VIEW, ENTERPRISE_VIEW}),
    Role.AUDITOR: frozenset({AUDIT}),
    # The unit roles see their own unit's records; the modules that own those units
    # (checkpoints, quarantine sites, ports, enterprises) scope them by unit as well.
    Role.CHECKPOINT_STAFF: frozenset({CHECKPOINT_DUTY}),
    Role.SITE_STAFF: frozenset({SITE_DUTY}),
    Role.PORT_STAFF: frozenset({PORT_DUTY}),
    Role.ENTERPRISE_USER: frozenset({ENTERPRISE_VIEW, ENTERPRISE_FILE}),
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
