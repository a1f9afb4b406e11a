"""Writes for API tokens, each with its audit entry in the same transaction.

Only the SHA-256 of a token is stored; the secret is returned once, to be shown once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from web.accounts.actors import Actor
from web.accounts.models import ApiToken
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock


@transaction.atomic
def do_create_api_token(*, user: Any, name: str, acting_user: Actor | str) -> tuple[ApiToken, str]:
    """A token for ``user``, and its secret (shown once). ``acting_user`` is the signed-in user, or
    the name of the command that made it (``manage.py create_api_token``) for the audit entry."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:8], digest=ApiToken.digest_of(secret), created_at=clock.now()
    )
    record(
        actor=acting_user,
        action=Action.API_TOKEN_CREATE,
        obj=token,
        changes={"user": [None, user.pk], "name": [None, name], "prefix": [None, token.prefix]},
    )
    return token, secret


@transaction.atomic
def do_revoke_api_token(*, token: ApiToken, acting_user: Actor) -> None:
    record(
        actor=acting_user,
        action=Action.API_TOKEN_REVOKE,
        obj=token,
        changes={"user": [token.user_id, None], "name": [token.name, None], "prefix": [token.prefix, None]},
    )
    token.delete()
