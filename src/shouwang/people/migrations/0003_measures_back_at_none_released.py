"""Measures set back to 无, before measure_change refused it, read 已解除.

Persons at 无 with records dropped out of the isolation boards below the district, which
find the persons with measure records by their measure. Every 无 record (the active one,
and one a later measure ended) keeps its dates and reason and reads 已解除, as the same
change reads now; a person still at 无 is 已解除 too.
"""

from django.db import migrations

NONE, RELEASED = "none", "released"


def released_instead_of_none(apps, schema_editor):
    MeasureRecord = apps.get_model("people", "MeasureRecord")
    Person = apps.get_model("people", "Person")
    set_back = MeasureRecord.objects.filter(measure=NONE)
    Person.objects.filter(
        pk__in=set_back.filter(is_active=True).values("person_id"), measure=NONE
    ).update(measure=RELEASED)
    set_back.update(measure=RELEASED)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_count")]

    operations = [migrations.RunPython(released_instead_of_none, migrations.RunPython.noop)]
