"""Lists of people typed one a line (a list of raters, a class of recommenders): each line, a name
or an ID number, is found among a given set of people, and every line that finds nobody, several
people or someone already listed is a sentence of its own, so all the problems show at once."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from web.org.models import Person


@dataclass(frozen=True)
class Found:
    people: list[Person]
    problems: list[str]


def find_people(among: QuerySet[Person], lines: list[str], *, nowhere: str, empty: str, most: int) -> Found:
    """Each line's person in ``among``: an ID number finds one person, a name the one person of
    that name. ``nowhere`` is the sentence for a line that finds nobody (with ``%(n)d`` and
    ``%(line)s``), ``empty`` the one for no line at all; more than ``most`` lines is refused."""
    wanted = [line.strip() for line in lines if line.strip()]
    by_id = {w.upper() for w in wanted if len(w) == 18}
    rows = list(among.filter(Q(name__in=wanted) | Q(id_number__in=by_id)).only("pk", "name", "id_number", "unit_path"))
    people: list[Person] = []
    problems: list[str] = []
    for n, line in enumerate(wanted, 1):
        hits = [p for p in rows if p.id_number == line.upper()] or [p for p in rows if p.name == line]
        if not hits:
            problems.append(nowhere % {"n": n, "line": line})
        elif len(hits) > 1:
            problems.append(
                _("第 %(n)d 行“%(line)s”：有 %(count)d 人同名，请改写这个人的身份证号。")
                % {"n": n, "line": line, "count": len(hits)}
            )
        elif hits[0] in people:
            problems.append(_("第 %(n)d 行“%(line)s”：这个人已在名单上。") % {"n": n, "line": line})
        else:
            people.append(hits[0])
    if not wanted:
        problems.append(empty)
    elif len(wanted) > most:
        problems.append(_("一份名单最多 %(max)d 人。") % {"max": most})
    return Found(people, problems)
