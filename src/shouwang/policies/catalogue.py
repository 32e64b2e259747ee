"""The catalogue file: packages of relief items in YAML or JSON.

``shouwang import-policies FILE`` reads it, ``shouwang export-policies`` writes it; the
format is documented in ``docs/developers/policies.md`` and ``policies/data/catalogue.yaml``
is a full example (the demo catalogue). Reading checks everything before anything is
written: an unknown key, a condition on a field that does not exist, a formula that does
not parse, a bad date or a duplicate code are each reported with their place
(``packages[0].items[2].conditions[1].field``) and, in YAML, their line.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from shouwang.policies.choices import ReliefKind
from shouwang.policies.rules import Problems, parse_conditions, parse_formula

FORMAT_VERSION = 1
#: The demo catalogue, also the format's full example.
DEMO_CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.yaml"
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PACKAGE_KEYS = (
    {"code", "name", "issuer", "items"},
    {"document_number", "issued_on", "summary", "active"},
)
#: An item's keys in the file (and its columns in the API), in the order they are written.
ITEM_FIELDS = (
    "code",
    "title",
    "relief_kind",
    "article",
    "valid_from",
    "valid_to",
    "apply_from",
    "apply_to",
    "department",
    "where_to_apply",
    "documents",
    "conditions",
    "formula",
)
_ITEM_REQUIRED = {"code", "title", "article", "relief_kind", "formula"}
ITEM_KEYS = (_ITEM_REQUIRED, {*ITEM_FIELDS, "active"} - _ITEM_REQUIRED)
DATE_PAIRS = (("valid_from", "valid_to"), ("apply_from", "apply_to"))


class CatalogueRejected(Exception):
    """The file cannot be imported; ``problems`` lists (place, line or None, message)."""

    def __init__(self, problems: list[tuple[str, int | None, str]]):
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [
            (_("第 %(line)d 行 %(place)s：%(message)s") if line else _("%(place)s：%(message)s"))
            % {"line": line or 0, "place": place or _("文件"), "message": message}
            for place, line, message in self.problems
        ]


@dataclass
class ItemSpec:
    code: str
    title: str
    article: str
    relief_kind: str
    conditions: list
    formula: dict
    valid_from: date | None = None
    valid_to: date | None = None
    apply_from: date | None = None
    apply_to: date | None = None
    department: str = ""
    where_to_apply: str = ""
    documents: list[str] = field(default_factory=list)
    active: bool = True


@dataclass
class PackageSpec:
    code: str
    name: str
    issuer: str
    document_number: str = ""
    issued_on: date | None = None
    summary: str = ""
    active: bool = True
    items: list[ItemSpec] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------


def _node_lines(node, place: str, lines: dict[str, int]) -> None:
    lines[place] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _node_lines(value, f"{place}.{key.value}" if place else str(key.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _node_lines(child, f"{place}[{index}]", lines)


def load_text(text: str, fmt: str) -> tuple[object, dict[str, int]]:
    """The data of a YAML or JSON file, and the line of each place (YAML only)."""
    lines: dict[str, int] = {}
    if fmt == "json":
        try:
            return json.loads(text), lines
        except json.JSONDecodeError as error:
            raise CatalogueRejected([("", error.lineno, _("不是有效的 JSON"))]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise CatalogueRejected([("", line, _("不是有效的 YAML"))]) from None
    if node is not None:
        _node_lines(node, "", lines)
    return data, lines


def _keys(data, keys, place, problems) -> bool:
    if not isinstance(data, dict):
        problems.add(place, _("应为键值表"))
        return False
    required, optional = keys
    extra = sorted(str(key) for key in set(data) - required - optional)
    if extra:
        problems.add(place, _("未知的键：%(keys)s") % {"keys": ", ".join(extra)})
    missing = sorted(required - set(data))
    if missing:
        problems.add(place, _("缺少：%(keys)s") % {"keys": ", ".join(missing)})
    return not missing


def _text(data, key, place, problems, *, required=False, limit=None) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(f"{place}.{key}", _("应为文字"))
        return ""
    value = value.strip()
    if required and not value:
        problems.add(f"{place}.{key}", _("不能为空"))
    if limit and len(value) > limit:
        problems.add(f"{place}.{key}", _("不能超过 %(limit)d 个字") % {"limit": limit})
    return value


def _code(data, place, problems, limit) -> str:
    value = data.get("code")
    if not isinstance(value, str) or not CODE.match(value) or len(value) > limit:
        problems.add(
            f"{place}.code",
            _("编码应为小写字母、数字、- 或 _，不超过 %(limit)d 位") % {"limit": limit},
        )
        return ""
    return value


def _date(data, key, place, problems) -> date | None:
    value = data.get(key)
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.add(f"{place}.{key}", _("日期应写作 YYYY-MM-DD"))
        return None


def _flag(data, key, place, problems) -> bool:
    value = data.get(key, True)
    if not isinstance(value, bool):
        problems.add(f"{place}.{key}", _("应为 true 或 false"))
        return True
    return value


def check_item(data, place: str, problems: Problems, streets: set[str] | None) -> ItemSpec | None:
    """One item of a catalogue (or of the edit form), checked; conditions and formula come
    back normalised as they are stored."""
    if not _keys(data, ITEM_KEYS, place, problems):
        return None
    before = len(problems.items)
    relief_kind = data.get("relief_kind")
    if relief_kind not in ReliefKind.values:
        problems.add(
            f"{place}.relief_kind",
            _("未知的扶持类型：%(kind)s（可用：%(kinds)s）")
            % {"kind": relief_kind, "kinds": ", ".join(ReliefKind.values)},
        )
    documents = data.get("documents") or []
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        problems.add(f"{place}.documents", _("应为文字列表"))
        documents = []
    conditions = parse_conditions(data.get("conditions"), f"{place}.conditions", problems, streets)
    formula = parse_formula(data.get("formula"), f"{place}.formula", problems)
    spec = ItemSpec(
        code=_code(data, place, problems, 60),
        title=_text(data, "title", place, problems, required=True, limit=200),
        article=_text(data, "article", place, problems, required=True),
        relief_kind=relief_kind,
        conditions=[condition.as_data() for condition in conditions],
        formula=formula.as_data() if formula else {},
        department=_text(data, "department", place, problems, limit=100),
        where_to_apply=_text(data, "where_to_apply", place, problems, limit=300),
        documents=[d.strip() for d in documents if d.strip()],
        active=_flag(data, "active", place, problems),
        **{key: _date(data, key, place, problems) for pair in DATE_PAIRS for key in pair},
    )
    for first, last in DATE_PAIRS:
        start, end = getattr(spec, first), getattr(spec, last)
        if start and end and start > end:
            problems.add(f"{place}.{last}", _("结束日期不能早于开始日期"))
    return spec if len(problems.items) == before else None


def check_package(data, place, problems, streets, *, with_items=True) -> PackageSpec | None:
    """A package with its items (or, for the edit form, without)."""
    required, optional = PACKAGE_KEYS
    keys = (required, optional) if with_items else (required - {"items"}, optional)
    if not _keys(data, keys, place, problems):
        return None
    package = PackageSpec(
        code=_code(data, place, problems, 40),
        name=_text(data, "name", place, problems, required=True, limit=100),
        issuer=_text(data, "issuer", place, problems, required=True, limit=100),
        document_number=_text(data, "document_number", place, problems, limit=60),
        issued_on=_date(data, "issued_on", place, problems),
        summary=_text(data, "summary", place, problems),
        active=_flag(data, "active", place, problems),
    )
    if not with_items:
        return package
    items = data.get("items")
    if not isinstance(items, list) or not items:
        problems.add(f"{place}.items", _("应列出至少一个政策事项"))
        return package
    for index, item in enumerate(items):
        spec = check_item(item, f"{place}.items[{index}]", problems, streets)
        if spec is not None:
            package.items.append(spec)
    return package


def parse_catalogue(text: str, *, fmt: str = "yaml", streets: set[str] | None = None):
    """Every package of the file, checked; CatalogueRejected lists every problem."""
    data, lines = load_text(text, fmt)
    problems = Problems()
    packages: list[PackageSpec] = []
    if not isinstance(data, dict):
        problems.add("", _("文件应为一个键值表，含 version 与 packages"))
    else:
        extra = sorted(str(key) for key in set(data) - {"version", "packages"})
        if extra:
            problems.add("", _("未知的键：%(keys)s") % {"keys": ", ".join(extra)})
        if data.get("version") != FORMAT_VERSION:
            problems.add("version", _("应为 %(version)d") % {"version": FORMAT_VERSION})
        entries = data.get("packages")
        if not isinstance(entries, list) or not entries:
            problems.add("packages", _("应列出至少一个政策文件"))
            entries = []
        for index, entry in enumerate(entries):
            package = check_package(entry, f"packages[{index}]", problems, streets)
            if package is not None:
                packages.append(package)
        _check_unique(entries, problems)
    if problems:
        raise CatalogueRejected([(p, _line_of(p, lines), m) for p, m in problems.items])
    return packages


def _check_unique(entries: list, problems: Problems) -> None:
    """Codes appear once in a file (looked at in the raw data, so an item with other
    problems still counts)."""
    seen_packages, seen_items = set(), set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        code = entry.get("code")
        if code in seen_packages:
            problems.add(f"packages[{index}].code", _("编码重复：%(code)s") % {"code": code})
        seen_packages.add(code)
        items = entry.get("items") if isinstance(entry.get("items"), list) else []
        for position, item in enumerate(items):
            code = item.get("code") if isinstance(item, dict) else None
            if code in seen_items:
                problems.add(
                    f"packages[{index}].items[{position}].code",
                    _("编码重复：%(code)s") % {"code": code},
                )
            seen_items.add(code)


def _line_of(place: str, lines: dict[str, int]) -> int | None:
    """The line of the place, or of the nearest enclosing one the file has."""
    while place:
        if place in lines:
            return lines[place]
        shorter = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", place)
        if shorter == place:
            break
        place = shorter
    return lines.get("")


# --- writing ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _text_representer(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


def catalogue_data(packages) -> dict:
    """The file's data for these packages (with their items, in order)."""
    entries = []
    for package in packages:
        entry = {"code": package.code, "name": package.name, "issuer": package.issuer}
        if package.document_number:
            entry["document_number"] = package.document_number
        if package.issued_on:
            entry["issued_on"] = package.issued_on
        if package.summary:
            entry["summary"] = package.summary
        if not package.is_active:
            entry["active"] = False
        entry["items"] = [_item_data(item) for item in package.items.all()]
        entries.append(entry)
    return {"version": FORMAT_VERSION, "packages": entries}


def _item_data(item) -> dict:
    """An item as the file writes it: optional keys only when they hold something."""
    data = {}
    for key in ITEM_FIELDS:
        value = getattr(item, key)
        if key in _ITEM_REQUIRED or key == "conditions" or value:
            data[key] = list(value) if key == "documents" else value
    if not item.is_active:
        data["active"] = False
    return data


def dump_catalogue(data: dict, fmt: str = "yaml") -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=date.isoformat) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
