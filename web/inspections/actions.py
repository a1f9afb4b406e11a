"""Writes of the random inspection: the standing plan and its pools, and each month's draw on the
procedure machinery (``web.inspections.flow.DRAWS``): open, freeze the pool and publish its
hash, fix the seed in public (two agreeing entries by two people, or a commitment revealed),
draw with the engine and publish; a re-run of a month only with a reason. Each action is one
transaction with one audit entry; a refusal is a sentence and nothing is written."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jiceng import draw as engine
from jiceng.errors import RecordError
from jiceng.record import record_sha256
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.inspections import records
from web.inspections.errors import refuse
from web.inspections.flow import DRAWS
from web.inspections.models import Cadre, Draw, Inspector, Pick, Plan, Sequence
from web.inspections.queries import resting_cadres, this_month
from web.org.models import Unit
from web.org.queries import STREET_LEVEL_KINDS, check_path

S = Draw.State
HEX64 = re.compile(r"[0-9a-f]{64}")
LIMITS = {"min_party_mass": (1, 50), "min_government": (2, 50), "inspectors": (2, 50), "rest_months": (0, 24)}


def _audit(actor: Any, action: Action, obj: Any, reason: str = "", **changes: Any) -> None:
    record(actor=actor, action=action, obj=obj, reason=reason, changes={k: [None, v] for k, v in changes.items()})


def _manages(user: Any, plan: Plan) -> None:
    check_path(user, plan.unit.path, manage=True)


def _text(value: str, limit: int, missing: str, code: str) -> str:
    value = " ".join(unicodedata.normalize("NFKC", value or "").split())
    if not value:
        raise refuse(missing, code, 422)
    if len(value) > limit:
        raise refuse(_("填写的内容太长了（最多 %(n)s 个字）。") % {"n": limit}, "too_long", 422)
    return value


# ---- the plan and its pools ---------------------------------------------------------------------


@transaction.atomic
def do_save_plan(*, unit: Unit, title: str, acting_user: Any, **numbers: int) -> Plan:
    """Create the unit's plan, or change its settings: the minima (at least seed 000's one and
    two), the number of inspectors (at least two) and the months a cadre rests after a draw."""
    check_path(acting_user, unit.path, manage=True)
    if unit.kind not in STREET_LEVEL_KINDS:
        raise refuse(_("随机考察方案由区、街道或乡镇制定。"), "wrong_unit", 400)
    for name, (low, high) in LIMITS.items():
        value = numbers.get(name)
        if not isinstance(value, int) or not low <= value <= high:
            raise refuse(
                _("%(what)s要在 %(low)s 到 %(high)s 之间。")
                % {"what": Plan._meta.get_field(name).verbose_name, "low": low, "high": high},  # type: ignore[union-attr]
                "bad_number",
                422,
            )
    title = _text(title, 100, _("请填写方案名称。"), "title_required")
    plan = Plan.objects.select_for_update().filter(unit=unit).first()
    before = {k: getattr(plan, k) for k in (*LIMITS, "title")} if plan else {}
    if plan is None:
        plan = Plan(unit=unit, created_at=clock.now())
    plan.title = title
    for name in LIMITS:
        setattr(plan, name, numbers[name])
    plan.save()
    after = {k: getattr(plan, k) for k in (*LIMITS, "title")}
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    record(actor=acting_user, action=Action.INSPECTION_PLAN_SAVE, obj=plan, changes=changes)
    return plan


@transaction.atomic
def do_add_to_pool(
    *, plan: Plan, name: str, workplace: str, acting_user: Any, sequence: str = "", post: str = ""
) -> Cadre | Inspector:
    """Add a cadre (with a ``sequence``) or, without one, an inspector to the plan's pools."""
    _manages(acting_user, plan)
    name = _text(name, 50, _("请填写姓名。"), "name_required")
    workplace = records.place(_text(workplace, 60, _("请填写所在单位，回避按它判断。"), "workplace_required"))
    model: type[Cadre] | type[Inspector] = Cadre if sequence else Inspector
    if sequence and sequence not in Sequence.values:
        raise refuse(_("请选择所属系统：党群系统、政府部门或街道。"), "sequence_required", 422)
    if model.objects.filter(plan=plan, name=name, workplace=workplace).exists():
        raise refuse(_("%(name)s（%(place)s）已经在名单里了。") % {"name": name, "place": workplace}, "duplicate", 409)
    extra: dict[str, Any] = {"sequence": sequence, "post": " ".join(post.split())[:60]} if sequence else {}
    entry = model.objects.create(plan=plan, name=name, workplace=workplace, added_at=clock.now(), **extra)
    _audit(acting_user, Action.INSPECTION_POOL_ADD, entry, name=name, workplace=workplace, **extra)
    return entry


