from django.urls import path

from web.appraisals import department_views, rater_views, two_way_views, views

app_name = "appraisals"

urlpatterns = [
    path("appraisals/", views.index, name="index"),
    path("appraisals/new/", views.new, name="new"),
    path("appraisals/new/departments/", department_views.new, name="new_departments"),
    path("appraisals/new/raters/", rater_views.new_list, name="new_raters"),
    path("appraisals/two-way/new/", two_way_views.new, name="two_way_new"),
    path("appraisals/two-way/<int:session_id>/", two_way_views.pair_page, name="two_way"),
    path("appraisals/<int:session_id>/", views.session_page, name="session"),
    path("appraisals/<int:session_id>/record.json", views.record, name="record"),
    path("appraisals/<int:session_id>/result.json", views.result, name="result"),
    path("appraisals/<int:session_id>/<slug:step>", views.act, name="act"),
    path("appraisals/reviews/<int:review_id>/", views.review, name="review"),
]
