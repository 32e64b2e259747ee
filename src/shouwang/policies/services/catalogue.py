"""Writes of the catalogue: the file import, and the staff's edits of packages and items."""

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shouwang.core.choices import AreaLevel
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import POLICY_MANAGE
from shouwang.core.scoping import ensure_visible
from shouwang.policies.catalogue import (
    CatalogueRejected,
    ItemSpec,
    PackageSpec,
    check_item,
    check_package,
    parse_catalogue,
)
from shouwang.policies.models import PolicyItem, PolicyPackage
from shouwang.policies.rules import DefinitionError, Problems


def streets_under(area: Area) -> set[str]:
    """The street codes a condition of this area's catalogue may name."""
    streets = Area.objects.filter(level=AreaLevel.STREET).under(area)
    return set(streets.values_list("code", flat=True))


def area_or_district(code: str | None) -> Area | None:
    """The area with that code, or (none given) the deployment's district: whose
    catalogue a command imports, or whose enterprises it matches."""
    if code:
        return Area.objects.filter(code=code).first()
    return Area.objects.filter(level=AreaLevel.DISTRICT).order_by("path").first()


@dataclass
class ImportSummary:
    packages_created: int = 0
    packages_updated: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_withdrawn: int = 0


def _check_codes_free(packages: list[PackageSpec], area: Area) -> None:
    """A code already used by another area's catalogue is not taken over."""
    problems = []
    foreign_packages = set(
        PolicyPackage.objects.filter(code__in=[p.code for p in packages])
        .exclude(area=area)
        .values_list("code", flat=True)
    )
    codes = [item.code for package in packages for item in package.items]
    foreign_items = set(
        PolicyItem.objects.filter(code__in=codes).exclude(area=area).values_list("code", flat=True)
    )
    for index, package in enumerate(packages):
        if package.code in foreign_packages:
            problems.append((f"packages[{index}].code", None, _("编码已被其他区域使用")))
        for position, item in enumerate(package.items):
            if item.code in foreign_items:
                place = f"packages[{index}].items[{position}].code"
                problems.append((place, None, _("编码已被其他区域使用")))
    if problems:
        raise CatalogueRejected(problems)


def catalogue_import(*, text: str, fmt: str, area: Area, by) -> ImportSummary:
    """Create or update every package and item of the file, by code; items of these
    packages missing from the file are withdrawn (never deleted: grants rest on them).
    A file with any problem writes nothing."""
    packages = parse_catalogue(text, fmt=fmt, streets=streets_under(area))
    summary = ImportSummary()
    with transaction.atomic():
        _check_codes_free(packages, area)
        for position, spec in enumerate(packages):
            package, created = _package_upsert(spec, position, area, by)
            summary.packages_created += created
            summary.packages_updated += not created
            kept = []
            for item_position, item_spec in enumerate(spec.items):
                item, created = _item_upsert(item_spec, package, item_position, by)
                summary.items_created += created
                summary.items_updated += not created
                kept.append(item.pk)
            for item in package.items.filter(is_active=True).exclude(pk__in=kept):
                item.is_active = False
                item._history_user = by
                item.save()
                summary.items_withdrawn += 1
    return summary


def _package_upsert(spec: PackageSpec, position: int, area: Area, by):
    package = PolicyPackage.objects.filter(code=spec.code).first()
    created = package is None
    if created:
        package = PolicyPackage(code=spec.code, area=area)
    _apply_package(package, spec)
    package.position = position
    package._history_user = by
    package.save()
    ensure_visible(by, package, POLICY_MANAGE)
    return package, created


def _apply_package(package: PolicyPackage, spec: PackageSpec) -> None:
    values = asdict(spec)
    values.pop("items")
    package.is_active = values.pop("active")
    for name, value in values.items():
        setattr(package, name, value)


def _item_upsert(spec: ItemSpec, package: PolicyPackage, position: int, by):
    item = PolicyItem.objects.filter(code=spec.code).first()
    created = item is None
    if created:
        item = PolicyItem(code=spec.code)
    _apply_item(item, spec, package)
    item.position = position
    item._history_user = by
    item.save()
    return item, created


def _apply_item(item: PolicyItem, spec: ItemSpec, package: PolicyPackage) -> None:
    values = asdict(spec)
    item.is_active = values.pop("active")
    for name, value in values.items():
        setattr(item, name, value)
    item.package, item.area = package, package.area


def as_field_errors(problems: Problems) -> dict[str, list[str]]:
    """Problems of one item keyed by its first key (conditions, formula, apply_to ...),
    with the rest of the place kept in the message, for a form."""
    errors: dict[str, list[str]] = {}
    for place, message in problems.items:
        head = place.split(".", 1)[1] if "." in place else place
        key = head.split(".")[0].split("[")[0]
        errors.setdefault(key, []).append(f"{head}：{message}" if head != key else message)
    return errors


def item_check(*, data: dict, package: PolicyPackage) -> ItemSpec:
    """An item as the edit form gives it (the file's keys), checked like the file."""
    problems = Problems()
    spec = check_item(data, "item", problems, streets_under(package.area))
    if problems:
        raise ValidationError(as_field_errors(problems))
    return spec


def item_save(*, item: PolicyItem | None, package: PolicyPackage, data: dict, by) -> PolicyItem:
    """Create or change one item from the edit form, checked like an imported one."""
    spec = item_check(data=data, package=package)
    with transaction.atomic():
        ensure_visible(by, package, POLICY_MANAGE)
        clash = PolicyItem.objects.filter(code=spec.code)
        if item is not None:
            clash = clash.exclude(pk=item.pk)
        if clash.exists():
            raise field_error("code", _("编码已被使用"))
        if item is None:
            item = PolicyItem(position=package.items.count())
        _apply_item(item, spec, package)
        item._history_user = by
        item.save()
        ensure_visible(by, item, POLICY_MANAGE)
    return item


def package_save(
    *,
    package: PolicyPackage | None,
    area: Area,
    code: str,
    name: str,
    issuer: str,
    document_number: str = "",
    issued_on=None,
    summary: str = "",
    is_active: bool = True,
    by,
) -> PolicyPackage:
    """Create or change a package's heading (its items are edited one by one)."""
    data = {
        "code": code,
        "name": name,
        "issuer": issuer,
        "document_number": document_number,
        "issued_on": issued_on,
        "summary": summary,
        "active": is_active,
    }
    problems = Problems()
    spec = check_package(data, "package", problems, None, with_items=False)
    if problems:
        raise ValidationError(as_field_errors(problems))
    with transaction.atomic():
        clash = PolicyPackage.objects.filter(code=spec.code)
        if package is not None:
            ensure_visible(by, package, POLICY_MANAGE)
            clash = clash.exclude(pk=package.pk)
        if clash.exists():
            raise field_error("code", _("编码已被使用"))
        if package is None:
            package = PolicyPackage(area=area, position=PolicyPackage.objects.count())
        _apply_package(package, spec)
        package._history_user = by
        package.save()
        ensure_visible(by, package, POLICY_MANAGE)
    return package


__all__ = [
    "CatalogueRejected",
    "DefinitionError",
    "ImportSummary",
    "area_or_district",
    "catalogue_import",
    "item_check",
    "item_save",
    "package_save",
    "streets_under",
]
