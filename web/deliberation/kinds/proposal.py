"""党支部提议 — proposal: the party branch committee proposes the matter in its meeting (the
first of the four deliberations); a rejected proposal ends the matter."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from web.deliberation.kinds import voting

KIND = voting.kind("proposal", _("党支部提议"))
