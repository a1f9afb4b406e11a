from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "web.org"
    label = "org"

    def ready(self) -> None:
        from web.org import attention  # noqa: F401 - registers the home page's sources
