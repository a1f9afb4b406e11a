"""The meetings and polls of a stage, created through ``web.meetings.actions``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.elections import stages as st
from web.elections.flow import STAGES
from web.elections.kinds import active_stage, primary, supplementary
from web.elections.kinds import proxies as proxies_kind
from web.elections.models import Nomination, Stage, StagePoll
from web.elections.outcomes import outcome
from web.elections.procedures import POST_NAMES
from web.meetings import actions as meeting_actions
from web.meetings.errors import MeetingError
from web.meetings.models import Poll
from web.org.models import Body


def _stage_body(stage: Stage) -> Body:
    """The body that meets in this stage: the election's body, or the one the settings name
    (the three-ballot method's full committee), which must sit in the same unit tree."""
    body_id = stage.settings.get("body")
    if not body_id:
        return stage.election.body
    here = stage.election.body.unit.path
    body = Body.objects.filter(pk=body_id).select_related("unit").first()
    if body is None or not (body.unit.path.startswith(here) or here.startswith(body.unit.path)):
        raise STAGES.refuse(_("设置中的机构不存在或不属于本选举的单位。"), "bad_body", 422)
    return body


@transaction.atomic
def do_set_post_candidates(*, stage: Stage, post: str, nomination_ids: list[int], acting_user: Actor) -> Stage:
    stage = active_stage(stage, "election")
    if st.current_polls(stage):
        raise STAGES.refuse(_("投票已经建立，不能再改候选人。"), "wrong_state")
    posts = {p["post"] for p in stage.settings.get("posts", [])}
    allowed = {n.pk for n in st.pool(stage)}
    if post not in posts or not set(nomination_ids) <= allowed:
        raise STAGES.refuse(_("只能从正式候选人中为本次选举设定的职务选择候选人。"), "bad_candidates", 422)
    chosen = st.post_candidates(stage)
    chosen[post] = list(dict.fromkeys(nomination_ids))
    stage.data = {**stage.data, "candidates": chosen}
    stage.save(update_fields=["data"])
    record(
        actor=acting_user,
        action=Action.ELECTION_POST_CANDIDATES,
        obj=stage,
        changes={"post": [None, post], "candidates": [None, chosen[post]]},
    )
    return stage


def _new_meeting(stage: Stage, title: str, user: Any) -> Any:
    """The meeting's own quorum rule speaks of attendance only; a poll rule that counts
    ballots (a village's ``voted > 1/2 of expected``) stays on the poll."""
    quorum = stage.settings["rules"]["quorum"]
    if "voted" in quorum:
        quorum = "present > 1/2 of expected"
    return meeting_actions.do_create_meeting(
        body=_stage_body(stage), title=title, starts_at=clock.now(), quorum_rule=quorum, acting_user=user
    )


def _poll(
    meeting: Any,
    *,
    title: str,
    seats: int,
    rules: dict[str, str],
    noms: list[Nomination],
    needs_approval: bool,
    user: Any,
) -> Poll:
    return meeting_actions.do_create_poll(
        meeting=meeting,
        title=title,
        kind=Poll.Kind.ELECTION,
        seats=seats,
        rules=dict(rules),
        candidates=[(n.person.name, n.person) for n in noms],
        needs_approval=needs_approval,
        acting_user=user,
    )


@transaction.atomic
def do_prepare_meeting(*, stage: Stage, acting_user: Actor) -> Stage:
    """Create the stage's meeting of its body and its polls (through ``web.meetings``), with
    the candidates the stage allows; the meeting is then run on the meeting pages."""
    stage = active_stage(stage, ("primary", "election"))
    if stage.meeting_id and not st.revote_needed(stage):
        raise STAGES.refuse(_("会议已经建立。"), "wrong_state")
    if stage.meeting_id:  # the vote failed as a whole: a new meeting holds it again
        StagePoll.objects.filter(stage=stage, current=True).update(current=False)
        stage.data = {k: v for k, v in stage.data.items() if k == "candidates"}
    election = stage.election
    if stage.kind == primary.KIND.key:
        noms = st.pool(stage)
        if not noms:
            raise STAGES.refuse(_("没有可提交推荐会票决的人选。"), "blocked")
        meeting = _new_meeting(stage, _("%(t)s 候选人推荐会") % {"t": election.title}, acting_user)
        poll = _poll(
            meeting,
            title=_("%(t)s 正式候选人推荐票决") % {"t": election.title},
            seats=int(stage.settings["places"]),
            rules=stage.settings["rules"],
            noms=noms,
            needs_approval=False,
            user=acting_user,
        )
        StagePoll.objects.create(stage=stage, post="", poll=poll)
    else:
        chosen_now = st.post_candidates(stage)
        problems = [
            p
            for post in stage.settings.get("posts", [])
            if (
                p := st.margin_problem(
                    post, len(chosen_now.get(post["post"], [])), kind=stage.settings.get("margin", "party")
                )
            )
        ]
        if problems:
            raise STAGES.refuse(" ".join(problems), "blocked")
        by_id = {n.pk: n for n in st.pool(stage)}
        chosen = st.post_candidates(stage)
        meeting = _new_meeting(stage, _("%(t)s 选举大会") % {"t": election.title}, acting_user)
        for post in stage.settings["posts"]:
            label = POST_NAMES.get(post["post"], post["post"])
            made = _poll(
                meeting,
                title=_("%(t)s：%(post)s选举") % {"t": election.title, "post": label},
                seats=int(post["seats"]),
                rules=stage.settings["rules"],
                noms=[by_id[i] for i in chosen[post["post"]]],
                needs_approval=bool(post.get("needs_approval")),
                user=acting_user,
            )
            StagePoll.objects.create(stage=stage, post=post["post"], poll=made)
    proxies_kind.carry_proxies(stage, meeting, acting_user)
    stage.meeting = meeting
    stage.save(update_fields=["meeting", "data"])
    record(actor=acting_user, action=Action.ELECTION_MEETING, obj=stage, changes={"meeting": [None, meeting.pk]})
    return stage


@transaction.atomic
def do_start_supplementary(*, stage: Stage, post: str, acting_user: Actor) -> Poll:
    """A supplementary round for a post's unfilled seats, in the election meeting, with the
    stage's own rules (village: plurality with the one-third floor). Candidates are the
    unelected with the most votes: the seats left plus ``extra_candidates``."""
    stage = active_stage(stage, "supplementary")
    seats = supplementary.unfilled_posts(stage).get(post)
    if not seats or post in st.current_polls(stage):
        raise STAGES.refuse(_("这个职务不需要另行选举，或已经建立。"), "wrong_state")
    source = supplementary.election_stage(stage)
    assert source is not None  # a supplementary stage with unfilled seats follows an election stage
    first = st.current_polls(source)[post]
    out = outcome(first)
    elected = {e["person"] for e in out.elected}
    last = out.last
    tally = {e["id"]: e["for"] for e in (last.result or {}).get("tally", [])}
    rest = sorted((c for c in last.candidates.all() if c.person_id not in elected), key=lambda c: -tally.get(c.key, 0))
    rest = rest[: seats + int(stage.settings.get("extra_candidates", 1))]
    if source.meeting is None or source.meeting.state == source.meeting.State.CLOSED:
        raise STAGES.refuse(_("选举大会已经结束，请在大会结束前另行选举。"), "wrong_state")
    label = POST_NAMES.get(post, post)
    try:
        poll = meeting_actions.do_create_poll(
            meeting=source.meeting,
            title=_("%(t)s：%(post)s另行选举") % {"t": stage.election.title, "post": label},
            kind=Poll.Kind.ELECTION,
            seats=seats,
            rules=dict(stage.settings["rules"]),
            candidates=[(c.name, c.person) for c in rest],
            round=Poll.Round.SUPPLEMENTARY,
            acting_user=acting_user,
        )
    except MeetingError as exc:
        raise STAGES.refuse(exc.message, exc.code, exc.status) from None
    stage.meeting = source.meeting
    StagePoll.objects.create(stage=stage, post=post, poll=poll)
    stage.save(update_fields=["meeting"])
    record(actor=acting_user, action=Action.ELECTION_SUPPLEMENTARY, obj=stage, changes={"post": [None, post]})
    return poll
