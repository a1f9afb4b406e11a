"""The downloads' background jobs: make one document (``render``), and remove expired files
(``expire``, periodic: web/jobs/queue.py).

``render`` is idempotent. It does nothing for a download already made or expired. Otherwise it
writes the whole file under one unfinished name (the same for every delivery), renames it into
place, then marks the download done and writes its audit entry in one transaction. A worker
killed anywhere in between leaves the job to be delivered again, which writes the file again
over the same names: one file, one entry. A refusal or an error ends in the ``failed`` state
with a sentence for the person, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from web.common import clock
from web.downloads import actions, storage
from web.downloads.errors import Refused
from web.downloads.models import Download
from web.jobs.progress import Meter, given_up_after

logger = logging.getLogger(__name__)

Renderer = Callable[[Download, Path, Callable[[int, int], None]], None]


def _save(pk: int, done: int, total: int) -> None:
    Download.objects.filter(pk=pk).update(done=min(done, total), total=total)


def render(download_id: int) -> str:
    """Make download ``download_id``'s file; returns the state it ends in (the queue keeps it)."""
    download = Download.objects.select_related("requester").filter(pk=download_id).first()
    if download is None:
        return "gone"
    if download.state in (Download.State.DONE, Download.State.EXPIRED):
        return str(download.state)
    with translation.override(download.language):
        return _render(download)


def _render(download: Download) -> str:
    Download.objects.filter(pk=download.pk).update(state=Download.State.RUNNING, done=0, error="")
    part = storage.fresh_part(download)
    meter = Meter(functools.partial(_save, download.pk))
    try:
        renderer: Renderer = import_string(download.kind_info.render)
        renderer(download, part, meter)
        part.chmod(0o600)
        os.replace(part, storage.final_path(download))
    except Refused as exc:
        return _fail(download, exc.message)
    except (Http404, ObjectDoesNotExist):
        return _fail(download, gettext("要生成的对象已不存在，或您已无权查看。"))
    except PermissionDenied:
        return _fail(download, gettext("您已无权生成这个文件。"))
    except Exception:
        logger.exception("download %s (%s) failed", download.pk, download.kind)
        return _fail(download, gettext("生成文件时出错。请稍后重新生成；如仍不成功，请联系管理员。"))
    finally:
        meter.close()
    return str(actions.do_record_download(download=download, acting_user=download.requester).state)


def _fail(download: Download, sentence: str) -> str:
    storage.part_path(download).unlink(missing_ok=True)
    Download.objects.filter(pk=download.pk).exclude(state=Download.State.DONE).update(
        state=Download.State.FAILED, error=sentence[:300], finished_at=clock.now()
    )
    return str(Download.State.FAILED)


def expire() -> int:
    """Delete the files of downloads past their time and mark them expired, mark failed those
    the queue has given up on, and delete any file no download owns any more (its row went with
    its requester's account); returns how many downloads expired. Run again, it finds none."""
    count = 0
    for download in Download.objects.filter(expires_at__lte=clock.now()).exclude(state=Download.State.EXPIRED):
        storage.remove(download)
        with transaction.atomic():
            count += Download.objects.filter(pk=download.pk).update(state=Download.State.EXPIRED, stored="")
    _give_up(clock.now() - given_up_after())
    storage.remove_unowned(Download.objects.exclude(state=Download.State.EXPIRED).values_list("pk", "token"))
    return count


def _give_up(before: dt.datetime) -> None:
    """Downloads asked for before ``before`` and still not made never will be (their worker died
    on every delivery): failed, with a sentence, so their page stops waiting."""
    stuck = Download.objects.filter(
        created_at__lt=before, state__in=(Download.State.QUEUED, Download.State.RUNNING)
    ).select_related("requester")
    for download in stuck:
        with translation.override(download.language):
            _fail(download, gettext("文件没有在规定时间内生成好，请回到原页面重新生成。"))
