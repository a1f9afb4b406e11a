"""另行选举 — supplementary: a new vote for each post the election stage left unfilled."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.elections import stages as st
from web.elections.kinds import election
from web.elections.kinds.common import StageForm, StageSettings, decision_rule, optional, quorum_rule
from web.elections.models import Stage
from web.elections.procedures import POST_NAMES
from web.procedures.kinds import Kind, StepForm


def election_stage(stage: Stage) -> Stage | None:
    """The election stage this supplementary round follows."""
    return next((s for s in reversed(st.earlier(stage)) if s.kind == election.KIND.key), None)


def unfilled_posts(stage: Stage) -> dict[str, int]:
    """Posts of the election stage before ``stage`` whose seats were left unfilled."""
    source = election_stage(stage)
    if source is None:
        return {}
    return {post: n for post, n in source.data.get("unfilled", {}).items() if n}


def blockers(stage: Stage) -> list[str]:
    problems = []
    for post, n in unfilled_posts(stage).items():
        poll = st.current_polls(stage).get(post)
        label = str(POST_NAMES.get(post, post))
        if poll is None:
            problems.append(_("%(post)s尚有 %(n)d 个名额空缺，须另行选举。") % {"post": label, "n": n})
        else:
            problems += st.poll_problems(_("%(post)s另行选举") % {"post": label}, poll, unfilled_allowed=True)
    return problems


def context(stage: Stage) -> dict[str, Any]:
    return {**st.polls_context(stage), "unfilled": unfilled_posts(stage)}


class PostForm(StageForm):
    post = optional()


START = StepForm(
    PostForm,
    "do_start_supplementary",
    lambda data, stage: {"stage": stage, "post": data["post"]},
    gettext_lazy("另行选举的投票已建立。"),
)


class Settings(StageSettings):
    rule_quorum = quorum_rule()
    rule_elected = decision_rule(gettext_lazy("当选规则"), "elected")
    extra_candidates = forms.IntegerField(label=gettext_lazy("候选人多于名额"), min_value=0, max_value=10)


KIND: Kind[Stage] = Kind(
    key="supplementary",
    name=gettext_lazy("另行选举"),
    settings_form=Settings,
    blockers=blockers,
    forms={"supplementary": START},
    panel="elections/kinds/supplementary.html",
    context=context,
)
