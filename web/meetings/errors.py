"""Domain errors of meetings and ballots, each with a stable code and a message per language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from web.common.errors import RefusedStep


class MeetingError(RefusedStep):
    """A refused step: wrong state, a rule broken, a code already used…"""

    code = "meeting_error"


def wrong_state(what: object) -> MeetingError:
    return MeetingError(what, code="wrong_state", status=409)


CODE_UNKNOWN = _("投票码无效。请核对投票条上的投票码；如仍无效，请联系监票人。")
CODE_USED = _("这个投票码已经投过票了。每个投票码只能使用一次。")
POLL_NOT_OPEN = _("这项投票现在没有开放。")
