"""Proactive matching (免申即享): every registered enterprise against the catalogue.

The run reads the register in chunks by primary key, builds each enterprise's profile
from the register and its supplementary figures, keeps the items it is entitled to and has
not received (no grant in the ledger under that item), and streams them into the
entitlement table (COPY on PostgreSQL). Progress goes to the run's row, which the page
polls; readers only ever see the latest finished run of an area.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import ChangeAction
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_SERVE, POLICY_MANAGE
from shouwang.core.scoping import ensure_visible
from shouwang.demo.loader import write_rows
from shouwang.enterprises.models import Enterprise
from shouwang.policies.choices import RunStatus, WindowState
from shouwang.policies.engine import active_catalogue
from shouwang.policies.models import (
    Entitlement,
    EntitlementNotice,
    MatchingRun,
    ReliefGrant,
    window_state,
)
from shouwang.policies.profile import Profile
from shouwang.policies.selectors import current_run_ids

CHUNK = 5000
ENTITLEMENT_COLUMNS = ("run_id", "enterprise_id", "item_id", "area_id", "street_id", "amount")
# What a profile is built from: the register's columns, then the supplementary figures.
REGISTER_COLUMNS = (
    "pk",
    "area_id",
    "street_id",
    "street__code",
    "industry_division",
    "industry_section",
    "size_class",
    "scale",
    "employees",
    "revenue_last_year",
    "landlord_kind",
    "social_insurance_base",
    "insured_headcount",
    "is_key_project",
    "key_project_level",
    "relief_figures__revenue_drop_percent",
    "relief_figures__monthly_rent",
)


def matching_run_start(*, area: Area, by) -> MatchingRun:
    """Queue a run over every enterprise under ``area``."""
    from shouwang.policies.tasks import match_enterprises

    with transaction.atomic():
        run = MatchingRun(area=area, requested_by=by, language=translation.get_language())
        run.save()
        ensure_visible(by, run, POLICY_MANAGE)
        transaction.on_commit(lambda: match_enterprises.enqueue(run.pk))
    return run


def _profile(row) -> Profile:
    (_pk, _area, _street, street_code, division, section, size, scale, employees, revenue,
     landlord, base, insured, key, key_level, drop, rent) = row  # fmt: skip
    return Profile(
        industry_division=division,
        employees=employees,
        revenue_last_year=revenue,
        revenue_drop_percent=drop,
        street=street_code,
        landlord_kind=landlord,
        monthly_rent=rent,
        social_insurance_base=base,
        insured_headcount=insured,
        is_key_project=key,
        key_project_level=key_level,
        industry_section=section,
        size_class=size,
        scale=scale,
    )


def _claimable_items(on):
    return [
        item
        for item in active_catalogue()
        if item.current(on)
        and window_state(item.apply_from, item.apply_to, on) != WindowState.CLOSED
    ]


def matching_run_execute(*, run: MatchingRun, chunk: int = CHUNK) -> MatchingRun:
    """Do the run (in the background task). A failure marks it failed and removes what
    it wrote; the previous finished run stays what the pages show."""
    enterprises = Enterprise.objects.under(run.area)
    items = _claimable_items(timezone.localdate())
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), total=enterprises.count(),
        items=len(items),
    )  # fmt: skip
    granted = set(
        ReliefGrant.objects.under(run.area).values_list("enterprise_id", "item_id").distinct()
    )
    try:
        count, amount = _match(run, enterprises, items, granted, chunk)
    except Exception as error:
        Entitlement.objects.filter(run=run).delete()
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(error)[:2000]
        )
        raise
    with transaction.atomic():
        Entitlement.objects.filter(run__area=run.area).exclude(run=run).delete()
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, finished_at=timezone.now(), entitlements=count, amount=amount
        )
        record_bulk_change(
            user=run.requested_by,
            action=ChangeAction.IMPORT,
            model="policies.entitlement",
            count=count,
            area_path=run.area.path,
            description=f"proactive matching run {run.pk}: {count} entitlements",
        )
    run.refresh_from_db()
    return run


def _match(run, enterprises, items, granted, chunk) -> tuple[int, Decimal]:
    count, total, done, last = 0, Decimal(0), 0, 0
    while True:
        rows = list(
            enterprises.filter(pk__gt=last).order_by("pk").values_list(*REGISTER_COLUMNS)[:chunk]
        )
        if not rows:
            return count, total
        found = []
        for row in rows:
            profile = _profile(row)
            for item in items:
                if item.matches(profile) and (row[0], item.pk) not in granted:
                    amount = item.formula.amount_for(profile)
                    found.append((run.pk, row[0], item.pk, row[1], row[2], amount))
                    total += amount
        count += write_rows(Entitlement._meta.db_table, ENTITLEMENT_COLUMNS, found)
        done += len(rows)
        last = rows[-1][0]
        MatchingRun.objects.filter(pk=run.pk).update(done=done)


def entitlements_notify(*, enterprise: Enterprise, note: str, by) -> int:
    """The street told the enterprise of the items it may claim: remembered per item, so a
    later run does not list them as untold again."""
    if not note.strip():
        raise field_error("note", _("请填写告知方式（电话、上门、短信……）"))
    with transaction.atomic():
        ensure_visible(by, enterprise, ENTERPRISE_SERVE)
        told = set(
            EntitlementNotice.objects.filter(enterprise=enterprise).values_list(
                "item_id", flat=True
            )
        )
        items = (
            Entitlement.objects.filter(run_id__in=current_run_ids(), enterprise=enterprise)
            .exclude(item_id__in=told)
            .values_list("item_id", flat=True)
        )
        notices = [
            EntitlementNotice(
                enterprise=enterprise,
                item_id=item_id,
                area_id=enterprise.area_id,
                notified_by=by,
                note=note.strip()[:200],
            )
            for item_id in items
        ]
        for notice in notices:
            notice._history_user = by
            notice.save()
    return len(notices)
