from django.urls import path

from web.meetings.views import documents, paper, staff, timer

app_name = "meetings"

urlpatterns = [
    path("bodies/<int:body_id>/meetings/", staff.body_meetings, name="body_meetings"),
    path("bodies/<int:body_id>/cards.pdf", documents.member_cards_pdf, name="member_cards_pdf"),
    path("meetings/<int:meeting_id>/", staff.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/record.pdf", documents.meeting_record_pdf, name="meeting_record_pdf"),
    path("meetings/<int:meeting_id>/<str:step>/", staff.meeting_step, name="meeting_step"),
    path("meetings/<int:meeting_id>/attendees/<int:attendee_id>/exclude/", staff.exclude, name="exclude"),
    path("meetings/<int:meeting_id>/officers", staff.appoint_officer, name="officers"),
    path("meetings/<int:meeting_id>/check-in", staff.check_in, name="check_in"),
    path("meetings/<int:meeting_id>/live", staff.live, name="live"),
    path("meetings/<int:meeting_id>/timer/<str:step>", timer.timer_step, name="timer"),
    path("meetings/<int:meeting_id>/polls/new", staff.poll_create, name="poll_create"),
    path("meetings/<int:meeting_id>/polls/new-appraisal", staff.appraisal_create, name="appraisal_create"),
    path("polls/<int:poll_id>/", staff.poll_detail, name="poll"),
    path("polls/<int:poll_id>/issue", staff.issue, name="issue"),
    path("polls/<int:poll_id>/display", staff.poll_display, name="poll_display"),
    path("polls/<int:poll_id>/codes", staff.code_batch, name="code_batch"),
    path("polls/<int:poll_id>/ballots.pdf", staff.ballot_pdf, name="ballot_pdf"),
    path("polls/<int:poll_id>/announcement.pdf", documents.announcement_pdf, name="announcement_pdf"),
    path("polls/<int:poll_id>/approval", staff.approval, name="approval"),
    path("polls/<int:poll_id>/paper", paper.paper_entry, name="paper"),
    path("polls/<int:poll_id>/record.json", staff.poll_record, name="poll_record"),
    path("polls/<int:poll_id>/<str:step>/", staff.poll_step, name="poll_step"),
]
