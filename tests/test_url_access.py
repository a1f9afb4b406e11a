"""Every URL of the site × every persona, generated from the URL configuration.

A new page that is not in ``GET_TABLE`` (or ``POST_ONLY``/``PUBLIC``) fails
``test_every_url_is_in_the_table``, so no page can be forgotten. The JSON API has its own
table in ``web/api/tests``. Objects are chosen in community A outside grid A1, so the
observer (grid worker of A1) must get 404 everywhere, like the outsider.

The personas: ``organiser`` (organisation staff of community A, where the objects are),
``outsider`` (organisation staff of another community), ``member`` (committee member of A:
reads, cannot change), ``observer`` (grid worker of another grid), ``teller`` (appointed teller of
the meeting: enters its paper ballots, reads that meeting and its polls, changes nothing else),
``stranger`` (signed in, no role anywhere),
``street_staff`` (staff of the street above A), ``representative`` (a member of A's body, with no
staff role: reads that body's meetings and polls, changes nothing) and ``None`` (not signed in).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import URLResolver, get_resolver, reverse

PERSONAS = ["organiser", "member", "observer", "outsider", "teller", "stranger", "street_staff", "representative", None]
NO_ROLE_HERE = {"teller": 404, "stranger": 404, "representative": 404}

#: sees the object (organiser, member, street staff) / may change it (organiser, street staff)
VIEW = {
    "organiser": 200,
    "member": 200,
    "observer": 404,
    "outsider": 404,
    **NO_ROLE_HERE,
    "street_staff": 200,
    None: 302,
}
MANAGE = {
    "organiser": 200,
    "member": 403,
    "observer": 404,
    "outsider": 404,
    **NO_ROLE_HERE,
    "street_staff": 200,
    None: 302,
}
#: the body's meetings and polls: its members read them too (issue 12: the representative got 404)
VIEW_AS_MEMBER = {**VIEW, "representative": 200}
#: a document made in the background (web.downloads): who may have it is sent to its page (302)
VIEW_DOCUMENT = {**VIEW, "organiser": 302, "member": 302, "street_staff": 302}
MEMBER_DOCUMENT = {**VIEW_DOCUMENT, "representative": 302}
#: …and what only staff who manage the body's unit may do there is refused to its members (403)
MANAGE_AS_MEMBER = {**MANAGE, "representative": 403}
#: one meeting and its polls: its appointed teller reads them too (the paper-entry page links to
#: them; issue 12: they answered 404), and is refused any change there with 403
MEETING_VIEW = {**VIEW_AS_MEMBER, "teller": 200}
MEETING_DOCUMENT = {**MEMBER_DOCUMENT, "teller": 302}
MEETING_MANAGE = {**MANAGE_AS_MEMBER, "teller": 403}
MANAGE_DOCUMENT = {**MANAGE, "organiser": 302, "street_staff": 302}
#: a download is its requester's (the organiser's) alone: anyone else, staff included, gets 404
REQUESTER_ONLY = {**dict.fromkeys(PERSONAS, 404), "organiser": 200, None: 302}
#: a roster import: only its uploader, while they manage the unit (a manager who did not upload it: 404)
UPLOADER_ONLY = {**MANAGE, "street_staff": 404}
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), None: 302}
#: a congress's pages: its liaison office (the street's staff) and its representatives read them
CONGRESS_VIEW = {**dict.fromkeys(PERSONAS, 404), "street_staff": 200, "representative": 200, None: 302}
PUBLIC_200 = dict.fromkeys(PERSONAS, 200)
ONLY_POST = dict.fromkeys(PERSONAS, 405)

#: the congress's representatives (web/reps): everyone with a viewing role in the district and every
#: representative of the congress reads the list and a representative's public part; what is for
#: staff needs a viewing role (a representative without one: 403)
REPS_AREA = {**VIEW, "observer": 200, "outsider": 200, "representative": 200}
REPS_STAFF = {**REPS_AREA, "representative": 403}
#: a representative's profile form: the representative themselves, or staff where they live or are linked
REPS_PROFILE = {**dict.fromkeys(PERSONAS, 403), "organiser": 200, "street_staff": 200, "teller": 404, "stranger": 404}
REPS_PROFILE[None] = 302
#: the suggestions by field for a referral: the request's representative only
REPS_REFER = {**VIEW, "organiser": 403, "member": 403, "street_staff": 403, "representative": 200}
#: a proposal (and its season): the street's liaison staff and the congress's representatives read it
#: what only those who manage some unit may open: everyone else signed in is refused with 403
_NOT_MANAGING_403 = {**dict.fromkeys(PERSONAS, 403), None: 302}
_PROPOSAL_READ = {**dict.fromkeys(PERSONAS, 404), "street_staff": 200, "representative": 200, None: 302}
#: a season is set up by the liaison staff of a congress's unit: nobody here but the street's staff
_PROPOSAL_NONE_HERE_403 = {**dict.fromkeys(PERSONAS, 403), None: 302}
#: a session is set up by whoever manages a unit (the outsider manages community B)
_APPRAISAL_NONE_HERE_403 = {**dict.fromkeys(PERSONAS, 403), None: 302}

#: the street's inspection plan: only the street's staff see it (community staff: 404)
_INSPECTION_VIEW = {**dict.fromkeys(PERSONAS, 404), "street_staff": 200, None: 302}

GET_TABLE = {
    "portal:index": PUBLIC_200,
    "portal:tree_children": PUBLIC_200,
    "portal:unit": PUBLIC_200,
    "portal:check": PUBLIC_200,
    "portal:checkpoints": PUBLIC_200,
    "portal:checkpoints_json": PUBLIC_200,
    "portal:checkpoints_csv": PUBLIC_200,
    "portal:result": dict.fromkeys(PERSONAS, 404),
    "portal:result_record": dict.fromkeys(PERSONAS, 404),
    "portal:result_file": dict.fromkeys(PERSONAS, 404),
    "portal:recount_program": PUBLIC_200,
    "meetings:approval": ONLY_POST,
    "meetings:officers": ONLY_POST,
    "vote:enter": PUBLIC_200,
    "healthz": PUBLIC_200,
    "open311_keys:keys": SIGNED_IN,
    "open311_keys:revoke": ONLY_POST,
    "rule_preview": SIGNED_IN,
    "accounts:login": {
        **PUBLIC_200,
        **dict.fromkeys([p for p in PERSONAS if p], 302),
    },
    "accounts:logout": ONLY_POST,
    "accounts:password": SIGNED_IN,
    "notify:inbox": SIGNED_IN,
    "notify:preferences": SIGNED_IN,
    "notify:open": ONLY_POST,
    "notify:read_all": ONLY_POST,
    "accounts:setup": dict.fromkeys(PERSONAS, 410),  # the table's token is no setup link
    "vote:cast": ONLY_POST,
    "vote:receipt": ONLY_POST,
    "set_language": dict.fromkeys(PERSONAS, 302),
    "org:home": SIGNED_IN,
    "org:my_household": SIGNED_IN,
    "org:tree_children": VIEW,
    "org:unit": VIEW,
    "org:people": VIEW,
    "org:party_orgs": VIEW,
    "org:bodies": VIEW,
    "org:person": VIEW,
    "org:household": VIEW,
    "org:party_org": VIEW,
    "org:body": VIEW,
    "org:audit": VIEW,
    "org:roles": VIEW,
    "org:person_edit": MANAGE,
    "org:unit_create": MANAGE,
    "org:person_create": MANAGE,
    "org:household_create": MANAGE,
    "org:membership_set": MANAGE,
    "org:seat_add": MANAGE,
    "org:import": MANAGE,
    "org:import_run": UPLOADER_ONLY,
    "org:export": MANAGE_DOCUMENT,
    "org:import_template": SIGNED_IN,
    "org:role_revoke": ONLY_POST,
    "org:role_setup_link": ONLY_POST,
    "org:seat_remove": ONLY_POST,
    "meetings:body_meetings": VIEW_AS_MEMBER,
    "meetings:member_cards_pdf": MANAGE_DOCUMENT,
    "meetings:meeting": MEETING_VIEW,
    "meetings:live": MEETING_VIEW,
    "meetings:poll": MEETING_VIEW,
    "meetings:poll_record": {**VIEW, "organiser": 404, "member": 404, "street_staff": 404},  # not counted yet
    "meetings:check_in": MEETING_MANAGE,
    "meetings:meeting_step": ONLY_POST,
    "meetings:exclude": ONLY_POST,
    "meetings:poll_create": ONLY_POST,
    "meetings:appraisal_create": ONLY_POST,
    "meetings:poll_display": MEETING_VIEW,
    "meetings:issue": ONLY_POST,
    "meetings:code_batch": ONLY_POST,
    "meetings:poll_step": ONLY_POST,
    "meetings:timer": ONLY_POST,
    "meetings:paper": {**MANAGE, "teller": 200},
    "meetings:ballot_pdf": {**MANAGE_DOCUMENT, "representative": 403, "teller": 403},
    "meetings:meeting_record_pdf": MEETING_DOCUMENT,
    "meetings:announcement_pdf": MEETING_DOCUMENT,  # not counted yet: sent back to the poll with the reason
    "elections:body_elections": VIEW,
    "elections:election": VIEW,
    "elections:start": ONLY_POST,
    "elections:adjust": ONLY_POST,
    "elections:advance": ONLY_POST,
    "elections:reopen": ONLY_POST,
    "elections:stage_step": ONLY_POST,
    "elections:report": {**VIEW, "organiser": 404, "member": 404, "street_staff": 404},  # nothing uploaded yet
    "deliberation:unit_matters": VIEW,
    "deliberation:matter": VIEW,
    "deliberation:step_action": ONLY_POST,
    "deliberation:gate": ONLY_POST,
    "deliberation:finance": ONLY_POST,
    "deliberation:attachment": {**VIEW, "organiser": 404, "member": 404, "street_staff": 404},  # nothing uploaded
    "commitments:unit": VIEW,
    "commitments:reminders": SIGNED_IN,
    "commitments:year": VIEW,
    "commitments:opinion_add": MANAGE,
    "commitments:commitment_add": MANAGE,
    "commitments:adopt": ONLY_POST,
    "commitments:review": ONLY_POST,
    "commitments:survey": MANAGE,
    "commitments:survey_record": {**VIEW, "organiser": 404, "member": 404, "street_staff": 404},  # no survey yet
    "commitments:item": VIEW,
    "commitments:progress": MANAGE,
    "commitments:drop": ONLY_POST,
    "commitments_board:survey_record": dict.fromkeys(PERSONAS, 404),  # no survey yet
    "workdays:overrides": SIGNED_IN,  # the calendar is national and public: anyone signed in reads it
    "workdays:remove": ONLY_POST,
    "downloads:list": SIGNED_IN,
    "overview:unit": VIEW,
    "overview:export": VIEW_DOCUMENT,
    "downloads:detail": REQUESTER_ONLY,
    "downloads:file": REQUESTER_ONLY,
    # residents' requests: the case lies in grid A2 (community A); lists are everyone's own
    "cases:case": VIEW,
    "cases:act": ONLY_POST,
    "cases:queue": SIGNED_IN,
    "cases:desk": SIGNED_IN,
    "cases:represented": SIGNED_IN,
    "cases:grid": SIGNED_IN,
    "cases:area": SIGNED_IN,
    "cases:catalogue": {**dict.fromkeys(PERSONAS, 403), "street_staff": 200, None: 302},
    "cases:entry_add": {**dict.fromkeys(PERSONAS, 403), "street_staff": 200, None: 302},
    "cases:entry_edit": {**dict.fromkeys(PERSONAS, 403), "street_staff": 200, None: 302},
    "cases:rule_set": ONLY_POST,
    "case_intake:new": PUBLIC_200,
    "case_intake:follow": PUBLIC_200,
    "case_intake:answer": ONLY_POST,
    "case_intake:mine": SIGNED_IN,
    "case_intake:mine_case": {**dict.fromkeys(PERSONAS, 404), None: 302},  # nobody's own request
    "case_intake:mine_answer": ONLY_POST,
    "case_intake:card": PUBLIC_200,  # the representative's service card form
    "cases_board:index": PUBLIC_200,  # every request anonymised, and the scorecards
    "cases_board:scorecard": PUBLIC_200,
    "cases_board:scorecard_file": PUBLIC_200,
    # duty points: the liaison desk is the street's and district's org staff's; a representative's
    # points are theirs and their liaison staff's; the published tables are everyone's
    "points:desk": {**dict.fromkeys(PERSONAS, 404), "street_staff": 200, None: 302},
    # the representative persona holds a seat on the test congress (the congress rows): their own points
    "points:mine": {**dict.fromkeys(PERSONAS, 404), "representative": 302, None: 302},  # to their seat's page
    "points:seat": {**dict.fromkeys(PERSONAS, 404), "street_staff": 200, None: 302},
    "points:record": ONLY_POST,
    "points:propose": ONLY_POST,
    "points:object": ONLY_POST,
    "points:reverse": ONLY_POST,
    "points:decide_claim": ONLY_POST,
    "points:decide_self_project": ONLY_POST,
    "points:answer_objection": ONLY_POST,
    "points:publish": ONLY_POST,
    "points:standard": dict.fromkeys(PERSONAS, 404) | {None: 302},  # the district's liaison staff only
    # the monthly random inspection: the street's plan is its staff's; every published draw is everyone's
    "inspections:home": SIGNED_IN,
    "inspections:plan": _INSPECTION_VIEW,
    "inspections:draw": _INSPECTION_VIEW,
    "inspections:plan_create": ONLY_POST,
    "inspections:plan_save": ONLY_POST,
    "inspections:pool_add": ONLY_POST,
    "inspections:exclude": ONLY_POST,
    "inspections:draw_open": ONLY_POST,
    "inspections:draw_step": ONLY_POST,
    "inspections:finding": ONLY_POST,
    "inspections_board:index": PUBLIC_200,
    "inspections_board:draw": PUBLIC_200,
    "inspections_board:file": PUBLIC_200,
    "points_board:index": PUBLIC_200,
    "points_board:table": PUBLIC_200,
    "points_board:file": PUBLIC_200,
    "case_intake:staff_new": {**SIGNED_IN, "teller": 403, "stranger": 403},  # who takes requests for others
    "case_intake:photo": {**dict.fromkeys(PERSONAS, 404), None: 302},  # no photo yet
    "case_intake:service_card": {**dict.fromkeys(PERSONAS, 403), "representative": 200, None: 302},
    "case_intake:register_form": ONLY_POST,
    "studios:list": SIGNED_IN,  # the studios one works in, is attached to or manages (maybe none)
    "studios:new": {**dict.fromkeys(PERSONAS, 404), "organiser": 200, "outsider": 200, "street_staff": 200, None: 302},
    "studios:desk": {**dict.fromkeys(PERSONAS, 404), None: 302},  # no persona runs a studio
    # the representative persona holds a seat on the test congress (the congress rows below): their duty page
    "studios:my_duty": {**dict.fromkeys(PERSONAS, 404), "representative": 200, None: 302},
    "studios:studio": VIEW,
    "studios:sessions": VIEW,
    "studios:act": ONLY_POST,
    "studios:rule": VIEW,
    "studios:session": VIEW,
    "studios:take": MANAGE,  # the studio's staff and the liaison office (and the representative on duty)
    "studios:session_act": ONLY_POST,
    "studio_board:index": PUBLIC_200,
    "studio_board:studio": PUBLIC_200,
    "studio_board:unit": PUBLIC_200,
    # a congress meeting's work reports and inquiries: the congress sits on the street, whose staff
    # are its liaison office; its representative (王芳) reads them; the board publishes them to all
    "congress:agenda": CONGRESS_VIEW,
    "congress:document": CONGRESS_VIEW,
    "congress:inquiry": CONGRESS_VIEW,
    "congress:report_add": ONLY_POST,
    "congress:report_step": ONLY_POST,
    "congress:inquiry_new": ONLY_POST,
    "congress:inquiry_step": ONLY_POST,
    "congress:rating": ONLY_POST,
    "congress:mine": SIGNED_IN,
    "congress:owed": SIGNED_IN,
    "congress_board:index": PUBLIC_200,
    "congress_board:meeting": PUBLIC_200,
    "congress_board:document": PUBLIC_200,
    "reps:index": {
        **REPS_AREA,
        "organiser": 302,
        "member": 302,
        "observer": 302,
        "outsider": 302,
        "street_staff": 302,
        "representative": 302,
    },
    "reps:congress": REPS_AREA,
    "reps:coverage": REPS_STAFF,
    "reps:trainings": REPS_STAFF,
    "reps:training": REPS_AREA,  # a representative of the congress reads a training (their home links it)
    "reps:seat": REPS_AREA,
    "reps:profile": REPS_PROFILE,
    "reps:link": ONLY_POST,
    "reps:unlink": ONLY_POST,
    "reps:refer": REPS_REFER,
    "reps:referral": {**VIEW, "representative": 200},  # 王芳 referred it on and keeps following it
    # representatives' proposals: the objects are the district congress's season and a proposal
    # of 王芳 (the representative persona), in the street's delegation
    "proposals:index": SIGNED_IN,
    # the congress's liaison office opens a season: the street's staff (the test congress sits on the street)
    "proposals:season_new": {**_PROPOSAL_NONE_HERE_403, "street_staff": 200},
    "proposals:season": _PROPOSAL_READ,
    "proposals:file": {**_PROPOSAL_READ, "street_staff": 403},
    "proposals:season_act": ONLY_POST,
    "proposals:proposal": _PROPOSAL_READ,
    "proposals:edit": {**_PROPOSAL_READ, "street_staff": 403},
    "proposals:act": ONLY_POST,
    "proposals_board:index": PUBLIC_200,
    "proposals_board:proposal": PUBLIC_200,
    "proposals_board:document": dict.fromkeys(PERSONAS, 404),  # this answer has no document
    # appraisal sessions (web/appraisals): a session of community A, not counted yet
    "appraisals:index": {**SIGNED_IN, "teller": 403, "stranger": 403, "representative": 403},
    "appraisals:new": {**_APPRAISAL_NONE_HERE_403, "organiser": 200, "outsider": 200, "street_staff": 200},
    # a department evaluation: set up by a district, street or township's staff (not a community's)
    "appraisals:new_departments": {**_APPRAISAL_NONE_HERE_403, "street_staff": 200},
    "appraisals:new_raters": {**_APPRAISAL_NONE_HERE_403, "organiser": 200, "outsider": 200, "street_staff": 200},
    "appraisals:session": VIEW,
    # the two-way appraisal of the street (web/appraisals/two_way.py): only the street's staff
    "appraisals:two_way_new": {**_APPRAISAL_NONE_HERE_403, "street_staff": 200},
    "appraisals:two_way": _INSPECTION_VIEW,
    "appraisals_board:two_way": dict.fromkeys(PERSONAS, 404),  # neither side published yet
    "appraisals:record": {**VIEW, "organiser": 404, "member": 404, "street_staff": 404},  # not counted yet
    "appraisals:result": {**VIEW, "organiser": 404, "member": 404, "street_staff": 404},
    "appraisals:act": ONLY_POST,
    "appraisals:review": ONLY_POST,
    "appraisals_board:index": PUBLIC_200,
    "appraisals_board:session": dict.fromkeys(PERSONAS, 404),  # not published
    "appraisals_board:record": dict.fromkeys(PERSONAS, 404),
    "appraisals_board:result": dict.fromkeys(PERSONAS, 404),
    # democratic recommendation: community A's, counted and published
    "recommendations:index": {**SIGNED_IN, "teller": 403, "stranger": 403, "representative": 403},
    "recommendations:new": {**_NOT_MANAGING_403, "organiser": 200, "outsider": 200, "street_staff": 200},
    "recommendations:recommendation": VIEW,
    "recommendations:record": VIEW,
    "recommendations:count": ONLY_POST,
    "recommendations:publish": ONLY_POST,
    "recommendations:second_round": ONLY_POST,
    "recommendations_board:index": PUBLIC_200,
    "recommendations_board:recommendation": PUBLIC_200,
    "recommendations_board:record": PUBLIC_200,
}

#: POST by a persona who may not change the object: refused, and nothing is written
POST_REFUSED = {"member": 403, "observer": 404, "outsider": 404, **NO_ROLE_HERE, None: 302}
#: …a member of the body reads its meetings (not paper entry, a teller's), so a change there is
#: refused with 403, not hidden
MEMBER_SEES = ("meetings:",)
MEMBER_DOES_NOT_SEE = {"meetings:paper"}
#: …and the meeting's teller reads that meeting (not the body's other meetings), so a change of
#: the meeting or its polls is refused to them with 403 too
TELLER_DOES_NOT_SEE = {"meetings:body_meetings"}
#: …except where a persona may write: a teller enters paper ballots
MAY_WRITE = {"meetings:paper": {"teller"}}
#: …and where nothing is hidden: the national calendar refuses everyone below the street with 403
#: the catalogue is the street's: everyone below it is refused with 403, as for the calendar
#: a congress's writes: its representatives see the meeting (403), nobody else below the street does
_CONGRESS_REFUSED = {
    **dict.fromkeys([p for p in PERSONAS if p and p != "street_staff"], 404),
    "representative": 403,
    None: 302,
}
_STREET_ONLY = {**dict.fromkeys([p for p in PERSONAS if p and p != "street_staff"], 403), None: 302}
_REPS_REFUSED = {"member": 403, "observer": 403, "outsider": 403, **NO_ROLE_HERE, "representative": 403, None: 302}
_PROPOSAL_REFUSED = {**{p: 404 for p in PERSONAS if p}, "street_staff": 403, None: 302}
_INSPECTION_REFUSED = {**{p: 404 for p in PERSONAS if p and p != "street_staff"}, None: 302}
REFUSED_ELSE = {
    # the outsider manages community B: the empty form is refused there (422), nothing written
    "appraisals:new": {
        **{p: s for p, s in _APPRAISAL_NONE_HERE_403.items() if p not in ("organiser", "street_staff")},
        "outsider": 422,
    },
    "appraisals:new_raters": {
        **{p: s for p, s in _APPRAISAL_NONE_HERE_403.items() if p not in ("organiser", "street_staff")},
        "outsider": 422,
    },
    # anyone who manages a unit may set one up there (the outsider's empty form: 422, nothing written)
    "recommendations:new": {
        **{p: s for p, s in _NOT_MANAGING_403.items() if p not in ("organiser", "street_staff")},
        "outsider": 422,
    },
    **dict.fromkeys(
        [n for n in GET_TABLE if n.startswith("inspections:") and GET_TABLE[n] == ONLY_POST], _INSPECTION_REFUSED
    ),
    "congress:report_add": _CONGRESS_REFUSED,
    "congress:report_step": _CONGRESS_REFUSED,
    "congress:rating": _CONGRESS_REFUSED,
    "congress:inquiry_step": _CONGRESS_REFUSED,
    # a representative files (an empty form is refused as a form); nobody else sees the meeting
    "congress:inquiry_new": {p: s for p, s in _CONGRESS_REFUSED.items() if p != "representative"},
    "reps:profile": _REPS_REFUSED,
    "reps:link": {**_REPS_REFUSED, "outsider": 302},  # staff of B may link to B: the empty form is refused
    "reps:unlink": _REPS_REFUSED,
    "reps:trainings": _REPS_REFUSED,
    "reps:training": _REPS_REFUSED,
    # read by who referred it (王芳) and the community's member, neither its representative now
    "reps:referral": {**POST_REFUSED, "member": 403, "representative": 403},
    "proposals:season_new": {p: s for p, s in _PROPOSAL_NONE_HERE_403.items() if p != "street_staff"},
    # the street's staff read the season but set up nothing there; the persona represents
    "proposals:season_act": {**_PROPOSAL_REFUSED, "representative": 403},
    "proposals:file": {p: s for p, s in _PROPOSAL_REFUSED.items() if p != "representative"},
    "proposals:edit": {p: s for p, s in _PROPOSAL_REFUSED.items() if p != "representative"},
    # review: the street's staff may (an empty form: 422, nothing written); the persona may not
    "proposals:act": {**{p: s for p, s in _PROPOSAL_REFUSED.items() if p != "street_staff"}, "representative": 403},
    "appraisals:new_departments": _STREET_ONLY,
    "appraisals:two_way_new": _STREET_ONLY,
    "cases:entry_add": _STREET_ONLY,
    "cases:entry_edit": _STREET_ONLY,
    "cases:rule_set": _STREET_ONLY,
    "workdays:overrides": {**dict.fromkeys([p for p in PERSONAS if p and p != "street_staff"], 403), None: 302},
    "workdays:remove": {**dict.fromkeys([p for p in PERSONAS if p and p != "street_staff"], 403), None: 302},
}
POST_CHANGES = [
    "recommendations:new",
    "recommendations:count",
    "recommendations:publish",
    "recommendations:second_round",
    "org:person_edit",
    "org:unit_create",
    "org:person_create",
    "org:household_create",
    "org:membership_set",
    "org:seat_add",
    "org:role_revoke",
    "org:role_setup_link",
    "org:seat_remove",
    "meetings:meeting_step",
    "meetings:exclude",
    "meetings:poll_create",
    "meetings:appraisal_create",
    "meetings:issue",
    "meetings:code_batch",
    "meetings:poll_step",
    "meetings:timer",
    "meetings:check_in",
    "meetings:paper",
    "meetings:approval",
    "meetings:officers",
    "elections:body_elections",
    "elections:start",
    "elections:adjust",
    "elections:advance",
    "elections:reopen",
    "elections:stage_step",
    "deliberation:unit_matters",
    "deliberation:step_action",
    "deliberation:gate",
    "deliberation:finance",
    "commitments:unit",
    "commitments:opinion_add",
    "commitments:commitment_add",
    "commitments:adopt",
    "commitments:review",
    "commitments:survey",
    "commitments:progress",
    "commitments:drop",
    "workdays:overrides",
    "workdays:remove",
    "cases:act",
    "cases:entry_add",
    "cases:entry_edit",
    "cases:rule_set",
    "studios:act",
    "studios:rule",
    "studios:take",
    "studios:session_act",
    "congress:report_add",
    "congress:report_step",
    "congress:inquiry_new",
    "congress:inquiry_step",
    "reps:profile",
    "reps:link",
    "reps:unlink",
    "reps:trainings",
    "reps:training",
    "reps:referral",
    "congress:rating",
    "proposals:season_new",
    "proposals:season_act",
    "proposals:file",
    "proposals:edit",
    "proposals:act",
    "appraisals:new",
    "appraisals:new_departments",
    "appraisals:new_raters",
    "appraisals:two_way_new",
    "appraisals:act",
    "appraisals:review",
    "inspections:plan_create",
    "inspections:plan_save",
    "inspections:pool_add",
    "inspections:exclude",
    "inspections:draw_open",
    "inspections:draw_step",
    "inspections:finding",
]
#: the JSON API's own persona table: web/api/tests; Open311's: web/open311/tests/test_addresses.py
HANDLED_ELSEWHERE = ("api:", "open311:")


def _names(patterns, ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, p.namespace or ns)
        elif p.name:
            yield f"{ns}:{p.name}" if ns else p.name


def test_every_url_is_in_the_table():
    names = {n for n in _names(get_resolver().url_patterns) if not n.startswith(HANDLED_ELSEWHERE)}
    assert names - set(GET_TABLE) == set(), "add the new URL to GET_TABLE (and POST_CHANGES if it writes)"
    assert set(GET_TABLE) - names == set()


@pytest.fixture
def urls(world):
    from web.meetings import actions
    from web.meetings.testing import appoint_user_as_teller, make_meeting
    from web.org.models import BodySeat, Household, Role
    from web.org.testing import persona_user

    household = Household.objects.create(unit=world.grid_a2, number="C1-0200", address="")
    meeting = make_meeting(world, voters=3, probationary=0)
    attendee = meeting.attendees.first()
    appoint_user_as_teller(world, meeting, persona_user(world, "teller"))  # the meeting's teller: paper entry
    poll = actions.do_create_poll(
        meeting=meeting,
        title="表决",
        kind="motion",
        rules={"passes": "yes > 1/2 of present"},
        acting_user=world.organiser,
    )
    from web.elections import actions as election_actions

    election = election_actions.do_create_election(
        body=world.body_a, title="换届选举", template="open_nomination", acting_user=world.organiser
    )
    stage = election.stages.first()
    nomination = election.nominations.create(person=world.person_a, channel="self", created_at=election.created_at)
    from web.commitments import actions as commitment_actions

    year = commitment_actions.do_create_year(unit=world.community_a, year=2026, acting_user=world.organiser)
    commitment = commitment_actions.do_add_commitment(
        year=year,
        item="硬化村口道路",
        owner=world.person_a2,
        deadline=dt.date(2026, 12, 20),
        budget=Decimal(1000),
        category="infrastructure",
        acting_user=world.organiser,
    )
    seat = BodySeat.objects.filter(body=world.body_a).last()
    from web.deliberation import actions as deliberation_actions

    matter = deliberation_actions.do_propose_matter(
        unit=world.community_a,
        title="修建村道",
        kind="project",
        chain="four_deliberations",
        acting_user=world.organiser,
    )
    matter_step = matter.steps.first()
    role = Role.objects.get(user=world.member)
    from web.workdays.models import Override

    override = Override.objects.create(
        day=dt.date(2027, 1, 1),
        kind="holiday",
        name="元旦",
        created_by=world.street_staff,
        created_at=election.created_at,
    )
    from web.downloads import jobs
    from web.downloads.actions import do_request_download

    download = do_request_download(
        kind="roster", parameters={"unit": world.grid_a2.pk}, subject="名册", acting_user=world.organiser
    )
    jobs.render(download.pk)
    a = world.community_a
    from web.org.transfer.imports import do_upload_roster

    roster_import = do_upload_roster(unit=a, file_name="名册.csv", data=b"", acting_user=world.organiser)
    from web.cases.actions import do_dispatch_case, do_take_case
    from web.cases.testing import make_case_world

    cw = make_case_world(world)
    case, _code = do_take_case(
        channel="phone",
        entry=cw.entry("noise"),
        unit=world.grid_a2,
        description="楼上装修噪音",
        acting_user=cw.dispatcher,
        requester_phone="13800000001",
        consent=True,
    )
    do_dispatch_case(case=case, acting_user=cw.dispatcher)
    from web.cases.scorecards import do_publish_scorecard

    card = do_publish_scorecard(unit=world.street, year=2025, quarter=4, acting_user=world.street_staff)
    from web.org.models import Body
    from web.studios import actions as studio_actions

    congress = Body.objects.create(name="区党代会", kind=Body.Kind.CONGRESS, unit=world.district)
    congress_seat = BodySeat.objects.create(body=congress, person=world.person_a2, post=BodySeat.Post.REPRESENTATIVE)
    studio = studio_actions.do_save_studio(
        acting_user=world.organiser, name="和平社区党代表工作室", kind="community", unit=a
    )
    studio_actions.do_attach_representative(studio=studio, seat=congress_seat, acting_user=world.organiser)
    reception = studio_actions.do_save_rule(
        studio=studio,
        acting_user=world.organiser,
        kind="reception",
        week=0,
        weekday=1,
        starts=dt.time(9),
        ends=dt.time(11),
        valid_from=studio_actions.today(),
        seat=congress_seat,
    )
    reception_session = reception.sessions.order_by("starts_at").first()
    from web.points.testing import url_access_points

    points = url_access_points(world)
    from web.inspections.testing import url_access_inspection

    inspection = url_access_inspection(world)

    from web.congress import actions as congress_actions
    from web.congress.testing import congress_meeting, pdf_upload, representative

    congress_meeting_ = congress_meeting(world)
    report = congress_actions.do_add_report(
        meeting=congress_meeting_,
        kind="written",
        reporter="区教育局",
        title="区教育局书面述职",
        document=pdf_upload(),
        acting_user=world.street_staff,
    )
    inquiry = congress_actions.do_file_inquiry(
        meeting=congress_meeting_,
        to="committee",
        to_name="",
        text="学位为什么紧张？",
        acting_user=representative(world),
    )
    from web.cases.actions import do_refer_case
    from web.cases.models import CaseEvent
    from web.reps import actions as reps
    from web.reps.testing import make_congress

    congress = make_congress(world)
    rep = persona_user(world, "representative")
    rep_case, referred = (
        do_take_case(
            channel="representative",
            entry=cw.entry("noise"),
            unit=world.grid_a2,
            description=text,
            acting_user=rep,
            representative=rep,
            requester_phone="13800000008",
            consent=True,
        )[0]
        for text in ("夜间噪音", "深夜噪音")
    )
    do_refer_case(case=referred, to=congress.rep_b, reason="需要法律方面的代表", acting_user=rep)
    referral = CaseEvent.objects.get(case=referred, kind=CaseEvent.Kind.REFERRED)
    link = reps.do_link(seat=congress.seat_a2, unit=a, since=dt.date.today(), acting_user=world.organiser)
    training = reps.do_add_training(
        congress=congress.body,
        unit=world.street,
        title="履职培训",
        held_on=dt.date.today(),
        place="区委党校",
        organiser="区委组织部",
        acting_user=world.street_staff,
    )
    from web.proposals import testing as proposal_testing

    pw = proposal_testing.make_proposal_world(world)
    proposal = proposal_testing.answered(pw)
    from web.appraisals import actions as appraisal_actions
    from web.appraisals.models import Review

    appraisal = appraisal_actions.do_create_session(
        unit=a,
        title="“两委”班子成员民主测评",
        year=2026,
        mode="phone",
        raters="body",
        scale="individual",
        subjects=[appraisal_actions.SubjectIn(name="钱主任")],
        visibility="public",
        meeting=meeting,
        acting_user=world.organiser,
    )
    flag = Review.objects.create(
        session=appraisal, subject=appraisal.subjects.get(), flag="removal_review", unit_path=a.path
    )
    from web.appraisals import two_way_testing

    pair, _villages, _found = two_way_testing.create(world)
    from web.recommendations.testing import published

    recommendation = published(world)
    kwargs = {
        "recommendations:recommendation": {"recommendation_id": recommendation.pk},
        "recommendations:record": {"recommendation_id": recommendation.pk},
        "recommendations:count": {"recommendation_id": recommendation.pk},
        "recommendations:publish": {"recommendation_id": recommendation.pk},
        "recommendations:second_round": {"recommendation_id": recommendation.pk},
        "recommendations_board:recommendation": {"recommendation_id": recommendation.pk},
        "recommendations_board:record": {"recommendation_id": recommendation.pk},
        "congress:agenda": {"meeting_id": congress_meeting_.pk},
        "appraisals:session": {"session_id": appraisal.pk},
        "appraisals:record": {"session_id": appraisal.pk},
        "appraisals:result": {"session_id": appraisal.pk},
        "appraisals:act": {"session_id": appraisal.pk, "step": "open"},
        "appraisals:review": {"review_id": flag.pk},
        "appraisals_board:session": {"session_id": appraisal.pk},
        "appraisals_board:record": {"session_id": appraisal.pk},
        "appraisals_board:result": {"session_id": appraisal.pk},
        "appraisals:two_way": {"session_id": pair.pk},
        "appraisals_board:two_way": {"unit_id": world.street.pk, "year": pair.year},
        "congress:report_add": {"meeting_id": congress_meeting_.pk},
        "congress:inquiry_new": {"meeting_id": congress_meeting_.pk},
        "congress:rating": {"meeting_id": congress_meeting_.pk},
        "congress:document": {"report_id": report.pk},
        "congress:report_step": {"report_id": report.pk, "step": "remove"},
        "congress:inquiry": {"inquiry_id": inquiry.pk},
        "congress:inquiry_step": {"inquiry_id": inquiry.pk, "step": "spot"},
        "congress_board:meeting": {"meeting_id": congress_meeting_.pk},
        "congress_board:document": {"report_id": report.pk},
        "reps:congress": {"body_id": congress.body.pk},
        "reps:coverage": {"body_id": congress.body.pk},
        "reps:trainings": {"body_id": congress.body.pk},
        "reps:training": {"training_id": training.pk},
        "reps:seat": {"seat_id": congress.seat_a2.pk},
        "reps:profile": {"seat_id": congress.seat_a2.pk},
        "reps:link": {"seat_id": congress.seat_a2.pk},
        "reps:unlink": {"link_id": link.pk},
        "reps:refer": {"case_id": rep_case.pk},
        "reps:referral": {"event_id": referral.pk},
        "proposals:season": {"season_id": pw.season.pk},
        "proposals:file": {"season_id": pw.season.pk},
        "proposals:season_act": {"season_id": pw.season.pk, "action": "vote"},
        "proposals:proposal": {"proposal_id": proposal.pk},
        "proposals:edit": {"proposal_id": proposal.pk},
        "proposals:act": {"proposal_id": proposal.pk, "action": "review"},
        "proposals_board:proposal": {"proposal_id": proposal.pk},
        "proposals_board:document": {"proposal_id": proposal.pk, "round": 1},
        "cases_board:scorecard": {"scorecard_id": card.pk},
        "points:seat": {"seat_id": points.seat.pk},
        "inspections:plan_create": {"unit_id": world.street.pk},
        "inspections:plan": {"plan_id": inspection.plan_id},
        "inspections:plan_save": {"plan_id": inspection.plan_id},
        "inspections:pool_add": {"plan_id": inspection.plan_id},
        "inspections:exclude": {"plan_id": inspection.plan_id},
        "inspections:draw_open": {"plan_id": inspection.plan_id},
        "inspections:draw": {"draw_id": inspection.pk},
        "inspections:draw_step": {"draw_id": inspection.pk, "step": "freeze"},
        "inspections:finding": {"pick_id": inspection.picks.first().pk},
        "inspections_board:draw": {"draw_id": inspection.pk},
        "inspections_board:file": {"draw_id": inspection.pk, "what": "pool"},
        "points:standard": {"congress_id": points.seat.body_id},
        "points:record": {"seat_id": points.seat.pk},
        "points:propose": {"seat_id": points.seat.pk},
        "points:object": {"entry_id": points.entry.pk},
        "points:reverse": {"entry_id": points.entry.pk},
        "points:decide_claim": {"claim_id": 1},
        "points:decide_self_project": {"proposed_id": 1},
        "points:answer_objection": {"objection_id": 1},
        "points_board:table": {"publication_id": points.publication.pk},
        "points_board:file": {"publication_id": points.publication.pk, "what": "record"},
        "cases_board:scorecard_file": {"scorecard_id": card.pk, "what": "record"},
        "cases:case": {"case_id": case.pk},
        "cases:act": {"case_id": case.pk, "action": "sign"},
        "cases:entry_add": {"unit_id": world.street.pk},
        "cases:entry_edit": {"unit_id": world.street.pk, "code": "noise"},
        "cases:rule_set": {"unit_id": world.street.pk},
        "portal:unit": {"code": a.code},
        "portal:tree_children": {"code": a.code},
        "portal:result": {"code": a.code, "poll_id": poll.pk},
        "portal:result_record": {"code": a.code, "poll_id": poll.pk},
        "portal:result_file": {"code": a.code, "poll_id": poll.pk},
        "meetings:approval": {"poll_id": poll.pk},
        "meetings:officers": {"meeting_id": meeting.pk},
        "org:tree_children": {"unit_id": a.pk},
        "org:unit": {"unit_id": a.pk},
        "org:people": {"unit_id": a.pk},
        "org:party_orgs": {"unit_id": a.pk},
        "org:bodies": {"unit_id": a.pk},
        "org:person": {"person_id": world.person_a2.pk},
        "org:person_edit": {"person_id": world.person_a2.pk},
        "org:household": {"household_id": household.pk},
        "org:party_org": {"org_id": world.branch_a.pk},
        "org:body": {"body_id": world.body_a.pk},
        "org:audit": {"object_type": "person", "object_id": world.person_a2.pk},
        "org:roles": {"unit_id": a.pk},
        "org:import": {"unit_id": a.pk},
        "org:import_run": {"unit_id": a.pk, "run_id": roster_import.pk},
        "org:export": {"unit_id": a.pk},
        "org:unit_create": {"unit_id": a.pk},
        "org:person_create": {"unit_id": a.pk},
        "org:household_create": {"unit_id": world.grid_a2.pk},
        "org:membership_set": {"person_id": world.person_a2.pk},
        "org:seat_add": {"body_id": world.body_a.pk},
        "org:role_revoke": {"unit_id": a.pk, "role_id": role.pk},
        "org:role_setup_link": {"unit_id": a.pk, "role_id": role.pk},
        "accounts:setup": {"token": "no-such-token"},
        "notify:open": {"notice_id": 1},
        "org:seat_remove": {"body_id": world.body_a.pk, "seat_id": seat.pk},
        "meetings:body_meetings": {"body_id": world.body_a.pk},
        "meetings:member_cards_pdf": {"body_id": world.body_a.pk},
        "meetings:meeting": {"meeting_id": meeting.pk},
        "meetings:meeting_step": {"meeting_id": meeting.pk, "step": "open"},
        "meetings:exclude": {"meeting_id": meeting.pk, "attendee_id": attendee.pk},
        "meetings:check_in": {"meeting_id": meeting.pk},
        "meetings:live": {"meeting_id": meeting.pk},
        "meetings:timer": {"meeting_id": meeting.pk, "step": "defaults"},
        "meetings:poll_create": {"meeting_id": meeting.pk},
        "meetings:appraisal_create": {"meeting_id": meeting.pk},
        "meetings:poll_display": {"poll_id": poll.pk},
        "meetings:poll": {"poll_id": poll.pk},
        "meetings:issue": {"poll_id": poll.pk},
        "meetings:code_batch": {"poll_id": poll.pk},
        "meetings:poll_record": {"poll_id": poll.pk},
        "meetings:paper": {"poll_id": poll.pk},
        "meetings:ballot_pdf": {"poll_id": poll.pk},
        "meetings:announcement_pdf": {"poll_id": poll.pk},
        "meetings:meeting_record_pdf": {"meeting_id": meeting.pk},
        "meetings:poll_step": {"poll_id": poll.pk, "step": "open"},
        "elections:body_elections": {"body_id": world.body_a.pk},
        "elections:election": {"election_id": election.pk},
        "elections:start": {"election_id": election.pk},
        "elections:adjust": {"election_id": election.pk, "stage_id": stage.pk},
        "elections:advance": {"election_id": election.pk, "stage_id": stage.pk},
        "elections:reopen": {"election_id": election.pk, "stage_id": stage.pk},
        "elections:stage_step": {"election_id": election.pk, "stage_id": stage.pk, "step": "nominate"},
        "elections:report": {"election_id": election.pk, "nomination_id": nomination.pk},
        "deliberation:unit_matters": {"unit_id": a.pk},
        "deliberation:finance": {"unit_id": a.pk},
        "deliberation:matter": {"matter_id": matter.pk},
        "deliberation:gate": {"matter_id": matter.pk},
        "deliberation:step_action": {"matter_id": matter.pk, "step_id": matter_step.pk, "action": "hold"},
        "deliberation:attachment": {"matter_id": matter.pk, "attachment_id": 1},
        "commitments:unit": {"unit_id": a.pk},
        "commitments:year": {"year_id": year.pk},
        "commitments:opinion_add": {"year_id": year.pk},
        "commitments:commitment_add": {"year_id": year.pk},
        "commitments:adopt": {"year_id": year.pk},
        "commitments:review": {"year_id": year.pk},
        "commitments:survey": {"year_id": year.pk},
        "commitments:survey_record": {"year_id": year.pk},
        "commitments:item": {"commitment_id": commitment.pk},
        "commitments:progress": {"commitment_id": commitment.pk},
        "commitments:drop": {"commitment_id": commitment.pk},
        "commitments_board:survey_record": {"code": a.code, "year": 2026},
        "workdays:remove": {"override_id": override.pk},
        "downloads:detail": {"download_id": download.pk},
        "overview:unit": {"unit_id": a.pk},
        "overview:export": {"unit_id": a.pk},
        "downloads:file": {"download_id": download.pk},
        "open311_keys:revoke": {"key_id": 1},
        "case_intake:mine_case": {"case_id": case.pk},
        "case_intake:mine_answer": {"case_id": case.pk},
        "case_intake:card": {"representative_id": persona_user(world, "representative").pk},
        "case_intake:photo": {"photo_id": 1},
        "studios:studio": {"studio_id": studio.pk},
        "studios:sessions": {"studio_id": studio.pk},
        "studios:act": {"studio_id": studio.pk, "action": "generate"},
        "studios:rule": {"rule_id": reception.pk},
        "studios:session": {"session_id": reception_session.pk},
        "studios:take": {"session_id": reception_session.pk},
        "studios:session_act": {"session_id": reception_session.pk, "action": "cancel"},
        "studio_board:studio": {"studio_id": studio.pk},
        "studio_board:unit": {"code": a.code},
    }
    return {name: reverse(name, kwargs=kwargs.get(name)) for name in GET_TABLE}


@pytest.fixture
def personas(world):
    """The world's personas, and two more: a teller of community A and a user with no role."""
    from web.org.testing import persona_user

    users = {p: persona_user(world, p) for p in PERSONAS if p}
    return {**users, None: None}


