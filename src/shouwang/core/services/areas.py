"""Writes to the jurisdiction tree: one area, a building's details, a whole imported tree."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import bulk_create_with_history

from shouwang.core import pii
from shouwang.core.audit import district_language, record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction, StreetKind, parent_level
from shouwang.core.errors import field_error
from shouwang.core.imports import Column, Importer, ParsedRow, RowError, register
from shouwang.core.models import Area, Building
from shouwang.core.models.areas import PATH_SEPARATOR
from shouwang.core.roles import CHANGE, MANAGE_AREAS
from shouwang.core.scoping import ensure_visible, path_within, scope_paths

_LEVEL_WORDS = {
    **{level.value: level.value for level in AreaLevel},
    "区": AreaLevel.DISTRICT,
    "县": AreaLevel.DISTRICT,
    "district": AreaLevel.DISTRICT,
    "街道": AreaLevel.STREET,
    "镇": AreaLevel.STREET,
    "镇街": AreaLevel.STREET,
    "town": AreaLevel.STREET,
    "社区": AreaLevel.COMMUNITY,
    "村": AreaLevel.COMMUNITY,
    "网格": AreaLevel.GRID,
    "楼栋": AreaLevel.BUILDING,
    "楼": AreaLevel.BUILDING,
}


def parse_level(text: str) -> str:
    level = _LEVEL_WORDS.get(text.strip().lower())
    if level is None:
        raise ValidationError(
            _("未知的层级“%(value)s”（应为 区、街道、镇、社区、网格、楼栋）") % {"value": text}
        )
    return level


def parse_level_and_kind(text: str) -> tuple[str, str]:
    """The level, and for a street whether it is a street (街道) or a town (镇)."""
    level = parse_level(text)
    if level != AreaLevel.STREET:
        return level, ""
    return level, StreetKind.TOWN if text.strip().lower() in {"镇", "town"} else StreetKind.STREET


def check_parent_fits(level: str, parent: Area | None) -> None:
    expected = parent_level(level)
    if expected is None:
        if parent is not None:
            raise field_error("parent", _("区是根节点，不能有上级"))
        return
    if parent is None:
        raise field_error("parent", _("%(level)s必须有上级") % {"level": AreaLevel(level).label})
    if parent.level != expected:
        raise field_error(
            "parent",
            _("%(level)s的上级必须是%(expected)s，不能是%(actual)s")
            % {
                "level": AreaLevel(level).label,
                "expected": AreaLevel(expected).label,
                "actual": AreaLevel(parent.level).label,
            },
        )


def _check_may_manage(by, parent: Area | None) -> None:
    if by is None:
        return
    paths = scope_paths(by, MANAGE_AREAS)
    if paths is not None and (parent is None or not path_within(parent.path, paths)):
        raise field_error("parent", _("您无权在此区域下新增"))


_CODE_SHAPE = re.compile(r"^[0-9A-Za-z_-]{1,40}$")


def parse_code(text: str) -> str:
    """An area code: letters, digits, - and _. The path joins codes with dots, so a dot
    in a code would make an area look like the child of another."""
    code = text.strip()
    if not _CODE_SHAPE.match(code):
        raise ValidationError(_("编码只能包含字母、数字、- 和 _，最长 40 位"))
    return code


def area_create(
    *, level: str, code: str, name: str, parent: Area | None, by, street_kind: str = ""
) -> Area:
    try:
        code = parse_code(code)
    except ValidationError as error:
        raise field_error("code", error.messages[0]) from None
    name = name.strip()
    check_parent_fits(level, parent)
    _check_may_manage(by, parent)
    if Area.objects.filter(code=code).exists():
        raise field_error("code", _("编码 %(code)s 已存在") % {"code": code})
    with transaction.atomic():
        area = Area(
            level=level,
            code=code,
            name=name,
            parent=parent,
            path=f"{parent.path}{PATH_SEPARATOR}{code}" if parent else code,
            street_kind=street_kind if level == AreaLevel.STREET else "",
        )
        area._history_user = by
        area.full_clean()
        area.save()
        if level == AreaLevel.BUILDING:
            Building.objects.create(area=area)
        ensure_visible(by, area, MANAGE_AREAS)
    return area


def area_rename(*, area: Area, name: str, by) -> Area:
    with transaction.atomic():
        area.name = name.strip()
        area._history_user = by
        area.full_clean()
        area.save(update_fields=["name"])
        ensure_visible(by, area, MANAGE_AREAS)
    return area


def building_update(
    *,
    building: Building,
    by,
    address: str,
    units: int,
    floors: int,
    households: int,
    head_name: str,
    head_phone: str | None,
) -> Building:
    """``head_phone`` None keeps the stored number; an empty string clears it."""
    try:
        phone = pii.validate_phone(head_phone) if head_phone else head_phone
    except ValidationError as error:
        raise field_error("head_phone", error.messages[0]) from None
    with transaction.atomic():
        building.address = address
        building.units, building.floors, building.households = units, floors, households
        building.head_name = head_name
        if phone is not None:
            building.head_phone = phone
            building.head_phone_masked = pii.mask_phone(phone) if phone else ""
        building._history_user = by
        building.save()
        ensure_visible(by, building, CHANGE)
    return building


# --- the tree importer ---------------------------------------------------------------


def _non_negative_int(text: str) -> int:
    try:
        value = int(float(text))
    except ValueError:
        raise ValidationError(_("应为整数")) from None
    if value < 0:
        raise ValidationError(_("不能为负数"))
    return value


def _phone(text: str) -> str:
    return pii.validate_phone(text)


@register
class AreaImporter(Importer):
    kind = "areas"
    label = _lazy("区域树")
    permission = MANAGE_AREAS
    columns = (
        Column("code", _lazy("编码"), ("区划代码", "代码"), parse=parse_code),
        Column("name", _lazy("名称")),
        Column("level", _lazy("层级"), ("类型",), parse=parse_level_and_kind),
        Column(
            "parent_code",
            _lazy("上级编码"),
            ("parent", "上级代码"),
            required=False,
            parse=parse_code,
        ),
        Column("address", _lazy("地址"), required=False),
        Column("units", _lazy("单元数"), required=False, parse=_non_negative_int),
        Column("floors", _lazy("楼层数"), required=False, parse=_non_negative_int),
        Column("households", _lazy("户数"), required=False, parse=_non_negative_int),
        Column("head_name", _lazy("楼栋长"), ("楼栋长姓名",), required=False),
        Column(
            "head_phone", _lazy("楼栋长电话"), required=False, parse=_phone, mask=pii.mask_phone
        ),
    )

    def check_rows(self, rows: list[ParsedRow]) -> list[RowError]:
        for row in rows:
            row.values["level"], row.values["street_kind"] = row.values["level"]
        return self._check_tree(rows)

    def _check_tree(self, rows: list[ParsedRow]) -> list[RowError]:
        errors: list[RowError] = []
        code_label, parent_label = self.label_of("code"), self.label_of("parent_code")
        by_code: dict[str, ParsedRow] = {}
        for row in rows:
            code = row.values["code"]
            if code in by_code:
                errors.append(
                    RowError(
                        row.row,
                        code_label,
                        _("编码 %(code)s 与第 %(other)d 行重复")
                        % {"code": code, "other": by_code[code].row},
                    )
                )
            else:
                by_code[code] = row
        existing = set(Area.objects.filter(code__in=list(by_code)).values_list("code", flat=True))
        for code in existing:
            errors.append(
                RowError(
                    by_code[code].row,
                    code_label,
                    _("编码 %(code)s 已存在于系统中") % {"code": code},
                )
            )
        parent_codes = {r.values.get("parent_code") for r in rows} - set(by_code) - {None}
        known_parents = {a.code: a for a in Area.objects.filter(code__in=parent_codes)}
        self.known_parents = known_parents
        allowed = scope_paths(self.user, MANAGE_AREAS) if self.user else None
        for row in rows:
            cycle = self._cycle_from(row, by_code)
            if cycle:
                message = _("上级关系形成循环：%(codes)s") % {"codes": " → ".join(cycle)}
                errors.append(RowError(row.row, parent_label, message))
                continue
            parent_code = row.values.get("parent_code")
            if parent_code and parent_code not in by_code and parent_code not in known_parents:
                errors.append(
                    RowError(
                        row.row, parent_label, _("上级编码 %(code)s 不存在") % {"code": parent_code}
                    )
                )
                continue
            parent_level_value = (
                by_code[parent_code].values["level"]
                if parent_code in by_code
                else known_parents[parent_code].level
                if parent_code
                else None
            )
            expected = parent_level(row.values["level"])
            if expected != parent_level_value:
                errors.append(
                    RowError(
                        row.row,
                        parent_label,
                        self._level_message(row.values["level"], expected, parent_level_value),
                    )
                )
                continue
            if parent_code in known_parents and not path_within(
                known_parents[parent_code].path, allowed
            ):
                errors.append(RowError(row.row, parent_label, _("您无权在此区域下导入")))
            if allowed is not None and not parent_code:
                errors.append(RowError(row.row, parent_label, _("您无权新增根区域")))
        return errors

    @staticmethod
    def _cycle_from(row: ParsedRow, by_code: dict[str, ParsedRow]) -> list[str]:
        seen: list[str] = []
        code = row.values["code"]
        while code in by_code:
            if code in seen:
                return [*seen[seen.index(code) :], code]
            seen.append(code)
            code = by_code[code].values.get("parent_code")
        return []

    @staticmethod
    def _level_message(level, expected, actual) -> str:
        if expected is None:
            return _("区是根节点，不能有上级")
        if actual is None:
            return _("%(level)s必须有上级") % {"level": AreaLevel(level).label}
        return _("%(level)s的上级必须是%(expected)s，不能是%(actual)s") % {
            "level": AreaLevel(level).label,
            "expected": AreaLevel(expected).label,
            "actual": AreaLevel(actual).label,
        }

    def write(self, rows, progress=None) -> int:
        paths = {code: area.path for code, area in self.known_parents.items()}
        ids = {code: area.pk for code, area in self.known_parents.items()}
        by_level = {level: [] for level in AreaLevel.values}
        for row in rows:
            by_level[row.values["level"]].append(row)
        written = 0
        for level in AreaLevel.values:  # parents before children
            areas = []
            for row in by_level[level]:
                values = row.values
                parent_code = values.get("parent_code")
                path = (
                    f"{paths[parent_code]}{PATH_SEPARATOR}{values['code']}"
                    if parent_code
                    else values["code"]
                )
                paths[values["code"]] = path
                areas.append(
                    Area(
                        level=level,
                        code=values["code"],
                        name=values["name"],
                        parent_id=ids.get(parent_code),
                        path=path,
                        street_kind=values.get("street_kind", ""),
                    )
                )
            created = bulk_create_with_history(areas, Area, batch_size=2000, default_user=self.user)
            ids.update(
                Area.objects.filter(code__in=[a.code for a in created]).values_list("code", "pk")
            )
            if level == AreaLevel.BUILDING:
                buildings = [
                    self._building(ids[row.values["code"]], row.values) for row in by_level[level]
                ]
                Building.objects.bulk_create(buildings, batch_size=2000)
            written += len(areas)
            if progress:
                progress(written, len(rows))
        if written:
            root = min(paths.values(), key=len)
            with district_language():
                description = _("导入区域 %(count)d 个") % {"count": written}
            record_bulk_change(
                user=self.user,
                action=ChangeAction.IMPORT,
                model="core.area",
                count=written,
                area_path=root,
                description=description,
            )
        return written

    @staticmethod
    def _building(area_id: int, values: dict) -> Building:
        phone = values.get("head_phone") or ""
        return Building(
            area_id=area_id,
            address=values.get("address") or "",
            units=values.get("units") or 1,
            floors=values.get("floors") or 1,
            households=values.get("households") or 0,
            head_name=values.get("head_name") or "",
            head_phone=phone,
            head_phone_masked=pii.mask_phone(phone) if phone else "",
        )
