"""Template 2, the three-ballot method for a township secretary (DOMAIN.md §4.2, §5.5): trust
test per candidate's own unit, structured recommendation in weighted layers A–D counted by
the engine, field-research reports, the full committee picking 2, the members' direct vote."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from web.common.testing import tiny_docx, tiny_pdf
from web.elections.models import Election, ResearchReport
from web.elections.stages import current_polls
from web.elections.tests.helpers import (
    adjust,
    advance,
    create,
    members,
    messages_of,
    open_and_check_in,
    page,
    stage,
    step,
    vote,
)
from web.org.models import Body, BodySeat

PDF = tiny_pdf()


@pytest.fixture
def township(world, client_for, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people = [world.person_a, *members(world, 11)]
    committee = Body.objects.create(
        name="镇党委全委会", kind="full_committee", unit=world.community_a, party_org=world.branch_a
    )
    for p in members(world, 7, start=20):
        BodySeat.objects.create(body=committee, person=p)
    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "three_ballot", title="三票制公推直选镇党委书记")
    adjust(org, election, "primary", body=str(committee.pk))
    assert stage(election, "primary").settings["body"] == committee.pk
    org.post(f"/staff/elections/{election.pk}/start")
    return org, election, people, committee


def _registered_and_reviewed(org, election, people):
    for p in people[:7]:
        step(org, election, "nomination", "nominate", {"id_number": p.id_number, "channel": "self"})
    advance(org, election, "nomination")
    for nom in election.nominations.all():
        for key in ("full_member", "age", "record"):
            step(org, election, "review", "check", {"nomination": nom.pk, "condition": key, "passed": "yes"})
    advance(org, election, "review")


TRUST = [(33, 32), (19, 19), (40, 30), (25, 20), (30, 24), (28, 21), (25, 10)]  # the last fails the gate
LAYERS = {
    "A": (20, [18, 15, 12, 10, 8, 6, 19]),
    "B": (40, [30, 28, 20, 18, 10, 5, 39]),
    "C": (50, [40, 35, 30, 20, 15, 10, 49]),
    "D": (9, [8, 7, 6, 5, 4, 3, 9]),
}


def test_template_two_from_registration_to_the_approved_secretary(world, client_for, township):
    org, election, people, committee = township
    anon = client_for(None)
    _registered_and_reviewed(org, election, people)
    noms = list(election.nominations.order_by("pk"))

    r = step(org, election, "trust", "trust", {"nomination": noms[0].pk, "base": "33", "trust": "34"})
    assert "参评人数至少为 1，信任票不能多于参评人数。" in messages_of(r)
    for nom, (base, trust) in zip(noms, TRUST, strict=True):
        step(org, election, "trust", "trust", {"nomination": nom.pk, "base": base, "trust": trust})
    advance(org, election, "trust")
    assert stage(election, "trust").data["passed"] == [n.pk for n in noms[:6]]

    assert any("尚未录入以下层面" in b for b in page(org, election).context["blockers"])
    r = step(org, election, "weighted", "layer", {"layer": "A", "base": 20, f"votes{noms[6].pk}": 19})
    assert "只能为通过信任度测评的人选录入推荐票。" in messages_of(r)
    for layer, (base, votes) in LAYERS.items():
        data = {"layer": layer, "base": base} | {f"votes{n.pk}": v for n, v in zip(noms[:6], votes, strict=False)}
        step(org, election, "weighted", "layer", data)
    r = page(org, election)
    assert r.context["blockers"] == []
    result = r.context["weighted"]
    assert result["kind"] == "weighted" and len(result["advancing"]) == 5
    assert any(w["code"] == "incomparable_bases" for w in result["warnings"])  # 32 of 33 against 19 of 19
    assert str(noms[6].pk) not in result["ranking"]  # below the trust gate
    assert [c["passes_gate"] for c in result["candidates"]] == [True] * 6 + [False]
    advance(org, election, "weighted")
    advancing = [n for n in noms if n.pk in stage(election, "weighted").data["advancing"]]
    assert advancing == noms[:5]

    r = step(
        org,
        election,
        "research",
        "report",
        {"nomination": advancing[0].pk, "file": SimpleUploadedFile("plan.txt", b"plain text")},
    )
    assert "调研报告只接受 PDF 或 DOCX 文件。" in messages_of(r)
    r = step(
        org,
        election,
        "research",
        "report",
        {"nomination": advancing[0].pk, "file": SimpleUploadedFile("plan.pdf", b"MZ not a pdf")},
    )
    assert "文件“plan.pdf”无法作为 PDF 打开：文件已损坏，或并不是 PDF 文件。" in messages_of(r)
    r = step(
        org, election, "research", "report", {"nomination": noms[6].pk, "file": SimpleUploadedFile("plan.pdf", PDF)}
    )
    assert "此人不在本阶段的人选中。" in messages_of(r)
    for nom in advancing[:4]:
        step(
            org, election, "research", "report", {"nomination": nom.pk, "file": SimpleUploadedFile("调研报告.pdf", PDF)}
        )
    assert any(
        "尚未上传调研报告" in m and advancing[4].person.name in m
        for m in messages_of(advance(org, election, "research"))
    )
    step(
        org,
        election,
        "research",
        "report",
        {"nomination": advancing[4].pk, "file": SimpleUploadedFile("report.docx", tiny_docx())},
    )
    advance(org, election, "research")
    assert ResearchReport.objects.count() == 5
    download = org.get(f"/staff/elections/{election.pk}/reports/{advancing[0].pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    report_url = f"/staff/elections/{election.pk}/reports/{advancing[0].pk}"
    assert client_for(world.outsider).get(report_url).status_code == 404

    # the full committee picks 2 of the 5
    step(org, election, "primary", "meeting")
    s = stage(election, "primary")
    assert s.meeting.body == committee
    poll = current_polls(s)[""]
    open_and_check_in(org, s.meeting)
    a, b = advancing[0].person.name, advancing[1].person.name
    vote(org, anon, poll, [{a: "for", b: "for"}] * 6 + [{a: "for"}])
    advance(org, election, "primary")
    formal = list(election.nominations.filter(formal=True).order_by("-primary_votes"))
    assert [n.person.name for n in formal] == [a, b]

    # members' direct election: 2 candidates for 1 seat
    step(org, election, "election", "candidates", {"post": "secretary", "nomination": [n.pk for n in formal]})
    step(org, election, "election", "meeting")
    el = stage(election, "election")
    final = current_polls(el)["secretary"]
    assert el.meeting.body == world.body_a and final.needs_approval
    open_and_check_in(org, el.meeting)
    vote(org, anon, final, [{a: "for"}] * 12 + [{b: "for"}] * 7)  # 19 members: 12 + the 7 of the committee
    advance(org, election, "election")
    assert any("待上级批准" in m for m in messages_of(advance(org, election, "approval")))
    client_for(world.street_staff).post(f"/staff/polls/{final.pk}/approval", {"decision": "approve"})
    advance(org, election, "approval")
    election.refresh_from_db()
    final.refresh_from_db()
    assert election.state == Election.State.DONE and final.published_at is not None
    assert final.result["elected"] and stage(election, "election").data["elected"] == {"secretary": [a]}


def test_a_committee_of_another_unit_cannot_be_named(world, client_for, township):
    org, election, people, _committee = township
    other = Body.objects.create(name="红星社区党员大会", kind="members_meeting", unit=world.community_b)
    s = stage(election, "primary")
    s.settings = {**s.settings, "body": other.pk}  # as if adjusted before the start
    s.save()
    _registered_and_reviewed(org, election, people)
    noms = list(election.nominations.order_by("pk"))
    for nom, (base, trust) in zip(noms, TRUST, strict=True):
        step(org, election, "trust", "trust", {"nomination": nom.pk, "base": base, "trust": trust})
    advance(org, election, "trust")
    for layer, (base, votes) in LAYERS.items():
        step(
            org,
            election,
            "weighted",
            "layer",
            {"layer": layer, "base": base} | {f"votes{n.pk}": v for n, v in zip(noms[:6], votes, strict=False)},
        )
    advance(org, election, "weighted")
    for nom in noms[:5]:
        step(org, election, "research", "report", {"nomination": nom.pk, "file": SimpleUploadedFile("r.pdf", PDF)})
    advance(org, election, "research")
    r = step(org, election, "primary", "meeting")
    assert "设置中的机构不存在或不属于本选举的单位。" in messages_of(r)
    assert not other.meetings.exists()


def test_a_report_larger_than_the_limit_is_refused(world, township):
    org, election, people, _committee = township
    s = stage(election, "research")
    s.settings = {"max_mb": 1}
    s.save()
    _registered_and_reviewed(org, election, people)
    noms = list(election.nominations.order_by("pk"))
    for nom, (base, trust) in zip(noms, TRUST, strict=True):
        step(org, election, "trust", "trust", {"nomination": nom.pk, "base": base, "trust": trust})
    advance(org, election, "trust")
    for layer, (base, votes) in LAYERS.items():
        step(
            org,
            election,
            "weighted",
            "layer",
            {"layer": layer, "base": base} | {f"votes{n.pk}": v for n, v in zip(noms[:6], votes, strict=False)},
        )
    advance(org, election, "weighted")
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    r = step(org, election, "research", "report", {"nomination": noms[0].pk, "file": big})
    assert "文件超过 1 MB。" in messages_of(r)
    assert not ResearchReport.objects.exists()
