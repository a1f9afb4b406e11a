"""Publishing a quarter, recounting it from its record, an objection upheld (a reversing entry
and a new revision), and the pages a representative, liaison staff and the public read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jiceng.record import record_sha256, tally
from web.points.actions import do_record_entry
from web.points.errors import PointsError
from web.points.publishing import do_answer_objection, do_object_to_entry, do_publish_points
from web.points.testing import solved_case


def _visit(pw, day):
    return do_record_entry(
        seat=pw.seat, project=pw.project("visit"), difficulty="harder", evidence="staff", happened_on=day,
        reason="社区书记证明走访", acting_user=pw.district_staff,
    )  # fmt: skip


def test_a_quarter_is_published_once_it_is_over_and_recounts(pw, clock):
    entry = _visit(pw, dt.date(2026, 5, 2))
    with pytest.raises(PointsError, match="还没有结束"):
        do_publish_points(congress=pw.congress, year=2026, quarter=2, acting_user=pw.district_staff)
    clock.set("2026-07-02")
    with pytest.raises(PointsError, match="请先公布第 1 季度"):
        do_publish_points(congress=pw.congress, year=2026, quarter=2, acting_user=pw.district_staff)
    do_publish_points(congress=pw.congress, year=2026, quarter=1, acting_user=pw.district_staff)
    q2 = do_publish_points(congress=pw.congress, year=2026, quarter=2, acting_user=pw.district_staff)
    assert tally(q2.record) == q2.result and record_sha256(q2.record) == q2.record_sha256
    row = next(r for r in q2.result["representatives"] if r["name"] == "王芳")
    assert row["quarter"] == {"required": 0, "optional": 2, "self": 0, "total": 2}
    assert q2.result["status"] == "published"
    with pytest.raises(PointsError, match="已经公布"):
        _visit(pw, dt.date(2026, 5, 3))
    with pytest.raises(PointsError, match="只有党代会所在单位"):
        do_publish_points(congress=pw.congress, year=2026, quarter=3, acting_user=pw.org.street_staff)
    assert entry.quarter == 2


def test_an_upheld_objection_reverses_and_publishes_again(pw, clock):
    entry = _visit(pw, dt.date(2026, 1, 20))
    clock.set("2026-04-02")
    do_publish_points(congress=pw.congress, year=2026, quarter=1, acting_user=pw.district_staff)
    with pytest.raises(PointsError):
        do_object_to_entry(entry=entry, text="应为难", acting_user=pw.rep_b_user)
    objection = do_object_to_entry(entry=entry, text="走访了二十户，应按“难”", acting_user=pw.rep_user)
    do_answer_objection(
        objection=objection, upheld=True, answer="核实为二十户", difficulty="hard", acting_user=pw.org.street_staff
    )
    pubs = list(pw.congress.points_publications.order_by("revision"))
    assert [p.revision for p in pubs] == [1, 2]
    row = next(r for r in pubs[1].result["representatives"] if r["name"] == "王芳")
    assert row["quarter"]["optional"] == 3 and pubs[1].result["status"] == "published"


def test_the_pages(pw, clock, client_for):
    case = solved_case(pw, pw.rep_user)
    rep = client_for(pw.rep_user)
    page = rep.get(reverse("points:seat", args=[pw.seat.pk]))
    assert page.status_code == 200 and f"编号 {case.pk}" in page.content.decode()
    done = rep.post(
        reverse("points:record", args=[pw.seat.pk]),
        {"evidence": "case", "case": case.pk, "project": pw.project("request").pk, "difficulty": "general"},
    )
    assert done.status_code == 302
    page = rep.get(reverse("points:seat", args=[pw.seat.pk])).content.decode()
    assert "解决一个诉求" in page and f"诉求编号 {case.pk}" in page
    refused = rep.post(reverse("points:record", args=[pw.seat.pk]), {"evidence": "", "project": pw.project("talk").pk})
    assert refused.status_code == 302
    assert client_for(pw.rep_b_user).get(reverse("points:seat", args=[pw.seat.pk])).status_code == 404
    home = rep.get(reverse("org:home")).content.decode()
    assert "我的履职积分" in home and "作一次宣讲" in home
    clock.set("2026-07-02")
    for q in (1, 2):
        do_publish_points(congress=pw.congress, year=2026, quarter=q, acting_user=pw.district_staff)
    board = client_for(None).get(reverse("points_board:index") + "?q=王")
    text = board.content.decode()
    assert board.status_code == 200 and "王芳" in text and "张伟" not in text


def test_liaison_staff_publish_a_new_version_from_the_standard_page(pw, client_for):
    url = reverse("points:standard", args=[pw.congress.pk])
    assert client_for(pw.org.street_staff).get(url).status_code == 404  # the district's, not a street's
    staff = client_for(pw.district_staff)
    assert "作一次宣讲" in staff.get(url).content.decode()
    form = {f"{p.code}-{k}": "" if v is None else str(v) for p in pw.standard.projects.all()
            for k, v in (("general", p.points_general), ("harder", p.points_harder), ("hard", p.points_hard),
                         ("cap_quarter", p.cap_quarter), ("cap_year", p.cap_year))}  # fmt: skip
    refused = staff.post(url, {**form, "changes": ""})
    assert refused.status_code == 200 and pw.congress.points_standards.count() == 1
    staff.post(url, {**form, "talk-cap_year": "12", "changes": "宣讲每年上限改为12分"})
    v2 = pw.congress.points_standards.get(version=2)
    assert v2.projects.get(code="talk").cap_year == 12 and v2.changes == "宣讲每年上限改为12分"
    assert pw.standard.projects.get(code="talk").cap_year == 10  # version 1 is unchanged


def test_a_new_version_renames_drops_and_adds_optional_projects(pw, client_for):
    url = reverse("points:standard", args=[pw.congress.pk])
    staff = client_for(pw.district_staff)
    form = {f"{p.code}-{k}": "" if v is None else str(v) for p in pw.standard.projects.all()
            for k, v in (("general", p.points_general), ("harder", p.points_harder), ("hard", p.points_hard),
                         ("cap_quarter", p.cap_quarter), ("cap_year", p.cap_year))}  # fmt: skip
    new = {"new-name": "结对帮扶困难家庭", "new-general": "2", "new-cap_year": "8"}
    no_evidence = staff.post(url, {**form, **new, "changes": "新增结对帮扶"})
    assert "项目“结对帮扶困难家庭”要写明认可哪些凭据。" in no_evidence.content.decode()
    assert 'value="结对帮扶困难家庭"' in no_evidence.content.decode()  # what was typed is kept
    assert pw.congress.points_standards.count() == 1
    staff.post(
        url,
        {**form, **new, "new-evidence": ["volunteer", "staff", "reversal"], "visit-name": "入户走访",
         "meeting-drop": "1", "talk-drop": "1", "changes": "新增结对帮扶；走访改名；不再单列参加会议"},
    )  # fmt: skip
    v2 = pw.congress.points_standards.get(version=2)
    codes = list(v2.projects.order_by("position").values_list("code", flat=True))
    assert "meeting" not in codes and "talk" in codes and codes[-1] == "optional1"  # only optional ones drop
    added = v2.projects.get(code="optional1")
    assert (added.name, added.type, added.evidence, added.points_general, added.cap_year) == (
        "结对帮扶困难家庭", "optional", ["volunteer", "staff"], 2, 8,
    )  # fmt: skip
    assert v2.projects.get(code="visit").name == "入户走访"
    assert pw.standard.projects.get(code="visit").name == "走访群众（百名代表走千家）"  # version 1 kept
