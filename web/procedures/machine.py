"""One procedure machinery for every workflow: elections' stages, deliberation's steps, and the
requests, proposals, appraisal sessions and inspections to come.

A workflow declares one ``Machine``: the parent whose row is locked (an election, a matter),
its step model (``web.procedures.models.Step``), the error its refusals raise, and its moves as
data. A ``Move`` says from which states a step may leave, where it arrives, which event it
writes on the step's history, and the sentences that refuse it (a step in the wrong state, a
missing reason). An action then reads as: take the step (``active`` or ``locked``, which lock
the parent first), do its own checks and work, ``move`` the step, and write its one audit
entry (``web.audit.actions.record``, named by ``web.audit.names.Action``). Nothing else writes
a step's state, so no step is skipped or quietly reopened, and a fix to locking or history is
made here once.

Which workflow uses which form of it is in docs/architecture.md."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy

from web.common import clock
from web.common.errors import RefusedStep

P = TypeVar("P", bound=models.Model)
S = TypeVar("S", bound=models.Model)

#: a sentence, translated when shown (``gettext_lazy`` or a plain string)
Sentence = Any

WRONG_STATE = gettext_lazy("这一步不能在当前环节办理。")
NOT_ACTIVE = gettext_lazy("只能办理当前进行中的环节，不能跳过或重复办理。")


@dataclass(frozen=True)
class Move:
    """One allowed transition of a step."""

    leaves: frozenset[str]
    arrives: str
    #: the kind of event written on the step's history ("" for none)
    event: str = ""
    #: refused with this sentence and code when the step is in another state
    refusal: Sentence = WRONG_STATE
    code: str = "wrong_state"
    #: when set, the move needs a reason and is refused with this sentence without one
    needs_reason: Sentence | None = None
    #: the step starts: ``started_at`` (where the model has it) is now, ``finished_at`` cleared
    starts: bool = False
    #: the step is over: ``finished_at`` is now
    finishes: bool = False
    #: fields set to None by the move (a matter step's meeting and poll when it starts again)
    clears: tuple[str, ...] = ()


@dataclass(frozen=True)
class Machine(Generic[P, S]):
    parent: type[P]
    step: type[S]
    #: the step's foreign key to its parent; "" for a case that is its own parent (a request)
    parent_field: str
    error: Callable[..., RefusedStep]
    moves: Mapping[str, Move]
    active_state: str = "active"
    #: refused with this sentence when an action needs the active step and got another
    not_active: Sentence = NOT_ACTIVE
    not_active_code: str = "skip_refused"
    _fields: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fields", frozenset(f.name for f in self.step._meta.get_fields()))

    # ---- refusing ------------------------------------------------------------------------------

    def refuse(self, message: Sentence, code: str = "refused", status: int = 409) -> RefusedStep:
        return self.error(message, code=code, status=status)

    # ---- taking a step -------------------------------------------------------------------------

    def lock(self, parent: P | int) -> P:
        """The parent's row, locked for the rest of the transaction: one move at a time."""
        pk = parent if isinstance(parent, int) else parent.pk
        return self.parent._default_manager.select_for_update().get(pk=pk)

    def locked(self, step: S, *related: str) -> S:
        """The step as it is now, read after locking its parent (a case that is its own parent,
        ``parent_field=""``, is locked itself)."""
        query = self.step._default_manager.all()
        if self.parent_field:
            self.lock(getattr(step, f"{self.parent_field}_id"))
        else:
            # only the step's own row: PostgreSQL refuses to lock the nullable side of an outer
            # join, which a nullable related row (a case's office) brings in
            query = query.select_for_update(of=("self",))
        return query.select_related(*related).get(pk=step.pk) if related else query.get(pk=step.pk)

    def active(
        self,
        step: S,
        *related: str,
        kinds: Iterable[str] = (),
        message: Sentence | None = None,
        allowed: Callable[[S], bool] | None = None,
    ) -> S:
        """The step, locked, if it is the active one (of one of ``kinds`` when given, and for
        which ``allowed`` holds when given); refused with ``message`` otherwise."""
        step = self.locked(step, *related)
        kinds = tuple(kinds)
        ok = step.state == self.active_state and (not kinds or step.kind in kinds)  # type: ignore[attr-defined]
        if not ok or (allowed is not None and not allowed(step)):
            code = "wrong_state" if message is not None else self.not_active_code
            raise self.refuse(message if message is not None else self.not_active, code)
        return step

    # ---- moving it -----------------------------------------------------------------------------

    def check(self, step: S, name: str, *, reason: str = "") -> Move:
        """Refuse the move unless the step may make it now (the reason first, then the state)."""
        move = self.moves[name]
        if move.needs_reason is not None and not reason.strip():
            raise self.refuse(move.needs_reason, "reason_required", 422)
        if step.state not in move.leaves:  # type: ignore[attr-defined]
            raise self.refuse(move.refusal, move.code)
        return move

    def move(
        self,
        step: S,
        name: str,
        user: Any,
        *,
        reason: str = "",
        save: Iterable[str] = (),
        event: Mapping[str, Any] | None = None,
    ) -> S:
        """Make move ``name``: check it, set the state (and times, cleared fields), save with
        ``save`` (other fields the action changed), write the history event."""
        move = self.check(step, name, reason=reason)
        now = clock.now()
        fields = ["state", *save]
        step.state = move.arrives  # type: ignore[attr-defined]
        if move.starts:
            if "started_at" in self._fields:
                step.started_at = now  # type: ignore[attr-defined]
                fields.append("started_at")
            step.finished_at = None  # type: ignore[attr-defined]
            fields.append("finished_at")
        if move.finishes:
            step.finished_at = now  # type: ignore[attr-defined]
            fields.append("finished_at")
        for name_ in move.clears:
            setattr(step, name_, None)
            fields.append(name_)
        step.save(update_fields=list(dict.fromkeys(fields)))
        if move.event:
            self.event(step, move.event, user, reason=reason, **(event or {}))
        return step

    def event(self, step: S, kind: str, user: Any, *, reason: str = "", **extra: Any) -> None:
        """Write one event on the step's history."""
        step.events.create(kind=kind, at=clock.now(), by=user, reason=reason[:300], **extra)  # type: ignore[attr-defined]

    # ---- around it -----------------------------------------------------------------------------

    def steps_of(self, step: S) -> models.QuerySet[S]:
        """The steps of the step's parent, in order."""
        return self.step._default_manager.filter(
            **{f"{self.parent_field}_id": getattr(step, f"{self.parent_field}_id")}
        ).order_by("position")

    def after(self, step: S) -> models.QuerySet[S]:
        return self.steps_of(step).filter(position__gt=step.position)  # type: ignore[attr-defined]

    def next_after(self, step: S) -> S | None:
        return self.after(step).first()
