from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    name = "web.studios"
    label = "studios"
    verbose_name = _("党代表工作室")

    def ready(self) -> None:
        from web.studios import attention  # noqa: F401 - registers the home page's sources
