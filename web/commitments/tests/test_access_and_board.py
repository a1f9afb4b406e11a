"""Who may see and change a year's commitments, and the public board readable without an account."""

from __future__ import annotations

import json

import pytest

from jiceng.record import record_sha256
from web.audit.models import AuditEntry
from web.commitments.models import Progress, Survey
from web.commitments.tests.helpers import add_item, create_year, post_progress, survey_data


@pytest.fixture
def adopted(world, client_for, clock, meeting):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    road = add_item(org, year, item="硬化村口道路", owner=world.person_a2, deadline="2026-06-30")
    org.post(f"/staff/commitments/years/{year.pk}/adopt", {"meeting": meeting.pk})
    clock.set("2026-03-28")
    return org, year, road


def test_an_outsider_gets_404_and_a_read_only_persona_403(adopted, world, client_for):
    _org, year, road = adopted
    outsider, member = client_for(world.outsider), client_for(world.member)
    before = AuditEntry.objects.count()
    for url in (
        f"/staff/commitments/years/{year.pk}/",
        f"/staff/commitments/{road.pk}/",
        f"/staff/commitments/years/{year.pk}/items/new",
    ):
        assert outsider.get(url).status_code == 404
    assert post_progress(outsider, road, 1, 20).status_code == 404
    assert member.get(f"/staff/commitments/years/{year.pk}/").status_code == 200
    assert post_progress(member, road, 1, 20).status_code == 403
    assert member.post(f"/staff/commitments/{road.pk}/drop", {"reason": "x"}).status_code == 403
    assert member.post(f"/staff/commitments/years/{year.pk}/review", {}).status_code == 403
    assert not Progress.objects.exists() and AuditEntry.objects.count() == before


def test_the_owner_posts_progress_without_a_staff_role(adopted, owner_user, client_for):
    _org, year, road = adopted
    owner = client_for(owner_user)
    assert owner.get(f"/staff/commitments/{road.pk}/").status_code == 200
    assert post_progress(owner, road, 1, 40, "路基完成").status_code == 302
    assert Progress.objects.get().posted_by == owner_user
    # but the year's page and other changes stay with the unit's staff
    assert owner.get(f"/staff/commitments/years/{year.pk}/").status_code == 404
    assert owner.post(f"/staff/commitments/{road.pk}/drop", {"reason": "x"}).status_code == 404


def test_the_board_renders_publicly_with_progress_history_and_the_survey(adopted, world, client_for, clock, meeting):
    org, year, road = adopted
    anonymous = client_for(None)
    post_progress(org, road, 1, 40, "路基完成")
    page = anonymous.get(f"/u/{world.community_a.code}/").content.decode()
    assert "年度承诺及进展" in page and "硬化村口道路" in page and "路基完成" in page
    assert 'value="40"' in page and 'name="viewport"' in page
    clock.set("2026-12-28")
    org.post(f"/staff/commitments/years/{year.pk}/review", {"meeting": meeting.pk, "note": "一项逾期"})
    org.post(
        f"/staff/commitments/years/{year.pk}/survey",
        survey_data(returned=30, blank=1, spoiled=1, committees=(12, 8, 8), cadres=[]),
    )
    survey = Survey.objects.get()
    page = anonymous.get(f"/u/{world.community_a.code}/").content.decode()
    assert "满意度测评结果" in page and "71.43%" in page and survey.record_sha256 in page
    assert "⚠ 已逾期" in page and "一项逾期" in page
    download = anonymous.get(f"/u/{world.community_a.code}/commitments/2026/survey.json")
    assert download.status_code == 200
    assert record_sha256(json.loads(download.content)) == survey.record_sha256
    assert anonymous.get(f"/u/{world.community_a.code}/commitments/2025/survey.json").status_code == 404


def test_a_year_still_collecting_opinions_is_not_on_the_board(world, client_for, clock):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    add_item(org, year, item="尚未通过的事项", owner=world.person_a2, deadline="2026-06-30")
    page = client_for(None).get(f"/u/{world.community_a.code}/").content.decode()
    assert "尚未通过的事项" not in page
