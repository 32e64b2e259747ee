from django.utils import translation
from django_tasks import task

from shouwang.policies.models import MatchingRun
from shouwang.policies.services.matching import matching_run_execute


@task()
def match_enterprises(run_id: int) -> int:
    """Match every registered enterprise of the run's area against the catalogue."""
    run = MatchingRun.objects.get(pk=run_id)
    with translation.override(run.language):
        return matching_run_execute(run=run).entitlements
