from django.urls import path

from web.congress import views

app_name = "congress"

urlpatterns = [
    path("congress/meetings/<int:meeting_id>/", views.agenda, name="agenda"),
    path("congress/meetings/<int:meeting_id>/reports/new", views.report_add, name="report_add"),
    path("congress/meetings/<int:meeting_id>/inquiries/new", views.inquiry_new, name="inquiry_new"),
    path("congress/meetings/<int:meeting_id>/rating", views.rating, name="rating"),
    path("congress/reports/<int:report_id>/document.pdf", views.document, name="document"),
    path("congress/reports/<int:report_id>/<slug:step>", views.report_step, name="report_step"),
    path("congress/inquiries/", views.mine, name="mine"),
    path("congress/inquiries/owed/", views.owed, name="owed"),
    path("congress/inquiries/<int:inquiry_id>/", views.inquiry, name="inquiry"),
    path("congress/inquiries/<int:inquiry_id>/<slug:step>", views.inquiry_step, name="inquiry_step"),
]
