from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "web.commitments"
    label = "commitments"
