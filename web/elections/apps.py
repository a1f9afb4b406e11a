from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "web.elections"
    label = "elections"
