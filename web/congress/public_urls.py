"""The public board of the congress's work reports and inquiries (readable without an account)."""

from django.urls import path

from web.congress import board

app_name = "congress_board"

urlpatterns = [
    path("", board.index, name="index"),
    path("<int:meeting_id>/", board.meeting, name="meeting"),
    path("reports/<int:report_id>.pdf", board.document, name="document"),
]
