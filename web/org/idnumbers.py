"""Resident identity numbers (GB 11643-1999): 17 digits and a check character."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def check_id_number(value: str) -> str | None:
    """None when ``value`` is a well-formed 18-character number, else what is wrong (translated)."""
    if len(value) != 18:
        return _("身份证号应为 18 位，现为 %(n)d 位。") % {"n": len(value)}
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return _("身份证号前 17 位应为数字，最后一位为数字或 X。")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return _("身份证号中的出生日期 %(d)s 不存在。") % {"d": value[6:14]}
    if check_digit(value[:17]) != value[17]:
        return _("身份证号校验位错误（应为 %(c)s）。") % {"c": check_digit(value[:17])}
    return None
