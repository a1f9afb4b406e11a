"""The public board of appraisals (readable without an account)."""

from django.urls import path

from web.appraisals import public, two_way_views

app_name = "appraisals_board"

urlpatterns = [
    path("", public.board, name="index"),
    path("two-way/<int:unit_id>/<int:year>/", two_way_views.board_pair, name="two_way"),
    path("<int:session_id>/", public.session, name="session"),
    path("<int:session_id>/record.json", public.record, name="record"),
    path("<int:session_id>/result.json", public.result, name="result"),
]
