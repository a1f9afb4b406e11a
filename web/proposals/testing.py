"""A small congress with a proposal season on top of ``web.org.testing``'s street, for tests.

The district's party congress (``congress``) seats five representatives: 王芳 (``delegate1``, who
lives in community A), 李强 (``delegate2``, community A), 张伟 (``delegate3``, community B), 赵敏 (``delegate4``)
and 孙丽 (``delegate5``), both of community B; each signs in with the representative's role. The
district's organisation staff (``district_staff``) are the liaison office; the street's
(``street_staff``, from the world) manage the proposals of the street's delegation. Two district
departments answer proposals: the education bureau (desk ``edu_handler``) and the transport
bureau (``traffic_handler``). The season (this year's) is open: started ten days ago, filing
until twenty days from now, two seconds needed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from web.cases.models import Desk, Office
from web.common import clock
from web.org.idnumbers import check_digit
from web.org.models import Body, BodySeat, PartyMembership, Person, Role
from web.org.testing import PASSWORD, World
from web.proposals import actions
from web.proposals.models import Proposal, Season

THEMES = ["基层党建", "城市管理", "教育卫生"]
TEXTS = {
    "parking": (
        "关于缓解老旧小区停车难的建议",
        "老旧小区建成时没有规划停车位，夜间车辆占用消防通道，居民矛盾多。",
        "建议统筹周边学校和机关的停车场夜间错时开放，并在小区改造中增设停车位。",
    ),
    "school": (
        "关于增加社区托育服务的建议",
        "双职工家庭三岁以下幼儿无人照看，社区缺少普惠托育点。",
        "建议利用社区党群服务中心闲置用房开设普惠托育点，由区教育局统筹。",
    ),
}


@dataclass
class ProposalWorld:
    org: World
    congress: Body
    season: Season
    district_staff: Any
    reps: list[Any]
    seats: list[BodySeat]
    education: Office
    transport: Office
    edu_handler: Any
    traffic_handler: Any

    def theme(self, name: str = "城市管理") -> Any:
        return self.season.themes.get(name=name)


def _person(n: int, name: str, unit: Any) -> Person:
    first17 = f"51010419700101{n:03d}"
    return Person.objects.create(
        name=name,
        id_number=first17 + check_digit(first17),
        gender="F",
        birth_date=dt.date(1970, 1, 1),
        unit=unit,
        unit_path=unit.path,
        phone=f"139000000{n:02d}",
    )


def _user(username: str, **extra: Any) -> Any:
    return get_user_model().objects.create_user(username=username, password=PASSWORD, display_name=username, **extra)


def make_proposal_world(world: World, *, min_supporters: int = 2) -> ProposalWorld:
    """The proposals' world; on a world that has a congress already (``web.reps.testing``'s, or a
    studio's), its body, its liaison staff and its representatives' accounts are taken as they are."""
    congress = Body.objects.filter(kind=Body.Kind.CONGRESS, unit=world.district).order_by("id").first()
    if congress is None:
        congress = Body.objects.create(name="锦江区党代会", kind=Body.Kind.CONGRESS, unit=world.district)
    district_staff = get_user_model().objects.filter(username="district_staff").first()
    if district_staff is None:
        district_staff = _user("district_staff")
        Role.objects.create(user=district_staff, unit=world.district, kind=Role.Kind.ORG_STAFF)
    people = [
        world.person_a,
        world.person_a2,
        world.person_b,
        _person(41, "赵敏", world.grid_b1),
        _person(42, "孙丽", world.grid_b1),
    ]
    # representatives of a party congress are full party members (they vote there)
    PartyMembership.objects.filter(person=world.person_b).update(status="full")
    for person, org in ((people[1], world.branch_a), (people[3], world.branch_b), (people[4], world.branch_b)):
        PartyMembership.objects.get_or_create(person=person, defaults={"org": org, "status": "full"})
    reps, seats = [], []
    for i, person in enumerate(people, start=1):
        seat, _new = BodySeat.objects.get_or_create(
            body=congress, person=person, defaults={"post": BodySeat.Post.REPRESENTATIVE}
        )
        seats.append(seat)
        # a user already linked to the person (the tests' representative persona) is that representative
        user = get_user_model().objects.filter(person=person).first() or _user(f"delegate{i}", person=person)
        Role.objects.get_or_create(user=user, unit=world.district, body=congress, kind=Role.Kind.REPRESENTATIVE)
        reps.append(user)
    education = Office.objects.create(
        code="O-D1-EDU", name="锦江区教育局", level=Office.Level.DISTRICT, unit=world.district, duty="education"
    )
    transport = Office.objects.create(
        code="O-D1-TRA", name="锦江区交通运输局", level=Office.Level.DISTRICT, unit=world.district, duty="transport"
    )
    edu_handler, traffic_handler = _user("edu_handler"), _user("traffic_handler")
    Desk.objects.create(office=education, user=edu_handler)
    Desk.objects.create(office=transport, user=traffic_handler)
    today = timezone.localdate(clock.now())
    season = actions.do_open_season(
        body=congress,
        year=today.year,
        title=f"{today.year} 年度党代表提案专题调研",
        themes=THEMES,
        opens_on=today - dt.timedelta(days=10),
        files_by=today + dt.timedelta(days=20),
        min_supporters=min_supporters,
        answer_within=20,
        rate_within=10,
        acting_user=district_staff,
    )
    actions.do_form_delegations(body=congress, acting_user=district_staff)
    return ProposalWorld(
        org=world,
        congress=congress,
        season=season,
        district_staff=district_staff,
        reps=reps,
        seats=seats,
        education=education,
        transport=transport,
        edu_handler=edu_handler,
        traffic_handler=traffic_handler,
    )


def file(pw: ProposalWorld, text: str = "parking", *, by: int = 0, cosigners: tuple[int, ...] = (1, 2)) -> Proposal:
    title, situation, request = TEXTS[text]
    return actions.do_file_proposal(
        season=pw.season,
        theme=pw.theme(),
        title=title,
        situation=situation,
        request=request,
        cosigners=[pw.seats[i] for i in cosigners],
        acting_user=pw.reps[by],
    )


def seconded(pw: ProposalWorld, text: str = "parking") -> Proposal:
    p = file(pw, text)
    for i in (1, 2):
        actions.do_second_proposal(proposal=p, acting_user=pw.reps[i])
    return p


def submitted(pw: ProposalWorld, text: str = "parking") -> Proposal:
    return actions.do_submit_proposal(proposal=seconded(pw, text), acting_user=pw.reps[0])


def accepted(pw: ProposalWorld, text: str = "parking") -> Proposal:
    p = submitted(pw, text)
    return actions.do_review_proposal(proposal=p, accept=True, reason="符合立案条件", acting_user=pw.district_staff)


def discussed(pw: ProposalWorld, text: str = "parking") -> Proposal:
    p = accepted(pw, text)
    delegation = pw.congress.delegations.order_by("id").first()
    assert delegation is not None
    actions.do_record_discussion(
        proposal=p,
        delegation=delegation,
        held_on=timezone.localdate(clock.now()),
        summary="代表们赞成，建议先试点",
        acting_user=pw.district_staff,
    )
    return p


def voted(pw: ProposalWorld, text: str = "parking", *, yes: int = 5, no: int = 0) -> Proposal:
    """Put to the congress, every representative checked in, ``yes`` and ``no`` votes cast by
    phone, the poll closed and the result read."""
    from web.meetings import actions as m
    from web.meetings import ballots

    p = discussed(pw, text)
    staff = pw.district_staff
    meeting = actions.do_put_to_vote(season=pw.season, proposals=[p], starts_at=clock.now(), acting_user=staff)
    m.do_open_meeting(meeting=meeting, acting_user=staff)
    for a in meeting.attendees.filter(kind="voter").order_by("id"):
        m.do_check_in(attendee=a, method="search", acting_user=staff)
    voters = list(meeting.attendees.filter(kind="voter").order_by("id"))
    p.refresh_from_db()
    assert p.poll is not None
    poll = m.do_open_poll(poll=p.poll, acting_user=staff)
    marks = [{"vote": "yes"}] * yes + [{"vote": "no"}] * no
    codes = m.hand_out_codes(poll, voters[: len(marks)], acting_user=staff)
    for code, data in zip(codes, marks, strict=False):
        m.cast_ballot(poll_id=poll.pk, code=code, content=ballots.clean_content(poll, data))
    m.do_close_poll(poll=poll, acting_user=staff)
    return actions.do_conclude_vote(proposal=p, acting_user=staff)


def assigned(pw: ProposalWorld, text: str = "parking") -> Proposal:
    p = voted(pw, text)
    return actions.do_assign_proposal(
        proposal=p, office=pw.transport, assisting=[pw.education], acting_user=pw.district_staff
    )


def answered(pw: ProposalWorld, text: str = "parking") -> Proposal:
    p = assigned(pw, text)
    actions.do_answer_proposal(proposal=p, text="已协调三所学校夜间开放停车场。", acting_user=pw.traffic_handler)
    p.refresh_from_db()
    return p
