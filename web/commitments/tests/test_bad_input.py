"""Bad input gets a clear message and writes nothing."""

from __future__ import annotations

import pytest

from web.audit.models import AuditEntry
from web.commitments.models import Commitment, Progress
from web.commitments.tests.helpers import add_item, create_year, post_progress


@pytest.fixture
def adopted(world, client_for, clock, meeting):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    road = add_item(org, year, item="硬化村口道路", owner=world.person_a2, deadline="2026-09-30")
    org.post(f"/staff/commitments/years/{year.pk}/adopt", {"meeting": meeting.pk})
    clock.set("2026-04-20")
    return org, year, road


def _nothing_written(before: int) -> None:
    assert AuditEntry.objects.count() == before


def test_a_percent_of_120_is_refused(adopted):
    org, _year, road = adopted
    before = AuditEntry.objects.count()
    r = post_progress(org, road, 1, 120)
    assert r.status_code == 422 and "完成比例应在 0 到 100 之间。" in r.content.decode()
    assert not Progress.objects.exists()
    _nothing_written(before)


def test_a_negative_budget_is_refused(world, client_for, clock):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    before = AuditEntry.objects.count()
    r = org.post(
        f"/staff/commitments/years/{year.pk}/items/new",
        {
            "item": "修建文化广场",
            "owner": world.person_a2.pk,
            "deadline": "2026-10-01",
            "budget": "-5000",
            "category": "welfare",
        },
    )
    assert r.status_code == 422 and "计划投入不能为负数。" in r.content.decode()
    assert not Commitment.objects.exists()
    _nothing_written(before)


def test_a_quarter_posted_twice_is_refused(adopted):
    org, _year, road = adopted
    assert post_progress(org, road, 1, 30).status_code == 302
    before = AuditEntry.objects.count()
    r = post_progress(org, road, 1, 40, "再报一次")
    assert r.status_code == 422 and "第 1 季度的进展已经报送过，每个季度只报送一次。" in r.content.decode()
    assert list(Progress.objects.values_list("percent", flat=True)) == [30]
    _nothing_written(before)


def test_a_future_quarter_and_a_bad_date_are_refused(adopted, world):
    org, year, road = adopted
    before = AuditEntry.objects.count()
    r = post_progress(org, road, 3, 10)
    assert r.status_code == 422 and "第 3 季度还没有开始，不能提前报送。" in r.content.decode()
    r = org.post(
        f"/staff/commitments/years/{year.pk}/items/new",
        {"item": "x", "owner": world.person_a2.pk, "deadline": "明年", "budget": "1", "category": "other"},
    )
    assert r.status_code == 422
    _nothing_written(before)


def test_the_database_holds_one_progress_per_quarter_and_the_bounds(adopted, world):
    from django.db import IntegrityError, transaction

    _org, _year, road = adopted
    Progress.objects.create(
        commitment=road, quarter=1, percent=10, text="a", posted_by=world.organiser, at=road.created_at
    )
    for kwargs in ({"quarter": 1, "percent": 20}, {"quarter": 2, "percent": 120}, {"quarter": 5, "percent": 1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Progress.objects.create(commitment=road, text="b", posted_by=world.organiser, at=road.created_at, **kwargs)


def test_an_opinion_without_a_group_or_on_a_member_without_the_member_is_refused(world, client_for, clock):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    r = org.post(f"/staff/commitments/years/{year.pk}/opinions/new", {"category": "hot_issue", "text": "路灯坏了"})
    assert r.status_code == 422 and "请选择网格或填写村民小组。" in r.content.decode()
    r = org.post(
        f"/staff/commitments/years/{year.pk}/opinions/new",
        {"group_name": "一组", "category": "member", "text": "态度不好"},
    )
    assert r.status_code == 422 and "对班子成员的意见须写明是哪一位成员。" in r.content.decode()
    assert not year.opinions.exists()


def test_survey_counts_over_the_valid_forms_are_refused_by_the_engine(adopted, world, clock, meeting):
    from web.commitments.models import Survey
    from web.commitments.tests.helpers import survey_data

    org, year, _road = adopted
    org.post(f"/staff/commitments/years/{year.pk}/review", {"meeting": meeting.pk})
    before = AuditEntry.objects.count()
    r = org.post(
        f"/staff/commitments/years/{year.pk}/survey",
        survey_data(returned=10, blank=2, spoiled=0, committees=(6, 2, 1), cadres=[]),
    )
    assert r.status_code == 422
    assert "某一测评对象的满意、基本满意、不满意之和多于有效测评表数" in r.content.decode()
    r = org.post(
        f"/staff/commitments/years/{year.pk}/survey",
        survey_data(returned=10, blank=0, spoiled=0, committees=(-1, 2, 1), cadres=[]),
    )
    assert r.status_code == 422 and "人数不能为负数。" in r.content.decode()
    assert not Survey.objects.exists()
    _nothing_written(before)


def test_a_year_twice_and_a_year_for_a_grid_are_refused(world, client_for, clock):
    org = client_for(world.organiser)
    create_year(org, world.community_a.pk)
    r = org.post(f"/staff/units/{world.community_a.pk}/commitments/", {"year": 2026})
    assert r.status_code == 422 and "2026 年度的承诺已经建立。" in r.content.decode()
    r = org.post(f"/staff/units/{world.grid_a1.pk}/commitments/", {"year": 2026})
    assert r.status_code == 422 and "年度承诺由村或社区作出，请在村或社区下建立。" in r.content.decode()


def _said(response, level: str) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == level]


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ("", "撤销承诺事项须写明理由。"),
        ("   ", "撤销承诺事项须写明理由。"),
        ("改" * 301, "撤销理由请写在 300 字以内。"),
    ],
)
def test_dropping_without_a_fit_reason_comes_back_with_the_sentence_and_the_reason_typed(adopted, reason, sentence):
    org, _year, road = adopted
    before = AuditEntry.objects.count()
    r = org.post(f"/staff/commitments/{road.pk}/drop", {"reason": reason})
    assert r.status_code == 422 and _said(r, "error") == [sentence]
    assert f'name="reason" maxlength="300" required value="{reason}"' in r.content.decode()
    assert Commitment.objects.get(pk=road.pk).dropped_at is None
    _nothing_written(before)


def test_dropping_with_a_reason_is_taken_and_a_second_drop_refused(adopted):
    org, _year, road = adopted
    r = org.post(f"/staff/commitments/{road.pk}/drop", {"reason": " 上级项目统一实施 "}, follow=True)
    assert _said(r, "success")[-1] == "承诺事项已撤销，理由在公开栏公布。"
    assert Commitment.objects.get(pk=road.pk).drop_reason == "上级项目统一实施"
    again = org.post(f"/staff/commitments/{road.pk}/drop", {"reason": "再撤一次"})
    assert again.status_code == 422 and _said(again, "error") == ["该事项已完成或已撤销。"]
