"""Every action name the audit log knows, with the words a page shows for it.

``record()`` refuses any other name, so a typo fails the action at once instead of writing an
entry nobody searches for. A new action adds its name here (and its English in the ``.po``
file); ``tests/test_audit_coverage.py`` then asks for a line saying how to call it and which
entry it must write. The stored value is the dotted name (``poll.open``): it is what the API,
``verify_polls`` and any kept copy of the log already read, so it never changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Action(models.TextChoices):
    # accounts and API tokens
    ACCOUNT_CREATE = "account.create", _("创建账号")
    ACCOUNT_SETUP_LINK = "account.setup_link", _("签发密码设置链接")
    ACCOUNT_SET_PASSWORD = "account.set_password", _("本人设置密码")
    API_TOKEN_CREATE = "api_token.create", _("创建接口令牌")
    API_TOKEN_REVOKE = "api_token.revoke", _("吊销接口令牌")

    # the organisation model
    UNIT_CREATE = "unit.create", _("新建单位")
    UNIT_UPDATE = "unit.update", _("修改单位")
    PERSON_CREATE = "person.create", _("登记人员")
    PERSON_UPDATE = "person.update", _("修改人员信息")
    HOUSEHOLD_CREATE = "household.create", _("登记户")
    HOUSEHOLD_UPDATE = "household.update", _("修改户信息")
    PARTYORG_CREATE = "partyorg.create", _("新建党组织")
    PARTYORG_UPDATE = "partyorg.update", _("修改党组织")
    MEMBERSHIP_SET = "membership.set", _("设置党员身份")
    BODY_CREATE = "body.create", _("建立机构（名单）")
    BODY_SEAT = "body.seat", _("列入机构名册")
    BODY_UNSEAT = "body.unseat", _("移出机构名册")
    ROLE_GRANT = "role.grant", _("授予角色")
    ROLE_REVOKE = "role.revoke", _("撤销角色")
    ROSTER_IMPORT = "roster.import", _("导入名册")
    ROSTER_IMPORT_CREATE = "roster.import.create", _("导入名册时新建")
    DEMO_SEED = "demo.seed", _("生成演示数据")

    # meetings
    MEETING_CREATE = "meeting.create", _("创建会议")
    MEETING_EXCLUDE = "meeting.exclude", _("核减应到人员")
    MEETING_OBSERVER = "meeting.observer", _("增加列席人员")
    MEETING_OPEN = "meeting.open", _("开始会议")
    MEETING_CHECK_IN = "meeting.check_in", _("签到")
    MEETING_CLOSE = "meeting.close", _("结束会议")
    MEETING_OFFICER = "meeting.officer", _("推选会议工作人员")
    MEETING_PROXIES = "meeting.proxies", _("设置委托投票")
    MEETING_TIMER_DEFAULTS = "meeting.timer_defaults", _("设置发言计时时长")
    MEETING_TIMER_START = "meeting.timer_start", _("开始计时")
    MEETING_TIMER_PAUSE = "meeting.timer_pause", _("暂停计时")
    MEETING_TIMER_RESUME = "meeting.timer_resume", _("继续计时")
    MEETING_TIMER_RESET = "meeting.timer_reset", _("重新计时")
    MEETING_TIMER_STOP = "meeting.timer_stop", _("停止计时")

    # polls, results and paper ballots
    POLL_CREATE = "poll.create", _("创建表决")
    POLL_OPEN = "poll.open", _("开始投票")
    POLL_CLOSE = "poll.close", _("结束投票并计票")
    POLL_CODE_BATCH = "poll.code_batch", _("印制一批投票码")
    POLL_APPROVE = "poll.approve", _("批准结果")
    POLL_REJECT = "poll.reject", _("不予批准结果")
    POLL_PUBLISH = "poll.publish", _("公布结果")
    POLL_SPEAKING_ORDER = "poll.speaking_order", _("抽签确定发言顺序")
    PAPER_START = "paper.start", _("开始录入纸质选票")
    PAPER_SUBMIT = "paper.submit", _("提交纸质选票录入")
    PAPER_ACCEPT = "paper.accept", _("两份录入一致，计入纸质选票")
    PAPER_WITHDRAW = "paper.withdraw", _("撤回纸质选票录入")
    PAPER_SUBMIT_TOTALS = "paper.submit_totals", _("提交纸质选票合计")
    PAPER_ACCEPT_TOTALS = "paper.accept_totals", _("两份合计一致，计入纸质选票")

    # elections
    ELECTION_CREATE = "election.create", _("创建选举")
    ELECTION_ADJUST = "election.adjust", _("调整环节设置")
    ELECTION_START = "election.start", _("启动选举")
    ELECTION_ADVANCE = "election.advance", _("完成环节")
    ELECTION_REOPEN = "election.reopen", _("重新打开环节")
    ELECTION_NOMINATE = "election.nominate", _("登记推荐人选")
    ELECTION_REVIEW = "election.review", _("资格审查")
    ELECTION_OBJECTION = "election.objection", _("登记异议")
    ELECTION_ANSWER = "election.answer", _("答复异议")
    ELECTION_REGISTER = "election.register", _("公布选民名单")
    ELECTION_PROXY = "election.proxy", _("登记委托投票")
    ELECTION_POST_CANDIDATES = "election.post_candidates", _("确定职位候选人")
    ELECTION_MEETING = "election.meeting", _("准备选举会议")
    ELECTION_SUPPLEMENTARY = "election.supplementary", _("开始另行选举")
    ELECTION_TRUST = "election.trust", _("录入信任度测评")
    ELECTION_LAYER = "election.layer", _("录入一层推荐票")
    ELECTION_REPORT = "election.report", _("上传调研报告")

    # village deliberation
    MATTER_PROPOSE = "matter.propose", _("提出议题")
    MATTER_HOLD = "matter.hold", _("提交会议表决")
    MATTER_DEFER = "matter.defer", _("暂缓表决")
    MATTER_PASS = "matter.pass", _("表决通过")
    MATTER_FAIL = "matter.fail", _("表决未通过")
    MATTER_MINUTES = "matter.minutes", _("记录会议纪要")
    MATTER_ATTACHMENT = "matter.attachment", _("上传纪要附件")
    MATTER_GATE = "matter.gate", _("记录研究前置条件")
    MATTER_DISCLOSE = "matter.disclose", _("公开决议或实施结果")
    DISCLOSURE_FINANCE = "disclosure.finance", _("公开财务")

    # commitments
    COMMITMENTS_CREATE_YEAR = "commitments.create_year", _("建立年度承诺")
    COMMITMENTS_RECORD_OPINION = "commitments.record_opinion", _("登记意见")
    COMMITMENTS_ADD = "commitments.add", _("增加承诺事项")
    COMMITMENTS_ADOPT = "commitments.adopt", _("联席会议通过承诺")
    COMMITMENTS_POST_PROGRESS = "commitments.post_progress", _("报送季度进展")
    COMMITMENTS_DROP = "commitments.drop", _("撤销事项")
    COMMITMENTS_REVIEW = "commitments.review", _("年终评议")
    COMMITMENTS_ENTER_SURVEY = "commitments.enter_survey", _("录入满意度测评")

    # residents' requests
    CASE_TAKE = "case.take", _("受理诉求")
    CASE_DISPATCH = "case.dispatch", _("派单")
    CASE_SIGN = "case.sign", _("签收诉求")
    CASE_RETURN = "case.return", _("退单")
    CASE_SEND_BACK = "case.send_back", _("退单不予认可")
    CASE_ASSIST = "case.assist", _("增加协办单位")
    CASE_EXTEND = "case.extend", _("诉求延期")
    CASE_REPLY = "case.reply", _("答复诉求")
    CASE_VISIT = "case.visit", _("回访")
    CASE_CLOSE = "case.close", _("办结诉求")
    CASE_MERGE = "case.merge", _("合并重复诉求")
    CASE_ESCALATE = "case.escalate", _("提级督办")
    CASE_EXCLUDE = "case.exclude", _("诉求不计入考核")
    CASE_REFER = "case.refer", _("转交其他代表")
    CASE_RATE = "case.rate", _("代表评价承办单位")
    CASE_PHOTOS = "case.photos", _("诉求附上照片")

    # a congress meeting's work reports and inquiries (web/congress)
    CONGRESS_REPORT_ADD = "congress.report_add", _("列入述职报告")
    CONGRESS_REPORT_REMOVE = "congress.report_remove", _("移出述职报告")
    CONGRESS_APPROVAL = "congress.approval", _("发起工作报告表决")
    CONGRESS_RATING = "congress.rating", _("发起述职测评")
    INQUIRY_FILE = "inquiry.file", _("提出询问")
    INQUIRY_ANSWER_SPOT = "inquiry.answer_spot", _("记录现场答复")
    INQUIRY_ANSWER_WRITING = "inquiry.answer_writing", _("记录书面答复")
    CATALOGUE_PUBLISH = "catalogue.publish", _("发布派单目录")
    CASES_GENERATED = "cases.generated", _("生成演示诉求")
    OPEN311_KEY_ISSUE = "open311_key.issue", _("签发开放接口密钥")
    OPEN311_KEY_REVOKE = "open311_key.revoke", _("撤销开放接口密钥")
    ESCALATION_RULE_SET = "escalation_rule.set", _("修改提级规则")
    SCORECARD_PUBLISH = "scorecard.publish", _("发布诉求办理考核")

    # the party congress's representatives
    REPS_GENERATED = "reps.generated", _("生成演示党代会代表")
    REPS_PROFILE = "reps.profile", _("修改代表资料")
    REPS_LINK = "reps.link", _("代表挂点村（社区）")
    REPS_UNLINK = "reps.unlink", _("结束代表挂点")
    REPS_TRAINING = "reps.training", _("登记代表培训")
    REPS_ATTENDANCE = "reps.attendance", _("登记代表培训签到")
    REPS_ANSWER = "reps.answer", _("代表回复转交的诉求")

    # representatives' duty points
    POINTS_STANDARD_PUBLISH = "points_standard.publish", _("发布履职记分标准")
    POINTS_ENTRY_RECORD = "points_entry.record", _("记入履职积分")
    POINTS_ENTRY_REVERSE = "points_entry.reverse", _("冲销履职积分")
    POINTS_CLAIM = "points_claim.file", _("申报履职积分")
    POINTS_CLAIM_CONFIRM = "points_claim.confirm", _("确认积分申报")
    POINTS_CLAIM_REFUSE = "points_claim.refuse", _("不予确认积分申报")
    POINTS_SELF_PROPOSE = "points_self.propose", _("提出自创项目")
    POINTS_SELF_APPROVE = "points_self.approve", _("同意自创项目")
    POINTS_SELF_REFUSE = "points_self.refuse", _("不同意自创项目")
    POINTS_PUBLISH = "points.publish", _("公布履职积分")
    POINTS_OBJECT = "points_objection.file", _("对积分提出异议")
    POINTS_OBJECTION_ANSWER = "points_objection.answer", _("答复积分异议")

    # representatives' studios
    STUDIO_CREATE = "studio.create", _("设立党代表工作室")
    STUDIO_UPDATE = "studio.update", _("修改党代表工作室")
    STUDIO_CLOSE = "studio.close", _("撤销党代表工作室")
    STUDIO_STAFF = "studio.staff", _("设置工作室人员")
    STUDIO_STAFF_REMOVE = "studio.staff_remove", _("移出工作室人员")
    STUDIO_ATTACH = "studio.attach", _("代表进驻工作室")
    STUDIO_DETACH = "studio.detach", _("代表退出工作室")
    STUDIO_RULE = "studio.rule", _("保存接待日安排")
    STUDIO_SESSIONS = "studio.sessions", _("生成接待活动")
    STUDIO_SESSION_ADD = "studio.session_add", _("增加接待活动")
    STUDIO_SESSION_CANCEL = "studio.session_cancel", _("取消接待活动")
    STUDIO_DUTY = "studio.duty", _("调整值班代表")
    STUDIO_CHECK_IN = "studio.check_in", _("接待签到")
    STUDIO_TAKE = "studio.take", _("接待时受理诉求")
    STUDIOS_GENERATED = "studios.generated", _("生成演示工作室接待记录")
    # representatives' proposals
    PROPOSAL_SEASON_OPEN = "proposal.season_open", _("设立提案调研季")
    PROPOSAL_DELEGATIONS = "proposal.delegations", _("按街道组成代表团")
    PROPOSAL_FILE = "proposal.file", _("提出提案")
    PROPOSAL_EDIT = "proposal.edit", _("修改提案")
    PROPOSAL_SECOND = "proposal.second", _("附议提案")
    PROPOSAL_DECLINE_SECOND = "proposal.decline_second", _("谢绝附议")
    PROPOSAL_SUBMIT = "proposal.submit", _("提交立案审查")
    PROPOSAL_ACCEPT = "proposal.accept", _("提案立案")
    PROPOSAL_DECLINE = "proposal.decline", _("提案不予立案")
    PROPOSAL_MERGE = "proposal.merge", _("合并雷同提案")
    PROPOSAL_DISCUSS = "proposal.discuss", _("记录代表团讨论")
    PROPOSAL_VOTE = "proposal.vote", _("提交大会表决")
    PROPOSAL_CONCLUDE = "proposal.conclude", _("读取大会表决结果")
    PROPOSAL_ASSIGN = "proposal.assign", _("交办提案")
    PROPOSAL_ANSWER = "proposal.answer", _("答复提案")
    PROPOSAL_RATE = "proposal.rate", _("评价提案答复")
    # appraisal sessions (民主测评、满意度测评)
    APPRAISAL_CREATE = "appraisal.create", _("设立测评")
    APPRAISAL_OPEN = "appraisal.open", _("开始测评")
    APPRAISAL_COUNT = "appraisal.count", _("测评计票")
    APPRAISAL_PUBLISH = "appraisal.publish", _("公布测评结果")
    APPRAISAL_REVIEW = "appraisal.review", _("记录测评提示的研究意见")
    APPRAISAL_TO_COMMITMENTS = "appraisal.to_commitments", _("以测评记录作为公开承诺年终满意度测评")
    APPRAISAL_TWO_WAY = "appraisal.two_way", _("设立双向评议")

    # democratic recommendation
    RECOMMENDATION_CREATE = "recommendation.create", _("发起民主推荐")
    RECOMMENDATION_COUNT = "recommendation.count", _("汇总民主推荐计票")
    RECOMMENDATION_PUBLISH = "recommendation.publish", _("公布民主推荐结果")
    RECOMMENDATION_SECOND_ROUND = "recommendation.second_round", _("发起第二次民主推荐")
    # the monthly random inspection
    INSPECTION_PLAN_SAVE = "inspection_plan.save", _("保存随机考察方案")
    INSPECTION_POOL_ADD = "inspection_pool.add", _("列入随机考察名单")
    INSPECTION_POOL_EXCLUDE = "inspection_pool.exclude", _("设置不参加抽取的理由")
    INSPECTION_DRAW_OPEN = "inspection_draw.open", _("开始本月随机考察抽取")
    INSPECTION_DRAW_FREEZE = "inspection_draw.freeze", _("冻结随机考察名单并公布散列值")
    INSPECTION_SEED_ENTER = "inspection_seed.enter", _("录入随机考察种子")
    INSPECTION_SEED_CLEAR = "inspection_seed.clear", _("撤回随机考察种子录入")
    INSPECTION_SEED_COMMIT = "inspection_seed.commit", _("公布随机考察种子承诺")
    INSPECTION_DRAW = "inspection_draw.draw", _("随机抽取考察对象和考察人员并公布")
    INSPECTION_FINDING = "inspection_pick.finding", _("记录考察情况")

    # the working-day calendar
    WORKDAY_OVERRIDE_ADD = "workday.override_add", _("调整工作日")
    WORKDAY_OVERRIDE_REMOVE = "workday.override_remove", _("删除工作日调整")

    # documents made in the background
    DOWNLOAD_MADE = "download.made", _("生成下载文件")

    # notifications
    NOTIFY_PREFERENCES = "notify.preferences", _("修改通知设置")


def action_choices() -> list[tuple[str, StrOrPromise]]:
    """``AuditEntry.action``'s choices, read when asked: a new name needs no migration."""
    return list(Action.choices)


def action_label(name: str) -> str:
    """The words for a stored action name; the name itself for one this version does not know
    (an entry written by an older or newer Jiceng stays readable)."""
    return str(Action(name).label) if name in Action.values else name


def checked(name: str) -> str:
    """``name`` as stored, if it is a known action; otherwise a ValueError that names it."""
    if name not in Action.values:
        raise ValueError(f"unknown audit action {name!r}: add it to web.audit.names.Action")
    return str(Action(name).value)
