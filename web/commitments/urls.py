from django.urls import path

from web.commitments import views

app_name = "commitments"

urlpatterns = [
    path("units/<int:unit_id>/commitments/", views.unit_years, name="unit"),
    path("commitments/reminders/", views.my_reminders, name="reminders"),
    path("commitments/years/<int:year_id>/", views.year_detail, name="year"),
    path("commitments/years/<int:year_id>/opinions/new", views.opinion_add, name="opinion_add"),
    path("commitments/years/<int:year_id>/items/new", views.commitment_add, name="commitment_add"),
    path("commitments/years/<int:year_id>/adopt", views.adopt, name="adopt"),
    path("commitments/years/<int:year_id>/review", views.review, name="review"),
    path("commitments/years/<int:year_id>/survey", views.survey_enter, name="survey"),
    path("commitments/years/<int:year_id>/survey/record.json", views.survey_record, name="survey_record"),
    path("commitments/<int:commitment_id>/", views.item_detail, name="item"),
    path("commitments/<int:commitment_id>/progress", views.progress_add, name="progress"),
    path("commitments/<int:commitment_id>/drop", views.drop, name="drop"),
]
