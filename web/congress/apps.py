from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "web.congress"
    label = "congress"
    verbose_name = _("党代会述职和询问")

    def ready(self) -> None:
        from web.congress import attention, links  # noqa: F401 - registers the home page's sources, the meeting's link
