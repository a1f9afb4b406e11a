from django.urls import path

from web.portal import checkpoints, views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("tree/<str:code>/", views.tree_children, name="tree_children"),
    path("check/", views.check_receipt, name="check"),
    path("checkpoints/", checkpoints.checkpoint_list, name="checkpoints"),
    path("checkpoints.json", checkpoints.checkpoints_json, name="checkpoints_json"),
    path("checkpoints.csv", checkpoints.checkpoints_csv, name="checkpoints_csv"),
    path("u/<str:code>/", views.unit_home, name="unit"),
    path("u/<str:code>/results/<int:poll_id>/", views.result, name="result"),
    path("u/<str:code>/results/<int:poll_id>/record.json", views.result_record, name="result_record"),
    path("u/<str:code>/results/<int:poll_id>/result.json", views.result_file, name="result_file"),
    path("jiceng-recount.pyz", views.recount_program, name="recount_program"),
]
