"""“两委”联席会议商议 — joint_committees: the party branch committee and the villagers'
committee discuss the proposal together; a rejection sends it back to the proposal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from web.deliberation.kinds import voting

KIND = voting.kind("joint_committees", _("“两委”联席会议商议"))
