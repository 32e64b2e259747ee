import pytest
from django.core.exceptions import ValidationError

from shouwang.checkpoints.plates import is_new_energy, normalise_plate, validate_plate


@pytest.mark.parametrize(
    "plate",
    [
        "粤C12345",
        "京A8K3M9",
        "沪AB1234",
        "新A12345",
        "粤Z1234港",
        "粤Z1234澳",
        "粤A1234警",
        "粤A1234学",
        "粤A1234挂",
        "粤BD12345",  # small new energy, pure electric
        "粤BFA1234",  # small new energy, other, letter in fourth place
        "粤BA12345",  # 2021 series
        "粤B12345D",  # large new energy
        "粤B12345F",
    ],
)
def test_valid_plates(plate):
    assert validate_plate(plate) == plate


@pytest.mark.parametrize(
    ("text", "expected"),
    [("粤c 12345", "粤C12345"), ("粤C·12345", "粤C12345"), ("粤Ｃ１２３４５", "粤C12345")],
)
def test_plates_are_normalised(text, expected):
    assert normalise_plate(text) == expected
    assert validate_plate(text) == expected


@pytest.mark.parametrize(
    ("plate", "code"),
    [
        ("", "required"),
        ("AB12345", "province"),  # no province
        ("港C12345", "province"),  # 港 is a suffix, never a province
        ("粤C1234", "length"),
        ("粤C1234567", "length"),
        ("粤C1234O", "letters"),  # O reads as zero
        ("粤I12345", "letters"),
        ("粤BX12345", "new_energy"),  # X is not a new-energy letter
        ("粤B1234D5", "new_energy"),
        ("粤B12345E", "new_energy"),  # large vehicles end only in D or F
        ("粤C1234警1", "new_energy"),
        ("粤C123警4", "invalid"),
    ],
)
def test_invalid_plates_say_why(plate, code):
    with pytest.raises(ValidationError) as raised:
        validate_plate(plate)
    assert raised.value.code == code


def test_new_energy_detection():
    assert is_new_energy("粤BD12345")
    assert is_new_energy("粤B12345D")
    assert not is_new_energy("粤C12345")
