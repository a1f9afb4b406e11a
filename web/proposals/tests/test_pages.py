"""The proposal pages through the test client: filing with the near-duplicate suggestion, the
actions of each person on the proposal page, refusals shown as sentences with nothing written,
and the public board."""

from __future__ import annotations

from django.urls import reverse

from web.proposals import testing
from web.proposals.models import Proposal, Signature


def _file_data(pw, text="parking", **extra):
    title, situation, request = testing.TEXTS[text]
    data = {
        "theme": pw.theme().pk,
        "title": title,
        "situation": situation,
        "request": request,
        "cosigners": [pw.seats[1].pk, pw.seats[2].pk],
    }
    data.update(extra)
    return data


def test_filing_suggests_a_near_duplicate_and_files_only_when_told(pw, client_for):
    testing.submitted(pw)  # 王芳's parking proposal
    c = client_for(pw.reps[3])
    url = reverse("proposals:file", args=[pw.season.pk])
    assert c.get(url).status_code == 200
    page = c.post(url, _file_data(pw, cosigners=[pw.seats[4].pk, pw.seats[2].pk]))
    assert page.status_code == 200 and "本季已有相似的提案" in page.content.decode()
    assert Proposal.objects.count() == 1  # nothing filed yet
    done = c.post(url, _file_data(pw, cosigners=[pw.seats[4].pk, pw.seats[2].pk], alone="on"))
    assert done.status_code == 302 and Proposal.objects.count() == 2


def test_a_proposal_without_enough_supporters_is_refused_with_a_sentence(pw, client_for):
    c = client_for(pw.reps[0])
    page = c.post(reverse("proposals:file", args=[pw.season.pk]), _file_data(pw, "school", cosigners=[pw.seats[1].pk]))
    assert page.status_code == 422
    assert "提案至少要有 2 位其他代表附议" in page.content.decode()
    assert not Proposal.objects.exists()


def test_the_proposal_page_offers_each_person_their_action(pw, client_for):
    p = testing.file(pw)
    url = reverse("proposals:proposal", args=[p.pk])
    assert "act-second" in client_for(pw.reps[1]).get(url).content.decode()
    assert "act-submit" in client_for(pw.reps[0]).get(url).content.decode()
    c = client_for(pw.reps[0])
    refused = c.post(reverse("proposals:act", args=[p.pk, "submit"]))
    assert refused.status_code == 409 and "现在有 0 位已确认附议" in refused.content.decode()
    assert Proposal.objects.get().state == "signing"
    for i in (1, 2):
        assert client_for(pw.reps[i]).post(reverse("proposals:act", args=[p.pk, "second"])).status_code == 302
    assert Signature.objects.filter(state="confirmed").count() == 2
    assert c.post(reverse("proposals:act", args=[p.pk, "submit"])).status_code == 302
    # a representative may not review; a street's staff may (the proposal is their delegation's)
    assert (
        client_for(pw.reps[1])
        .post(reverse("proposals:act", args=[p.pk, "review"]), {"review-decision": "accept"})
        .status_code
        == 403
    )
    staff = client_for(pw.org.street_staff)
    page = staff.post(
        reverse("proposals:act", args=[p.pk, "review"]), {"review-decision": "decline", "review-reason": ""}
    )
    assert page.status_code == 422 and "不予立案要写明理由" in page.content.decode()
    assert (
        staff.post(
            reverse("proposals:act", args=[p.pk, "review"]),
            {"review-decision": "decline", "review-reason": "属于人大建议"},
        ).status_code
        == 302
    )
    board = client_for(None).get(reverse("proposals_board:index")).content.decode()
    assert "属于人大建议" in board and testing.TEXTS["parking"][0] in board


def test_a_draft_is_not_on_the_board(pw, client_for):
    p = testing.file(pw)
    assert client_for(None).get(reverse("proposals_board:proposal", args=[p.pk])).status_code == 404
    assert testing.TEXTS["parking"][0] not in client_for(None).get(reverse("proposals_board:index")).content.decode()


def test_pages_open(pw, client_for):
    p = testing.answered(pw)
    for user, name, args in (
        (pw.reps[0], "proposals:index", []),
        (pw.district_staff, "proposals:index", []),
        (pw.district_staff, "proposals:season_new", []),
        (pw.district_staff, "proposals:season", [pw.season.pk]),
        (pw.reps[2], "proposals:season", [pw.season.pk]),
        (pw.traffic_handler, "proposals:proposal", [p.pk]),
        (pw.reps[0], "proposals:proposal", [p.pk]),
        (None, "proposals_board:index", []),
        (None, "proposals_board:proposal", [p.pk]),
    ):
        assert client_for(user).get(reverse(name, args=args)).status_code == 200, (user, name)
    assert "act-rate" in client_for(pw.reps[0]).get(reverse("proposals:proposal", args=[p.pk])).content.decode()
