"""The one view helper for a write: run the action, show its refusal, or say it worked.

Every app's actions refuse with a ``RefusedStep`` (a sentence, a code, a status). A view hands
``attempt`` the action; it returns an ``Outcome``: true when the action ran, with what it
returned in ``value``; false when the rules refused it, having put the sentence where the
person will read it: on the form, when the view has one (so the page is shown again with what
they typed), else as a message on the page the view redirects to. A form that does not
validate is not run at all: its own errors say why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from web.common.errors import RefusedStep

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    request: HttpRequest,
    run: Callable[..., T],
    success: object,
    *,
    form: forms.Form | None = None,
) -> Outcome[T]:
    """Run ``run()`` — or ``run(form.cleaned_data)`` when a form is given and valid.

    ``success`` is the sentence said when it ran; a function of what the action returned, when
    the sentence names it (how many ballots were issued); None when the page shown next says it
    itself (a printed page carries no message)."""
    if form is not None and not form.is_valid():
        return Outcome(False)
    try:
        done = run(form.cleaned_data) if form is not None else run()
    except RefusedStep as exc:
        for sentence in str(exc.message).splitlines() or [""]:  # a refusal of several lines: each its own
            if form is not None:
                form.add_error(None, sentence)
            else:
                messages.error(request, sentence)
        return Outcome(False)
    said = success(done) if callable(success) else success
    if said is not None:
        messages.success(request, str(said))
    return Outcome(True, done)


def say_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """Put each sentence of a refused form among the page's messages, once: for the small forms
    of a busy page (a seed, a batch size) that show no errors beside their fields."""
    said: list[str] = []
    for errors in form.errors.values():
        said += [str(sentence) for sentence in errors if str(sentence) not in said]
    for sentence in said:
        messages.error(request, sentence)
