"""A share shown with its denominator: ``12/15（80%）``, never a bare percentage.

The fraction is exact; the percent beside it is for reading only, rounded half up from the
exact fraction to the places asked (``16/31`` is ``51.6%`` to one place). Over nothing a rate
is ``—``: a share of nobody is not zero."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _


def shown_with_denominator(n: int, of: int, percent: str) -> str:
    return _("%(n)s/%(of)s（%(percent)s%%）") % {"n": n, "of": of, "percent": percent}


def percent_text(value: Fraction, places: int = 0) -> str:
    """``value`` as a percentage rounded half up to ``places`` decimals, from the exact fraction."""
    scale = 10**places
    whole = (value * 100 * scale + Fraction(1, 2)).__floor__()
    if not places:
        return str(whole)
    sign = "-" if whole < 0 else ""
    integer, decimals = divmod(abs(whole), scale)
    return f"{sign}{integer}.{decimals:0{places}d}"


@dataclass(frozen=True)
class Rate:
    """``n`` of ``of``, shown with its denominator: ``12/15（80%）``. Over nothing it is ``—``."""

    n: int
    of: int
    places: int = 0

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.n, self.of) if self.of else None

    @property
    def percent(self) -> str:
        """The percentage (display only), rounded half up from the exact fraction."""
        value = self.value
        return "" if value is None else percent_text(value, self.places)

    def __str__(self) -> str:
        return shown_with_denominator(self.n, self.of, self.percent) if self.of else "—"
