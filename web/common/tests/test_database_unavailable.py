"""While the database cannot be reached, pages and the API answer 503 with Retry-After and a
sentence a person understands — never a 500 or a traceback."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("gone")])
def test_a_public_page_says_the_database_is_away(world, client, monkeypatch, error):
    from web.portal import views

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(views, "_public_unit", fail)
    response = client.get(f"/u/{world.community_a.code}/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = response.content.decode()
    assert "暂时无法连接数据库" in page and "Traceback" not in page


def test_a_ballot_cast_while_the_database_is_away_is_a_503_not_a_500(world, client, monkeypatch):
    from web.meetings import actions
    from web.meetings.testing import make_meeting, received

    meeting = make_meeting(world, voters=2, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting,
            title="是否同意",
            kind="motion",
            rules={"passes": "yes > 1/2 of present"},
            acting_user=world.organiser,
        ),
        acting_user=world.organiser,
    )

    def fail(**kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(actions, "cast_ballot", fail)
    response = client.post(
        "/vote/cast", {"poll": poll.pk, "code": "ABCDEFGHJKMNPQRS", "vote": "yes"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 503
    assert "The database cannot be reached just now" in response.content.decode()
    assert received(poll) == []


def test_other_errors_still_go_to_the_server_error_page(world, client, monkeypatch):
    from web.portal import views

    def fail(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "_public_unit", fail)
    client.raise_request_exception = False
    assert client.get(f"/u/{world.community_a.code}/").status_code == 500


def test_the_api_answers_503_in_json(world, monkeypatch):
    from django.test import Client

    from web.api.actions import do_create_api_token
    from web.org import queries

    secret = do_create_api_token(user=world.organiser, name="t", acting_user=world.organiser)[1]

    def fail(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(queries, "access_unit", fail)
    response = Client().get(f"/api/v1/units/{world.community_a.pk}", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"
