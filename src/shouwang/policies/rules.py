"""Eligibility conditions and amount formulas: structured data, never code.

A condition names a profile field, a comparison and a value::

    {"field": "revenue_drop_percent", "op": "gte", "value": 30}
    {"field": "landlord_kind", "op": "in", "value": ["government", "state_owned"]}
    {"any": [<condition>, <condition>, ...]}          # one of them is enough
    {"all": [<condition>, <condition>, ...]}          # every one (the default at top level)

A formula is one of three kinds, with an optional cap and floor::

    {"kind": "fixed", "amount": 50000}
    {"kind": "per_head", "per_head": 1000, "headcount": "insured_headcount", "cap": 200000}
    {"kind": "rate_base_months", "rate_percent": 7.5, "base": "social_insurance_base",
     "headcount": "insured_headcount", "months": 3, "cap": 5000000, "floor": 1000}

:func:`parse_conditions` and :func:`parse_formula` check the data and build small objects
that compare and multiply Decimals; every problem is collected with its place
("conditions[1].op") so a catalogue file or the edit form can say exactly what is wrong.
``docs/developers/policies.md`` documents the language.
"""

import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shouwang.policies.profile import (
    AREA,
    CHOICE,
    COUNT,
    COUNT_FIELDS,
    FIELDS,
    FLAG,
    MONEY,
    MONEY_FIELDS,
    PERCENT,
    ProfileField,
)

CENT = Decimal("0.01")
_NUMERIC = {COUNT, MONEY, PERCENT}
_ORDER_TESTS = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
OPS_BY_KIND = {
    CHOICE: ("eq", "ne", "in", "not_in"),
    AREA: ("eq", "ne", "in", "not_in"),
    FLAG: ("eq",),
    COUNT: ("eq", "ne", "gt", "gte", "lt", "lte", "between"),
    MONEY: ("eq", "ne", "gt", "gte", "lt", "lte", "between"),
    PERCENT: ("eq", "ne", "gt", "gte", "lt", "lte", "between"),
}
FORMULA_KEYS = {
    "fixed": ({"amount"}, set()),
    "per_head": ({"per_head", "headcount"}, {"cap", "floor"}),
    "rate_base_months": ({"rate_percent", "base"}, {"months", "headcount", "cap", "floor"}),
}


class Problems:
    """Problems found in catalogue data, each with its place."""

    def __init__(self, prefix: str = ""):
        self.items: list[tuple[str, str]] = []
        self.prefix = prefix

    def add(self, place: str, message: str) -> None:
        self.items.append((place, message))

    def __bool__(self) -> bool:
        return bool(self.items)


class DefinitionError(Exception):
    """Catalogue data that cannot be used; ``problems`` lists (place, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{place}: {message}" for place, message in problems))
        self.problems = problems


# --- reading values ---------------------------------------------------------------------


def number_text(value: Decimal | int) -> str:
    """1234567 → "1,234,567"; 7.50 → "7.5"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _number(value, place: str, problems: Problems, *, minimum: Decimal | None = Decimal(0)):
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        problems.add(place, _("应为数字"))
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        problems.add(place, _("不是数字：%(value)s") % {"value": value})
        return None
    if not number.is_finite():
        problems.add(place, _("不是数字：%(value)s") % {"value": value})
        return None
    if minimum is not None and number < minimum:
        problems.add(place, _("不能小于 %(minimum)s") % {"minimum": number_text(minimum)})
        return None
    return number


def _json_number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


_TRANSLATED: dict[str, dict] = {}


class Words:
    """The explanations' words in the active language: each text is translated once per
    process and language, not once per condition of every item of every calculation."""

    def __init__(self, names: dict[str, str] | None = None):
        #: Street codes and their names, for conditions on the street.
        self.names = names or {}
        self._cache = _TRANSLATED.setdefault(translation.get_language() or "", {})

    def __call__(self, message: str) -> str:
        try:
            return self._cache[message]
        except KeyError:
            value = self._cache[message] = _(message)
            return value

    def label(self, field: ProfileField) -> str:
        key = ("label", field.name)
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = str(field.label)
            return value

    def choice(self, field: ProfileField, code: str) -> str:
        key = ("choice", field.name, code)
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = field.choice_label(code)
            return value


