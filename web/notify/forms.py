"""The settings page's form: per kind, which channels; quiet hours; the hourly SMS limit; the
language of SMS and email."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from web.notify.kinds import EXTERNAL, KINDS
from web.notify.models import Preferences


def _name(kind: str, channel: str) -> str:
    return f"{kind.replace('.', '__')}--{channel}"


class PreferencesForm(forms.Form):
    quiet_hours = forms.BooleanField(label=_("免打扰时段内不发短信和邮件（站内通知照常）"), required=False)
    quiet_start = forms.TimeField(label=_("免打扰开始"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_end = forms.TimeField(label=_("免打扰结束"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    sms_per_hour = forms.IntegerField(label=_("每小时最多收到的短信条数"), min_value=1)
    language = forms.ChoiceField(label=_("短信和邮件的语言"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, prefs: Preferences, **kwargs: Any) -> None:
        initial = {
            "quiet_hours": prefs.quiet_hours,
            "quiet_start": prefs.quiet_start,
            "quiet_end": prefs.quiet_end,
            "sms_per_hour": prefs.sms_per_hour,
            "language": prefs.language,
        }
        for key in KINDS:
            for channel in EXTERNAL:
                initial[_name(key, channel)] = prefs.wants(key, channel)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["sms_per_hour"] = forms.IntegerField(
            label=self.fields["sms_per_hour"].label, min_value=1, max_value=settings.NOTIFY_SMS_PER_HOUR_MAX
        )
        for key in KINDS:
            for channel in EXTERNAL:
                self.fields[_name(key, channel)] = forms.BooleanField(required=False)

    def kind_rows(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """(kind, its channels' checkboxes in ``EXTERNAL`` order), for the page's table."""
        return [(kind, [self[_name(key, c)] for c in EXTERNAL]) for key, kind in KINDS.items()]

    def channels(self) -> dict[str, list[str]]:
        return {key: [str(c) for c in EXTERNAL if self.cleaned_data.get(_name(key, c))] for key in KINDS}
