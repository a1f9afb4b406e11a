"""The demo's congress meeting: oral and written work reports rated on the spot in one appraisal
poll, the two committees' reports approved by secret ballot, the persona's inquiries answered on
the spot and one in writing, the other flagged overdue; all on the board and on the homes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from web.congress.models import Inquiry, WorkReport
from web.demo.congress import seed_congress
from web.demo.congress_meeting import seed_congress_meeting
from web.demo.generator import build_street
from web.demo.loader import load_plan


@pytest.fixture(scope="module")
def _made(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan(build_street(seed=2026, scale=0.05))
        seed_congress(seed=2026)
        yield seed_congress_meeting(seed=2026)
        transaction.set_rollback(True)


@pytest.fixture
def made(_made, db):  # type: ignore[no-untyped-def]
    return _made


def test_the_reports_are_rated_on_the_spot_and_the_committees_reports_approved(made) -> None:
    meeting = made["meeting"]
    assert meeting.state == "closed" and meeting.body.kind == "congress"
    kinds = list(WorkReport.objects.filter(meeting=meeting).values_list("kind", flat=True))
    assert kinds.count("oral") == 3 and kinds.count("written") == 3 and kinds.count("committee") == 2
    assert all(r.document for r in WorkReport.objects.filter(meeting=meeting, kind="written"))
    rating = made["rating"]
    assert rating.kind == "appraisal" and rating.state == "closed" and rating.published_at is not None
    assert len(rating.result["subjects"]) == 6 and rating.result["forms"]["valid"] > 0
    for poll in made["approvals"]:
        assert poll.kind == "motion" and poll.result["status"] == "passed" and poll.published_at is not None


def test_the_inquiries_one_answered_in_writing_one_overdue(made) -> None:
    first, second = (Inquiry.objects.get(pk=pk) for pk in made["inquiries"])
    assert first.state == "written" and first.spot_answer and first.written_answer and not first.late
    assert second.state == "overdue" and second.spot_answer and made["overdue"] == 1


def test_the_persona_reads_them_at_home_and_everyone_on_the_board(made, client) -> None:
    user = get_user_model().objects.get(username="representative")
    client.force_login(user)
    home = client.get(reverse("org:home")).content.decode()
    assert "您的询问等待书面答复" in home and reverse("congress:inquiry", args=[made["inquiries"][1]]) in home
    client.logout()
    board = client.get(reverse("congress_board:meeting", args=[made["meeting"].pk])).content.decode()
    assert "区教育局 2026 年度工作书面述职报告" in board and "appraisal-result" in board
    assert "新增学位 900 个" in board
