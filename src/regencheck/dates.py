"""Calendar month arithmetic, the one copy: follow-up schedules, evidence freshness and credential
monitoring all count in whole months ("within 12 months", "every 6 months")."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """`start` plus whole months (negative: earlier), clamped to the month's last day
    (31 Jan + 1 month = 28/29 Feb; 31 Mar - 1 month = 28/29 Feb)."""
    month_index = start.year * 12 + start.month - 1 + months
    year, month0 = divmod(month_index, 12)
    return date(year, month0 + 1, min(start.day, calendar.monthrange(year, month0 + 1)[1]))


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (clamped to the month's last day)."""
    return add_months(day, -months)
