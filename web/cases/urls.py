from django.urls import path

from web.cases.views import case, catalogue, lists

app_name = "cases"

urlpatterns = [
    path("cases/queue/", lists.queue, name="queue"),
    path("cases/desk/", lists.desk, name="desk"),
    path("cases/represented/", lists.represented, name="represented"),
    path("cases/grid/", lists.grid, name="grid"),
    path("cases/area/", lists.area, name="area"),
    path("cases/catalogue/", catalogue.catalogue, name="catalogue"),
    path("cases/catalogue/<int:unit_id>/entries/new", catalogue.entry_add, name="entry_add"),
    path("cases/catalogue/<int:unit_id>/entries/<slug:code>/", catalogue.entry_edit, name="entry_edit"),
    path("cases/catalogue/<int:unit_id>/rules", catalogue.rule_set, name="rule_set"),
    path("cases/<int:case_id>/", case.case_page, name="case"),
    path("cases/<int:case_id>/<slug:action>", case.act, name="act"),
]
