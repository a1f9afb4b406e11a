"""The actor a view hands an action: the signed-in user, never an anonymous visitor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from web.accounts.actors import acting


def test_a_signed_in_request_acts_as_its_user(world):
    request = RequestFactory().post("/")
    request.user = world.organiser
    assert acting(request) is world.organiser


def test_an_anonymous_request_is_refused_rather_than_handed_to_an_action():
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        acting(request)
