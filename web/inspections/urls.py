from django.urls import path

from web.inspections import views

app_name = "inspections"

urlpatterns = [
    path("inspections/", views.home, name="home"),
    path("inspections/units/<int:unit_id>/plan/", views.plan_create, name="plan_create"),
    path("inspections/plans/<int:plan_id>/", views.plan, name="plan"),
    path("inspections/plans/<int:plan_id>/save/", views.plan_save, name="plan_save"),
    path("inspections/plans/<int:plan_id>/pool/", views.pool_add, name="pool_add"),
    path("inspections/plans/<int:plan_id>/exclude/", views.exclude, name="exclude"),
    path("inspections/plans/<int:plan_id>/draw/", views.draw_open, name="draw_open"),
    path("inspections/draws/<int:draw_id>/", views.draw, name="draw"),
    path("inspections/draws/<int:draw_id>/<str:step>/", views.draw_step, name="draw_step"),
    path("inspections/picks/<int:pick_id>/finding/", views.finding, name="finding"),
]
