from django.urls import path

from web.org.transfer import views

urlpatterns = [
    path("units/<int:unit_id>/import/", views.import_roster, name="import"),
    path("units/<int:unit_id>/import/<int:run_id>/", views.import_run, name="import_run"),
    path("units/<int:unit_id>/export.xlsx", views.export_roster, name="export"),
    path("roster-template.xlsx", views.template, name="import_template"),
]
