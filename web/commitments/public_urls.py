"""Public downloads of the commitments board (readable without an account)."""

from django.urls import path

from web.commitments import views

app_name = "commitments_board"

urlpatterns = [
    path("u/<str:code>/commitments/<int:year>/survey.json", views.public_survey_record, name="survey_record"),
]
