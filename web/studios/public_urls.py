"""The studios on the public board (readable without an account)."""

from django.urls import path

from web.studios import public

app_name = "studio_board"

urlpatterns = [
    path("", public.board, name="index"),
    path("<int:studio_id>/", public.studio, name="studio"),
    path("u/<str:code>/", public.board, name="unit"),
]
