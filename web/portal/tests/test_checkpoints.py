"""The checkpoint list on the public board: readable by anyone, one day at a time if asked, and
downloadable as JSON and CSV that ``verify_audit --anchor`` reads back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from web.audit.anchors import parse_file
from web.audit.checkpoints import do_record_checkpoint
from web.audit.models import AuditCheckpoint
from web.org.actions import do_rename_unit
from web.portal import checkpoints


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10)))


@pytest.fixture
def kept(world):
    """Checkpoints on three days."""
    for i, day in enumerate(["2026-11-01", "2026-11-02", "2026-11-02", "2026-11-03"]):
        do_rename_unit(unit=world.community_a, name=f"和平社区{i}", acting_user=world.organiser)
        do_record_checkpoint(reason="test", now=_at(day))
    return list(AuditCheckpoint.objects.order_by("id"))


def test_the_page_lists_every_checkpoint_newest_first(client, kept):
    text = client.get("/checkpoints/").content.decode()
    assert all(c.entry_hash in text for c in kept)
    assert text.index(kept[-1].entry_hash) < text.index(kept[0].entry_hash)
    assert "verify_audit --anchor" in text


def test_one_day_is_found_by_its_date(client, kept):
    text = client.get("/checkpoints/", {"date": "2026-11-02"}).content.decode()
    assert [c.entry_hash in text for c in kept] == [False, True, True, False]
    assert "这一天没有检查点" in client.get("/checkpoints/", {"date": "2026-10-01"}).content.decode()


@pytest.mark.parametrize("raw", ["2026-13-01", "昨天", "2026/11/02", "2026-11-02T00:00"])
def test_a_date_that_cannot_be_read_gets_a_sentence(client, kept, raw):
    response = client.get("/checkpoints/", {"date": raw})
    assert response.status_code == 200 and "日期格式应为" in response.content.decode()


def test_pages_keep_the_date(client, kept, monkeypatch):
    monkeypatch.setattr(checkpoints, "PER_PAGE", 1)
    text = client.get("/checkpoints/", {"date": "2026-11-02"}).content.decode()
    assert "date=2026-11-02&amp;page=2" in text and "第 1 / 2 页" in text


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_a_downloaded_list_reads_back_and_anchors_the_chain(client, kept, tmp_path, kind):
    response = client.get(f"/checkpoints.{kind}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert [(c.entry_id, c.entry_hash) for c in parse_file(body, name=kind)] == [
        (c.entry_id, c.entry_hash) for c in kept
    ]
    path = tmp_path / f"kept.{kind}"
    path.write_text(body, encoding="utf-8")
    out = io.StringIO()
    call_command("verify_audit", "--anchor", str(path), stdout=out)
    assert f"{len(kept) * 2} checkpoints match" in out.getvalue()  # the database's and the kept copy


def test_a_published_result_shows_the_checkpoint_of_its_publication(client, world):
    from web.audit.models import AuditEntry
    from web.audit.tests.publications import publish_poll

    poll = publish_poll(world)
    published = AuditEntry.objects.get(action="poll.publish", object_id=str(poll.pk))
    text = client.get(f"/u/{world.community_a.code}/results/{poll.pk}/").content.decode()
    assert f"第 {published.pk} 条" in text and published.hash in text
