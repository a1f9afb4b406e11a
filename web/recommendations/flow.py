"""How a democratic recommendation moves (``web.procedures.machine``, a recommendation that is its
own parent): the classes fill their forms in the meeting; once every class's poll is counted the
forms are put together and counted by the engine; the result is published on the board."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from web.procedures.machine import Machine, Move
from web.recommendations.errors import RecommendationError
from web.recommendations.models import Recommendation, RecommendationEvent

_S = Recommendation.State
_E = RecommendationEvent.Kind

RECOMMENDATIONS: Machine[Recommendation, Recommendation] = Machine(
    parent=Recommendation,
    step=Recommendation,
    parent_field="",
    error=RecommendationError,
    moves={
        "count": Move(
            leaves=frozenset({_S.FORMS}),
            arrives=_S.COUNTED,
            event=_E.COUNTED,
            refusal=gettext_lazy("这次推荐已经汇总计票。"),
        ),
        "publish": Move(
            leaves=frozenset({_S.COUNTED}),
            arrives=_S.PUBLISHED,
            event=_E.PUBLISHED,
            finishes=True,
            refusal=gettext_lazy("只有已汇总计票、尚未公布的推荐可以公布。"),
        ),
    },
)
