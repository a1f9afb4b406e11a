"""An ad-hoc list of raters (指定测评人名单): when the people who rate are no standing body's
roster (e.g. the district's leaders and the heads of its departments rating the departments'
heads), the organiser names them, one a line, by name or by ID number. The list becomes a body
of the kind ``appraisal_raters`` under the organising unit with each person seated, and a meeting
of it, so the session is then held in that meeting like any other (phone codes or paper, the
roster frozen when the meeting opens, every guarantee of ballots). Nothing new is stored about
who rated what: the list is only who may be handed a form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.common import clock
from web.common.errors import RefusedStep
from web.meetings import actions as meeting_actions
from web.meetings.models import Meeting
from web.org import actions as org_actions
from web.org.models import Body, BodySeat, Person, Unit

#: as many raters as a session is benchmarked with (bench/bench_appraisal_poll.py: 500 × 30)
MAX_RATERS = 500


@dataclass(frozen=True)
class Found:
    people: list[Person]
    problems: list[str]


def find_people(unit: Unit, lines: list[str]) -> Found:
    """Each line's person among the people of ``unit`` and the units under it: an ID number
    finds one person, a name finds the one person of that name; a name shared by several, a
    line matching nobody, a person named twice, each is a sentence naming the line."""
    wanted = [line.strip() for line in lines if line.strip()]
    by_id = {w.upper() for w in wanted if len(w) == 18}
    rows = list(
        Person.objects.filter(unit_path__startswith=unit.path)
        .filter(Q(name__in=wanted) | Q(id_number__in=by_id))
        .only("pk", "name", "id_number", "unit_path")
    )
    people: list[Person] = []
    problems: list[str] = []
    for n, line in enumerate(wanted, 1):
        hits = [p for p in rows if p.id_number == line.upper()] or [p for p in rows if p.name == line]
        if not hits:
            problems.append(_("第 %(n)d 行“%(line)s”：本单位及下级单位的人员中没有找到。") % {"n": n, "line": line})
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
        problems.append(_("请填写测评人，每行一个（姓名或身份证号）。"))
    elif len(wanted) > MAX_RATERS:
        problems.append(_("一份名单最多 %(max)d 名测评人。") % {"max": MAX_RATERS})
    return Found(people, problems)


@transaction.atomic
def do_make_rater_list(
    *, unit: Unit, title: str, lines: list[str], starts_at: Any = None, acting_user: Actor
) -> Meeting:
    """The body of the named raters and its meeting (a draft: its roster is the list), for a
    session to be held in. Refused with every line's problem at once (a sentence a line),
    nothing written."""
    title = title.strip()
    if not title or len(title) > 100:
        raise RefusedStep(_("请填写名单的名称（100 字以内）。"), code="title_required", status=422)
    found = find_people(unit, lines)
    if found.problems:
        raise RefusedStep("\n".join(found.problems), code="bad_raters", status=422)
    body = org_actions.do_create_body(unit=unit, name=title, kind=Body.Kind.APPRAISAL_RATERS, acting_user=acting_user)
    for person in found.people:
        org_actions.do_seat_person(body=body, person=person, post=BodySeat.Post.MEMBER, acting_user=acting_user)
    return meeting_actions.do_create_meeting(
        body=body, title=title, starts_at=starts_at or clock.now(), acting_user=acting_user
    )
