"""What makes a passage stop: the four flags, evaluated at once for each occupant.

A flag is stored as ``{"kind": FlagKind, "seat": int | None, "detail": str}`` (seat None for
the vehicle); :func:`flag_message` words it for the screen in the reader's language.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from shouwang.checkpoints.choices import FlagKind
from shouwang.checkpoints.reference import reference_data_and_rows, reference_for_write
from shouwang.core.text import labelled
from shouwang.people.choices import Measure, RiskLevel
from shouwang.people.models import Person
from shouwang.people.regions import resolve_region

FEVER_THRESHOLD = Decimal("37.3")
#: Measures under which a person must not pass a checkpoint.
MEASURES_FORBIDDING_PASSAGE = frozenset(
    {Measure.HOME_ISOLATION, Measure.CENTRALISED_QUARANTINE, Measure.HOSPITAL}
)
#: Risk levels that flag an origin or a place travelled through (a low-risk listing does not).
FLAGGED_RISK_LEVELS = frozenset({RiskLevel.MEDIUM, RiskLevel.HIGH})
TRAVEL_SEPARATORS = "，,、;；/ "


@dataclass
class MatchedPerson:
    pk: int
    area_path: str
    measure: str


def _flag(kind: str, seat: int | None, detail: str) -> dict:
    return {"kind": kind, "seat": seat, "detail": detail}


def travel_places(travel: str) -> list[str]:
    """Each place of a typed 14-day travel history ("武汉、孝感")."""
    for separator in TRAVEL_SEPARATORS[1:]:
        travel = travel.replace(separator, TRAVEL_SEPARATORS[0])
    return [place.strip() for place in travel.split(TRAVEL_SEPARATORS[0]) if place.strip()]


def _places(occupant: dict) -> list[str]:
    origin = occupant.get("origin", "")
    return list(
        dict.fromkeys(([origin] if origin else []) + travel_places(occupant.get("travel", "")))
    )


@lru_cache(maxsize=64)
def _persons_sql(count: int) -> str:
    """The people register's rows for ``count`` document hashes, as the ORM writes the
    query: compiled once per count, prepared once per connection (core.db).
    Person.measure mirrors the active entry of the measure timeline."""
    queryset = (
        Person.objects.filter(document_hash__in=[str(n) for n in range(count)])
        .order_by()
        .values_list("document_hash", "pk", "area__path", "measure")
    )
    return queryset.query.sql_with_params()[0]


@lru_cache(maxsize=64)
def seat_flags_sql(count: int) -> str:
    """The people register's part of the flags, for a write that reads the register in
    its own statement (services._write_with_persons): CTEs ``persons`` and ``seats``
    (seat, flags, person_id, path), the seats' flags being those given plus
    :class:`FlagKind`.MEASURE where the person's measure forbids passage, as
    :meth:`FlagEvaluator.evaluate` adds it in Python. Parameters: the ``count`` seats'
    document hashes, then each seat's flags (JSON) and document hash."""
    forbidding = ", ".join(f"'{measure}'" for measure in sorted(MEASURES_FORBIDDING_PASSAGE))
    seats = ", ".join(f"({seat}, %s::jsonb, %s::text)" for seat in range(count))
    return (
        f"persons (document_hash, id, path, measure) AS ({_persons_sql(count)}), "
        "seats AS (SELECT s.seat, s.flags || CASE WHEN p.measure IN "
        f"({forbidding}) THEN jsonb_build_array(jsonb_build_object('kind', "
        f"'{FlagKind.MEASURE}', 'seat', s.seat, 'detail', p.measure)) ELSE '[]'::jsonb END"
        " AS flags, p.id AS person_id, COALESCE(p.path, '') AS path"
        f" FROM (VALUES {seats}) AS s (seat, flags, hash)"
        " LEFT JOIN persons AS p ON p.document_hash = s.hash)"
    )


class FlagEvaluator:
    """Evaluates one passage's occupants with one statement: whether the watch list and
    the risk areas kept in this process are current (``reference``, unless this request
    read that already), with the people register's rows. With ``persons_in_write`` it reads
    nothing (or only the version, for data not loaded yet): the write reads the register
    (:func:`seat_flags_sql`) and the version, which must be ``expected_version``."""

    def __init__(self, on: date):
        self.on = on
        self.expected_version = None

    def evaluate(
        self, *, plate: str, occupants: list[dict], persons_in_write: bool = False
    ) -> tuple[list, dict]:
        """(vehicle flags, {seat: occupant flags}); each occupant dict gains ``person_id``,
        ``person_area_path`` (None and "" with ``persons_in_write``) and ``origin_code``."""
        if persons_in_write:
            reference, self.expected_version = reference_for_write()
            matched = {}
        else:
            hashes = list(dict.fromkeys(o["document_hash"] for o in occupants))
            reference, rows = reference_data_and_rows(_persons_sql(len(hashes)), hashes)
            matched = {row[0]: MatchedPerson(*row[1:]) for row in rows}
        vehicle_flags = []
        if plate in reference.watched:
            vehicle_flags.append(_flag(FlagKind.WATCHED_VEHICLE, None, reference.watched[plate]))
        places = {place: resolve_region(place) for o in occupants for place in _places(o)}
        codes = {place: region[0] for place, region in places.items() if region}
        risk = reference.risk_areas_matching(codes.values(), self.on)
        per_seat = {}
        for occupant in occupants:
            seat = occupant["seat"]
            flags = []
            if occupant["temperature"] >= FEVER_THRESHOLD:
                flags.append(_flag(FlagKind.FEVER, seat, str(occupant["temperature"])))
            for place in _places(occupant):
                code = codes.get(place, "")
                if place == occupant.get("origin"):
                    occupant["origin_code"] = code
                area = risk.get(code)
                if area is not None and area.level in FLAGGED_RISK_LEVELS:
                    flags.append(_flag(FlagKind.RISK_AREA, seat, f"{place}（{area.name}）"))
            person = matched.get(occupant["document_hash"])
            occupant["person_id"] = person.pk if person else None
            occupant["person_area_path"] = person.area_path if person else ""
            if person is not None and person.measure in MEASURES_FORBIDDING_PASSAGE:
                flags.append(_flag(FlagKind.MEASURE, seat, person.measure))
            per_seat[seat] = flags
        return vehicle_flags, per_seat


def flag_message(flag: dict, names: dict[int, str] | None = None) -> str:
    """One flag in words: who, what, why."""
    kind, detail = flag["kind"], flag["detail"]
    who = (names or {}).get(flag.get("seat"), "")
    if kind == FlagKind.FEVER:
        text = _("体温%(t)s℃，达到或超过37.3℃") % {"t": detail}
    elif kind == FlagKind.RISK_AREA:
        text = _("来自或途经风险地区：%(place)s") % {"place": detail}
    elif kind == FlagKind.MEASURE:
        label = Measure(detail).label if detail in Measure.values else detail
        text = _("正处于%(measure)s期间，不得通行") % {"measure": label}
    elif kind == FlagKind.WATCHED_VEHICLE:
        return _("布控车辆：%(reason)s") % {"reason": detail}
    else:
        text = detail
    return labelled(who, text) if who else text
