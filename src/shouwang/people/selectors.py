from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum

from shouwang.core import pii
from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.models import Area
from shouwang.people.choices import RISK_LEVEL_RANK, Measure
from shouwang.people.models import MeasureRecord, Person, PersonCount, RiskArea


def persons_visible_to(user, *, area=None, search: str = ""):
    """The people register as the user may see it, optionally under an area.

    A search that is a valid resident ID finds that person by its keyed hash; anything
    else matches names.
    """
    persons = Person.objects.visible_to(user).select_related("area")
    if area is not None:
        persons = persons.under(area)
    search = search.strip()
    if search:
        try:
            normalised = pii.validate_document(DocumentType.RESIDENT_ID, search)
        except ValidationError:
            persons = persons.filter(name__contains=search)
        else:
            persons = persons.filter(
                document_hash=pii.document_hash(DocumentType.RESIDENT_ID, normalised)
            )
    return persons


def kept_counts(user, area=None):
    """The register's kept counts (PersonCount) the user may see, under ``area``: the
    persons' own areas decide, as for the persons themselves."""
    counts = PersonCount.objects.visible_to(user)
    return counts if area is None else counts.under(area)


def person_count_by_path(area, user) -> dict[str, int]:
    return dict(kept_counts(user, area).values_list("area__path").annotate(n=Sum("n")).order_by())


def person_count_under(area, user) -> int:
    return kept_counts(user, area).aggregate(n=Sum("n"))["n"] or 0


# --- measures --------------------------------------------------------------------------


def active_measure(person) -> str:
    """The person's active control measure (a Measure value; ``Measure.NONE`` if none)."""
    return (
        MeasureRecord.objects.filter(person_id=getattr(person, "pk", person), is_active=True)
        .values_list("measure", flat=True)
        .first()
        or Measure.NONE
    )


def active_measures(person_ids) -> dict[int, str]:
    """Active measure of each person id in one query; ``Measure.NONE`` for those without."""
    ids = list(person_ids)
    found = dict(
        MeasureRecord.objects.filter(person_id__in=ids, is_active=True).values_list(
            "person_id", "measure"
        )
    )
    return {pk: found.get(pk, Measure.NONE) for pk in ids}


# --- risk areas ------------------------------------------------------------------------


def covering_codes(region_code: str) -> list[str]:
    """The code itself, its city (``xxxx00``) and its province (``xx0000``)."""
    code = (region_code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return []
    return list(dict.fromkeys([code, code[:4] + "00", code[:2] + "0000"]))


def risk_area_matching(region_code: str, on: date) -> RiskArea | None:
    """The gravest risk area valid on ``on`` that covers ``region_code`` (the county
    itself, or its city or province listed as a whole); the most precise on a tie."""
    return risk_areas_matching([region_code], on).get(region_code)


def risk_areas_matching(region_codes, on: date) -> dict[str, RiskArea | None]:
    """:func:`risk_area_matching` for several codes in one query."""
    covering = {code: covering_codes(code) for code in dict.fromkeys(region_codes) if code}
    wanted = {c for codes in covering.values() for c in codes}
    candidates = (
        list(
            RiskArea.objects.filter(region_code__in=wanted, valid_from__lte=on).exclude(
                valid_to__lt=on
            )
        )
        if wanted
        else []
    )
    return {code: gravest_risk_area(codes, candidates) for code, codes in covering.items()}


def gravest_listed(areas_by_code: dict, region_code: str, on: date) -> RiskArea | None:
    """:func:`risk_area_matching` over a list already loaded (region code to its areas)."""
    codes = covering_codes(region_code)
    valid = [
        area
        for code in codes
        for area in areas_by_code.get(code, ())
        if area.valid_from <= on and (area.valid_to is None or area.valid_to >= on)
    ]
    return gravest_risk_area(codes, valid)


def gravest_risk_area(codes: list[str], candidates) -> RiskArea | None:
    """Of the ``candidates`` listed under one of ``codes`` (a region code and the codes
    covering it, most precise first), the gravest; the most precise on a tie."""
    return max(
        (area for area in candidates if area.region_code in codes),
        key=lambda area: (RISK_LEVEL_RANK[area.level], -codes.index(area.region_code)),
        default=None,
    )


# --- the tree --------------------------------------------------------------------------


def community_of(area: Area) -> Area | None:
    """The community an area lies in (itself if it is one)."""
    if area.level == AreaLevel.COMMUNITY:
        return area
    return Area.objects.filter(path__in=area.ancestor_paths(), level=AreaLevel.COMMUNITY).first()


def measure_counts(persons) -> tuple[list[tuple[str, str, int]], int]:
    """(measure, label, count) of a filtered list, and its total, in one grouped query
    (which also spares the paginator its own count)."""
    return _measure_rows(persons.values_list("measure").annotate(n=Count("id")))


def register_measure_counts(user, area=None) -> tuple[list[tuple[str, str, int]], int]:
    """:func:`measure_counts` of the whole register the user may see (under ``area``),
    from the kept counts: a district's million persons are not counted on each page."""
    return _measure_rows(kept_counts(user, area).values_list("measure").annotate(n=Sum("n")))


def _measure_rows(grouped) -> tuple[list[tuple[str, str, int]], int]:
    by_measure = dict(grouped.order_by())
    rows = [(value, label, by_measure.get(value, 0)) for value, label in Measure.choices]
    return rows, sum(by_measure.values())
