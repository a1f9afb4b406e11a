from django.urls import path

from web.workdays import views

app_name = "workdays"

urlpatterns = [
    path("workdays/", views.overrides, name="overrides"),
    path("workdays/<int:override_id>/remove", views.remove, name="remove"),
]
