from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "web.meetings"
    label = "meetings"
