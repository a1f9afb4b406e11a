"""选举大会 — election: candidates set per post (the margin checked by the engine), then one
meeting with a poll per post; every seat filled, or left unfilled where the template allows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.common.numbers import is_ascii_digits
from web.elections import stages as st
from web.elections.kinds.common import MEETING, MeetingSettings, StageForm, decision_rule, optional, quorum_rule
from web.elections.models import Stage
from web.elections.outcomes import outcome
from web.elections.procedures import POST_NAMES
from web.procedures.kinds import Kind, StepForm


def blockers(stage: Stage) -> list[str]:
    posts = stage.settings.get("posts", [])
    polls = st.current_polls(stage)
    if not polls:
        chosen = st.post_candidates(stage)
        margin = stage.settings.get("margin", "party")
        problems = [
            p for post in posts if (p := st.margin_problem(post, len(chosen.get(post["post"], [])), kind=margin))
        ]
        return [*problems, _("尚未建立选举大会的会议和投票。")]
    allowed = bool(stage.settings.get("unfilled_allowed"))
    return [
        p
        for post in posts
        for p in st.poll_problems(
            str(POST_NAMES.get(post["post"], post["post"])),
            polls.get(post["post"]),
            unfilled_allowed=allowed,
        )
    ]


def finish(stage: Stage, user: Any) -> None:
    """Who was elected to each post, and the seats left unfilled."""
    elected, unfilled = {}, {}
    for post, poll in st.current_polls(stage).items():
        out = outcome(poll)
        elected[post] = [e["name"] for e in out.elected]
        unfilled[post] = out.unfilled
    stage.data = {**stage.data, "elected": elected, "unfilled": unfilled}


def context(stage: Stage) -> dict[str, Any]:
    chosen = st.post_candidates(stage)
    posts = [
        {"post": p, "label": POST_NAMES.get(p["post"], p["post"]), "chosen": chosen.get(p["post"], [])}
        for p in stage.settings.get("posts", [])
    ]
    return {**st.polls_context(stage), "posts": posts, "candidates_open": not st.current_polls(stage)}


class CandidatesForm(StageForm):
    row = "post"
    post = optional()
    #: the chosen nominations: every checked box (read whole in ``clean_nomination``)
    nomination = forms.Field(required=False)

    def clean_nomination(self) -> list[int]:
        data = self.data
        assert isinstance(data, QueryDict)  # the stage view binds the form to request.POST
        return [int(v) for v in data.getlist("nomination") if is_ascii_digits(v)]


def candidates(data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    return {"stage": stage, "post": data["post"], "nomination_ids": data["nomination"]}


class Settings(MeetingSettings):
    rule_quorum = quorum_rule()
    rule_elected = decision_rule(gettext_lazy("当选规则"), "elected")
    margin = forms.ChoiceField(
        label=gettext_lazy("差额要求"),
        choices=[
            ("party", gettext_lazy("党组织选举：候选人多于应选名额的 20%")),
            ("village", gettext_lazy("村民委员会选举：候选人多于应选名额")),
        ],
    )
    unfilled_allowed = forms.BooleanField(label=gettext_lazy("当选人数不足时可另行选举"), required=False)

    def add_rows(self) -> None:
        super().add_rows()
        for post in self.settings.get("posts", []):
            key, name = post["post"], POST_NAMES.get(post["post"], post["post"])
            self.fields[f"seats_{key}"] = forms.IntegerField(
                label=_("%(post)s应选名额") % {"post": name}, min_value=1, max_value=200, initial=post["seats"]
            )
            self.fields[f"competitive_{key}"] = forms.BooleanField(
                label=_("%(post)s差额选举") % {"post": name}, required=False, initial=post["competitive"]
            )

    def row_value(self, name: str) -> Any:
        return None if name.startswith(("seats_", "competitive_")) else super().row_value(name)

    def rows_into(self, settings: dict[str, Any], data: Any) -> None:
        super().rows_into(settings, data)
        settings["posts"] = [
            {**p, "seats": data[f"seats_{p['post']}"], "competitive": data[f"competitive_{p['post']}"]}
            for p in settings.get("posts", [])
        ]


KIND: Kind[Stage] = Kind(
    key="election",
    name=gettext_lazy("选举大会"),
    settings_form=Settings,
    blockers=blockers,
    finish=finish,
    forms={
        "candidates": StepForm(CandidatesForm, "do_set_post_candidates", candidates, gettext_lazy("候选人已设定。")),
        **MEETING,
    },
    panel="elections/kinds/election.html",
    context=context,
)
