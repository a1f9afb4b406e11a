"""Writes to accounts, each with its audit entry in the same transaction.

Nobody learns another person's password: a new account has none that works until its owner
sets one through a one-time setup link (shown once to the manager who created it, to hand
over in person or read out); a manager can issue a new link, never read or set a password.
Creating an account for a person and issuing a link are the manager's writes, checked against
org's policy: ``web.org.accounts``; here are the link itself and the owner's own password.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.accounts.models import SetupLink
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.common.errors import RefusedStep


class SetupLinkRefused(RefusedStep):
    code = "setup_link_refused"
    status = 410


def unit_of(user: Any) -> int | None:
    """The unit an account belongs to: its person's, else its first role's (for the audit entry)."""
    person = getattr(user, "person", None)
    if person is not None:
        return int(person.unit_id)
    role = user.roles.order_by("id").first() if hasattr(user, "roles") else None
    return role.unit_id if role else None


def new_link(user: Any, *, acting_user: Actor, now: datetime) -> str:
    """A fresh link for ``user``; earlier unused links stop working."""
    SetupLink.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    token = SetupLink.new_token()
    SetupLink.objects.create(
        user=user,
        digest=SetupLink.digest_of(token),
        created_at=now,
        expires_at=now + timedelta(hours=settings.SETUP_LINK_HOURS),
        created_by=acting_user,
    )
    return token


def valid_link(token: str, *, now: datetime | None = None) -> SetupLink:
    """The unused, unexpired link for ``token``; otherwise a refusal that says what to do."""
    link = SetupLink.objects.filter(digest=SetupLink.digest_of(token or "")).select_related("user").first()
    if link is None or not link.user.is_active:
        raise SetupLinkRefused(_("这个链接无效。请向管理员索取新的密码设置链接。"), code="setup_link_unknown")
    if link.used_at is not None:
        raise SetupLinkRefused(
            _("这个链接已经用过，每个链接只能用一次。如需重设密码，请向管理员索取新链接。"), code="setup_link_used"
        )
    if link.expires_at <= (now or clock.now()):
        raise SetupLinkRefused(_("这个链接已过期。请向管理员索取新的密码设置链接。"), code="setup_link_expired")
    return link


@transaction.atomic
def do_use_setup_link(*, token: str, password: str, now: datetime | None = None) -> Any:
    """Set the owner's password through the link, once. Returns the user."""
    now = now or clock.now()
    link = valid_link(token, now=now)
    link = SetupLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None:  # the same link used twice at once: the second waits, then stops here
        raise SetupLinkRefused(
            _("这个链接已经用过，每个链接只能用一次。如需重设密码，请向管理员索取新链接。"), code="setup_link_used"
        )
    user = link.user
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    link.used_at = now
    link.save(update_fields=["used_at"])
    record(
        actor=user,
        action=Action.ACCOUNT_SET_PASSWORD,
        obj=user,
        unit_id=unit_of(user),
        changes={"via": [None, "setup_link"]},
    )
    return user


@transaction.atomic
def do_change_password(*, user: Any, password: str) -> None:
    """The owner changes their own password (the old one was checked by the form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(
        actor=user,
        action=Action.ACCOUNT_SET_PASSWORD,
        obj=user,
        unit_id=unit_of(user),
        changes={"via": [None, "change"]},
    )
