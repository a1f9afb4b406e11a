from django.urls import path

from web.points import views

app_name = "points"

urlpatterns = [
    path("points/", views.desk, name="desk"),
    path("points/mine/", views.mine, name="mine"),
    path("points/seats/<int:seat_id>/", views.seat, name="seat"),
    path("points/seats/<int:seat_id>/record/", views.record, name="record"),
    path("points/seats/<int:seat_id>/propose/", views.propose, name="propose"),
    path("points/entries/<int:entry_id>/object/", views.object_to, name="object"),
    path("points/entries/<int:entry_id>/reverse/", views.reverse, name="reverse"),
    path("points/claims/<int:claim_id>/decide/", views.decide_claim, name="decide_claim"),
    path("points/self-projects/<int:proposed_id>/decide/", views.decide_self_project, name="decide_self_project"),
    path("points/objections/<int:objection_id>/answer/", views.answer_objection, name="answer_objection"),
    path("points/publish/", views.publish, name="publish"),
    path("points/standards/<int:congress_id>/", views.standard, name="standard"),
]
