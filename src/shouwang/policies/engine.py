"""The calculator: one engine for the public page, the enterprise's account, the API and
the proactive matching.

The active catalogue is compiled once into :class:`CompiledItem` objects (conditions and
formula parsed by ``policies.rules``) and kept per process until an item or a package
changes; a calculation then costs two small queries (the catalogue's version and the street
names) and a few comparisons per item.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from threading import Lock

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_noop

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.policies.choices import WindowState
from shouwang.policies.models import PolicyItem, PolicyPackage, window_state
from shouwang.policies.profile import Profile
from shouwang.policies.rules import (
    DefinitionError,
    Problems,
    Words,
    parse_conditions,
    parse_formula,
)


@dataclass(frozen=True)
class CompiledItem:
    pk: int
    code: str
    title: str
    package: str
    package_code: str
    issuer: str
    document_number: str
    article: str
    relief_kind: str
    valid_from: date | None
    valid_to: date | None
    apply_from: date | None
    apply_to: date | None
    department: str
    where_to_apply: str
    documents: tuple[str, ...]
    conditions: tuple
    formula: object

    def current(self, on: date) -> bool:
        """In force on that day (an item whose validity ended is no longer offered)."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )

    def matches(self, profile: Profile) -> bool:
        """Every condition holds and the formula has its numbers (the batch's fast path)."""
        for condition in self.conditions:
            if not condition.holds(profile):
                return False
        return not self.formula.missing(profile)


def compile_item(item: PolicyItem, package: PolicyPackage) -> CompiledItem:
    """Compile a stored item; its data was checked when saved, so a problem here means the
    database was edited behind the services' back."""
    problems = Problems()
    conditions = parse_conditions(item.conditions, "conditions", problems)
    formula = parse_formula(item.formula, "formula", problems)
    if problems:
        raise DefinitionError([(f"{item.code}.{place}", text) for place, text in problems.items])
    return CompiledItem(
        pk=item.pk,
        code=item.code,
        title=item.title,
        package=package.name,
        package_code=package.code,
        issuer=package.issuer,
        document_number=package.document_number,
        article=item.article,
        relief_kind=item.relief_kind,
        valid_from=item.valid_from,
        valid_to=item.valid_to,
        apply_from=item.apply_from,
        apply_to=item.apply_to,
        department=item.department,
        where_to_apply=item.where_to_apply,
        documents=tuple(item.documents),
        conditions=conditions,
        formula=formula,
    )


_cache: dict = {"version": None, "items": [], "generation": 0}
_lock = Lock()


def catalogue_changed() -> None:
    """This process saved or deleted an item or a package (``receivers`` calls it): the
    next calculation recompiles, even when the change was rolled back."""
    with _lock:
        _cache["generation"] += 1


def _version() -> tuple:
    """What the compiled catalogue was built from: this process's own changes, and the
    database's state for changes made by other processes."""
    items = PolicyItem.objects.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at"))
    packages = PolicyPackage.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    return (
        _cache["generation"],
        items["n"],
        items["last"],
        items["changed"],
        packages["n"],
        packages["changed"],
    )


def active_catalogue() -> list[CompiledItem]:
    """The compiled active items, rebuilt when the catalogue changed."""
    version = _version()
    with _lock:
        if _cache["version"] != version:
            items = PolicyItem.objects.active().select_related("package")
            _cache["items"] = [compile_item(item, item.package) for item in items]
            _cache["version"] = version
        return _cache["items"]


def street_names() -> dict[str, str]:
    return dict(Area.objects.filter(level=AreaLevel.STREET).values_list("code", "name"))


@dataclass
class Match:
    item: CompiledItem
    amount: Decimal
    formula_text: str
    reasons: list[str]
    window: str
    #: The reasons in one line, as the pages print them.
    reason_text: str = ""

    @property
    def claimable(self) -> bool:
        return self.window != WindowState.CLOSED


@dataclass
class Miss:
    item: CompiledItem
    reasons: list[str]
    reason_text: str = ""


@dataclass
class Calculation:
    profile: Profile
    on: date
    matches: list[Match] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        """What the enterprise may still claim: matches whose window has not closed."""
        return sum((m.amount for m in self.matches if m.claimable), Decimal(0))


def _missing_text(field, words: Words) -> str:
    return words(gettext_noop("未填写%(label)s（计算金额需要）")) % {"label": words.label(field)}


def calculate(
    profile: Profile,
    *,
    items: list[CompiledItem] | None = None,
    on: date | None = None,
    names: dict[str, str] | None = None,
) -> Calculation:
    """Every item in force today, matched or not, with the reasons in words."""
    on = on or timezone.localdate()
    items = active_catalogue() if items is None else items
    words = Words(street_names() if names is None else names)
    separator = words(gettext_noop("；"))
    result = Calculation(profile=profile, on=on)
    for item in items:
        if not item.current(on):
            continue
        explained = [condition.explain(profile, words) for condition in item.conditions]
        failed = [text for holds, text in explained if not holds]
        failed += [_missing_text(f, words) for f in item.formula.missing(profile)]
        if failed:
            result.misses.append(Miss(item, failed, separator.join(failed)))
            continue
        reasons = [text for _holds, text in explained]
        result.matches.append(
            Match(
                item=item,
                amount=item.formula.amount_for(profile),
                formula_text=item.formula.explain(profile, words),
                reasons=reasons,
                window=window_state(item.apply_from, item.apply_to, on),
                reason_text=separator.join(reasons),
            )
        )
    result.matches.sort(key=lambda m: (not m.claimable, -m.amount))
    return result
