"""A typed registry of step kinds: each kind of stage or step is one module that holds
everything about it, and a workflow's registry lists the modules.

A ``Kind`` carries the kind's key and name, the form of the settings a locality may adjust,
what keeps it from finishing (``blockers``: sentences for the page), what finishing leaves
behind (``finish``), the forms of the work done inside it (``forms``: a Django form and the
action it runs), and the template of its panel with the context that panel needs. The model's
``choices`` and every dispatch (blockers, finishing, forms, panels) come from the registry, so
a kind's name is written once and a newcomer finds its whole behaviour in one file. A key not
in the registry fails at once (``KeyError``), never silently."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django import forms

from web.procedures.settings import SettingsForm

S = TypeVar("S")


def no_blockers(step: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class StepForm:
    """One piece of work inside a step: its form, the action a valid form runs, and how the
    form's ``cleaned_data`` becomes that action's arguments.

    The action is named, not imported: the view finds it in its app's actions module
    (``action(**arguments(data, step), acting_user=user)``), so a kind's module sits below the
    actions that dispatch to it and no import cycle forms. ``arguments`` may refuse (a
    ``RefusedStep``: a person not found); the page then shows the sentence with what the person
    typed still in the form."""

    #: the form class; an app's forms may take more keywords (an election's take ``stage=``)
    form: Callable[..., forms.Form]
    action: str
    arguments: Callable[[dict[str, Any], Any], dict[str, Any]]
    #: the sentence shown when it worked
    done: Any

    def run(self, actions: Any, data: dict[str, Any], step: Any, user: Any) -> Any:
        return getattr(actions, self.action)(**self.arguments(data, step), acting_user=user)


@dataclass(frozen=True)
class Kind(Generic[S]):
    key: str
    name: Any
    #: the settings a step of this kind starts with (a template's may differ)
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: the settings a locality may adjust, as a form with its checks (``SettingsForm``); a kind
    #: without one has nothing to adjust
    settings_form: type[SettingsForm] | None = None
    blockers: Callable[[S], list[str]] = no_blockers
    #: what finishing leaves behind, inside the finishing transaction
    finish: Callable[[S, Any], None] | None = None
    #: who a step of this kind leaves in the running for the steps after it: (the step, those
    #: in the running before it) → those still in it
    narrows: Callable[[S, list[Any]], list[Any]] | None = None
    #: what undoing a step of this kind takes back when it, or a step before it, is reopened
    reset: Callable[[S], None] | None = None
    forms: Mapping[str, StepForm] = field(default_factory=dict)
    #: the panel shown while a step of this kind is active, and the context it needs
    panel: str = ""
    context: Callable[[S], dict[str, Any]] | None = None


class Registry(Generic[S]):
    """The kinds of one workflow, in the order they are listed."""

    def __init__(self, *kinds: Kind[S]) -> None:
        self._kinds: dict[str, Kind[S]] = {}
        for kind in kinds:
            if kind.key in self._kinds:
                raise ValueError(f"kind {kind.key!r} is listed twice")
            self._kinds[kind.key] = kind

    def __getitem__(self, key: str) -> Kind[S]:
        return self._kinds[key]

    def __contains__(self, key: object) -> bool:
        return key in self._kinds

    def __iter__(self) -> Iterator[Kind[S]]:
        return iter(self._kinds.values())

    def keys(self) -> list[str]:
        return list(self._kinds)

    def choices(self) -> list[tuple[str, Any]]:
        return [(k.key, k.name) for k in self._kinds.values()]

    def step_form(self, name: str) -> StepForm | None:
        """The piece of work ``name`` of whichever kind offers it (kinds that share one share
        the same ``StepForm``); the action refuses it when the active step is another kind."""
        for kind in self._kinds.values():
            if name in kind.forms:
                return kind.forms[name]
        return None

    def name(self, key: str) -> str:
        kind = self._kinds.get(key)
        return str(kind.name) if kind is not None else key
