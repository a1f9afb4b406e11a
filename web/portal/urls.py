from django.urls import path

from web.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("u/<str:code>/", views.unit_home, name="unit"),
]
