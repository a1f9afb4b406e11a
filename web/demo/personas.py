"""The demo logins: one per persona, all with the same published password.

The password is printed by ``seed_demo`` and ``demo_logins`` and written in docs/demo.md: the
demo street is for trying Jiceng out, never for real data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

PASSWORD = "jiceng-demo-2026"
#: where scripts/start serves the demo (PORT, as the start script reads it)
URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"


@dataclass(frozen=True)
class Persona:
    username: str
    role: str  # Role.Kind value
    unit: str  # which unit: district, street, community1, community2, village1, grid1
    body: str | None  # a body of community 1 the role is tied to, by kind
    what: str  # who this is, in Chinese


PERSONAS: tuple[Persona, ...] = (
    Persona("street", "org_staff", "street", None, "街道党工委组织委员：看到整条街道"),
    Persona("district", "org_staff", "district", None, "区委组织部干部：看到全区（街道和锦桂镇）；党代表联络工作"),
    Persona("organiser", "org_staff", "community1", None, "社区组织员：管理第一个社区；社区党代表工作室主任"),
    Persona("secretary", "secretary", "village1", None, "村党组织书记：管理第一个村"),
    Persona("member", "committee_member", "community1", "party_committee", "社区党委委员：只读；今天会议计票人"),
    Persona("observer", "grid_worker", "grid1", None, "网格员：只看自己的网格"),
    Persona("outsider", "org_staff", "community2", None, "另一个社区的组织员：看不到第一个社区"),
    Persona("representative", "representative", "community1", "resident_reps", "居民代表；区党代会代表"),
    Persona("teller", "teller", "community1", "members_meeting", "今天党员大会推选的计票人：录入纸质选票"),
    Persona("handler", "department_handler", "street", None, "街道科室承办人"),
    Persona("resident", "resident", "community1", None, "第一个社区的居民"),
)

USERNAMES = tuple(p.username for p in PERSONAS)


def login_rows() -> list[tuple[str, str, str, str, str]]:
    """(username, password, role, unit, who) for the demo users that exist, in persona order."""
    from django.contrib.auth import get_user_model

    from web.org.models import Role

    users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
    roles: dict[int, Any] = {}
    for held in Role.objects.filter(user__in=users.values()).select_related("unit", "body").order_by("id"):
        roles.setdefault(held.user_id, held)
    rows = []
    for persona in PERSONAS:
        user = users.get(persona.username)
        if user is None:
            continue
        role = roles.get(user.pk)
        role_label = role.get_kind_display() if role else "—"
        where = (role.unit.name + (f" · {role.body.name}" if role.body is not None else "")) if role else "—"
        rows.append((user.username, PASSWORD, str(role_label), where, f"{user.display_name}（{persona.what}）"))
    return rows


def format_table(rows: list[tuple[str, str, str, str, str]]) -> str:
    """A plain-text table whose columns line up in a terminal (CJK characters are two cells wide)."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    header = ("用户名", "密码", "角色", "单位", "身份")
    table = [header, *rows]
    widths = [max(width(r[i]) for r in table) for i in range(len(header))]
    lines = []
    for n, row in enumerate(table):
        lines.append("  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def voting_codes_text() -> str:
    """The demo's open poll and three unused voting codes, for trying the phone ballot."""
    from web.demo.meetings import saved_codes
    from web.meetings.queries import open_poll_for_code
    from web.meetings.sealing import is_spent
    from web.meetings.secrecy import grouped, spent_hash

    lines = []
    for code in saved_codes():
        poll = open_poll_for_code(code)
        if poll and not is_spent(poll.pk, spent_hash(poll.pk, code)):
            lines.append(f"  {grouped(code)}   {poll.title}")
    if not lines:
        return ""
    return f"试用手机投票 Try the phone ballot at {URL}vote/ with one of these codes:\n" + "\n".join(lines) + "\n"
