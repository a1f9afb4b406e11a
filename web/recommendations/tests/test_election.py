"""An election's nomination stage offers the names a published recommendation found over the bar:
one click registers a person on the body's roster as an organisation's nomination, through the
election's own nomination form and action."""

from __future__ import annotations

from django.test import Client

from web.elections import actions as election_actions
from web.elections.models import Nomination
from web.recommendations import actions
from web.recommendations.testing import create, hold, open_meeting


def test_the_nomination_panel_offers_the_recommended_names(client, world):
    meeting, present = open_meeting(world, voters=4)
    rec = create(world, meeting)
    hold(world, Client(), rec, {"A": [["王芳"], ["王芳"]], "B": [["李强"], ["王芳"]]}, present)
    rec = actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser)
    election = election_actions.do_create_election(
        body=world.body_a, title="换届选举", template="open_nomination", acting_user=world.organiser
    )
    election = election_actions.do_start_election(election=election, acting_user=world.organiser)
    client.force_login(world.organiser)
    page = client.get(election.get_absolute_url()).content.decode()
    assert 'id="from-recommendation"' not in page  # not published yet: nothing offered
    actions.do_publish_recommendation(recommendation=rec, acting_user=world.organiser)
    page = client.get(election.get_absolute_url()).content.decode()
    assert 'id="from-recommendation"' in page and "王芳（75.00%）" in page
    assert "李强" not in page.split('id="from-recommendation"')[1].split("</section>")[0]
    stage = election.stages.get(kind="nomination")
    done = client.post(
        f"/staff/elections/{election.pk}/stages/{stage.pk}/nominate",
        {"id_number": world.person_a.id_number, "channel": "organisation", "organisation": rec.title},
    )
    assert done.status_code == 302
    nomination = Nomination.objects.get(election=election)
    assert nomination.person == world.person_a and nomination.channel == "organisation"
    assert nomination.organisation == rec.title
