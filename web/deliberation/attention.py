"""What of deliberation needs a person on their home page (``web.common.attention``): the matters
whose current step waits on a unit they manage (its bodies meet there, its postings go on that
unit's board), each with what the step still needs in the words of its kind
(``web.deliberation.kinds``), linked to the matter's page.

A step has no deadline of its own; it is late when the meeting it was held in was set for a day
that has passed and its vote is still not counted and concluded. Those who sit on the bodies see
the meetings themselves (``web.meetings.attention``); moving the matter is the unit's staff's."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.deliberation import steps as st
from web.deliberation.models import Matter, MatterStep
from web.meetings.models import Poll
from web.org.queries import managed_paths, under_paths

#: the columns the items and the kinds' blockers read (``web.deliberation.kinds``: a step's
#: settings, its poll's and meeting's state, the matter's kind); a poll's record and result, the
#: minutes and the description are large and never read here
_READ = (
    "kind",
    "settings",
    "state",
    "matter__title",
    "matter__kind",
    "matter__unit__name",
    "meeting__starts_at",
    "meeting__state",
    "poll__state",
)

#: a decided matter still has its disclosures to post
_OPEN = (Matter.State.IN_PROGRESS, Matter.State.DECIDED)


def _sentence(step: MatterStep) -> str:
    problems = step.spec.blockers(step)
    words = {"matter": step.matter.title, "step": st.step_name(step)}
    if not problems:
        return gettext("%(matter)s · %(step)s：可以办结本环节") % words
    text = gettext("%(matter)s · %(step)s：%(blocker)s") % {**words, "blocker": problems[0]}
    if len(problems) > 1:
        text += gettext("（另有 %(n)s 项）") % {"n": len(problems) - 1}
    return text


def _is_late(step: MatterStep, asking: Asking) -> bool:
    """Its meeting's day has passed and its vote is not concluded."""
    if step.meeting is None:
        return False
    counted = step.poll is not None and step.poll.state == Poll.State.CLOSED
    return not counted and timezone.localdate(step.meeting.starts_at) < asking.today


def _steps_waiting(asking: Asking) -> Found | None:
    paths = managed_paths(asking.user)
    if not paths:
        return None
    waiting = list(
        MatterStep.objects.filter(state=MatterStep.State.ACTIVE, matter__state__in=_OPEN)
        .filter(under_paths("matter__unit__path", paths))
        .select_related("matter__unit", "meeting", "poll")
        .only(*_READ)
        .order_by("matter__created_at", "matter_id")
    )
    # what blocks a step is read from its work (bodies, gates, the count): only for those shown,
    # the units' bodies and the matters' gates for all of them at once
    shown = waiting[: asking.limit]
    prefetch_related_objects(shown, "matter__unit__bodies", "matter__gates")
    items = [
        Item(
            text=_sentence(s),
            url=reverse("deliberation:matter", args=[s.matter_id]),
            where=s.matter.unit.name,
            when=s.meeting.starts_at if s.meeting is not None else None,
            late=_is_late(s, asking),
        )
        for s in shown
    ]
    return Found(items=items, total=len(waiting))


STEPS_WAITING = register(
    Source(
        "matters",
        _("等您推进的议事环节"),
        15,
        _steps_waiting,
        help=_("您管理的单位里，议事事项当前所在的环节，以及办结这一环节还差什么。"),
    )
)
