"""The public board of requests (readable without an account)."""

from django.urls import path

from web.cases import public

app_name = "cases_board"

urlpatterns = [
    path("", public.board, name="index"),
    path("scorecards/<int:scorecard_id>/", public.scorecard, name="scorecard"),
    path("scorecards/<int:scorecard_id>/<str:what>.json", public.scorecard_file, name="scorecard_file"),
]
