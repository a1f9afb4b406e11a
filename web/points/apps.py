from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "web.points"
    label = "points"
    verbose_name = _("履职积分")

    def ready(self) -> None:
        from web.points import attention  # noqa: F401 - registers the home page's sources
