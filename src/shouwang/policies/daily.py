"""Relief's part of the daily numbers: what was granted up to the day, and on it."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from shouwang.policies.models import ReliefGrant
from shouwang.reports.sections import Figure, Section, add, under

YUAN = _("元")


def count_relief(day, area):
    rows = (
        under(ReliefGrant.objects, area)
        .filter(granted_on__lte=day)
        .values_list("area_id")
        .annotate(
            grants=Count("id"),
            enterprises=Count("enterprise_id", distinct=True),
            total=Sum("amount"),
            granted_that_day=Sum("amount", filter=Q(granted_on=day)),
        )
        .order_by()
    )
    counts = {}
    for area_id, grants, enterprises, amount, amount_new in rows:
        add(counts, area_id, "relief_grants", grants)
        # An enterprise hangs on one area, so its count adds up the tree.
        add(counts, area_id, "relief_enterprises", enterprises)
        add(counts, area_id, "relief_amount", round(amount or 0))
        add(counts, area_id, "relief_amount_new", round(amount_new or 0))
    return counts


SECTIONS = [
    Section(
        key="relief",
        label=_("惠企政策兑现"),
        figures=(
            Figure("relief_amount", _("累计兑现金额"), YUAN),
            Figure("relief_amount_new", _("当日兑现金额"), YUAN),
            Figure("relief_enterprises", _("受惠企业"), _("家")),
            Figure("relief_grants", _("兑现笔数"), _("笔")),
        ),
        count=count_relief,
        headline=("relief_amount",),
        trend=("relief_amount_new",),
    ),
]
