from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from shouwang.core.roles import ENTERPRISE_VIEW
from shouwang.demands.selectors import demand_board
from shouwang.enterprises.views.common import area_filter, require_officer


def _bars(rows, keys: dict) -> dict:
    return {
        "categories": [str(row["label"]) for row in rows],
        "series": [
            {"name": str(name), "values": [row[key] for row in rows]} for key, name in keys.items()
        ],
    }


@login_required
def board(request):
    """Per department: open, overdue, done on time, the rating; per category; the most
    overdue demands."""
    require_officer(request.user, ENTERPRISE_VIEW)
    area = area_filter(request)
    board = demand_board(user=request.user, area=area)
    counts = {"open": _("未办结"), "overdue": _("超时"), "done": _("已办结")}
    return render(
        request,
        "demands/board.html",
        {
            "board": board,
            "area": area,
            "department_chart": _bars(board["departments"], counts),
            "category_chart": _bars(board["categories"], counts),
        },
    )
