"""A party congress of the test world's street and one of its meetings, for tests: 王芳
(world.person_a, the ``representative`` persona) and ``n`` more full members hold
representative seats; the street's staff are its liaison office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from web.common.testing import tiny_pdf
from web.meetings import actions as meeting_actions
from web.meetings.models import Meeting
from web.org.idnumbers import check_digit
from web.org.models import Body, BodySeat, PartyMembership, Person, Role
from web.org.testing import persona_user

NAMES = ["高一", "林二", "何三", "罗四", "梁五", "宋六", "唐七", "许八", "韩九", "冯十"]


def make_congress(world: Any, *, n: int = 4) -> Body:
    if hasattr(world, "congress"):
        return world.congress
    body = Body.objects.create(name="春熙街道党代会", kind=Body.Kind.CONGRESS, unit=world.street)
    BodySeat.objects.create(body=body, person=world.person_a, post=BodySeat.Post.REPRESENTATIVE)
    for i in range(n):
        first17 = f"51010419750101{300 + i:03d}"
        person = Person.objects.create(
            name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
            id_number=first17 + check_digit(first17),
            gender="F",
            birth_date=dt.date(1975, 1, 1),
            unit=world.grid_a2,
            unit_path=world.grid_a2.path,
        )
        PartyMembership.objects.create(person=person, org=world.branch_a, status="full")
        BodySeat.objects.create(body=body, person=person, post=BodySeat.Post.REPRESENTATIVE)
    world.congress = body
    return body


def representative(world: Any) -> Any:
    """The ``representative`` persona (王芳), seated on the congress with its role."""
    body = make_congress(world)
    user = persona_user(world, "representative")
    Role.objects.get_or_create(user=user, unit=body.unit, body=body, kind=Role.Kind.REPRESENTATIVE)
    return user


def congress_meeting(world: Any, *, n: int = 4, starts_at: dt.datetime | None = None) -> Meeting:
    body = make_congress(world, n=n)
    return meeting_actions.do_create_meeting(
        body=body,
        title="春熙街道党代会年会",
        starts_at=starts_at or timezone.now(),
        acting_user=world.street_staff,
    )


def pdf_upload(name: str = "述职报告.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf() if data is None else data, content_type="application/pdf")
