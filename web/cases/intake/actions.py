"""The intake's one write: a request with its photos, in one transaction.

``do_take_case`` registers the case (its history event and audit entry); the photos, checked and
encoded afresh before (``photos.prepare``), are kept with it. The files are written inside the
transaction and removed again if anything after them fails, so a refusal or an error leaves
neither a case nor a file."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases import notices
from web.cases.actions import do_take_case
from web.cases.intake.photos import Prepared
from web.cases.models import Case, CasePhoto
from web.common import clock


def do_take_request(*, photos: Sequence[Prepared] = (), acting_user: Actor | None, **taking: Any) -> tuple[Case, str]:
    """Take the request (``do_take_case`` with ``taking``, its arguments) and keep its photos;
    returns the case and its tracking code. The photos' audit entry (how many, whether a location
    was kept) follows the case's. The requester is told the case's number (``notices.received``:
    never the code, which only the page that took it shows)."""
    stored: list[CasePhoto] = []
    try:
        with transaction.atomic():
            case, code = do_take_case(acting_user=acting_user, **taking)
            now = clock.now()
            for photo in photos:
                row = CasePhoto(
                    case=case,
                    name=secrets.token_hex(12),
                    content_type=photo.content_type,
                    width=photo.width,
                    height=photo.height,
                    kept_location=photo.kept_location,
                    added_at=now,
                )
                row.file.save(f"photo.{photo.extension}", ContentFile(photo.data), save=False)
                stored.append(row)
                row.save()
            notices.received(case)
            if photos:
                record(
                    actor=acting_user or _("网上诉求人"),
                    action=Action.CASE_PHOTOS,
                    obj=case,
                    changes={
                        "photos": [None, len(photos)],
                        "kept_location": [None, sum(p.kept_location for p in photos)],
                    },
                )
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise
    return case, code
