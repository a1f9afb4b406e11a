"""The one view helper for a write (web/common/attempt.py): an action that runs says so and hands
back what it made; a refusal says why, on the form when there is one (keeping what was typed),
else as a message; an invalid form runs nothing."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from web.common.attempt import attempt
from web.common.errors import RefusedStep


class NameForm(forms.Form):
    name = forms.CharField(max_length=5)


@pytest.fixture
def request_():
    request = RequestFactory().post("/", {"name": "王芳"})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse(*args):
    raise RefusedStep("不能这样做。", code="nope")


def test_an_action_that_runs_hands_back_what_it_made(request_):
    done = attempt(request_, lambda: "made", "好了。")
    assert done and done.value == "made" and _said(request_) == [("success", "好了。")]


def test_a_refusal_without_a_form_is_a_message(request_):
    done = attempt(request_, _refuse, "好了。")
    assert not done and done.value is None and _said(request_) == [("error", "不能这样做。")]


def test_a_refusal_with_a_form_stays_on_the_form_with_what_was_typed(request_):
    form = NameForm(request_.POST)
    done = attempt(request_, _refuse, "好了。", form=form)
    assert not done and form.non_field_errors() == ["不能这样做。"] and form["name"].value() == "王芳"
    assert _said(request_) == []


def test_an_invalid_form_runs_nothing(request_):
    ran = []
    form = NameForm({"name": "名字太长了不行"})
    assert not attempt(request_, lambda data: ran.append(data), "好了。", form=form)
    assert ran == [] and form.errors and _said(request_) == []


def test_a_valid_form_hands_its_cleaned_data_to_the_action(request_):
    done = attempt(request_, lambda data: data["name"], "好了。", form=NameForm(request_.POST))
    assert done.value == "王芳"
