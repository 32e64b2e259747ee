"""Persons set back to 无 after a measure, before measure_change refused it, become 已解除.

They dropped out of the isolation boards below the district, which find the persons with
measure records by their measure. Their active record (无, since the day it was set) keeps
its dates and reason and reads 已解除, as the same change reads now.
"""

from django.db import migrations

NONE, RELEASED = "none", "released"


def released_instead_of_none(apps, schema_editor):
    MeasureRecord = apps.get_model("people", "MeasureRecord")
    Person = apps.get_model("people", "Person")
    back_at_none = MeasureRecord.objects.filter(is_active=True, measure=NONE)
    persons = list(back_at_none.values_list("person_id", flat=True))
    back_at_none.update(measure=RELEASED)
    Person.objects.filter(pk__in=persons, measure=NONE).update(measure=RELEASED)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_count")]

    operations = [migrations.RunPython(released_instead_of_none, migrations.RunPython.noop)]