@pytest.mark.parametrize("name", sorted(GET_TABLE))
def test_get_by_persona(personas, client_for, urls, name):
    got = {p: client_for(personas[p]).get(urls[name]).status_code for p in PERSONAS}
    assert got == GET_TABLE[name]


@pytest.mark.parametrize("name", POST_CHANGES)
def test_post_by_a_persona_who_may_not_change_writes_nothing(personas, client_for, urls, name):
    from web.audit.models import AuditEntry

    before = AuditEntry.objects.count()
    refused = REFUSED_ELSE.get(name) or {p: s for p, s in POST_REFUSED.items() if p not in MAY_WRITE.get(name, ())}
    if name.startswith(MEMBER_SEES) and name not in MEMBER_DOES_NOT_SEE:
        refused = {**refused, "representative": 403}
        if "teller" in refused and name not in TELLER_DOES_NOT_SEE:
            refused["teller"] = 403
    got = {p: client_for(personas[p]).post(urls[name], {}).status_code for p in refused}
    assert got == refused
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("name", sorted(GET_TABLE))
def test_head_is_answered_wherever_get_is(personas, client_for, urls, name):
    """Issue 9: every HEAD was refused. Now HEAD gets the GET's status and headers, and no body."""
    for persona in ("organiser", None):
        client = client_for(personas[persona])
        got, head = client.get(urls[name]), client.head(urls[name])
        assert head.status_code == got.status_code, persona
        if head.streaming:  # a file: the server sends no body for a HEAD (web.common.middleware)
            assert head["Content-Type"] == got["Content-Type"] and head["Content-Length"] == got["Content-Length"]
            head.close(), got.close()
            continue
        assert head.content == b""
        if not got.streaming and got.status_code == 200:
            assert head["Content-Type"] == got["Content-Type"]
            assert int(head["Content-Length"]) > 0  # the GET's length (a page or a file made anew may differ by a byte)


