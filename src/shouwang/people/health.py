"""Body temperature: the fever line and the range a thermometer can truthfully read."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from shouwang.core.errors import field_error

FEVER_AT = Decimal("37.3")
LOWEST_TEMPERATURE = Decimal("34.0")
HIGHEST_TEMPERATURE = Decimal("43.0")


def checked_temperature(value, field: str = "temperature") -> Decimal | None:
    """The temperature as a one-decimal Decimal, or a field error outside 34.0-43.0 °C."""
    if value is None or value == "":
        return None
    try:
        temperature = Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise field_error(field, _("体温应为数字，如 36.5")) from None
    if not LOWEST_TEMPERATURE <= temperature <= HIGHEST_TEMPERATURE:
        raise field_error(field, _("体温应在 34.0 至 43.0 °C 之间"))
    return temperature


def is_fever(temperature: Decimal | None) -> bool:
    return temperature is not None and temperature >= FEVER_AT
