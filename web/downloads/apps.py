from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "web.downloads"
    label = "downloads"
