from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "web.deliberation"
    label = "deliberation"

    def ready(self) -> None:
        from web.deliberation import attention  # noqa: F401 - registers the home page's sources
