"""实施结果公开 — implementation_disclosure: the result of carrying the decision out is posted on
the unit's public board; when it is the chain's last step, the matter is implemented."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from web.deliberation.kinds import disclosure
from web.deliberation.models import Disclosure

KIND = disclosure.kind(
    "implementation_disclosure", _("实施结果公开"), disclosure=Disclosure.Kind.IMPLEMENTATION, settings={}
)
