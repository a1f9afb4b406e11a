"""Documents made in the background: each of the five asked for from its page, made by the job
(run here, synchronously) and downloaded by the one who asked; nobody else sees it; the job is
idempotent (twice, or killed half-way and run again: one file, one audit entry); files are 0600;
expired files are deleted; bad requests end in a sentence; the list pages and searches."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import time
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from web.audit.models import AuditEntry
from web.common import clock
from web.downloads import jobs, storage
from web.downloads.actions import SAME_REQUEST, do_request_download
from web.downloads.models import Download
from web.jobs.progress import given_up_after
from web.meetings.tests.test_documents_pdf import _elect, meeting  # noqa: F401 - the fixture is used by name


def _entries(download: Download) -> int:
    return AuditEntry.objects.filter(action="download.made", object_id=str(download.pk)).count()


def _files(download: Download) -> list[str]:
    return sorted(p.name for p in storage.folder().iterdir() if p.name.startswith(f"{download.pk}-{download.token}."))


@pytest.fixture
def documents(world, meeting):  # noqa: F811
    """The five documents' addresses, a counted poll's among them."""
    poll, _receipts = _elect(world, meeting)
    return {
        "roster": f"/staff/units/{world.community_a.pk}/export.xlsx",
        "ballots": f"/staff/polls/{poll.pk}/ballots.pdf?copies=3",
        "member_cards": f"/staff/bodies/{world.body_a.pk}/cards.pdf",
        "meeting_record": f"/staff/meetings/{meeting.pk}/record.pdf",
        "announcement": f"/staff/polls/{poll.pk}/announcement.pdf",
    }


@pytest.mark.parametrize("kind", ["roster", "ballots", "member_cards", "meeting_record", "announcement"])
def test_each_document_is_asked_for_made_in_the_background_and_kept_for_its_requester(
    world, client_for, documents, kind
):
    organiser = client_for(world.organiser)
    response = organiser.get(documents[kind])
    download = Download.objects.get()
    assert response.status_code == 302 and response["Location"] == download.get_absolute_url()
    # the request only asked: nothing made yet, the page says it is waiting
    assert (download.kind, download.state, download.done, download.stored) == (kind, "queued", 0, "")
    assert _files(download) == []
    page = organiser.get(download.get_absolute_url()).content.decode()
    assert "排队中" in page and 'hx-trigger="every 2s"' in page and "刷新进度" in page

    assert jobs.render(download.pk) == "done"
    download.refresh_from_db()
    assert download.state == "done" and download.done == download.total > 0
    path = Path(settings.VAR_DIR) / download.stored
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(storage.folder().stat().st_mode) == 0o700
    assert _entries(download) == 1
    entry = AuditEntry.objects.get(action="download.made")
    assert (entry.actor, entry.unit_id) == (world.organiser, download.unit_id)  # filed under the unit
    assert download.unit_id in (world.community_a.pk, world.body_a.unit_id)

    got = organiser.get(reverse("downloads:file", args=[download.pk]))
    assert got.status_code == 200
    content = b"".join(got.streaming_content)
    assert content.startswith(b"PK" if kind == "roster" else b"%PDF")
    assert "filename*=utf-8''" in got["Content-Disposition"]  # the Chinese name, RFC 5987
    assert got["Content-Disposition"].startswith("attachment" if kind == "roster" else "inline")
    assert "no-store" in got["Cache-Control"]
    # staff who manage the same objects, and anyone else, are told it does not exist
    for other in (world.street_staff, world.member, world.outsider):
        for name in ("downloads:detail", "downloads:file"):
            assert client_for(other).get(reverse(name, args=[download.pk])).status_code == 404
    assert download.pk not in [d.pk for d in client_for(world.street_staff).get("/staff/downloads/").context["page"]]


def test_the_ballots_are_as_many_pages_as_copies_asked(world, client_for, documents):
    client_for(world.organiser).get(documents["ballots"])
    download = Download.objects.get()
    jobs.render(download.pk)
    download.refresh_from_db()
    assert len(pypdf.PdfReader(io.BytesIO(storage.final_path(download).read_bytes())).pages) == 3
    assert (download.done, download.total) == (3, 3)


def test_title_and_file_name_are_in_the_language_of_the_page(world, client_for):
    client = client_for(world.organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(f"/staff/units/{world.community_a.pk}/export.xlsx")
    download = Download.objects.get()
    day = timezone.localdate(clock.now()).isoformat()
    assert download.language == "en"
    assert download.file_name == f"Roster_{world.community_a.name}_{day}.xlsx"
    assert download.title == f"Roster: {world.community_a.name}"
    zh = client_for(world.street_staff)
    zh.get(f"/staff/units/{world.community_a.pk}/export.xlsx")
    assert Download.objects.get(requester=world.street_staff).file_name == f"名册_{world.community_a.name}_{day}.xlsx"


def test_asking_again_while_it_waits_is_the_same_download(world, client_for):
    client = client_for(world.organiser)
    url = f"/staff/units/{world.community_a.pk}/export.xlsx"
    assert client.get(url)["Location"] == client.get(url)["Location"]
    jobs.render(Download.objects.get().pk)
    client.get(url)  # made already: a new one, the roster may have changed since
    assert Download.objects.count() == 2


def test_asking_again_long_after_is_a_new_download(world, client_for, monkeypatch):
    """The first may be stuck: its worker died on every delivery."""
    client = client_for(world.organiser)
    url = f"/staff/units/{world.community_a.pk}/export.xlsx"
    first = client.get(url)["Location"]
    later = clock.now() + SAME_REQUEST + dt.timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get(url)["Location"] != first


def test_a_download_the_queue_gave_up_on_fails_with_a_sentence(world, client_for, monkeypatch):
    stuck = _roster(world)
    Download.objects.filter(pk=stuck.pk).update(state="running", done=5, total=10)
    later = clock.now() + given_up_after() + dt.timedelta(seconds=1)
    fresh = do_request_download(kind="roster", parameters={"unit": 1}, subject="x", acting_user=world.organiser)
    Download.objects.filter(pk=fresh.pk).update(created_at=later)
    monkeypatch.setattr(clock, "now", lambda: later)
    jobs.expire()
    stuck.refresh_from_db()
    assert stuck.state == "failed" and "规定时间" in stuck.error
    assert Download.objects.get(pk=fresh.pk).state == "queued"
    assert "规定时间" in client_for(world.organiser).get(stuck.get_absolute_url()).content.decode()


def test_the_request_enqueues_the_job_when_it_commits(world, client_for, django_capture_on_commit_callbacks):
    from django_q.models import OrmQ

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_for(world.organiser).get(f"/staff/units/{world.community_a.pk}/export.xlsx")
    assert len(callbacks) == 1 and OrmQ.objects.count() == 1
    assert Download.objects.get().state == "queued"


def _roster(world) -> Download:
    return do_request_download(
        kind="roster", parameters={"unit": world.community_a.pk}, subject="和平社区", acting_user=world.organiser
    )


def test_the_job_run_twice_leaves_one_file_and_one_audit_entry(world):
    download = _roster(world)
    assert jobs.render(download.pk) == "done"
    first = storage.final_path(download).read_bytes()
    assert jobs.render(download.pk) == "done"
    assert _files(download) == [f"{download.pk}-{download.token}.xlsx"] and _entries(download) == 1
    assert storage.final_path(download).read_bytes() == first


class Killed(BaseException):
    """What a SIGKILL does to the job: it stops where it is, no handler runs."""


def test_a_job_killed_half_way_and_delivered_again_ends_with_one_file(world, monkeypatch):
    download = _roster(world)
    saves: list[tuple[int, int]] = []
    original = jobs.Meter.save

    def dies_after_the_first_report(self, done, total):
        if saves:
            raise Killed
        saves.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(jobs.Meter, "save", dies_after_the_first_report)
    with pytest.raises(Killed):
        jobs.render(download.pk)
    download.refresh_from_db()
    assert download.state == "running" and _entries(download) == 0
    assert _files(download) == [f"{download.pk}-{download.token}.xlsx.part"]  # the unfinished file, as a kill leaves it

    monkeypatch.setattr(jobs.Meter, "save", original)
    assert jobs.render(download.pk) == "done"
    assert _files(download) == [f"{download.pk}-{download.token}.xlsx"] and _entries(download) == 1


def test_expired_files_are_deleted_and_shown_as_expired(world, client_for, monkeypatch):
    done, waiting = _roster(world), _roster(world)
    assert done.pk == waiting.pk  # the same request while it waits
    jobs.render(done.pk)
    fresh = _roster(world)
    jobs.render(fresh.pk)
    later = clock.now() + dt.timedelta(days=settings.DOWNLOADS_KEEP_DAYS, minutes=1)
    Download.objects.filter(pk=fresh.pk).update(expires_at=later + dt.timedelta(days=1))
    monkeypatch.setattr(clock, "now", lambda: later)
    assert jobs.expire() == 1
    assert jobs.expire() == 0
    done.refresh_from_db()
    assert done.state == "expired" and done.stored == "" and _files(done) == []
    assert Download.objects.get(pk=fresh.pk).state == "done" and _files(fresh) == [f"{fresh.pk}-{fresh.token}.xlsx"]
    client = client_for(world.organiser)
    assert client.get(reverse("downloads:file", args=[done.pk])).status_code == 410
    assert "已过期" in client.get(done.get_absolute_url()).content.decode()
    assert jobs.render(done.pk) == "expired" and _files(done) == []  # a late delivery makes nothing


def test_the_expiry_job_deletes_the_files_of_downloads_deleted_with_their_requester(world):
    from django.contrib.auth import get_user_model

    from web.org.models import Role

    leaver = get_user_model().objects.create_user(username="leaver", password="leaver-pw-2026")
    Role.objects.create(user=leaver, unit=world.community_a, kind="org_staff")
    theirs = do_request_download(
        kind="roster", parameters={"unit": world.community_a.pk}, subject="x", acting_user=leaver
    )
    jobs.render(theirs.pk)
    mine = _roster(world)
    jobs.render(mine.pk)
    (storage.folder() / f"{mine.pk}-{mine.token}.xlsx.part").write_bytes(b"an unfinished one of a live download")
    left = storage.final_path(theirs)
    Download.objects.filter(pk=theirs.pk).delete()  # as deleting the account does (CASCADE)
    assert jobs.expire() == 0 and left.exists()  # just written: perhaps a row not read yet
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    assert jobs.expire() == 0 and not left.exists()
    assert _files(mine) == [f"{mine.pk}-{mine.token}.xlsx", f"{mine.pk}-{mine.token}.xlsx.part"]


def test_the_expiry_job_is_scheduled():
    from web.jobs.queue import PERIODIC

    assert "web.downloads.jobs.expire" in {p.func for p in PERIODIC}


@pytest.mark.parametrize(
    ("parameters", "sentence"),
    [
        ({"unit": "C1"}, "参数无效"),
        ({}, "参数无效"),
        ({"unit": 999999}, "已不存在"),
    ],
)
def test_bad_parameters_or_a_vanished_object_fail_with_a_sentence(world, client_for, parameters, sentence):
    download = do_request_download(kind="roster", parameters=parameters, subject="x", acting_user=world.organiser)
    assert jobs.render(download.pk) == "failed"
    download.refresh_from_db()
    assert sentence in download.error and "Traceback" not in download.error
    assert _files(download) == [] and _entries(download) == 0
    page = client_for(world.organiser).get(download.get_absolute_url())
    assert page.status_code == 200 and sentence in page.content.decode() and "hx-trigger" not in page.content.decode()
    assert client_for(world.organiser).get(reverse("downloads:file", args=[download.pk])).status_code == 404


def test_the_job_checks_access_again(world):
    """The organiser lost the role between asking and the job: nothing is made for them."""
    from web.org.models import Role

    download = _roster(world)
    Role.objects.filter(user=world.organiser).delete()
    assert jobs.render(download.pk) == "failed"
    assert _files(download) == [] and _entries(download) == 0


def test_an_announcement_of_a_poll_counted_no_more_fails_with_the_reason(world, documents):
    from web.meetings.models import Poll

    poll = Poll.objects.get()
    download = do_request_download(
        kind="announcement", parameters={"poll": poll.pk, "site": "/"}, subject="x", acting_user=world.organiser
    )
    Poll.objects.filter(pk=poll.pk).update(result=None)
    assert jobs.render(download.pk) == "failed"
    assert "计票后" in Download.objects.get(pk=download.pk).error


def test_htmx_gets_the_progress_fragment_which_stops_polling_when_done(world, client_for):
    download = _roster(world)
    client = client_for(world.organiser)
    Download.objects.filter(pk=download.pk).update(state="running", done=40, total=160)
    fragment = client.get(download.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'hx-trigger="every 2s"' in fragment
    assert 'value="25"' in fragment and "40 / 160" in fragment
    jobs.render(download.pk)
    fragment = client.get(download.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and reverse("downloads:file", args=[download.pk]) in fragment


def test_my_downloads_pages_and_searches(world, client_for):
    for n in range(25):
        do_request_download(
            kind="roster", parameters={"unit": n + 1}, subject=f"第{n:02d}号", acting_user=world.organiser
        )
    do_request_download(kind="roster", parameters={"unit": 1}, subject="别人的", acting_user=world.street_staff)
    client = client_for(world.organiser)
    first = client.get("/staff/downloads/")
    assert len(first.context["page"]) == 20 and first.context["page"].paginator.count == 25
    assert len(client.get("/staff/downloads/", {"page": 2}).context["page"]) == 5
    found = client.get("/staff/downloads/", {"q": "第07号"})
    assert [d.title for d in found.context["page"]] == ["名册：第07号"]
    paged = client.get("/staff/downloads/", {"q": "第", "page": 1}).content.decode()
    assert "q=%E7%AC%AC&amp;page=2" in paged  # the next page keeps the search
    assert "别人的" not in first.content.decode()
    assert client.get("/staff/downloads/", {"page": "x"}).status_code == 200


def test_every_signed_in_page_links_my_downloads(world, client_for):
    for user in (world.organiser, world.member, world.street_staff):
        assert 'href="/staff/downloads/"' in client_for(user).get("/staff/").content.decode()
