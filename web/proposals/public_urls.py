"""The public board of proposals (readable without an account)."""

from django.urls import path

from web.proposals import public

app_name = "proposals_board"

urlpatterns = [
    path("", public.board, name="index"),
    path("<int:proposal_id>/", public.proposal, name="proposal"),
    path("<int:proposal_id>/answers/<int:round>/document", public.document, name="document"),
]
