"""The demands module listens to the enterprises module: a problem a service visit found
becomes a demand, and demands follow their enterprise when it moves."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from shouwang.demands.choices import Department
from shouwang.demands.models import Demand, DemandAttachment, DemandEvent
from shouwang.demands.services import demand_from_visit_problem
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.signals import visit_problem_raised


@receiver(visit_problem_raised)
def visit_problem_becomes_demand(sender, problem, by, **kwargs) -> None:
    demand_from_visit_problem(problem=problem, by=by)


@receiver(post_save, sender=Enterprise)
def follow_enterprise(sender, instance: Enterprise, created: bool, update_fields, **kwargs) -> None:
    if created or (update_fields is not None and "area" not in update_fields):
        return
    moved = Demand.objects.filter(enterprise=instance).exclude(area_id=instance.area_id)
    ids = list(moved.values_list("pk", flat=True))
    if ids:
        # The street's own demands go to the new street; a bureau's stay at the district.
        moved.filter(department=Department.STREET).update(handler_area_id=instance.street_id)
        moved.update(area_id=instance.area_id, street_id=instance.street_id)
        for model in (DemandEvent, DemandAttachment):
            model.objects.filter(demand_id__in=ids).update(area_id=instance.area_id)