def value_text(field: ProfileField, value, words: Words) -> str:
    """A profile value as a reader says it: "12 %", "30,000 元", "20 人", a label."""
    if field.kind == PERCENT:
        return words(gettext_noop("%(value)s %%")) % {"value": number_text(value)}
    if field.kind == MONEY:
        return words(gettext_noop("%(value)s 元")) % {"value": number_text(value)}
    if field.kind == COUNT:
        return words(gettext_noop("%(value)s 人")) % {"value": number_text(value)}
    if field.kind == FLAG:
        return words(gettext_noop("是")) if value else words(gettext_noop("否"))
    if field.kind == AREA:
        return words.names.get(value, value)
    return words.choice(field, value)


# --- conditions -------------------------------------------------------------------------

_NUMERIC_TEXTS = {
    # op: (holds, fails)
    "gte": (
        gettext_noop("%(label)s %(actual)s ≥ %(required)s"),
        gettext_noop("%(label)s %(actual)s < %(required)s（须 ≥ %(required)s）"),
    ),
    "gt": (
        gettext_noop("%(label)s %(actual)s > %(required)s"),
        gettext_noop("%(label)s %(actual)s ≤ %(required)s（须 > %(required)s）"),
    ),
    "lte": (
        gettext_noop("%(label)s %(actual)s ≤ %(required)s"),
        gettext_noop("%(label)s %(actual)s > %(required)s（须 ≤ %(required)s）"),
    ),
    "lt": (
        gettext_noop("%(label)s %(actual)s < %(required)s"),
        gettext_noop("%(label)s %(actual)s ≥ %(required)s（须 < %(required)s）"),
    ),
    "eq": (
        gettext_noop("%(label)s %(actual)s = %(required)s"),
        gettext_noop("%(label)s %(actual)s ≠ %(required)s（须 = %(required)s）"),
    ),
    "ne": (
        gettext_noop("%(label)s %(actual)s ≠ %(required)s"),
        gettext_noop("%(label)s %(actual)s = %(required)s（须 ≠ %(required)s）"),
    ),
    "between": (
        gettext_noop("%(label)s %(actual)s 在 %(required)s 之间"),
        gettext_noop("%(label)s %(actual)s 不在 %(required)s 之间"),
    ),
}
_CHOICE_TEXTS = {
    "eq": (
        gettext_noop("%(label)s为%(actual)s"),
        gettext_noop("%(label)s为%(actual)s，须为%(required)s"),
    ),
    "in": (
        gettext_noop("%(label)s为%(actual)s"),
        gettext_noop("%(label)s为%(actual)s，须为%(required)s之一"),
    ),
    "ne": (
        gettext_noop("%(label)s为%(actual)s"),
        gettext_noop("%(label)s为%(actual)s，不在适用范围"),
    ),
    "not_in": (
        gettext_noop("%(label)s为%(actual)s"),
        gettext_noop("%(label)s为%(actual)s，不在适用范围"),
    ),
}


def _texts(op: str, kind: str, words: Words) -> tuple[str, str]:
    """The holding and failing sentence of a comparison, translated."""
    table = _NUMERIC_TEXTS if kind in _NUMERIC else _CHOICE_TEXTS
    holds, fails = table[op]
    return words(holds), words(fails)


