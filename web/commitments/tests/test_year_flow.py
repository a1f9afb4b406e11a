"""A year of commitments end to end: opinions, adoption by the joint meeting, four quarters of
progress, the year-end review and the satisfaction survey counted by the engine."""

from __future__ import annotations

import json

import pytest

from jiceng.record import record_sha256, tally
from web.audit.models import AuditEntry
from web.commitments.models import CommitmentYear, Opinion, Survey
from web.commitments.tests.helpers import add_item, create_year, messages_of, post_progress, survey_data


@pytest.fixture
def adopted(world, client_for, clock, meeting):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    r = org.post(
        f"/staff/commitments/years/{year.pk}/opinions/new",
        {"grid": world.grid_a1.pk, "category": "hot_issue", "text": "村口道路坑洼，雨天积水"},
    )
    assert r.status_code == 302
    r = org.post(
        f"/staff/commitments/years/{year.pk}/opinions/new",
        {"group_name": "第三村民小组", "category": "member", "member": world.person_a.pk, "text": "希望多到组里走访"},
    )
    assert r.status_code == 302
    road = add_item(org, year, item="硬化村口道路 800 米", owner=world.person_a2, deadline="2026-12-20")
    r = org.post(
        f"/staff/commitments/years/{year.pk}/adopt", {"meeting": meeting.pk, "note": "到会人数符合规定"}, follow=True
    )
    assert "本年度承诺已通过，在公开栏公布。" in messages_of(r)
    return org, year, road


def test_opinions_are_sorted_by_category_and_an_opinion_on_a_member_names_them(adopted, world):
    org, year, _road = adopted
    assert list(year.opinions.values_list("category", flat=True)) == ["hot_issue", "member"]
    member_opinion = year.opinions.get(category=Opinion.Category.MEMBER)
    assert member_opinion.member == world.person_a and member_opinion.group_label == "第三村民小组"
    page = org.get(f"/staff/commitments/years/{year.pk}/").content.decode()
    assert "村口道路坑洼" in page and "和平社区第一网格" in page


def test_adopting_is_audited_with_its_meeting_and_closes_the_list(adopted, meeting):
    org, year, _road = adopted
    year.refresh_from_db()
    assert year.state == CommitmentYear.State.ADOPTED and year.adopted_meeting == meeting
    entry = AuditEntry.objects.get(action="commitments.adopt")
    assert entry.changes["meeting"] == [None, meeting.pk] and entry.reason == "到会人数符合规定"
    r = org.post(
        f"/staff/commitments/years/{year.pk}/items/new",
        {
            "item": "新增",
            "owner": year.commitments.first().owner_id,
            "deadline": "2026-10-01",
            "budget": "1",
            "category": "other",
        },
    )
    assert r.status_code == 422 and "承诺已经通过，不能再增加事项。" in r.content.decode()


def _four_quarters(org, clock, road):
    for day, quarter, percent in [
        ("2026-03-28", 1, 25),
        ("2026-06-27", 2, 50),
        ("2026-09-26", 3, 80),
        ("2026-12-15", 4, 100),
    ]:
        clock.set(day)
        r = post_progress(org, road, quarter, percent, f"第{quarter}季度完成 {percent}%")
        assert r.status_code == 302, r.content.decode()[:2000]


def _review(org, clock, year, meeting):
    clock.set("2026-12-28")
    r = org.post(
        f"/staff/commitments/years/{year.pk}/review", {"meeting": meeting.pk, "note": "全部事项已兑现"}, follow=True
    )
    assert "年终评议已记录，可以录入满意度测评。" in messages_of(r)


