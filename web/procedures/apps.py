from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "web.procedures"
    label = "procedures"
