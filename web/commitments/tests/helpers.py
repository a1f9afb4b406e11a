"""Walking a year of commitments through the pages, as the unit's staff and the owners do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from web.commitments.models import Commitment, CommitmentYear


def at(day: str, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


class Clock:
    """The one clock (``web.common.clock.now``), frozen and set by hand."""

    def __init__(self) -> None:
        self.now_at = at("2026-01-10")

    def now(self) -> dt.datetime:
        return self.now_at

    def set(self, day: str) -> None:
        self.now_at = at(day)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def create_year(client: Any, unit_id: int, year: int = 2026) -> CommitmentYear:
    r = client.post(f"/staff/units/{unit_id}/commitments/", {"year": year})
    assert r.status_code == 302, r.content.decode()[:2000]
    return CommitmentYear.objects.get(pk=int(r["Location"].rstrip("/").split("/")[-1]))


def add_item(
    client: Any,
    year: CommitmentYear,
    *,
    item: str,
    owner: Any,
    deadline: str,
    budget: str = "120000",
    category: str = "infrastructure",
) -> Commitment:
    r = client.post(
        f"/staff/commitments/years/{year.pk}/items/new",
        {"item": item, "owner": owner.pk, "deadline": deadline, "budget": budget, "category": category},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    return Commitment.objects.get(year=year, item=item)


def post_progress(client: Any, commitment: Commitment, quarter: int, percent: Any, text: str = "按计划推进") -> Any:
    return client.post(
        f"/staff/commitments/{commitment.pk}/progress", {"quarter": quarter, "percent": percent, "text": text}
    )


def survey_data(
    *,
    returned: int,
    blank: int,
    spoiled: int,
    committees: tuple[int, int, int],
    cadres: list[tuple[Any, str, tuple[int, int, int]]],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "returned": returned,
        "blank": blank,
        "spoiled": spoiled,
        "satisfied": committees[0],
        "basic": committees[1],
        "unsatisfied": committees[2],
        "cadre-TOTAL_FORMS": 7,
        "cadre-INITIAL_FORMS": 0,
        "cadre-MIN_NUM_FORMS": 0,
        "cadre-MAX_NUM_FORMS": 30,
    }
    for n in range(7):
        data[f"cadre-{n}-post"] = "member"
    for n, (person, post, counts) in enumerate(cadres):
        data.update(
            {
                f"cadre-{n}-person": person.pk,
                f"cadre-{n}-post": post,
                f"cadre-{n}-satisfied": counts[0],
                f"cadre-{n}-basic": counts[1],
                f"cadre-{n}-unsatisfied": counts[2],
            }
        )
    return data