@dataclass(frozen=True)
class Comparison:
    field: ProfileField
    op: str
    #: Decimal for numbers, a code or a frozenset of codes, a bool, or (low, high).
    value: object

    def holds(self, profile) -> bool:
        actual = getattr(profile, self.field.name)
        if actual is None or actual == "":
            return False
        op, value = self.op, self.value
        if op in _ORDER_TESTS:
            return _ORDER_TESTS[op](actual, value)
        if op == "in":
            return actual in value
        if op == "not_in":
            return actual not in value
        if op == "between":
            return value[0] <= actual <= value[1]
        if op == "eq":
            return actual == value
        return actual != value

    def explain(self, profile, words: Words) -> tuple[bool, str]:
        value = getattr(profile, self.field.name)
        label = words.label(self.field)
        if value is None or value == "":
            return False, words(gettext_noop("未填写%(label)s")) % {"label": label}
        holds = self.holds(profile)
        holding, failing = _texts(self.op, self.field.kind, words)
        text = (holding if holds else failing) % {
            "label": label,
            "actual": value_text(self.field, value, words),
            "required": self.required_text(words),
        }
        return holds, text

    def required_text(self, words: Words) -> str:
        if self.op == "between":
            low, high = self.value
            return words(gettext_noop("%(low)s 至 %(high)s")) % {
                "low": value_text(self.field, low, words),
                "high": value_text(self.field, high, words),
            }
        if self.op in ("in", "not_in"):
            return words(gettext_noop("、")).join(
                value_text(self.field, code, words) for code in sorted(self.value)
            )
        return value_text(self.field, self.value, words)

    def as_data(self) -> dict:
        value = self.value
        if self.op in ("in", "not_in"):
            value = sorted(value)
        elif self.op == "between":
            value = [_json_number(value[0]), _json_number(value[1])]
        elif isinstance(value, Decimal):
            value = _json_number(value)
        return {"field": self.field.name, "op": self.op, "value": value}

    def fields(self) -> set[str]:
        return {self.field.name}


@dataclass(frozen=True)
class Group:
    """Every part (``all``) or one of them (``any``)."""

    mode: str
    parts: tuple

    def holds(self, profile) -> bool:
        if self.mode == "any":
            return any(part.holds(profile) for part in self.parts)
        return all(part.holds(profile) for part in self.parts)

    def explain(self, profile, words: Words) -> tuple[bool, str]:
        results = [part.explain(profile, words) for part in self.parts]
        if self.mode == "any":
            passing = [text for holds, text in results if holds]
            if passing:
                return True, passing[0]
            return False, words(gettext_noop("以下条件均不满足：%(parts)s")) % {
                "parts": words(gettext_noop("；")).join(text for _holds, text in results)
            }
        failing = [text for holds, text in results if not holds]
        if failing:
            return False, words(gettext_noop("；")).join(failing)
        return True, words(gettext_noop("；")).join(text for _holds, text in results)

    def as_data(self) -> dict:
        return {self.mode: [part.as_data() for part in self.parts]}

    def fields(self) -> set[str]:
        return set().union(*(part.fields() for part in self.parts))


def _codes(field: ProfileField, value, place: str, problems: Problems, streets) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v for v in values):
        problems.add(place, _("应为编码或编码列表"))
        return []
    known = set(field.choices()) if field.choices else streets
    if known is not None:
        unknown = [v for v in values if v not in known]
        if unknown:
            problems.add(
                place,
                _("%(label)s没有这些编码：%(codes)s")
                % {"label": field.label, "codes": ", ".join(unknown)},
            )
            return []
    return values


def _comparison_value(field, op, value, place, problems, streets):
    if field.kind == FLAG:
        if not isinstance(value, bool):
            problems.add(place, _("应为 true 或 false"))
        return value
    if field.kind in (CHOICE, AREA):
        codes = _codes(field, value, place, problems, streets)
        if op in ("in", "not_in"):
            return frozenset(codes)
        if len(codes) > 1 or isinstance(value, list):
            problems.add(place, _("“%(op)s”只比较一个编码，多个请用 in") % {"op": op})
        return codes[0] if codes else None
    minimum = None if field.kind == PERCENT else Decimal(0)
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            problems.add(place, _("between 应为 [下限, 上限]"))
            return None
        low = _number(value[0], f"{place}[0]", problems, minimum=minimum)
        high = _number(value[1], f"{place}[1]", problems, minimum=minimum)
        if low is not None and high is not None and low > high:
            problems.add(place, _("下限不能大于上限"))
        return (low, high)
    return _number(value, place, problems, minimum=minimum)


