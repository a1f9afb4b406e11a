from django.urls import path

from web.overview import views

app_name = "overview"

urlpatterns = [
    path("units/<int:unit_id>/overview/", views.unit_overview, name="unit"),
    path("units/<int:unit_id>/overview.xlsx", views.export, name="export"),
]
