"""The public board of random inspections (readable without an account)."""

from django.urls import path

from web.inspections import public

app_name = "inspections_board"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:draw_id>/", public.draw, name="draw"),
    path("<int:draw_id>/<str:what>.json", public.record_file, name="file"),
]
