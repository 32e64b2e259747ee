from django.urls import reverse
from django.utils import timezone

from shouwang.core.models import User
from shouwang.demo.loader import load_demo
from shouwang.reports.models import DailySnapshot, Emergency, ReportRun


def test_the_demo_opens_on_a_month_of_numbers(db, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(scale=0.001)
    emergency = Emergency.objects.get()
    days = DailySnapshot.objects.values("day").distinct().count()
    assert days == (timezone.localdate() - emergency.declared_on).days + 1 == 31
    assert set(ReportRun.objects.values_list("status", flat=True)) == {"done"}
    client.force_login(User.objects.get(username="demo-commander"))
    board = client.get(reverse("reports:dashboard"), {"span": "30"}).context["board"]
    assert board.figures["confirmed_total"] >= 4 and board.figures["measure_home_isolation"] > 0
    assert board.figures["enterprises_resumed"] > 0 and board.figures["sites_open"] > 0
    assert None not in board.trends["confirmed_new"]
