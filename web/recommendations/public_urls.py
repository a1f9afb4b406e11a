"""The public board of democratic recommendations (readable without an account)."""

from django.urls import path

from web.recommendations import public

app_name = "recommendations_board"

urlpatterns = [
    path("", public.board, name="index"),
    path("<int:recommendation_id>/", public.detail, name="recommendation"),
    path("<int:recommendation_id>/record.json", public.record, name="record"),
]