@transaction.atomic
def do_set_exclusion(*, entry: Cadre | Inspector, reason: str, acting_user: Any) -> Cadre | Inspector:
    """Leave a person out of every draw with a reason (shown in the frozen pool), or, with an
    empty reason, put them back."""
    _manages(acting_user, entry.plan)
    entry = type(entry).objects.select_for_update().select_related("plan__unit").get(pk=entry.pk)
    reason = " ".join(unicodedata.normalize("NFKC", reason or "").split())[:200]
    if reason == entry.excluded_reason:
        raise refuse(_("没有变化。"), "unchanged", 409)
    record(
        actor=acting_user,
        action=Action.INSPECTION_POOL_EXCLUDE,
        obj=entry,
        reason=reason,
        changes={"excluded_reason": [entry.excluded_reason, reason]},
    )
    entry.excluded_reason = reason
    entry.save(update_fields=["excluded_reason"])
    return entry


# ---- a month's draw -----------------------------------------------------------------------------


@transaction.atomic
def do_open_draw(*, plan: Plan, month: dt.date, acting_user: Any, reason: str = "") -> Draw:
    """Open the month's draw. If the month already has one, only with a reason: the earlier draw
    is superseded (kept, and shown publicly beside the new one with the reason)."""
    _manages(acting_user, plan)
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    month = month.replace(day=1)
    if month > this_month():
        raise refuse(_("只能为本月或以前的月份抽取。"), "future_month", 422)
    live = plan.draws.exclude(state=S.SUPERSEDED).filter(month=month).first()
    reason = " ".join(reason.split())
    if live is not None:
        DRAWS.move(DRAWS.locked(live), "supersede", acting_user, reason=reason)
    attempt = (plan.draws.filter(month=month).order_by("-attempt").values_list("attempt", flat=True).first() or 0) + 1
    draw = Draw.objects.create(
        plan=plan, month=month, attempt=attempt, replaces=live, rerun_reason=reason if live else "",
        opened_at=clock.now(),
    )  # fmt: skip
    _audit(acting_user, Action.INSPECTION_DRAW_OPEN, draw, reason=draw.rerun_reason, month=f"{month:%Y-%m}",
           attempt=attempt)  # fmt: skip
    return draw


def _person(entry: Cadre) -> dict[str, str]:
    return {"id": f"c{entry.pk}", "name": entry.name, "workplace": entry.workplace, "post": entry.post,
            "sequence": entry.sequence}  # fmt: skip


def build_pool(draw: Draw) -> dict[str, Any]:
    """The pool as it would be frozen now: the plan's people less those excluded or resting."""
    plan = draw.plan
    resting = resting_cadres(plan, draw.month)
    strata: dict[str, list[dict[str, str]]] = {records.PARTY_MASS: [], records.GOVERNMENT: []}
    excluded: list[dict[str, str]] = []
    for cadre in plan.cadres.order_by("id"):
        if cadre.excluded_reason:
            excluded.append({**_person(cadre), "reason": cadre.excluded_reason})
        elif cadre.pk in resting:
            why = records.resting_reason(f"{resting[cadre.pk]:%Y-%m}", plan.rest_months)
            excluded.append({**_person(cadre), "reason": why})
        else:
            key = records.PARTY_MASS if cadre.sequence == Sequence.PARTY_MASS else records.GOVERNMENT
            strata[key].append(_person(cadre))
    inspectors = []
    for i in plan.inspectors_pool.order_by("id"):
        row = {"id": f"i{i.pk}", "name": i.name, "workplace": i.workplace}
        (excluded.append({**row, "reason": i.excluded_reason}) if i.excluded_reason else inspectors.append(row))
    return records.pool_document(
        title=f"{plan.title} {draw.month:%Y-%m}",
        unit=plan.unit.name,
        month=f"{draw.month:%Y-%m}",
        attempt=draw.attempt,
        strata=[
            {"id": key, "name": records.STRATUM_NAMES[key], "minimum": minimum, "people": strata[key]}
            for key, minimum in ((records.PARTY_MASS, plan.min_party_mass), (records.GOVERNMENT, plan.min_government))
        ],
        excluded=excluded,
        inspectors=inspectors,
        inspectors_wanted=plan.inspectors,
    )


