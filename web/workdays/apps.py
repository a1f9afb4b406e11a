from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "web.workdays"
    label = "workdays"
