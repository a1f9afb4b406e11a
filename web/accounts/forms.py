from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from web.accounts import throttle


class ThrottledLoginForm(AuthenticationForm):
    """Sign-in that refuses further tries after repeated failures (per username and address)."""

    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意大小写。"),
        "inactive": _("该账号已停用，请联系管理员。"),
        "locked": _("尝试次数过多，请 15 分钟后再试，或联系管理员。"),
    }

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "")[:150]
        address = throttle.client_address(self.request) if self.request else ""
        if throttle.is_locked_out(username=username, address=address):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            data = super().clean()
        except forms.ValidationError:
            throttle.note_failure(username=username, address=address)
            raise
        throttle.clear_failures(username=username)
        return data