def test_a_commitment_through_four_quarters_to_a_survey_above_60_percent(adopted, world, clock, meeting, client_for):
    org, year, road = adopted
    _four_quarters(org, clock, road)
    road.refresh_from_db()
    assert road.done_on.isoformat() == "2026-12-15" and road.state_on(road.deadline) == "done"
    assert list(road.progress.values_list("quarter", "percent")) == [(1, 25), (2, 50), (3, 80), (4, 100)]
    assert AuditEntry.objects.filter(action="commitments.post_progress", object_id=str(road.pk)).count() == 4
    _review(org, clock, year, meeting)

    # 40 forms, 2 blank, 1 spoiled: 37 valid. Committees 20+5 = 25 (67.57%); the secretary 15+6 = 21 (56.76%)
    data = survey_data(
        returned=40,
        blank=2,
        spoiled=1,
        committees=(20, 5, 12),
        cadres=[(world.person_a, "secretary", (15, 6, 16)), (world.person_a2, "director", (22, 8, 7))],
    )
    r = org.post(f"/staff/commitments/years/{year.pk}/survey", data, follow=True)
    assert "满意度测评已由计票引擎计算并保存。" in messages_of(r)
    survey = Survey.objects.get(year=year)
    assert survey.result["forms"] == {"returned": 40, "valid": 37, "blank": 2, "spoiled": 1}
    assert survey.result["flagged"] == [{"subject": f"p{world.person_a.pk}", "flag": "satisfaction_below_60"}]
    assert not survey.committees_below_60
    page = r.content.decode()
    assert "67.57%" in page and "56.76%" in page and survey.record_sha256 in page
    assert "不参加下一年度评先评优" not in page

    # the record downloads from the staff page and recomputes to the same result
    download = org.get(f"/staff/commitments/years/{year.pk}/survey/record.json")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    record = json.loads(download.content)
    assert record_sha256(record) == survey.record_sha256
    assert tally(record) == survey.result


def test_a_committees_rate_under_60_percent_flags_the_secretary_and_the_director(adopted, world, clock, meeting):
    org, year, road = adopted
    _four_quarters(org, clock, road)
    _review(org, clock, year, meeting)
    # 35 valid: committees 15+5 = 20, 5*20 = 100 < 3*35 = 105 → under 60%
    data = survey_data(
        returned=35,
        blank=0,
        spoiled=0,
        committees=(15, 5, 15),
        cadres=[(world.person_a, "secretary", (20, 5, 10)), (world.person_a2, "director", (18, 4, 13))],
    )
    r = org.post(f"/staff/commitments/years/{year.pk}/survey", data, follow=True)
    survey = Survey.objects.get(year=year)
    assert survey.committees_below_60
    page = r.content.decode()
    assert "57.14%" in page
    assert "党组织书记、村（居）委会主任不参加下一年度评先评优" in page
    assert "王芳" in page and "李强" in page
    assert "这是提请组织研究的提示，不是自动作出的处分决定。" in page
    entry = AuditEntry.objects.get(action="commitments.enter_survey")
    assert entry.changes["record_sha256"] == [None, survey.record_sha256]


def test_exactly_60_percent_is_not_flagged(adopted, world, clock, meeting):
    org, year, road = adopted
    _four_quarters(org, clock, road)
    _review(org, clock, year, meeting)
    data = survey_data(returned=35, blank=0, spoiled=0, committees=(16, 5, 14), cadres=[])
    org.post(f"/staff/commitments/years/{year.pk}/survey", data)
    survey = Survey.objects.get(year=year)
    assert survey.result["subjects"][0]["summary"][0]["rate"] == {"fraction": "3/5", "percent": "60.00"}
    assert not survey.committees_below_60 and survey.result["flagged"] == []


def test_the_survey_waits_for_the_review_and_is_entered_once(adopted, world, clock, meeting):
    org, year, road = adopted
    data = survey_data(returned=10, blank=0, spoiled=0, committees=(8, 1, 1), cadres=[])
    r = org.post(f"/staff/commitments/years/{year.pk}/survey", data)
    assert r.status_code == 422 and "年终评议之后才能录入满意度测评。" in r.content.decode()
    _four_quarters(org, clock, road)
    _review(org, clock, year, meeting)
    assert org.post(f"/staff/commitments/years/{year.pk}/survey", data).status_code == 302
    r = org.post(f"/staff/commitments/years/{year.pk}/survey", data)
    assert r.status_code == 422 and "本年度的满意度测评已经录入。" in r.content.decode()
    assert Survey.objects.count() == 1
