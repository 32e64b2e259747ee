"""One filter set for the person list page, its export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shouwang.people.choices import HealthState, Measure
from shouwang.people.models import Person


class PersonFilter(django_filters.FilterSet):
    measure = django_filters.ChoiceFilter(label=_("管控措施"), choices=Measure.choices)
    health_state = django_filters.ChoiceFilter(label=_("健康状态"), choices=HealthState.choices)
    is_key_person = django_filters.BooleanFilter(label=_("重点人员"))
    arrival_from = django_filters.DateFilter(
        label=_("抵达日期自"), field_name="last_arrival_on", lookup_expr="gte"
    )
    arrival_to = django_filters.DateFilter(
        label=_("抵达日期至"), field_name="last_arrival_on", lookup_expr="lte"
    )

    class Meta:
        model = Person
        fields = ["measure", "health_state", "is_key_person", "arrival_from", "arrival_to"]
