"""The Dutch citizen service number (BSN) and its 11-test."""

import re

_NINE_DIGITS = re.compile(r"[0-9]{9}")  # ASCII only: \d also matches Arabic-Indic digits


def normalise_bsn(value: str) -> str:
    """Strip spaces and dots people type, and pad an 8-digit number with its leading zero."""
    cleaned = re.sub(r"[\s.]", "", value or "")
    return cleaned.zfill(9) if len(cleaned) == 8 and cleaned.isascii() and cleaned.isdigit() else cleaned


def is_valid_bsn(value: str) -> bool:
    """True when value is 9 digits that pass the 11-test (weights 9..2, and -1 for the last digit)."""
    if not _NINE_DIGITS.fullmatch(value or "") or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0
