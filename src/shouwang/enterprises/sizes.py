"""Size class and statistical scale of an enterprise from its industry, employees and revenue.

Size (大中小微): 国家统计局《统计上大中小微型企业划分办法（2017）》(国统字〔2017〕213号),
table of thresholds by industry. Employees X (从业人员, persons), revenue Y (营业收入,
10,000 yuan). Large, medium and small must meet every lower limit listed for the industry,
otherwise the enterprise drops a class; micro is what meets none. Three industries are
classified by total assets (资产总额) as well, which the register does not hold: for
construction and real estate development only revenue is used, for leasing and business
services only employees.

    industry (GB/T 4754 divisions)           large          medium         small
    agriculture A (01-05)                    Y>=20000       Y>=500         Y>=50
    industry B, C, D (06-46)                 X>=1000,Y>=40000  X>=300,Y>=2000  X>=20,Y>=300
    construction E (47-50)                   Y>=80000       Y>=6000        Y>=300
    wholesale (51)                           X>=200,Y>=40000   X>=20,Y>=5000   X>=5,Y>=1000
    retail (52)                              X>=300,Y>=20000   X>=50,Y>=500    X>=10,Y>=100
    transport (53-58)                        X>=1000,Y>=30000  X>=300,Y>=3000  X>=20,Y>=200
    warehousing (59)                         X>=200,Y>=30000   X>=100,Y>=1000  X>=20,Y>=100
    postal (60)                              X>=1000,Y>=30000  X>=300,Y>=2000  X>=20,Y>=100
    accommodation, catering (61-62)          X>=300,Y>=10000   X>=100,Y>=2000  X>=10,Y>=100
    telecoms, internet (63-64)               X>=2000,Y>=100000 X>=100,Y>=1000  X>=10,Y>=100
    software and IT services (65)            X>=300,Y>=10000   X>=100,Y>=1000  X>=10,Y>=50
    real estate (70)                         Y>=200000      Y>=1000        Y>=100
    leasing and business services (71-72)    X>=300         X>=100         X>=10
    any other industry                       X>=300         X>=100         X>=10

Scale (规模以上, "above designated size"): the statistics office's thresholds of annual
main business revenue, in 10,000 yuan:

    industry B, C, D                          >= 2000   (规上工业)
    wholesale 51 >= 2000; retail 52 >= 500; accommodation and catering 61-62 >= 200
    services G 53-60, I 63-65, N 76-79        >= 2000
    services K 70, L 71-72, M 73-75, P 83     >= 1000
    services O 80-82, Q 84-85, R 86-90        >= 500
    construction E 47-50                      >= 2000   (the office counts every qualified
                                                         builder, 有资质; the register holds
                                                         no qualification, so revenue stands in)
    agriculture A, finance J, public bodies S, T: never (not in the scale survey)
"""

from dataclasses import dataclass
from decimal import Decimal

from shouwang.enterprises.choices import ScaleCategory, SizeClass
from shouwang.enterprises.industries import INDUSTRIAL_SECTIONS, section_of

TEN_THOUSAND = Decimal(10_000)


@dataclass(frozen=True)
class SizeThresholds:
    """Lower limits for large, medium and small; None where the standard sets none."""

    employees: tuple[int, int, int] | None
    revenue: tuple[int, int, int] | None  # 10,000 yuan


_RANGES: list[tuple[int, int, SizeThresholds]] = [
    (1, 5, SizeThresholds(None, (20000, 500, 50))),
    (6, 46, SizeThresholds((1000, 300, 20), (40000, 2000, 300))),
    (47, 50, SizeThresholds(None, (80000, 6000, 300))),
    (51, 51, SizeThresholds((200, 20, 5), (40000, 5000, 1000))),
    (52, 52, SizeThresholds((300, 50, 10), (20000, 500, 100))),
    (53, 58, SizeThresholds((1000, 300, 20), (30000, 3000, 200))),
    (59, 59, SizeThresholds((200, 100, 20), (30000, 1000, 100))),
    (60, 60, SizeThresholds((1000, 300, 20), (30000, 2000, 100))),
    (61, 62, SizeThresholds((300, 100, 10), (10000, 2000, 100))),
    (63, 64, SizeThresholds((2000, 100, 10), (100000, 1000, 100))),
    (65, 65, SizeThresholds((300, 100, 10), (10000, 1000, 50))),
    (70, 70, SizeThresholds(None, (200000, 1000, 100))),
]
_OTHER = SizeThresholds((300, 100, 10), None)

# (first division, last division, revenue threshold in 10,000 yuan)
_SCALE_RANGES: list[tuple[int, int, int]] = [
    (6, 46, 2000),
    (47, 50, 2000),
    (51, 51, 2000),
    (52, 52, 500),
    (53, 60, 2000),
    (61, 62, 200),
    (63, 65, 2000),
    (70, 75, 1000),
    (76, 79, 2000),
    (80, 82, 500),
    (83, 83, 1000),
    (84, 90, 500),
]

_CLASSES = (SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL)


def _in_range(division: str, ranges):
    number = int(division)
    return next((rest for first, last, *rest in ranges if first <= number <= last), None)


def size_class(division: str, employees: int, revenue_yuan: Decimal) -> str:
    thresholds = (_in_range(division, _RANGES) or [_OTHER])[0]
    revenue = Decimal(revenue_yuan) / TEN_THOUSAND
    for index, size in enumerate(_CLASSES):
        employees_met = thresholds.employees is None or employees >= thresholds.employees[index]
        revenue_met = thresholds.revenue is None or revenue >= thresholds.revenue[index]
        if employees_met and revenue_met:
            return size
    return SizeClass.MICRO


def scale_category(division: str, revenue_yuan: Decimal) -> str:
    threshold = _in_range(division, _SCALE_RANGES)
    if threshold is None or Decimal(revenue_yuan) < threshold[0] * TEN_THOUSAND:
        return ScaleCategory.BELOW_SCALE
    if section_of(division) in INDUSTRIAL_SECTIONS:
        return ScaleCategory.ABOVE_SCALE_INDUSTRIAL
    return ScaleCategory.ABOVE_SCALE
