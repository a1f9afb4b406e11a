"""Accounts for the people of a unit, created and re-linked by those who manage it: the roles
page's writes. The account itself, its links and the owner's own password are
``web.accounts``; here is who may do that to whom, which is org's policy (``web.org.queries``),
read on the person and the account as they are now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from web.accounts.actions import new_link, unit_of
from web.accounts.actors import Actor
from web.accounts.usernames import check_new
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.org.queries import can_manage_path, check_may_change


@transaction.atomic
def do_create_account(
    *, username: str, person: Any, acting_user: Actor, now: datetime | None = None
) -> tuple[Any, str]:
    """Create a sign-in for a person on the roster, without a usable password. Returns the user
    and the token of its one-time setup link (shown once, never stored). The person, as it is
    now, must be one the actor manages."""
    check_may_change(acting_user, person)
    name = check_new(username)
    user = get_user_model().objects.create_user(username=name, display_name=person.name, person=person)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record(
        actor=acting_user,
        action=Action.ACCOUNT_CREATE,
        obj=user,
        unit_id=person.unit_id,
        changes={"username": [None, name], "person": [None, person.pk]},
    )
    return user, new_link(user, acting_user=acting_user, now=now or clock.now())


@transaction.atomic
def do_issue_setup_link(*, user: Any, acting_user: Actor, now: datetime | None = None) -> str:
    """A new one-time link for someone who lost their password. The current password keeps
    working until the link is used. Refused unless ``may_issue_link``, checked on the account's
    roles as they are now."""
    if not may_issue_link(acting_user, user):
        raise PermissionDenied
    token = new_link(user, acting_user=acting_user, now=now or clock.now())
    record(
        actor=acting_user,
        action=Action.ACCOUNT_SETUP_LINK,
        obj=user,
        unit_id=unit_of(user),
        changes={"setup_link": [None, f"{settings.SETUP_LINK_HOURS} h"]},
    )
    return token


def may_issue_link(manager: Any, user: Any) -> bool:
    """A manager may issue a link only for an account all of whose roles, and whose person,
    lie in units they manage (so nobody can take over an account above or beside them), never their own, and
    never a superuser's."""
    if user.pk == manager.pk or user.is_superuser or not user.is_active:
        return False
    paths = list(user.roles.values_list("unit__path", flat=True))
    if user.person_id is not None:
        paths += list(type(user.person).objects.filter(pk=user.person_id).values_list("unit__path", flat=True))
    return bool(paths) and all(can_manage_path(manager, path) for path in paths)
