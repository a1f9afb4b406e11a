"""Elections for the demo street, one in each stage, so a newcomer can see every step.

All are walked through the same actions staff use (``web.elections.actions``,
``web.meetings.actions``), so every rule is checked and the audit log tells the story. The
story happens over the last weeks: each election runs on a demo clock that starts in the past
and moves forward by hand (the way the tests freeze the one clock), never beyond the real
"now"; the audit entries carry those dates. Who does what follows the personas:

- 滨江社区 (``organiser``): open nomination, its election meeting open today, voters checked
  in, phone ballots being cast for the secretary; two unused codes join the demo codes.
- 河滨社区 (``outsider``, staff of that community): open nomination finished, the secretary
  and deputy approved by the street (``street``), results on the public board.
- 水井坊社区 (``street``): open nomination in its public notice, an objection answered.
- 总府路社区 (``street``): open nomination still taking registrations.
- 红砂村 (``secretary``): the villagers' committee election at the proxies stage.
- 锦桂镇 (``district``): seed 001's three-ballot election of the township secretary, from 18
  registrants to the members' meeting where 497 members voted, approved by the district.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from web.common import clock
from web.demo.generator import REFERENCE_DATE
from web.demo.places import TOWNSHIP_CODE
from web.elections import actions, stages
from web.elections.models import Election, Nomination, Stage
from web.meetings import actions as meeting_actions
from web.meetings import results
from web.meetings.actions import hand_out_codes
from web.meetings.ballots import clean_content
from web.meetings.models import Attendee, Meeting, Poll
from web.org.models import Body, Person, Unit

#: fewer full members than this and a community's open-nomination election is left out (only
#: at scales far below the default)
MIN_VOTERS = 8
CONGRESS_VOTERS = 497  # seed 001, part 4: "与会497名党员以无记名方式直接投票"
#: the trust tests of the three-ballot method: the first two are seed 001's own numbers
#: (32 of 33 scores 96.97, 19 of 19 scores 100); the last two fall below the 50 % gate
TRUST = [
    (33, 32),
    (19, 19),
    (41, 35),
    (28, 22),
    (36, 30),
    (24, 20),
    (45, 36),
    (30, 23),
    (22, 17),
    (38, 28),
    (27, 19),
    (31, 21),
    (26, 17),
    (35, 22),
    (29, 12),
    (40, 17),
]
#: the layers: valid forms, then votes for the 14 past the gate, in nomination order
LAYERS = {
    "A": (23, [19, 12, 16, 9, 14, 7, 11, 6, 8, 5, 4, 3, 2, 1]),
    "B": (41, [33, 30, 21, 27, 18, 25, 12, 15, 9, 11, 7, 6, 4, 3]),
    "C": (20, [16, 11, 14, 9, 12, 6, 8, 7, 5, 4, 3, 2, 2, 1]),
    "D": (9, [8, 6, 7, 5, 6, 3, 4, 2, 3, 2, 1, 1, 1, 0]),
}


class _DemoClock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at

    def move(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)
        assert self.at <= timezone.now(), "the demo story must not run into the future"


@contextmanager
def _story(days_ago: float) -> Iterator[_DemoClock]:
    """The one clock, set ``days_ago`` back and moved by hand until the block ends."""
    moment = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=days_ago)
    demo = _DemoClock(moment)
    with clock.told_by(demo.now):
        yield demo


def _stage(election: Election, kind: str) -> Stage:
    return election.stages.get(kind=kind)


def _meeting(stage: Stage) -> Meeting:
    """The meeting ``do_prepare_meeting`` just gave the stage (it always gives one)."""
    assert stage.meeting is not None  # do_prepare_meeting creates or reuses the stage's meeting
    return stage.meeting


def _advance(election: Election, kind: str, user: Any) -> None:
    actions.do_advance_stage(stage=_stage(election, kind), acting_user=user)


def _full_members(body: Body) -> list[Person]:
    return [
        s.person
        for s in body.seats.select_related("person__membership").order_by("person__id_number")
        if getattr(s.person, "membership", None) and s.person.membership.status == "full"
    ]


def _age(person: Person) -> int:
    b = person.birth_date
    return REFERENCE_DATE.year - b.year - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (b.month, b.day))


def _fits(person: Person, key: str) -> bool:
    """The published conditions (procedures.PARTY_CONDITIONS), checked against the roster."""
    membership = person.membership
    if key == "full_member":
        joined = membership.joined_on
        return membership.status == "full" and joined is not None and joined <= REFERENCE_DATE - dt.timedelta(days=365)
    return _age(person) <= 55 if key == "age" else True


def _review(election: Election, user: Any, fail: dict[int, tuple[str, str]]) -> None:
    """Each condition of each nomination; ``fail`` names a finding the roster cannot show."""
    stage = _stage(election, "review")
    for nom in election.nominations.select_related("person__membership"):
        for cond in stage.settings["conditions"]:
            finding = fail.get(nom.person_id)
            passed = _fits(nom.person, cond["key"]) and not (finding and finding[0] == cond["key"])
            reason = (
                ""
                if passed
                else (
                    finding[1]
                    if finding
                    else {"full_member": "预备党员，党龄不足一年", "age": "超过55周岁"}[cond["key"]]
                )
            )
            actions.do_check_condition(
                stage=stage, nomination=nom, condition=cond["key"], passed=passed, reason=reason, acting_user=user
            )


def _check_in(meeting: Meeting, user: Any, *, skip: int = 12, limit: int | None = None) -> list[Attendee]:
    """Check in the voters of an opened meeting, all but every ``skip``-th (or the first ``limit``)."""
    voters = list(meeting.attendees.filter(kind=Attendee.Kind.VOTER).select_related("person").order_by("id"))
    chosen = voters[:limit] if limit is not None else [a for i, a in enumerate(voters) if i % skip != skip - 1]
    for attendee in chosen:
        meeting_actions.do_check_in(attendee=attendee, method="card", acting_user=user)
    return list(meeting.attendees.filter(pk__in=[a.pk for a in chosen]).select_related("person").order_by("id"))


def _officers(meeting: Meeting, present: list[Attendee], user: Any) -> None:
    """Two scrutineers and two tellers from the members present who are not candidates."""
    from web.meetings.errors import MeetingError
    from web.meetings.models import Officer

    roles = [Officer.Role.SCRUTINEER, Officer.Role.SCRUTINEER, Officer.Role.TELLER, Officer.Role.TELLER]
    for attendee in present[-12:]:
        if not roles:
            return
        try:
            meeting_actions.do_appoint_officer(meeting=meeting, person=attendee.person, role=roles[0], acting_user=user)
        except MeetingError:  # a candidate cannot serve
            continue
        roles.pop(0)


def _cast(poll: Poll, voters: list[Attendee], marks_of: Any) -> None:
    """One phone ballot per voter: a code issued, then cast as the phone page would."""
    keys = [c.key for c in poll.candidates.order_by("key")]
    checked: dict[tuple[str, ...], dict[str, Any]] = {}  # each distinct ballot checked once, as the page would
    for i, code in enumerate(hand_out_codes(poll, voters)):
        marks = tuple(marks_of(i, j) for j in range(len(keys)))
        if marks not in checked:
            checked[marks] = clean_content(poll, {f"mark-{k}": m for k, m in zip(keys, marks, strict=True)})
        meeting_actions.cast_ballot(poll_id=poll.pk, code=code, content=checked[marks])


def _vote(poll: Poll, voters: list[Attendee], marks_of: Any, user: Any) -> None:
    meeting_actions.do_open_poll(poll=poll, acting_user=user)
    _cast(poll, voters, marks_of)
    meeting_actions.do_close_poll(poll=poll, acting_user=user)


def _polls(stage: Stage) -> dict[str, Poll]:
    return stages.current_polls(stage)


# ---- template 1: open nomination (三荐一审两会两票决) ------------------------------------------


def _fits_open_nomination(body: Body, until: str) -> bool:
    """Enough full members for the stage: six who meet the conditions (a seventh fails the
    review) and voters for the two votes; a few only while registration runs."""
    people = _full_members(body)
    fit = sum(1 for p in people if 25 <= _age(p) <= 55)
    return fit >= 3 and len(people) >= 6 if until == "nomination" else fit >= 6 and len(people) >= MIN_VOTERS


def _open_nomination(
    body: Body, user: Any, *, until: str, days_ago: float, rng: random.Random, approver: Any = None
) -> tuple[Election, list[str]]:
    """Walk an open-nomination election of ``body`` to ``until``: ``nomination``, ``notice``,
    ``election`` (its meeting open, the secretary's poll half cast) or ``done``."""
    people = _full_members(body)
    fit = [p for p in people if 25 <= _age(p) <= 55]
    rng.shuffle(fit)
    nominees = [*fit[:6], next(p for p in people if p not in fit[:6])]  # the seventh fails the review
    others = [p for p in people if p is not nominees[1]]  # the joint nomination's co-signers
    codes: list[str] = []
    organisation = body.party_org.name if body.party_org else body.unit.name
    with _story(days_ago) as demo:
        election = actions.do_create_election(
            body=body, title=f"{body.unit.name}党组织换届选举（公推直选）", template="open_nomination", acting_user=user
        )
        actions.do_start_election(election=election, acting_user=user)
        stage = _stage(election, "nomination")
        channels = ["self", "joint", "organisation", "self", "self", "organisation", "self"]
        for person, channel in zip(nominees[: 3 if until == "nomination" else 7], channels, strict=False):
            demo.move(hours=5)
            actions.do_nominate(
                stage=stage,
                person=person,
                channel=channel,
                acting_user=user,
                cosigners=others[:5] if channel == "joint" else [],
                organisation=organisation if channel == "organisation" else "",
                statement="热心社区事务，愿意为居民服务。",
            )
        if until == "nomination":
            return election, codes
        demo.move(days=3)
        _advance(election, "nomination", user)
        demo.move(days=1)
        _review(election, user, {nominees[6].pk: ("record", "2024年受党内警告处分，影响期未满")})
        _advance(election, "review", user)
        demo.move(days=1)
        notice = _stage(election, "notice")
        objection = actions.do_file_objection(
            stage=notice,
            raised_by="本社区党员（实名）",
            text="反映该同志不常参加组织生活，请核实。",
            nomination=election.nominations.get(person=nominees[2]),
            acting_user=user,
        )
        demo.move(hours=20)
        actions.do_answer_objection(
            objection=objection, answer="经核实，该同志按时参加组织生活，异议不成立。", upheld=False, acting_user=user
        )
        if until == "notice":
            return election, codes
        demo.move(days=5)
        _advance(election, "notice", user)
        primary = actions.do_prepare_meeting(stage=_stage(election, "primary"), acting_user=user)
        meeting_actions.do_open_meeting(meeting=_meeting(primary), acting_user=user)
        present = _check_in(_meeting(primary), user)
        _vote(stages.current_polls(primary)[""], present, lambda i, j: "for" if (i + j) % 9 else "abstain", user)
        meeting_actions.do_close_meeting(meeting=_meeting(primary), acting_user=user)
        _advance(election, "primary", user)
        el = _stage(election, "election")
        formal = [n.pk for n in election.nominations.filter(formal=True).order_by("-primary_votes", "pk")]
        for post, chosen in (("secretary", formal[:1]), ("deputy", formal[1:2]), ("member", formal[2:6])):
            actions.do_set_post_candidates(stage=el, post=post, nomination_ids=chosen, acting_user=user)
        demo.move(days=6)
        el = actions.do_prepare_meeting(stage=el, acting_user=user)
        meeting_actions.do_open_meeting(meeting=_meeting(el), acting_user=user)
        present = _check_in(_meeting(el), user)
        _officers(_meeting(el), present, user)
        polls = _polls(el)
        secretary = lambda i, j: "against" if i % 12 == 5 else "abstain" if i % 12 == 7 else "for"  # noqa: E731
        if until == "election":  # two thirds have voted; two more codes are handed out
            meeting_actions.do_open_poll(poll=polls["secretary"], acting_user=user)
            _cast(polls["secretary"], present[: len(present) * 2 // 3], secretary)
            codes = hand_out_codes(polls["secretary"], present[len(present) * 2 // 3 :][:2], acting_user=user)
            return election, codes
        _vote(polls["secretary"], present, secretary, user)
        _vote(polls["deputy"], present, lambda i, j: "against" if i % 9 == 4 else "for", user)
        ticks = {0: {1, 2, 3}, 1: {0, 2, 3}, 2: {0, 1, 3}, 3: {0, 1}, 4: {0}}  # 4 for 3 seats: 90/80/70/30 %
        _vote(polls["member"], present, lambda i, j: "for" if j in ticks.get(i % 10, {0, 1, 2}) else "abstain", user)
        meeting_actions.do_close_meeting(meeting=_meeting(el), acting_user=user)
        _advance(election, "election", user)
        demo.move(days=2)
        for poll in polls.values():
            if poll.needs_approval:
                results.do_decide_approval(
                    poll=poll, approve=True, note="经街道党工委研究，同意。", acting_user=approver
                )
        _advance(election, "approval", user)
    return election, codes


# ---- template 3: the villagers' committee ---------------------------------------------------


def _village(body: Body, user: Any, rng: random.Random) -> Election:
    """红砂村's committee election at the proxies stage: register published 22 days ahead of
    the election day with an objection answered, seven registrants, three written proxies."""
    people = [s.person for s in body.seats.select_related("person").order_by("person__id_number")]
    adults = [p for p in people if 25 <= _age(p) <= 60]
    rng.shuffle(adults)
    nominees, rest = adults[:7], [p for p in people if p not in adults[:7]]
    with _story(10) as demo:
        election = actions.do_create_election(
            body=body, title=f"{body.unit.name}第十二届村民委员会选举", template="village", acting_user=user
        )
        day = (timezone.localdate() + dt.timedelta(days=12)).isoformat()
        actions.do_adjust_stage(stage=_stage(election, "register"), settings={"election_day": day}, acting_user=user)
        actions.do_start_election(election=election, acting_user=user)
        register = actions.do_publish_register(stage=_stage(election, "register"), acting_user=user)
        objection = actions.do_file_objection(
            stage=register, raised_by="村民（实名）", text="三组一名外出务工村民未列入选民名单。", acting_user=user
        )
        demo.move(hours=6)
        actions.do_answer_objection(
            objection=objection, answer="经核实，该村民户籍在本村，已补登。", upheld=False, acting_user=user
        )
        demo.move(days=1)
        _advance(election, "register", user)
        stage = _stage(election, "nomination")
        for i, person in enumerate(nominees):
            demo.move(hours=8)
            joint = i in (1, 2)
            actions.do_nominate(
                stage=stage,
                person=person,
                channel="joint" if joint else "self",
                acting_user=user,
                cosigners=rest[i * 10 - 10 : i * 10] if joint else [],
            )
        demo.move(days=4)
        _advance(election, "nomination", user)
        proxies = _stage(election, "proxies")
        holders = [p for p in rest[20:] if 30 <= _age(p) <= 70][:2]
        away = [p for p in rest[20:] if p not in holders][:3]
        for voter, holder in zip(away, [holders[0], holders[0], holders[1]], strict=False):
            demo.move(hours=10)
            actions.do_add_proxy(stage=proxies, voter=voter, holder=holder, acting_user=user)
    return election


# ---- template 2: the three-ballot method (seed 001, part 4) ---------------------------------


def _report_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF 1.4 written by hand (ASCII text in Helvetica; the Chinese title goes in
    the document information as UTF-16), with a correct cross-reference table."""
    text = "\n".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 16 TL 72 760 Td\n{text}\nET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title <FEFF" + title.encode("utf-16-be").hex().upper().encode("ascii") + b"> /Producer (Jiceng demo) >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _three_ballot(body: Body, committee: Body, user: Any, rng: random.Random) -> Election:
    members = _full_members(body)
    seated = set(committee.seats.values_list("person_id", flat=True))
    pool = [p for p in members if 32 <= _age(p) <= 50 and p.pk not in seated]
    rng.shuffle(pool)
    over_age = next(p for p in members if _age(p) > 56 and p.pk not in seated)
    probationary = next(
        s.person
        for s in body.seats.select_related("person__membership").order_by("person__id_number")
        if s.person.membership.status == "probationary"
    )
    registrants = [*pool[:16], over_age, probationary]  # 18 registered (seed 001)
    with _story(75) as demo:
        election = actions.do_create_election(
            body=body, title=f"“三票制”公推直选{body.unit.name}党委书记", template="three_ballot", acting_user=user
        )
        actions.do_adjust_stage(stage=_stage(election, "primary"), settings={"body": committee.pk}, acting_user=user)
        actions.do_start_election(election=election, acting_user=user)
        for person in registrants:
            demo.move(hours=6)
            actions.do_nominate(
                stage=_stage(election, "nomination"),
                person=person,
                channel="self",
                acting_user=user,
                statement="自愿报名参加镇党委书记竞选。",
            )
        demo.move(days=2)
        _advance(election, "nomination", user)
        _review(election, user, {})
        _advance(election, "review", user)
        noms = list(election.nominations.filter(status=Nomination.Status.ELIGIBLE).order_by("pk"))
        trust = _stage(election, "trust")
        for nom, (base, votes) in zip(noms, TRUST, strict=True):
            demo.move(hours=4)
            actions.do_record_trust(stage=trust, nomination=nom, base=base, trust=votes, acting_user=user)
        _advance(election, "trust", user)
        demo.move(days=3)
        passed = [n for n in noms if n.pk in _stage(election, "trust").data["passed"]]
        weighted = _stage(election, "weighted")
        for layer, (layer_base, layer_votes) in LAYERS.items():
            actions.do_record_layer(
                stage=weighted,
                layer=layer,
                base=layer_base,
                votes={n.pk: v for n, v in zip(passed, layer_votes, strict=True)},
                acting_user=user,
            )
        _advance(election, "weighted", user)
        demo.move(days=2)
        research = _stage(election, "research")
        advancing = [n for n in passed if n.pk in _stage(election, "weighted").data["advancing"]]
        for i, nom in enumerate(advancing, 1):
            pdf = _report_pdf(
                f"{nom.person.name}：{body.unit.name}发展调研报告",
                [
                    f"Field research report {i} of {len(advancing)}",
                    f"Township: {TOWNSHIP_CODE}",
                    "Written in the fixed time and place set by the organisation department.",
                    "Jiceng demo data: invented.",
                ],
            )
            actions.do_upload_report(
                stage=research,
                nomination=nom,
                acting_user=user,
                upload=SimpleUploadedFile(f"调研报告-{i}.pdf", pdf, "application/pdf"),
            )
        demo.move(days=2)
        _advance(election, "research", user)

        # the district committee's full session picks 2 of the 5, speeches in drawn order
        primary = actions.do_prepare_meeting(stage=_stage(election, "primary"), acting_user=user)
        poll = stages.current_polls(primary)[""]
        results.do_draw_speaking_order(poll=poll, seed=f"{demo.at:%Y%m%d} 全委会 3-5-1", acting_user=user)
        meeting_actions.do_open_meeting(meeting=_meeting(primary), acting_user=user)
        present = _check_in(_meeting(primary), user, skip=15)
        key = {c.person_id: c.key for c in poll.candidates.all()}
        first, second, third, fourth = (
            key[n.person_id] for n in (advancing[0], advancing[2], advancing[1], advancing[3])
        )
        plan = [{first, second}] * 15 + [{first, third}] * 9 + [{second, fourth}] * 4 + [{third}] * 50
        keys = [c.key for c in poll.candidates.order_by("key")]
        _vote(poll, present, lambda i, j: "for" if keys[j] in plan[i] else "abstain", user)
        meeting_actions.do_close_meeting(meeting=_meeting(primary), acting_user=user)
        _advance(election, "primary", user)

        # the members' meeting: 2 candidates, 497 members vote, one is elected
        demo.move(days=5)
        el = _stage(election, "election")
        formal = list(election.nominations.filter(formal=True).order_by("-primary_votes", "pk"))
        actions.do_set_post_candidates(
            stage=el, post="secretary", nomination_ids=[n.pk for n in formal], acting_user=user
        )
        el = actions.do_prepare_meeting(stage=el, acting_user=user)
        final = _polls(el)["secretary"]
        results.do_draw_speaking_order(poll=final, seed=f"{demo.at:%Y%m%d} 党员大会 7-2", acting_user=user)
        meeting_actions.do_open_meeting(meeting=_meeting(el), acting_user=user)
        present = _check_in(_meeting(el), user, limit=CONGRESS_VOTERS)
        _officers(_meeting(el), present, user)
        winner = {c.person_id: c.key for c in final.candidates.all()}[formal[0].person_id]
        order = [c.key for c in final.candidates.order_by("key")]
        ballots = ["w"] * 311 + ["o"] * 171 + ["x"] * 9 + ["-"] * 6
        random.Random(rng.random()).shuffle(ballots)

        def marks(i: int, j: int) -> str:
            b = ballots[i]
            if b in "wo":
                return "for" if (order[j] == winner) == (b == "w") else "abstain"
            return "against" if b == "x" else "abstain"

        _vote(final, present, marks, user)
        meeting_actions.do_close_meeting(meeting=_meeting(el), acting_user=user)
        _advance(election, "election", user)
        demo.move(days=3)
        results.do_decide_approval(poll=final, approve=True, note="经区委常委会研究，同意。", acting_user=user)
        _advance(election, "approval", user)
    return election


# ---- template 4: a party congress's representatives by open nomination (seed 003) ----------

#: seed 003: 170 representatives; of the final pre-list the margin was 51.6% and nearly 60% of
#: the names came from members' joint or own nominations. Here: 31 seats, 47 names (16/31 =
#: 51.6%), 19 joint + 9 self = 28/47 (59.6%), and three more nominations that fail the review.
DELEGATES = {"seats": 31, "joint": 19, "self": 9, "organisation": 19, "failing": 3}


def _congress_delegates(body: Body, user: Any, rng: random.Random) -> Election:
    """The township's electoral unit nominating its representatives to the district's party
    congress: 50 nominations by every channel, reviewed, the pre-list on public notice now."""
    members = [p for p in _full_members(body) if _fits(p, "full_member")]
    rng.shuffle(members)
    need = sum(v for k, v in DELEGATES.items() if k != "seats")
    shrink = min(1.0, len(members) / (need + 6))  # the small demo keeps the proportions
    counts = {k: max(1, round(v * shrink)) for k, v in DELEGATES.items()}
    channels = [ch for ch in ("joint", "self", "organisation") for _ in range(counts[ch])]
    failing = channels[:: max(1, len(channels) // counts["failing"])][: counts["failing"]]
    channels += failing  # the failing nominations come by the same channels
    nominees, cosigners = members[: len(channels)], members[len(channels) :][:6]
    with _story(8) as demo:
        election = actions.do_create_election(
            body=body,
            title=f"{body.unit.name}选举单位选举出席区党代会代表（公推直选）",
            template="congress_delegates",
            acting_user=user,
        )
        el = _stage(election, "election")
        posts = [{**p, "seats": counts["seats"]} for p in el.settings["posts"]]
        actions.do_adjust_stage(stage=el, settings={**el.settings, "posts": posts}, acting_user=user)
        actions.do_start_election(election=election, acting_user=user)
        stage = _stage(election, "nomination")
        organisation = body.party_org.name if body.party_org else body.unit.name
        for person, channel in zip(nominees, channels, strict=True):
            demo.move(minutes=47)
            actions.do_nominate(
                stage=stage,
                person=person,
                channel=channel,
                acting_user=user,
                cosigners=[c for c in cosigners if c is not person][:5] if channel == "joint" else [],
                organisation=organisation if channel == "organisation" else "",
                statement="立足岗位，联系群众，愿意履行党代表职责。",
            )
        demo.move(days=2)
        _advance(election, "nomination", user)
        demo.move(days=1)
        fail = {p.pk: ("record", "近三年受过党内处分") for p in nominees[len(nominees) - len(failing) :]}
        _review(election, user, fail)
        _advance(election, "review", user)
    return election


# ---- all of them ---------------------------------------------------------------------------


@transaction.atomic
def seed_elections(*, seed: int) -> dict[str, Any]:
    """The demo elections; returns their ids by stage and the unused voting codes."""
    rng = random.Random(seed)
    users = {u.username: u for u in get_user_model().objects.all()}
    communities = list(Unit.objects.filter(kind=Unit.Kind.COMMUNITY).order_by("code"))
    meetings = {b.unit_id: b for b in Body.objects.filter(kind=Body.Kind.MEMBERS_MEETING)}
    made: dict[str, Any] = {"codes": []}
    # (stage, preferred community, who runs it): when the preferred community is too small at
    # this scale, the stage goes to the next free one that fits, run by the street's staff
    plan = [
        ("election", 0, "organiser", 18.5),
        ("done", 1, "outsider", 45),
        ("notice", 2, "street", 9),
        ("nomination", 3, "street", 3),
    ]
    free = list(range(len(communities)))
    for until, preferred, who, days_ago in plan:
        order = [preferred, *[i for i in free if i != preferred]] if preferred in free else free
        index = next((i for i in order if _fits_open_nomination(meetings[communities[i].pk], until)), None)
        if index is None:
            continue
        free.remove(index)
        runner = users[who if index == preferred else "street"]
        election, codes = _open_nomination(
            meetings[communities[index].pk], runner, until=until, days_ago=days_ago, rng=rng, approver=users["street"]
        )
        made[until] = election.pk
        made["codes"] += codes
    village = Unit.objects.filter(kind=Unit.Kind.VILLAGE).exclude(code__startswith=TOWNSHIP_CODE).order_by("code")[0]
    made["proxies"] = _village(
        Body.objects.get(unit=village, kind=Body.Kind.VILLAGERS_MEETING), users["secretary"], rng
    ).pk
    township = Unit.objects.get(code=TOWNSHIP_CODE)
    made["three_ballot"] = _three_ballot(
        Body.objects.get(unit=township, kind=Body.Kind.MEMBERS_MEETING),
        Body.objects.get(unit=township.parent, kind=Body.Kind.FULL_COMMITTEE),
        users["district"],
        rng,
    ).pk
    made["congress_delegates"] = _congress_delegates(
        Body.objects.get(unit=township, kind=Body.Kind.MEMBERS_MEETING), users["district"], rng
    ).pk
    return made
