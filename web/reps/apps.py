from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepsConfig(AppConfig):
    name = "web.reps"
    label = "reps"
    verbose_name = _("党代表")

    def ready(self) -> None:
        from web.reps import attention  # noqa: F401 - registers the home page's sources