def _views(patterns, ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _views(p.url_patterns, p.namespace or ns)
        elif p.name:
            yield (f"{ns}:{p.name}" if ns else p.name), p.callback


#: every page that shows a secret: each must use web.common.http.no_store (issue 9: code slips,
#: setup links and API tokens are never kept by a cache)
SHOWS_SECRETS = {
    "api:tokens",
    "open311_keys:keys",
    "accounts:setup",
    "org:roles",
    "org:role_setup_link",
    "meetings:code_batch",
    "vote:enter",
    "vote:cast",
    "vote:receipt",
    "case_intake:new",
    "case_intake:follow",
    "case_intake:answer",
    "case_intake:card",
    "case_intake:staff_new",
}


def test_every_page_that_shows_a_secret_is_marked_no_store():
    marked = {name for name, view in _views(get_resolver().url_patterns) if getattr(view, "shows_secret", False)}
    assert SHOWS_SECRETS <= marked
    assert marked - SHOWS_SECRETS == set(), "add the page to SHOWS_SECRETS"


@pytest.mark.parametrize("name", sorted(SHOWS_SECRETS))
def test_a_page_that_shows_a_secret_is_not_stored(personas, client_for, urls, name):
    url = urls[name] if name in urls else reverse(name)
    for persona in PERSONAS:
        response = client_for(personas[persona]).get(url)
        if response.status_code == 404:  # raised before the page was made: nothing of it to keep
            continue
        cache = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        assert {"no-store", "private"} <= cache, (persona, response.status_code)
