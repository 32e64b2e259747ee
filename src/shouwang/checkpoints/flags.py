"""What makes a passage stop: the four flags, evaluated at once for each occupant.

A flag is stored as ``{"kind": FlagKind, "seat": int | None, "detail": str}`` (seat None for
the vehicle); :func:`flag_message` words it for the screen in the reader's language.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from shouwang.checkpoints.choices import FlagKind
from shouwang.checkpoints.models import WatchedVehicle
from shouwang.people.choices import Measure, RiskLevel
from shouwang.people.models import Person
from shouwang.people.regions import resolve_region
from shouwang.people.selectors import active_measures, risk_area_matching

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


def _flag(kind: str, seat: int | None, detail: str) -> dict:
    return {"kind": kind, "seat": seat, "detail": detail}


def travel_places(travel: str) -> list[str]:
    """Each place of a typed 14-day travel history ("武汉、孝感")."""
    for separator in TRAVEL_SEPARATORS[1:]:
        travel = travel.replace(separator, TRAVEL_SEPARATORS[0])
    return [place.strip() for place in travel.split(TRAVEL_SEPARATORS[0]) if place.strip()]


class FlagEvaluator:
    """Evaluates one passage's occupants with a fixed handful of queries."""

    def __init__(self, on: date):
        self.on = on
        self._risk_by_code: dict[str, object] = {}

    def risk_area(self, place: str):
        region = resolve_region(place)
        if region is None:
            return None, ""
        code = region[0]
        if code not in self._risk_by_code:
            self._risk_by_code[code] = risk_area_matching(code, self.on)
        area = self._risk_by_code[code]
        if area is not None and area.level in FLAGGED_RISK_LEVELS:
            return area, code
        return None, code

    def evaluate(self, *, plate: str, occupants: list[dict]) -> tuple[list, dict]:
        """(vehicle flags, {seat: occupant flags}); each occupant dict gains ``person_id``,
        ``person_area_path`` and ``origin_code``."""
        vehicle_flags = []
        if plate:
            watched = WatchedVehicle.objects.active().filter(plate=plate).first()
            if watched is not None:
                vehicle_flags.append(_flag(FlagKind.WATCHED_VEHICLE, None, watched.reason))
        matched = {
            document_hash: MatchedPerson(pk, path)
            for document_hash, pk, path in Person.objects.filter(
                document_hash__in=[o["document_hash"] for o in occupants]
            ).values_list("document_hash", "pk", "area__path")
        }
        measures = active_measures([m.pk for m in matched.values()]) if matched else {}
        per_seat = {}
        for occupant in occupants:
            seat = occupant["seat"]
            flags = []
            if occupant["temperature"] >= FEVER_THRESHOLD:
                flags.append(_flag(FlagKind.FEVER, seat, str(occupant["temperature"])))
            origin = occupant.get("origin", "")
            places = ([origin] if origin else []) + travel_places(occupant.get("travel", ""))
            for place in dict.fromkeys(places):
                area, code = self.risk_area(place)
                if place == origin:
                    occupant["origin_code"] = code
                if area is not None:
                    flags.append(_flag(FlagKind.RISK_AREA, seat, f"{place}（{area.name}）"))
            person = matched.get(occupant["document_hash"])
            occupant["person_id"] = person.pk if person else None
            occupant["person_area_path"] = person.area_path if person else ""
            if person is not None and measures.get(person.pk) in MEASURES_FORBIDDING_PASSAGE:
                flags.append(_flag(FlagKind.MEASURE, seat, measures[person.pk]))
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
    return f"{who}：{text}" if who else text
