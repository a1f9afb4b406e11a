from django.urls import path

from web.recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("recommendations/", views.index, name="index"),
    path("recommendations/new", views.new, name="new"),
    path("recommendations/<int:recommendation_id>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:recommendation_id>/count", views.count, name="count"),
    path("recommendations/<int:recommendation_id>/publish", views.publish, name="publish"),
    path("recommendations/<int:recommendation_id>/second-round", views.second_round, name="second_round"),
    path("recommendations/<int:recommendation_id>/record.json", views.record, name="record"),
]
