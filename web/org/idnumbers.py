"""Resident identity numbers (GB 11643-1999): 17 digits and a check character."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from web.common.numbers import is_ascii_digits

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def check_id_number(value: str) -> str | None:
    """None when ``value`` is a well-formed 18-character number, else what is wrong (translated)."""
    if len(value) != 18:
        return _("身份证号应为 18 位，现为 %(n)d 位。") % {"n": len(value)}
    if not is_ascii_digits(value[:17]) or value[17] not in "0123456789X":
        return _("身份证号前 17 位应为数字，最后一位为数字或 X。")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return _("身份证号中的出生日期 %(d)s 不存在。") % {"d": value[6:14]}
    if check_digit(value[:17]) != value[17]:
        return _("身份证号校验位错误（应为 %(c)s）。") % {"c": check_digit(value[:17])}
    return None


@dataclass(frozen=True)
class Identity:
    """What a viewer may see of a person's identity: the whole ID number and birth date, or a
    masked number (first digit and last two) with sex and birth year only.

    The birth date *is* digits 7–14 of the number, and the region (digits 1–6) is usually the
    place itself, so a masked number shown beside a birth date (on the same page or on another
    page the same viewer can open) gives the whole number back. A masked identity therefore never
    carries the birth date, and the number keeps too little to be rebuilt from anything else
    Jiceng shows: region, month, day and two order digits stay hidden.
    """

    id_number: str
    whole: bool
    gender: str
    birth_year: int
    birth_date: dt.date | None

    @property
    def birth(self) -> str:
        return self.birth_date.isoformat() if self.birth_date else str(self.birth_year)


def masked(id_number: str) -> str:
    """First character and last two, stars between: ``1***************3X``."""
    if len(id_number) != 18:
        return "*" * 18
    return id_number[0] + "*" * 15 + id_number[-2:]


def may_see_whole(viewer: Any, person: Any) -> bool:
    """Whole ID numbers and birth dates only for those who manage the person's unit."""
    from web.org.queries import can_manage_path

    return viewer is not None and can_manage_path(viewer, person.unit_path)


def identity_for(viewer: Any, person: Any) -> Identity:
    """The identity ``viewer`` may see of ``person`` (``viewer=None``: a printed card or any
    artefact that leaves the system, always masked)."""
    whole = may_see_whole(viewer, person)
    return Identity(
        id_number=person.id_number if whole else masked(person.id_number),
        whole=whole,
        gender=person.gender,
        birth_year=person.birth_date.year,
        birth_date=person.birth_date if whole else None,
    )
