"""The trust test's gate (三票制, DOMAIN.md §5.5): chosen from its statutory preset, the pilot's
50% with its basis, or written by staff as one comparison of the trust votes and the base; a
rule that is not one is refused in a sentence, in Chinese and English, never a 500."""

from __future__ import annotations

import pytest

from web.common.presetfield import without_advanced
from web.elections.kinds.trust import Settings
from web.elections.tests.helpers import adjust, create, page, stage


@pytest.fixture
def election(world, client_for):
    return create(client_for(world.organiser), world.body_a.pk, "three_ballot", title="三票制公推直选镇党委书记")


def test_the_gate_shows_as_its_preset_with_the_pilot_s_basis(world, client_for, election):
    html = page(client_for(world.organiser), election).content.decode()
    assert 'value="trust_gate" checked' in html
    assert "信任票不少于基数的二分之一" in html and "获信任票达 50% 以上的参选人方能参加结构推荐" in html
    assert "基数为本人原工作单位参加测评的人数" in html
    assert "of base" not in without_advanced(html)


def test_the_summary_words_the_gate_with_its_basis(election):
    summary = dict(Settings(settings=stage(election, "trust").settings).summary())
    assert summary["进入下一环节的条件"].startswith("信任票不少于基数的二分之一（依据：“三票制”公推直选试点")


@pytest.mark.parametrize(
    ("posted", "stored"),
    [
        ({"rule_gate": "trust_gate"}, "trust >= 1/2 of base"),
        ({"rule_gate": "advanced", "rule_gate_text": "3*trust >= 2*base"}, "3*trust >= 2*base"),
    ],
)
def test_choosing_the_gate_stores_the_rule(world, client_for, election, posted, stored):
    adjust(client_for(world.organiser), election, "trust", **posted)
    assert stage(election, "trust").settings["gate"] == stored


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("trust >=", "这条规则无法读取", "This rule cannot be read"),
        ("for > 1/2 of base", "不能用“for”", "may only compare"),
        ('{"all": ["trust >= 1/2 of base"]}', "这里只能写一条比较", "Write one comparison here"),
    ],
)
def test_a_gate_that_is_not_one_comparison_is_refused_in_a_sentence(world, client_for, election, text, zh, en):
    c = client_for(world.organiser)
    response = adjust(c, election, "trust", rule_gate="advanced", rule_gate_text=text)
    assert response.status_code < 500 and zh in response.content.decode()
    c.cookies["django_language"] = "en"
    response = adjust(c, election, "trust", rule_gate="advanced", rule_gate_text=text)
    assert response.status_code < 500 and en in response.content.decode()
    assert stage(election, "trust").settings["gate"] == "trust >= 1/2 of base"


def test_the_live_preview_refuses_a_composite_gate(world, client_for):
    query = {"field": "g_text", "names": "trust,base", "single": "1", "g_text": '{"all": ["trust >= 1/2 of base"]}'}
    part = client_for(world.organiser).get("/staff/rules/preview", query).content.decode()
    assert "这里只能写一条比较" in part
