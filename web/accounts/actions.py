"""Writes to accounts, each with its audit entry in the same transaction."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from web.audit.actions import record

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_initial_password() -> str:
    """12 characters without look-alikes (l/1, o/0), easy to read out over the phone."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


@transaction.atomic
def do_create_account(*, username: str, person: Any, acting_user: Any) -> tuple[Any, str]:
    """Create a sign-in for a person on the roster. Returns the user and the one-time password."""
    password = new_initial_password()
    user = get_user_model().objects.create_user(
        username=username, password=password, display_name=person.name, person=person
    )
    record(actor=acting_user, action="account.create", obj=user, unit_id=person.unit_id,
           changes={"username": [None, username], "person": [None, person.pk]})
    return user, password
