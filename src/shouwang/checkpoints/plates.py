"""Chinese licence plates (GA 36-2018): validation and normalisation.

- ordinary plates, 7 characters: province abbreviation, issuing-authority letter, five
  letters or digits (never I or O, which read as 1 and 0), e.g. 粤C12345, 京A8K3M9;
- with a use character in place of the last one: 挂 trailer, 学 driving school,
  警 police, 港 / 澳 Hong Kong / Macao cross-border, 领 consulate, 试 test, 超 oversize,
  e.g. 粤Z1234港, 粤A1234警;
- new-energy plates, 8 characters: small vehicles put D (pure electric) or F (other new
  energy) first, then a letter or digit and four digits (粤BD12345, 粤BF1A234); since 2021
  the small series also use A B C E (electric) and G H J K (other); large vehicles end
  with D or F after five digits (粤B12345D).

Embassy (使) and military plates are not issued by the public-security traffic authorities
and are registered as "other" with the plate typed as seen.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"  # no I, no O
_SERIAL = f"[{_LETTER}0-9]"
_AUTHORITY = "[A-HJ-Z]"  # O is issued to police cars in some provinces; I never
_SMALL_NEW_ENERGY = "[DFABCEGHJK]"
USE_SUFFIXES = "挂学警港澳领试超"

_ORDINARY = re.compile(
    f"^[{PROVINCES}]{_AUTHORITY}({_SERIAL}{{5}}|{_SERIAL}{{4}}[{USE_SUFFIXES}])$"
)
_NEW_ENERGY_SMALL = re.compile(f"^[{PROVINCES}]{_AUTHORITY}{_SMALL_NEW_ENERGY}{_SERIAL}\\d{{4}}$")
_NEW_ENERGY_LARGE = re.compile(f"^[{PROVINCES}]{_AUTHORITY}\\d{{5}}[DF]$")


def normalise_plate(text: str) -> str:
    """Upper case, full-width folded to half-width, separators (space, ·, -) removed."""
    folded = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s·•\-.]", "", folded).upper()


def is_new_energy(plate: str) -> bool:
    return bool(_NEW_ENERGY_SMALL.match(plate) or _NEW_ENERGY_LARGE.match(plate))


def validate_plate(text: str) -> str:
    """The normalised plate, or a ValidationError saying what is wrong with it."""
    plate = normalise_plate(text)
    if not plate:
        raise ValidationError(_("请填写车牌号"), code="required")
    if plate[0] not in PROVINCES:
        raise ValidationError(_("车牌号应以省份简称开头（如“粤”）"), code="province")
    if len(plate) not in (7, 8):
        raise ValidationError(
            _("车牌号应为7位（普通）或8位（新能源），现为%(n)d位") % {"n": len(plate)},
            code="length",
        )
    if _ORDINARY.match(plate) or is_new_energy(plate):
        return plate
    if "I" in plate[1:] or "O" in plate[2:]:
        raise ValidationError(_("车牌号中不使用字母I和O"), code="letters")
    if len(plate) == 8:
        raise ValidationError(
            _("新能源车牌格式不正确：小型车第3位为D或F，大型车末位为D或F"), code="new_energy"
        )
    raise ValidationError(_("车牌号格式不正确"), code="invalid")
