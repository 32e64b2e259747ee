"""The compiled catalogue is rebuilt when an item or a package changes. The rows of this
module copy their enterprise's area (so scoping is one prefix match):
when an enterprise moves, they follow it, as the enterprises module's own rows do."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from shouwang.enterprises.models import Enterprise
from shouwang.policies.engine import catalogue_changed
from shouwang.policies.models import (
    EnterpriseFigures,
    Entitlement,
    EntitlementNotice,
    PolicyItem,
    PolicyPackage,
    ReliefGrant,
)


@receiver(post_save, sender=PolicyItem)
@receiver(post_save, sender=PolicyPackage)
@receiver(post_delete, sender=PolicyItem)
@receiver(post_delete, sender=PolicyPackage)
def recompile_catalogue(sender, **kwargs) -> None:
    catalogue_changed()


@receiver(post_save, sender=Enterprise)
def follow_enterprise(sender, instance: Enterprise, created: bool, update_fields, **kwargs) -> None:
    if created or (update_fields is not None and "area" not in update_fields):
        return
    for model in (EnterpriseFigures, EntitlementNotice):
        model.objects.filter(enterprise=instance).exclude(area_id=instance.area_id).update(
            area_id=instance.area_id
        )
    for model in (Entitlement, ReliefGrant):
        model.objects.filter(enterprise=instance).exclude(area_id=instance.area_id).update(
            area_id=instance.area_id, street_id=instance.street_id
        )
