from django.urls import path

from web.deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("units/<int:unit_id>/matters/", views.unit_matters, name="unit_matters"),
    path("units/<int:unit_id>/finances", views.finance, name="finance"),
    path("matters/<int:matter_id>/", views.matter_detail, name="matter"),
    path("matters/<int:matter_id>/gates", views.gate, name="gate"),
    path("matters/<int:matter_id>/steps/<int:step_id>/<str:action>", views.step_action, name="step_action"),
    path("matters/<int:matter_id>/attachments/<int:attachment_id>", views.attachment, name="attachment"),
]
