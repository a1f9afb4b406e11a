"""What of commitments needs a person on their home page (``web.common.attention``): the adopted
commitments past their deadline and not done, and those whose progress for this quarter is not
reported yet, for their owner (责任人) and for the staff who manage the unit; each linked to its
progress form. Both disappear when their cause is done (the item completed or dropped, the
quarter reported, the year reviewed)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.commitments import periods
from web.commitments.models import Commitment, CommitmentYear, Progress
from web.common.attention import Asking, Found, Item, Source, register
from web.org.queries import managed_paths, under_paths


def _commitments_due(asking: Asking) -> Found | None:
    person_id = getattr(asking.user, "person_id", None)
    paths = managed_paths(asking.user)
    if person_id is None and not paths:
        return None
    today = asking.today
    quarter = periods.quarter_of(today)
    mine = Q(owner_id=person_id) if person_id is not None else Q(pk__in=[])
    reported = Progress.objects.filter(commitment=OuterRef("pk"), quarter=quarter)
    rows = (
        Commitment.objects.filter(
            year__state=CommitmentYear.State.ADOPTED, dropped_at__isnull=True, done_on__isnull=True
        )
        .filter(mine | under_paths("year__unit__path", paths))
        .filter(Q(deadline__lt=today) | Q(year__year=today.year) & ~Exists(reported))
        .select_related("year__unit", "owner")
        .only("item", "deadline", "year__unit__name", "owner__name")  # what the items say, no more
        .order_by("deadline", "id")
    )
    items: list[Item] = []
    for c in rows[: asking.limit]:  # by deadline: the overdue come first
        late = c.deadline < today
        if late:
            text = gettext("%(item)s：完成时限 %(deadline)s 已过，尚未完成") % {"item": c.item, "deadline": c.deadline}
        else:
            text = gettext("%(item)s：第 %(q)s 季度进展待报送（%(end)s 前）") % {
                "item": c.item,
                "q": quarter,
                "end": periods.quarter_end(today.year, quarter),
            }
        items.append(
            Item(
                text=text,
                url=reverse("commitments:progress", args=[c.pk]),
                where=f"{c.year.unit.name} · {c.owner.name}",
                when=c.deadline,
                late=late,
                action=gettext("报送进展"),
            )
        )
    return Found(items=items, total=rows.count() if len(items) == asking.limit else len(items))


COMMITMENTS = register(
    Source(
        "commitments",
        _("逾期承诺和本季度待报送的进展"),
        25,
        _commitments_due,
        help=_("您负责或您管理的单位里，已过完成时限的承诺，以及本季度还没有报送进展的承诺。"),
    )
)
