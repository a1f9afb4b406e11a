"""党员大会审议 — members_review: the party members' meeting reviews the matter. This is where
the party organisation studies it before the villagers decide (“四议两公开”工作法, DOMAIN.md §4.5)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from web.deliberation.kinds import voting

KIND = voting.kind("members_review", _("党员大会审议"), party_review=True)
