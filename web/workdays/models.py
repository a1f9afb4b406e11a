"""Staff's overrides of the national working-day calendar: one table for the whole country."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Override(models.Model):
    """One day made a day off or a working day, against what the package (or Monday to Friday)
    says: a holiday announced after the package's release, or next year's schedule entered
    before the package covers it. One row per day (the day is unique)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("上班")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("调整为"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称或事由"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )
    created_at = models.DateTimeField(_("录入时间"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()} {self.name}"

    @property
    def is_working_day(self) -> bool:
        return self.kind == self.Kind.WORKDAY
