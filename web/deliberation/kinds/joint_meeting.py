"""党员和村民代表联席会议（两村两会） — joint_meeting: party members and villager
representatives meet together, the two groups' quorums counted apart (the second body and the
groups are in the step's ``joint`` setting). The party members study the matter here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from web.deliberation.kinds import voting

KIND = voting.kind("joint_meeting", _("党员和村民代表联席会议（两村两会）"), party_review=True)
