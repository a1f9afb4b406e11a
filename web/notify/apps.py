from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "web.notify"
    label = "notify"
    verbose_name = _("通知")

    def ready(self) -> None:
        from web.notify import attention  # noqa: F401 - registers the home page's sources
