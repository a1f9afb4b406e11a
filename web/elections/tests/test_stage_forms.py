"""Every piece of work inside a stage is a Django form of its kind (web/elections/kinds): when the
rules refuse it, the election page comes back (422) with the sentence and with what the person
typed still in the form. Generated over every form the registry offers: a form without a case
here fails the suite."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from web.elections import actions
from web.elections.kinds import KINDS
from web.elections.models import Election, Nomination, Objection, Stage

#: template → the kinds it has; each case runs in the first template that has its kind
TEMPLATE_OF = {"trust": "three_ballot", "weighted": "three_ballot", "research": "three_ballot"}
TEMPLATE_OF |= {k: "village" for k in ("register", "proxies", "supplementary")}

UNKNOWN_ID = "110101199001011237"


def _stage(world: Any, kind: str) -> Stage:
    """An election whose ``kind`` stage is the active one, with one nomination in the pool."""
    election = actions.do_create_election(
        body=world.body_a,
        title="换届选举",
        template=TEMPLATE_OF.get(kind, "open_nomination"),
        acting_user=world.organiser,
    )
    actions.do_start_election(election=election, acting_user=world.organiser)
    target = election.stages.filter(kind=kind).first()
    election.stages.filter(position__lt=target.position).update(state=Stage.State.DONE)
    election.stages.filter(position__gt=target.position).update(state=Stage.State.PENDING)
    Stage.objects.filter(pk=target.pk).update(state=Stage.State.ACTIVE, started_at=timezone.now())
    Nomination.objects.create(
        election=election,
        person=world.person_a,
        channel=Nomination.Channel.SELF,
        status=Nomination.Status.ELIGIBLE,
        created_at=timezone.now(),
    )
    return Stage.objects.get(pk=target.pk)


def _nomination(stage: Stage) -> int:
    return stage.election.nominations.get().pk


def _formal(stage: Stage) -> int:
    stage.election.nominations.update(formal=True, primary_votes=9)
    return _nomination(stage)


def _finish(stage: Stage) -> None:
    Stage.objects.filter(pk=stage.pk).update(state=Stage.State.DONE)


def _objection(stage: Stage) -> int:
    return Objection.objects.create(stage=stage, raised_by="李四", text="有异议", raised_at=timezone.now()).pk


#: (kind, form) → (what is sent, refused; the texts that must come back on the page)
CASES: dict[tuple[str, str], Any] = {
    ("nomination", "nominate"): lambda s: (
        {"id_number": UNKNOWN_ID, "channel": "self", "statement": "愿为大家服务"},
        [UNKNOWN_ID, "愿为大家服务"],
    ),
    ("review", "check"): lambda s: (
        {"nomination": _nomination(s), "condition": "age", "passed": "no", "reason": ""},
        ['value="age" selected', 'value="no" selected'],
    ),
    ("notice", "objection"): lambda s: ({"raised_by": "赵六", "text": ""}, ['value="赵六"']),
    ("notice", "answer"): lambda s: ({"objection": _objection(s), "answer": "", "upheld": "yes"}, ['"yes" selected']),
    # nothing to type: refused because the stage is over, the page still comes back
    ("register", "register"): lambda s: (_finish(s) or {}, []),
    ("primary", "meeting"): lambda s: (_finish(s) or {}, []),
    ("election", "candidates"): lambda s: (
        {"post": "member", "nomination": [str(_formal(s)), "999999"]},
        [f'value="{_nomination(s)}" checked'],
    ),
    ("supplementary", "supplementary"): lambda s: ({"post": "nobody"}, []),
    ("trust", "trust"): lambda s: (
        {"nomination": _nomination(s), "base": "十二", "trust": "7"},
        ['value="十二"', 'value="7"'],
    ),
    ("weighted", "layer"): lambda s: ({"layer": "A", "base": "三十一"}, ['value="三十一"']),
    ("research", "report"): lambda s: ({"nomination": _nomination(s)}, []),
    ("proxies", "proxy"): lambda s: ({"voter": UNKNOWN_ID, "holder": "110101199001011245"}, [UNKNOWN_ID]),
}


def test_every_form_of_every_kind_has_a_case():
    """Forms two kinds share (objections, the meeting) are one form: one case covers both."""
    offered = {name: kind.key for kind in KINDS for name in kind.forms}
    assert sorted(offered) == sorted(name for _kind, name in CASES)
    assert all(name in KINDS[kind].forms for kind, name in CASES)


@pytest.mark.parametrize(("kind", "name"), list(CASES))
def test_a_refused_form_comes_back_with_the_sentence_and_what_was_typed(world, client_for, kind, name):
    client = client_for(world.organiser)
    stage = _stage(world, kind)
    sent, kept = CASES[(kind, name)](stage)
    response = client.post(f"/staff/elections/{stage.election_id}/stages/{stage.pk}/{name}", sent)
    page = response.content.decode()
    assert response.status_code == 422, page[:500]
    sentences = [str(m) for m in response.context["messages"]]
    assert sentences and all(s in page for s in sentences)  # the refusal, on the page
    for text in kept:
        assert text in page, f"{kind}/{name}: {text!r} was not kept"
    assert Election.objects.get(pk=stage.election_id).stages.get(pk=stage.pk).data == stage.data  # nothing written


def test_reopening_without_a_reason_is_refused_on_the_page(world, client_for):
    """The reopen form: a reason is required (the action's sentence); the page comes back (422)
    and nothing moves. (The form is only shown for a finished stage of a running election, so
    the reason is the one refusal a person can meet.)"""
    client = client_for(world.organiser)
    stage = _stage(world, "review")
    earlier = stage.election.stages.get(position=0)
    response = client.post(f"/staff/elections/{stage.election_id}/stages/{earlier.pk}/reopen", {"reason": "  "})
    assert response.status_code == 422
    assert [str(m) for m in response.context["messages"]] == ["重新打开阶段必须写明理由。"]
    assert Stage.objects.get(pk=earlier.pk).state == Stage.State.DONE
    assert Stage.objects.get(pk=stage.pk).state == Stage.State.ACTIVE
