"""The Luhn checksum of SIREN (9 digits) and SIRET (14 digits) numbers."""

from __future__ import annotations


def luhn_valid(number: str) -> bool:
    if not number.isdigit():
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_siren_or_siret(number: str) -> bool:
    return len(number) in (9, 14) and luhn_valid(number)
