"""The public board of duty points (readable without an account)."""

from django.urls import path

from web.points import public

app_name = "points_board"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:publication_id>/", public.table, name="table"),
    path("<int:publication_id>/<str:what>.json", public.record_file, name="file"),
]
