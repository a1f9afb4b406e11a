"""An ad-hoc list of raters (指定测评人名单): when the people who rate are no standing body's
roster (e.g. the district's leaders and the heads of its departments rating the departments'
heads), the organiser names them, one a line, by name or by ID number. The list becomes a body
of the kind ``appraisal_raters`` under the organising unit with each person seated, and a meeting
of it, so the session is then held in that meeting like any other (phone codes or paper, the
roster frozen when the meeting opens, every guarantee of ballots). Nothing new is stored about
who rated what: the list is only who may be handed a form."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.common import clock
from web.common.errors import RefusedStep
from web.meetings import actions as meeting_actions
from web.meetings.models import Meeting
from web.org import actions as org_actions
from web.org import lists
from web.org.lists import Found
from web.org.models import Body, BodySeat, Person, Unit

#: as many raters as a session is benchmarked with (bench/bench_appraisal_poll.py: 500 × 30)
MAX_RATERS = 500


def find_people(unit: Unit, lines: list[str]) -> Found:
    """Each line's person among the people of ``unit`` and the units under it (``web.org.lists``)."""
    return lists.find_people(
        Person.objects.filter(unit_path__startswith=unit.path),
        lines,
        nowhere=_("第 %(n)d 行“%(line)s”：本单位及下级单位的人员中没有找到。"),
        empty=_("请填写测评人，每行一个（姓名或身份证号）。"),
        most=MAX_RATERS,
    )


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
