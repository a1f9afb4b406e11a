"""Who may enter paper ballots, and as whom.

Double entry is only worth something when the two entries come from two different *persons*,
both appointed by the meeting as its tellers (``Officer`` with role teller, whose person has
an account). So:

- the paper page admits the appointed tellers of the poll's meeting, and the unit's managers
  operating a shared office device; a teller role held in the unit admits nobody by itself;
- every entry belongs to one appointed teller (``PaperEntry.teller`` is the ``Officer``), at
  most one per teller and poll, so the two entries are two persons;
- an entry step is taken by its teller: signed in on their own account, or, on a device
  signed in by someone else (a village's one office computer), confirmed with that teller's
  own password at the moment of the step. A failed confirmation counts toward that account's
  sign-in lockout, like a failed sign-in. Each step's audit entry names the signed-in user and
  the teller, so a manager alone can no longer produce both entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from web.accounts import throttle
from web.accounts.actors import Actor
from web.meetings.errors import MeetingError
from web.meetings.models import Meeting, Officer, Poll


@dataclass(frozen=True)
class ActingTeller:
    """An appointed teller who has just shown they are present: the signed-in user, or someone
    who typed their own password on this device. Only :func:`confirm` makes one."""

    officer: Officer
    acting_user: Actor

    @property
    def user(self) -> Any:
        return self.officer.person.user

    def names(self) -> dict[str, list[Any]]:
        """The audit entry's words for who did it: the teller and, if someone else was signed
        in on the device, that user too."""
        named: dict[str, list[Any]] = {"teller": [None, self.user.username]}
        if self.acting_user.pk != self.user.pk:
            named["device_user"] = [None, self.acting_user.username]
        return named


def appointed_tellers(meeting: Meeting) -> list[Officer]:
    """The meeting's tellers who have an active account (only they can enter paper ballots)."""
    officers = meeting.officers.filter(role=Officer.Role.TELLER).select_related("person__user")
    return [o for o in officers if _account(o) is not None]


def _account(officer: Officer) -> Any:
    user = getattr(officer.person, "user", None)
    return user if user is not None and user.is_active else None


def officer_of(user: Any, meeting: Meeting) -> Officer | None:
    """The user's appointment as a teller of this meeting, if any."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return None
    return meeting.officers.filter(role=Officer.Role.TELLER, person_id=person_id).select_related("person__user").first()


def access_poll_as_teller(user: Any, poll_id: int) -> Poll:
    """The poll, for its meeting's appointed tellers and for managers of its unit (who operate
    a shared device: every step there still needs a teller's own password). Others who may
    see the poll get 403, everyone else 404."""
    from web.org.queries import can_manage_path, viewable_paths

    poll = Poll.objects.filter(pk=poll_id).select_related("meeting__body__unit").first()
    if poll is None or not getattr(user, "is_authenticated", False):
        raise Http404
    path = poll.meeting.body.unit.path
    if can_manage_path(user, path) or officer_of(user, poll.meeting) is not None:
        return poll
    if any(path.startswith(p) for p in viewable_paths(user)):
        raise PermissionDenied
    raise Http404


def confirm(*, poll: Poll, officer_id: Any, password: str, acting_user: Actor, address: str) -> ActingTeller:
    """The appointed teller ``officer_id`` of the poll's meeting, taking a step now.

    Signed in as that teller: confirmed by the session. Otherwise the teller's own password
    must be given; a wrong one is refused and counts toward the teller's sign-in lockout, and a
    locked account cannot confirm either."""
    officer = _appointed(poll, officer_id)
    user = _account(officer)
    if user is None:
        raise MeetingError(_("这名计票人没有可用的账号，不能录入。"), code="teller_without_account", status=403)
    if user.pk == acting_user.pk:
        return ActingTeller(officer=officer, acting_user=acting_user)
    if throttle.is_locked_out(username=user.username, address=address):
        raise MeetingError(
            _("%(name)s 的账号因多次输错密码已暂时锁定，请 15 分钟后再试。") % {"name": officer.person.name},
            code="teller_locked",
            status=403,
        )
    if not password or not user.check_password(password):
        throttle.note_failure(username=user.username, address=address)
        raise MeetingError(
            _("%(name)s 的密码不正确。每一步都须由计票人本人输入自己的密码确认。") % {"name": officer.person.name},
            code="teller_password",
            status=403,
        )
    throttle.clear_failures(username=user.username)
    return ActingTeller(officer=officer, acting_user=acting_user)


def _appointed(poll: Poll, officer_id: Any) -> Officer:
    text = str(officer_id or "").strip()
    officer = None
    if text.isascii() and text.isdigit():
        officer = (
            Officer.objects.filter(pk=int(text), meeting_id=poll.meeting_id, role=Officer.Role.TELLER)
            .select_related("person__user")
            .first()
        )
    if officer is None:
        raise MeetingError(_("请选择本次会议推选的一名计票人。"), code="not_a_teller", status=403)
    return officer
