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
    """Run ``run()`` — or ``run(form.cleaned_data)`` when a form is given and valid."""
    if form is not None and not form.is_valid():
        return Outcome(False)
    try:
        done = run(form.cleaned_data) if form is not None else run()
    except RefusedStep as exc:
        if form is not None:
            form.add_error(None, str(exc.message))
        else:
            messages.error(request, str(exc.message))
        return Outcome(False)
    messages.success(request, str(success))
    return Outcome(True, done)
