from django.urls import path

from web.studios import views

app_name = "studios"

urlpatterns = [
    path("studios/", views.studio_list, name="list"),
    path("studios/new/", views.new_studio, name="new"),
    path("studios/desk/", views.desk, name="desk"),
    path("studios/my-duty/", views.my_duty, name="my_duty"),
    path("studios/<int:studio_id>/", views.studio, name="studio"),
    path("studios/<int:studio_id>/sessions/", views.sessions, name="sessions"),
    path("studios/<int:studio_id>/<str:action>", views.studio_act, name="act"),
    path("studios/rules/<int:rule_id>/", views.rule, name="rule"),
    path("studios/sessions/<int:session_id>/", views.session, name="session"),
    path("studios/sessions/<int:session_id>/take/", views.take, name="take"),
    path("studios/sessions/<int:session_id>/<str:action>", views.session_act, name="session_act"),
]
