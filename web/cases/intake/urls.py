from django.urls import path

from web.cases.intake.views import public, staff

app_name = "case_intake"

urlpatterns = [
    path("requests/new/", public.new, name="new"),
    path("requests/follow/", public.follow, name="follow"),
    path("requests/follow/answer/", public.answer, name="answer"),
    path("requests/mine/", public.mine, name="mine"),
    path("requests/mine/<int:case_id>/", public.mine_case, name="mine_case"),
    path("requests/mine/<int:case_id>/answer/", public.mine_answer, name="mine_answer"),
    path("requests/card/<int:representative_id>/", public.card, name="card"),
    path("staff/cases/new/", staff.new, name="staff_new"),
    path("staff/cases/new/photos/<int:photo_id>/", staff.photo, name="photo"),
    path("staff/cases/new/card/", staff.card, name="service_card"),
    path("staff/cases/new/register-form/", staff.register_form, name="register_form"),
]