def pool_shortfalls(pool: dict[str, Any]) -> list[str]:
    """What keeps the pool from being frozen, in sentences (nothing: it may be)."""
    names = {records.PARTY_MASS: _("党群系统"), records.GOVERNMENT: _("政府部门和街道")}
    out = [
        _("%(stratum)s可抽取的只有 %(n)s 人，少于最少抽取人数 %(min)s 人。")
        % {"stratum": names[s["id"]], "n": len(s["people"]), "min": s["minimum"]}
        for s in pool["strata"]
        if len(s["people"]) < s["minimum"]
    ]
    cadres = [p for s in pool["strata"] for p in s["people"]]
    total = sum(s["minimum"] for s in pool["strata"])
    wanted = pool["inspectors"]["wanted"]
    left = records.inspectors_left_at_worst(cadres, pool["inspectors"]["people"], total)
    if left < wanted:
        out.append(
            _("考察人员回避后最少只剩 %(n)s 人，少于要抽取的 %(wanted)s 人：请增加其他单位的考察人员。")
            % {"n": max(left, 0), "wanted": wanted}
        )
    return out


@transaction.atomic
def do_freeze_pool(*, draw: Draw, acting_user: Any) -> Draw:
    """Freeze the pool and publish its SHA-256, before any seed exists. Refused, with what is
    short, when a stratum has fewer people than its minimum or too few inspectors may remain."""
    _manages(acting_user, draw.plan)
    draw = DRAWS.locked(draw, "plan__unit")
    DRAWS.check(draw, "freeze")
    pool = build_pool(draw)
    short = pool_shortfalls(pool)
    if short:
        raise refuse(" ".join(short), "pool_too_small", 422)
    draw.pool, draw.pool_sha256, draw.frozen_at = pool, record_sha256(pool), clock.now()
    DRAWS.move(draw, "freeze", acting_user, save=["pool", "pool_sha256", "frozen_at"])
    _audit(acting_user, Action.INSPECTION_DRAW_FREEZE, draw, pool_sha256=draw.pool_sha256)
    return draw


def clean_seed(seed: str) -> str:
    """The seed as it is hashed: NFKC, runs of spaces as one space, no spaces at either end."""
    return " ".join(unicodedata.normalize("NFKC", seed or "").split())


def _seed_open(draw: Draw) -> None:
    if draw.state == S.OPEN:
        raise refuse(_("名单还没有冻结：先冻结名单并公布它的散列值，才能确定种子。"), "seed_before_freeze", 409)


def _seed(seed: str) -> str:
    return _text(seed, 200, _("请填写种子：会上报出或掷出的数字。"), "seed_required")


@transaction.atomic
def do_enter_seed(*, draw: Draw, seed: str, acting_user: Any, source: str = "") -> Draw:
    """One of the two entries of a seed said or rolled in a meeting. The first is kept unshown;
    the second, by another person, must agree, and then the draw is made and published."""
    _manages(acting_user, draw.plan)
    draw = DRAWS.locked(draw, "plan__unit")
    _seed_open(draw)
    seed = _seed(seed)
    if draw.state == S.ENTERED:
        if draw.seed_first_by_id == acting_user.pk:
            raise refuse(_("第二次录入必须由另一位工作人员完成。"), "same_person", 403)
        if seed != draw.seed_first:
            raise refuse(
                _(
                    "两次录入的种子不一致，没有抽取。请核对会上报出的数字后重新录入；如果第一次录错了，请撤回第一次录入。"
                ),
                "seed_mismatch",
                422,
            )
        draw.seed_second_by = acting_user
        return _draw(draw, seed, acting_user, save=["seed_second_by"])
    _check_new(draw, seed)
    draw.method, draw.seed_source = (
        Draw.Method.SPOKEN,
        _text(source, 200, _("请写明种子的来源：哪次会议、怎样报出或掷出。"), "source_required"),
    )
    draw.seed_first, draw.seed_first_by = seed, acting_user
    DRAWS.move(draw, "enter", acting_user, save=["method", "seed_source", "seed_first", "seed_first_by"])
    _audit(acting_user, Action.INSPECTION_SEED_ENTER, draw, source=draw.seed_source)
    return draw


@transaction.atomic
def do_clear_seed(*, draw: Draw, reason: str, acting_user: Any) -> Draw:
    _manages(acting_user, draw.plan)
    draw = DRAWS.locked(draw)
    draw.seed_first, draw.seed_first_by = "", None
    DRAWS.move(draw, "clear", acting_user, reason=reason, save=["seed_first", "seed_first_by"])
    _audit(acting_user, Action.INSPECTION_SEED_CLEAR, draw, reason=reason)
    return draw


