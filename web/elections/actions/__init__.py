"""Writes of an election: each step one action in one transaction with its audit entry."""

from web.elections.actions.candidates import (
    do_add_proxy,
    do_answer_objection,
    do_check_condition,
    do_file_objection,
    do_nominate,
    do_publish_register,
)
from web.elections.actions.lifecycle import (
    check_settings,
    do_adjust_stage,
    do_advance_stage,
    do_create_election,
    do_reopen_stage,
    do_start_election,
    may_adjust,
)
from web.elections.actions.polls import do_prepare_meeting, do_set_post_candidates, do_start_supplementary
from web.elections.actions.three_ballot import do_record_layer, do_record_trust, do_upload_report

__all__ = [
    "check_settings",
    "do_add_proxy",
    "do_adjust_stage",
    "do_advance_stage",
    "do_answer_objection",
    "do_check_condition",
    "do_create_election",
    "do_file_objection",
    "do_nominate",
    "do_prepare_meeting",
    "do_publish_register",
    "do_record_layer",
    "do_record_trust",
    "do_reopen_stage",
    "do_set_post_candidates",
    "do_start_election",
    "do_start_supplementary",
    "do_upload_report",
    "may_adjust",
]
