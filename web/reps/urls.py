from django.urls import path

from web.reps import views

app_name = "reps"

urlpatterns = [
    path("", views.index, name="index"),
    path("congress/<int:body_id>/", views.congress, name="congress"),
    path("congress/<int:body_id>/coverage/", views.coverage, name="coverage"),
    path("congress/<int:body_id>/trainings/", views.trainings, name="trainings"),
    path("trainings/<int:training_id>/", views.training, name="training"),
    path("<int:seat_id>/", views.seat, name="seat"),
    path("<int:seat_id>/profile/", views.profile, name="profile"),
    path("<int:seat_id>/links/", views.link, name="link"),
    path("links/<int:link_id>/end/", views.unlink, name="unlink"),
    path("cases/<int:case_id>/refer/", views.refer, name="refer"),
    path("referrals/<int:event_id>/", views.referral, name="referral"),
]
