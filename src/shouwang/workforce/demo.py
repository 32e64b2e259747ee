"""Demo staff: the departments a district's checkpoints draw on (seed 000: Nantou's 104
staff from 7 departments, then 300+ volunteers; Guanjingtou's 6 shifts of 21)."""

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction
from shouwang.demo.loader import random_name
from shouwang.workforce.choices import Department
from shouwang.workforce.models import StaffMember

# Per street, at full scale: departments weighted as the seeds' duty systems are.
STAFF_PER_STREET = {
    Department.POLICE: 30,
    Department.TRAFFIC_POLICE: 20,
    Department.HEALTH: 30,
    Department.CITY_MANAGEMENT: 20,
    Department.STREET_OFFICE: 30,
    Department.VOLUNTEERS: 90,
}


def load_demo_data(context) -> None:
    rng = context.rng
    streets = [spec for spec in context.specs if spec.level == AreaLevel.STREET]
    members = []
    for street in streets:
        for department, count in STAFF_PER_STREET.items():
            for _ in range(count):
                members.append(
                    StaffMember(
                        name=random_name(rng),
                        department=department,
                        unit=street.name,
                        seconded=department == Department.STREET_OFFICE and rng.random() < 0.5,
                        area_id=context.area_ids[street.code],
                    )
                )
    StaffMember.objects.bulk_create(members, batch_size=2000)
    record_bulk_change(
        user=None,
        action=ChangeAction.IMPORT,
        model="workforce.staffmember",
        count=len(members),
        area_path=context.specs[0].code,
        description=f"demo district: {len(members)} checkpoint staff",
    )
