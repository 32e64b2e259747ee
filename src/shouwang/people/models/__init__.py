from shouwang.people.models.declarations import DeclarationAttempt, SelfDeclaration
from shouwang.people.models.history import (
    Episode,
    HealthStateRecord,
    HistoryEntry,
    MeasureRecord,
    PersonChildQuerySet,
)
from shouwang.people.models.persons import Person, PersonCount, PersonQuerySet
from shouwang.people.models.risk import RiskArea, RiskRule

__all__ = [
    "DeclarationAttempt",
    "Episode",
    "HealthStateRecord",
    "HistoryEntry",
    "MeasureRecord",
    "Person",
    "PersonChildQuerySet",
    "PersonCount",
    "PersonQuerySet",
    "RiskArea",
    "RiskRule",
    "SelfDeclaration",
]
