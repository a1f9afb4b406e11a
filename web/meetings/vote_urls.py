from django.urls import path

from web.meetings.views import vote

app_name = "vote"

urlpatterns = [
    path("", vote.enter_code, name="enter"),
    path("cast", vote.cast, name="cast"),
    path("receipt", vote.receipt_again, name="receipt"),
]