@transaction.atomic
def do_commit_seed(*, draw: Draw, commitment: str, source: str, acting_user: Any) -> Draw:
    """Publish the SHA-256 of a seed not yet revealed (``printf '%s' SEED | sha256sum``)."""
    _manages(acting_user, draw.plan)
    draw = DRAWS.locked(draw)
    _seed_open(draw)
    commitment = (commitment or "").strip().lower()
    if not HEX64.fullmatch(commitment):
        raise refuse(_("承诺要是种子的 SHA-256 散列值：64 位十六进制数字。"), "bad_commitment", 422)
    draw.method, draw.commitment, draw.committed_at = Draw.Method.COMMITMENT, commitment, clock.now()
    draw.seed_source = _text(source, 200, _("请写明种子由谁保管、何时揭示。"), "source_required")
    DRAWS.move(draw, "commit", acting_user, save=["method", "commitment", "committed_at", "seed_source"])
    _audit(acting_user, Action.INSPECTION_SEED_COMMIT, draw, commitment=commitment)
    return draw


@transaction.atomic
def do_reveal_seed(*, draw: Draw, seed: str, acting_user: Any) -> Draw:
    """Reveal the committed seed: its SHA-256 must be the commitment; then draw and publish."""
    _manages(acting_user, draw.plan)
    draw = DRAWS.locked(draw, "plan__unit")
    _seed_open(draw)
    if draw.state != S.COMMITTED:
        raise refuse(_("这次抽取没有公布种子承诺，或者已经抽取过了。"), "not_committed", 409)
    seed = _seed(seed)
    if hashlib.sha256(seed.encode()).hexdigest() != draw.commitment:
        raise refuse(_("揭示的种子与事先公布的承诺不符，没有抽取。"), "reveal_mismatch", 422)
    return _draw(draw, seed, acting_user)


def _check_new(draw: Draw, seed: str) -> None:
    """Each draw needs a new seed: a seed used before would let whoever knew it choose the pool."""
    if Draw.objects.filter(plan_id=draw.plan_id, seed=seed).exists():
        raise refuse(_("这个种子以前用过。每次抽取都要用新的种子。"), "seed_reused", 422)


def _draw(draw: Draw, seed: str, user: Any, *, save: list[str] | None = None) -> Draw:
    """The engine's two draws over the frozen pool with the seed, then publish."""
    _check_new(draw, seed)
    try:
        cadre_record = records.cadre_record(draw.pool, seed)
        cadre_result = engine.draw_record(cadre_record)
        chosen = [p["id"] for p in cadre_result["chosen"]]
        inspector_record = records.inspector_record(draw.pool, seed, chosen)
        inspector_result = engine.draw_record(inspector_record)
    except RecordError as exc:  # the freeze checked the pool; this is a guard, not a path
        raise refuse(_("名单不能抽取：%(why)s") % {"why": exc}, "pool_invalid", 422) from exc
    draw.seed, draw.drawn_at = seed, clock.now()
    draw.cadre_record, draw.cadre_result = cadre_record, cadre_result
    draw.inspector_record, draw.inspector_result = inspector_record, inspector_result
    fields = ["seed", "drawn_at", "cadre_record", "cadre_result", "inspector_record", "inspector_result"]
    DRAWS.move(draw, "draw", user, save=[*fields, *(save or [])])
    Pick.objects.bulk_create([Pick(draw=draw, cadre_id=int(c[1:])) for c in chosen])
    _audit(user, Action.INSPECTION_DRAW, draw, seed=seed, cadres=[p["name"] for p in cadre_result["chosen"]],
           inspectors=[p["name"] for p in inspector_result["chosen"]])  # fmt: skip
    return draw


@transaction.atomic
def do_record_finding(*, pick: Pick, text: str, acting_user: Any) -> Pick:
    """The inspection's finding about one drawn cadre (a correction replaces it, audited)."""
    _manages(acting_user, pick.draw.plan)
    pick = Pick.objects.select_for_update().select_related("draw__plan__unit", "cadre").get(pk=pick.pk)
    if pick.draw.state != S.DRAWN:
        raise refuse(_("这次抽取已经作废，考察情况记在重新抽取的结果上。"), "superseded", 409)
    text = (text or "").strip()
    if not text:
        raise refuse(_("请填写考察情况。"), "finding_required", 422)
    if len(text) > 2000:
        raise refuse(_("填写的内容太长了（最多 %(n)s 个字）。") % {"n": 2000}, "too_long", 422)
    record(actor=acting_user, action=Action.INSPECTION_FINDING, obj=pick, changes={"finding": [pick.finding, text]})
    pick.finding, pick.finding_at, pick.finding_by = text, clock.now(), acting_user
    pick.save(update_fields=["finding", "finding_at", "finding_by"])
    return pick
