"""A ballot is shown in words wherever a page shows one (the receipt check on the board, the
tellers' entries), never as the dict it is stored as."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from web.meetings.templatetags.meetings_tags import ballot_words


class _Poll:
    def __init__(self) -> None:
        self.candidates = self

    def all(self):  # the candidates of an election, as poll.candidates.all() gives them
        from types import SimpleNamespace

        return [SimpleNamespace(key="c1", name="赵一"), SimpleNamespace(key="c2", name="钱二")]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ({"vote": "yes"}, "赞成"),
        ({"vote": "no"}, "反对"),
        ({"vote": "abstain"}, "弃权"),
        ({"spoiled": True}, "废票"),
        ({"marks": {"c1": "for", "c2": "abstain"}}, "赵一：赞成；钱二：弃权"),
        (
            {"marks": {"c1": "against", "c2": "for"}, "write_ins": [{"replaces": "c1", "name": "孙三"}]},
            "赵一：不赞成（另选 孙三）；钱二：赞成",
        ),
        (None, "—"),
    ],
)
def test_every_kind_of_ballot_reads_as_words(content, words):
    assert ballot_words(content, _Poll()) == words


#: a stored JSON field printed as it is: ``{{ x.content }}``, ``{{ x.changes }}``, ``{{ x.result }}`` …
RAW = re.compile(r"{{\s*[\w.]+\.(content|changes|result|record|data)\s*}}")


def test_no_template_prints_a_stored_dict_as_it_is():
    offences = [
        f"{path.relative_to(settings.BASE_DIR)}: {m.group(0)}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for m in RAW.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offences == []


def test_the_receipt_check_shows_the_ballot_in_words(world, client):
    from web.audit.tests.publications import publish_poll
    from web.meetings.models import Ballot

    poll = publish_poll(world)
    ballot = Ballot.objects.filter(poll=poll, content__vote="no").get()
    text = client.post("/check/", {"receipt": ballot.receipt}).content.decode()
    assert "<dt>您的意见</dt><dd>反对</dd>" in text and "&#x27;vote" not in text and "'vote'" not in text
