from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "web.meetings"
    label = "meetings"

    def ready(self) -> None:
        from web.meetings import attention  # noqa: F401 - registers the home page's sources
