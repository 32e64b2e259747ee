from django_tasks import task

from shouwang.people.services.risk import persons_evaluate, persons_to_reevaluate


@task()
def reevaluate_all() -> int:
    """After the risk list or a rule changed: everyone a rule could concern."""
    return persons_evaluate(persons_to_reevaluate())
