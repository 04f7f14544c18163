"""French phone numbers, as ten digits: "02.43.66.12.34", "+33 2 43 66 12 34", 243661234 → "0243661234"."""

from __future__ import annotations

import re

from mayenne_assets.lib.common.text import cell_text


def normalise_phone(value: object) -> str | None:
    """Ten digits starting with 0, or None when the cell holds no phone number."""
    digits = re.sub(r"\D", "", cell_text(value))
    if not digits:
        return None
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "123456789":
        digits = "0" + digits  # typed as a number: the leading 0 was lost
    return digits if re.fullmatch(r"0[1-9]\d{8}", digits) else None
