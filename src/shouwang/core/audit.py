"""Change history into one audit table, and the access log for reveals and exports.

django-simple-history keeps a full history table per model; every historical record also
becomes one :class:`AuditEvent` row, so the auditor reads one table filtered by user,
record and day. Fields named in a model's ``personal_fields`` are reported as changed,
never with their values.
"""

from django.conf import settings
from django.dispatch import receiver
from django.utils import translation
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from shouwang.core.choices import ChangeAction
from shouwang.core.models import AccessLog, AuditEvent
from shouwang.core.network import client_ip
from shouwang.core.scoping import scope_path_of

_HISTORY_ACTIONS = {"+": ChangeAction.CREATE, "~": ChangeAction.UPDATE, "-": ChangeAction.DELETE}
_IGNORED_FIELDS = {"password", "last_login"}


def request_ip(request) -> str | None:
    return None if request is None else client_ip(request)


def current_request():
    return getattr(HistoricalRecords.context, "request", None)


def _changes(history_instance, personal: set[str]) -> dict:
    previous = history_instance.prev_record
    if previous is None:
        # Loaded in bulk (an import, the demo), so there is no earlier version to compare.
        return {"*": {"changed": True}}
    delta = history_instance.diff_against(previous)
    changes = {}
    for change in delta.changes:
        if change.field in _IGNORED_FIELDS:
            continue
        if change.field in personal:
            changes[change.field] = {"changed": True}
        else:
            changes[change.field] = {"old": _plain(change.old), "new": _plain(change.new)}
    return changes


def district_language():
    """The district's language, for a text stored once and read by every auditor: not the
    language of whoever acted (a name's brackets follow the language)."""
    return translation.override(settings.LANGUAGE_CODE)


def _described(instance) -> str:
    with district_language():
        return str(instance)[:200]


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@receiver(post_create_historical_record)
def record_audit_event(sender, instance, history_instance, history_user, **kwargs):
    personal = set(getattr(type(instance), "personal_fields", ()))
    action = _HISTORY_ACTIONS[history_instance.history_type]
    changes = _changes(history_instance, personal) if action == ChangeAction.UPDATE else {}
    if action == ChangeAction.UPDATE and not changes:
        return  # a save that changed nothing an auditor reads (a login's last_login, say)
    record_change(user=history_user, action=action, instance=instance, changes=changes)


def record_change(*, user, action: str, instance, changes: dict | None = None) -> AuditEvent:
    """One audit row for one record. Models with a history table get it from the history
    signal above; records written once and never changed call it directly and keep no
    history table."""
    event = change_event(user=user, action=action, instance=instance, changes=changes)
    event.save(force_insert=True)
    return event


def change_event(*, user, action: str, instance, changes: dict | None = None) -> AuditEvent:
    """The unsaved audit row of :func:`record_change`, for a caller that writes it in one
    statement with the record itself (a checkpoint passage)."""
    return AuditEvent(
        user=user if getattr(user, "pk", None) else None,
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=_described(instance),
        changes=changes or {},
        ip_address=request_ip(current_request()),
        area_path=scope_path_of(instance),
    )


def record_bulk_change(
    *, user, action: str, model: str, count: int, area_path: str, description: str, request=None
) -> AuditEvent:
    """One audit row for a batch written without per-row signals (imports, the demo)."""
    return AuditEvent.objects.create(
        user=user,
        action=action,
        model=model,
        object_repr=description[:200],
        changes={"rows": count},
        ip_address=request_ip(request),
        area_path=area_path,
    )


def record_access(
    *,
    user,
    action: str,
    instance=None,
    model: str = "",
    fields: str = "",
    reason: str,
    row_count: int = 1,
    area_path: str = "",
    request=None,
) -> AccessLog:
    """Log a reveal or an export. Call it in the same transaction as the disclosure."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        model=model or (instance._meta.label_lower if instance is not None else ""),
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=_described(instance) if instance is not None else "",
        fields=fields,
        reason=reason[:200],
        row_count=row_count,
        ip_address=request_ip(request or current_request()),
        area_path=area_path or (scope_path_of(instance) if instance is not None else ""),
    )
