"""The years the site supports, for every date a notice gives and every year folder: one range.

Outside it a date is surely a typing mistake (9999-12-31, 0022-09-10), and the outputs could not carry
it (a calendar's next day, a form's zip entry date).
"""

from __future__ import annotations

FIRST_YEAR = 1949
LAST_YEAR = 2100
RANGE_TEXT = f"{FIRST_YEAR}–{LAST_YEAR}"


def supported(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
