from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "web.open311"
    label = "open311"