def parse_condition(data, place: str, problems: Problems, streets: set[str] | None = None):
    """One condition (or group) from catalogue data; None after recording its problems."""
    if not isinstance(data, dict):
        problems.add(place, _("条件应为键值表"))
        return None
    for mode in ("any", "all"):
        if mode in data:
            extra = sorted(set(data) - {mode})
            if extra:
                problems.add(place, _("未知的键：%(keys)s") % {"keys": ", ".join(extra)})
            parts = data[mode]
            if not isinstance(parts, list) or len(parts) < 2:
                problems.add(f"{place}.{mode}", _("应列出至少两个条件"))
                return None
            parsed = [
                parse_condition(part, f"{place}.{mode}[{index}]", problems, streets)
                for index, part in enumerate(parts)
            ]
            return None if None in parsed else Group(mode, tuple(parsed))
    extra = sorted(set(data) - {"field", "op", "value"})
    if extra:
        problems.add(place, _("未知的键：%(keys)s") % {"keys": ", ".join(extra)})
    missing = [key for key in ("field", "op", "value") if key not in data]
    if missing:
        problems.add(place, _("缺少：%(keys)s") % {"keys": ", ".join(missing)})
        return None
    field = FIELDS.get(data["field"]) if isinstance(data["field"], str) else None
    if field is None:
        problems.add(f"{place}.field", _("没有这个字段：%(field)s") % {"field": data["field"]})
        return None
    op = data["op"]
    if op not in OPS_BY_KIND[field.kind]:
        problems.add(
            f"{place}.op",
            _("%(label)s不能用“%(op)s”比较，可用：%(ops)s")
            % {"label": field.label, "op": op, "ops": ", ".join(OPS_BY_KIND[field.kind])},
        )
        return None
    before = len(problems.items)
    value = _comparison_value(field, op, data["value"], f"{place}.value", problems, streets)
    if len(problems.items) > before:
        return None
    return Comparison(field, op, value)


def parse_conditions(data, place: str, problems: Problems, streets: set[str] | None = None):
    """The conditions of an item: a list, every one of which must hold (empty: everyone)."""
    if data is None:
        return ()
    if not isinstance(data, list):
        problems.add(place, _("条件应为列表"))
        return ()
    parsed = [
        parse_condition(item, f"{place}[{index}]", problems, streets)
        for index, item in enumerate(data)
    ]
    return tuple(condition for condition in parsed if condition is not None)


# --- formulas ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    kind: str
    amount: Decimal | None = None
    per_head: Decimal | None = None
    headcount: ProfileField | None = None
    rate_percent: Decimal | None = None
    base: ProfileField | None = None
    months: Decimal | None = None
    cap: Decimal | None = None
    floor: Decimal | None = None

    def needs(self) -> list[ProfileField]:
        return [field for field in (self.base, self.headcount) if field is not None]

    def missing(self, profile) -> list[ProfileField]:
        return [field for field in self.needs() if getattr(profile, field.name) is None]

    def raw_amount(self, profile) -> Decimal:
        if self.kind == "fixed":
            return self.amount
        heads = Decimal(getattr(profile, self.headcount.name)) if self.headcount else Decimal(1)
        if self.kind == "per_head":
            return self.per_head * heads
        base = Decimal(getattr(profile, self.base.name))
        return self.rate_percent / 100 * base * heads * (self.months or 1)

    def amount_for(self, profile) -> Decimal:
        """The amount for a profile with every needed value (see :meth:`missing`)."""
        amount = self.raw_amount(profile)
        if self.floor is not None and amount < self.floor:
            amount = self.floor
        if self.cap is not None and amount > self.cap:
            amount = self.cap
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)

    def explain(self, profile, words: Words) -> str:
        """The formula with the profile's numbers: "7.5 % × 社保缴费基数 5,000 元 × ... = ..."."""
        if self.kind == "fixed":
            return words(gettext_noop("定额 %(amount)s 元")) % {"amount": number_text(self.amount)}
        factors = []
        if self.kind == "per_head":
            factors.append(
                words(gettext_noop("%(amount)s 元/人")) % {"amount": number_text(self.per_head)}
            )
        else:
            factors.append(
                words(gettext_noop("%(value)s %%")) % {"value": number_text(self.rate_percent)}
            )
            factors.append(self._factor(self.base, profile, words))
        if self.headcount is not None:
            factors.append(self._factor(self.headcount, profile, words))
        if self.months is not None:
            factors.append(
                words(gettext_noop("%(months)s 个月")) % {"months": number_text(self.months)}
            )
        raw = self.raw_amount(profile).quantize(CENT, rounding=ROUND_HALF_UP)
        text = words(gettext_noop("%(factors)s = %(amount)s 元")) % {
            "factors": " × ".join(factors),
            "amount": number_text(raw),
        }
        final = self.amount_for(profile)
        if self.floor is not None and raw < self.floor:
            text += words(gettext_noop("，不足保底按 %(floor)s 元")) % {"floor": number_text(final)}
        elif self.cap is not None and raw > self.cap:
            text += words(gettext_noop("，超过上限按 %(cap)s 元")) % {"cap": number_text(final)}
        return text

    @staticmethod
    def _factor(field: ProfileField, profile, words: Words) -> str:
        value = getattr(profile, field.name)
        return f"{words.label(field)} {value_text(field, value, words)}"

    def as_data(self) -> dict:
        data: dict = {"kind": self.kind}
        for key in ("amount", "per_head", "rate_percent", "months", "cap", "floor"):
            value = getattr(self, key)
            if value is not None:
                data[key] = _json_number(value)
        for key in ("base", "headcount"):
            field = getattr(self, key)
            if field is not None:
                data[key] = field.name
        return data

    def summary(self) -> str:
        """The formula in words without numbers, for the catalogue pages."""
        if self.kind == "fixed":
            return _("定额 %(amount)s 元") % {"amount": number_text(self.amount)}
        if self.kind == "per_head":
            text = _("%(amount)s 元/人 × %(field)s") % {
                "amount": number_text(self.per_head),
                "field": self.headcount.label,
            }
        else:
            parts = [
                _("%(value)s %%") % {"value": number_text(self.rate_percent)},
                str(self.base.label),
            ]
            if self.headcount is not None:
                parts.append(str(self.headcount.label))
            if self.months is not None:
                parts.append(_("%(months)s 个月") % {"months": number_text(self.months)})
            text = " × ".join(parts)
        if self.floor is not None:
            text += _("，保底 %(floor)s 元") % {"floor": number_text(self.floor)}
        if self.cap is not None:
            text += _("，上限 %(cap)s 元") % {"cap": number_text(self.cap)}
        return text


