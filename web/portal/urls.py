from django.urls import path

from web.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("check/", views.check_receipt, name="check"),
    path("u/<str:code>/", views.unit_home, name="unit"),
    path("u/<str:code>/results/<int:poll_id>/", views.result, name="result"),
    path("u/<str:code>/results/<int:poll_id>/record.json", views.result_record, name="result_record"),
]
