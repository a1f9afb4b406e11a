from django.urls import path

from web.downloads import views

app_name = "downloads"

urlpatterns = [
    path("downloads/", views.my_downloads, name="list"),
    path("downloads/<int:download_id>/", views.detail, name="detail"),
    path("downloads/<int:download_id>/file", views.file, name="file"),
]