def _formula_field(data, key, allowed: list[str], place, problems) -> ProfileField | None:
    name = data.get(key)
    if name is None:
        return None
    if name not in allowed:
        problems.add(
            f"{place}.{key}",
            _("没有这个字段：%(field)s（可用：%(fields)s）")
            % {"field": name, "fields": ", ".join(allowed)},
        )
        return None
    return FIELDS[name]


def parse_formula(data, place: str, problems: Problems) -> Formula | None:
    """An amount formula from catalogue data; None after recording its problems."""
    if not isinstance(data, dict):
        problems.add(place, _("金额公式应为键值表"))
        return None
    kind = data.get("kind")
    if kind not in FORMULA_KEYS:
        problems.add(
            f"{place}.kind",
            _("未知的公式类型：%(kind)s（可用：%(kinds)s）")
            % {"kind": kind, "kinds": ", ".join(FORMULA_KEYS)},
        )
        return None
    required, optional = FORMULA_KEYS[kind]
    extra = sorted(set(data) - required - optional - {"kind"})
    if extra:
        problems.add(place, _("未知的键：%(keys)s") % {"keys": ", ".join(extra)})
    missing = sorted(required - set(data))
    if missing:
        problems.add(place, _("缺少：%(keys)s") % {"keys": ", ".join(missing)})
    before = len(problems.items)
    numbers = {
        key: _number(data[key], f"{place}.{key}", problems)
        for key in ("amount", "per_head", "rate_percent", "months", "cap", "floor")
        if key in data and key in required | optional
    }
    rate = numbers.get("rate_percent")
    if rate is not None and not 0 < rate <= 1000:
        problems.add(f"{place}.rate_percent", _("比例应大于 0 且不超过 1000 %"))
    months = numbers.get("months")
    if months is not None and (months != months.to_integral_value() or not 1 <= months <= 60):
        problems.add(f"{place}.months", _("月数应为 1 至 60 的整数"))
    cap, floor = numbers.get("cap"), numbers.get("floor")
    if cap is not None and floor is not None and floor > cap:
        problems.add(f"{place}.floor", _("保底金额不能高于上限"))
    base = _formula_field(data, "base", MONEY_FIELDS, place, problems)
    headcount = _formula_field(data, "headcount", COUNT_FIELDS, place, problems)
    if len(problems.items) > before or missing:
        return None
    return Formula(kind=kind, base=base, headcount=headcount, **numbers)
