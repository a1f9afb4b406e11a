"""Who acts: the type of every action's ``acting_user``, and how a view names it.

Every ``do_*`` action is taken by a signed-in user (``Actor``), whom it records as the actor of
its audit entry and, where the record keeps one, as its ``created_by``/``recorded_by``. A view
passes ``acting(request)``: the views that act sit behind ``login_required`` (the API behind its
token), so the request's user is signed in by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from web.accounts.models import User

#: The signed-in user who takes an action. (A string at run time: the model is named for the
#: type checker only, so importing this costs nothing and reaches no models.)
Actor: TypeAlias = "User"


def acting(request: HttpRequest) -> Actor:
    """The signed-in user of a request that takes an action. The acting views are behind
    ``login_required``, so an anonymous request never gets here; should one ever, it is refused
    (403) rather than handed to an action as its actor."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user
