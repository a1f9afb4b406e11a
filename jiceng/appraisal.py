"""Appraisals and satisfaction surveys: many subjects rated at once on a grade scale (DOMAIN.md §5.4).

A record lists the subjects (cadres, groups, departments), names the scale, and gives
either the forms (``{"grades": {"s1": "优秀", "s2": "称职"}}``; ``{"blank": true}``,
``{"spoiled": true}``) or, for forms counted by hand, the ``counts`` per subject
with the form totals. Per subject:

- the valid forms exclude blank and spoiled forms (a form grading nobody is blank);
- a subject a valid form leaves ungraded has an abstention on that form;
- the base ``valid`` of every rate and rule is the number of valid forms, or, with the
  setting ``abstentions_in_base: false``, the valid forms that grade this subject;
  the setting (default true) is printed on the result;
- each grade's count and rate (an exact fraction, shown as a percentage rounded
  half-up to two decimals), and the scale's summary rates (e.g. the satisfaction rate
  (满意+基本满意)/valid and 满意 alone).

An optional ranking (``settings.bottom: N`` with ``settings.rank_by: [grades]``, e.g. the
public evaluation of departments, seed 002: the bottom five are held accountable): each
subject's share is the forms giving those grades over its base (an exact fraction), ranked
lowest first; the ``N`` lowest are the bottom, and subjects tied at the cut-off who do not all
fit are reported as tied, never separated. When no more subjects are ranked than ``N`` the
ranking names no bottom at all (as the scorecard kind does). A subject with a base of 0 is not
ranked. A record without ``settings.bottom`` is counted exactly as before and its result has
no ranking.

Flags are rules over a subject's counts, named by grade (``3*(优秀+称职) < 2*valid``);
a flag raised is never a sanction: the sentence says the organisation is asked to
review (提请组织研究). Defaults by scale (each replaceable in ``rules.flags``):

- ``individual`` 优秀/称职/基本称职/不称职: ``admonition_review`` ``3*(优秀+称职) < 2*valid``
  (诫勉或调整), ``removal_review`` ``3*不称职 > valid`` (免职), and seed 002's
  ``non_leading_post_review`` ``3*(优秀+称职+基本称职) < 2*valid`` (改任非领导职务);
- ``village_member`` (the individual scale for a villagers' committee member):
  ``village_incompetent`` ``2*不称职 >= valid`` (Shandong default; two in a row end the term);
- ``satisfaction`` 满意/基本满意/不满意 (the default of kind ``survey``): seed 001's
  ``satisfaction_below_60`` ``5*(满意+基本满意) < 3*valid``;
- ``group`` 好/较好/一般/差: no default flag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from jiceng import labels
from jiceng.errors import RecordError
from jiceng.record import (
    check_header,
    require_bool,
    require_int,
    require_list,
    require_mapping,
    require_str,
    text_width,
)
from jiceng.rules import Rule, parse_rule

__all__ = [
    "FLAGS",
    "SCALES",
    "Flag",
    "bottom_of",
    "format_text",
    "fraction_json",
    "percent_text",
    "points_text",
    "tally_record",
]

#: scale → its grades, best first.
SCALES: Mapping[str, tuple[str, ...]] = {
    "individual": ("优秀", "称职", "基本称职", "不称职"),
    "village_member": ("优秀", "称职", "基本称职", "不称职"),
    "group": ("好", "较好", "一般", "差"),
    "satisfaction": ("满意", "基本满意", "不满意"),
}

#: scale → summary rates: (label zh, label en, grades summed).
_SUMMARIES: Mapping[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "individual": (
        ("称职以上", "competent or better", ("优秀", "称职")),
        ("基本称职以上", "basically competent or better", ("优秀", "称职", "基本称职")),
    ),
    "group": (("较好以上", "fairly good or better", ("好", "较好")),),
    "satisfaction": (
        ("满意率", "satisfaction rate", ("满意", "基本满意")),
        ("满意", "satisfied alone", ("满意",)),
    ),
}


#: the named scales' grades in English, for the English sentences (a custom grade reads as itself)
_GRADES_EN: Mapping[str, str] = {
    "优秀": "excellent",
    "称职": "competent",
    "基本称职": "basically competent",
    "不称职": "incompetent",
    "好": "good",
    "较好": "fairly good",
    "一般": "fair",
    "差": "poor",
    "满意": "satisfied",
    "基本满意": "basically satisfied",
    "不满意": "dissatisfied",
}


@dataclass(frozen=True, kw_only=True)
class Flag:
    """A known flag: its default rule and what the organisation is asked to review."""

    rule: str
    review_zh: str
    review_en: str


FLAGS: Mapping[str, Flag] = {
    "admonition_review": Flag(
        rule="3*(优秀+称职) < 2*valid", review_zh="诫勉或调整", review_en="admonition or adjustment"
    ),
    "removal_review": Flag(rule="3*不称职 > valid", review_zh="免职", review_en="removal"),
    "non_leading_post_review": Flag(
        rule="3*(优秀+称职+基本称职) < 2*valid",
        review_zh="改任非领导职务",
        review_en="a move to a non-leading post",
    ),
    "village_incompetent": Flag(
        rule="2*不称职 >= valid",
        review_zh="评定为不称职（连续两次不称职的终止职务）",
        review_en="a rating of incompetent (two in a row end the term)",
    ),
    "satisfaction_below_60": Flag(
        rule="5*(满意+基本满意) < 3*valid",
        review_zh="取消书记、主任下一年度评先评优资格",
        review_en="barring the secretary and director from next year's awards",
    ),
}

_DEFAULT_FLAGS: Mapping[str, tuple[str, ...]] = {
    "individual": ("admonition_review", "removal_review", "non_leading_post_review"),
    "village_member": ("village_incompetent",),
    "group": (),
    "satisfaction": ("satisfaction_below_60",),
}

_RESERVED = ("valid", "abstain", "graded", "forms")
_NAME = re.compile(r"[^\W\d][\w\-]*")


def percent_text(value: Fraction) -> str:
    """``value`` as a percentage with two decimals, rounded half-up from the exact fraction.

    Display only: every comparison is made on the fraction itself.
    """
    return points_text(value * 100)


def points_text(value: Fraction) -> str:
    """A non-negative fraction with two decimals, rounded half-up (``32/33*100`` → ``96.97``)."""
    if value < 0:
        raise ValueError("points_text takes a non-negative value")
    hundredths = (value * 100 + Fraction(1, 2)).__floor__()
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def fraction_json(numerator: int, denominator: int) -> dict[str, Any] | None:
    """A rate as the result shows it: the exact fraction and the percentage, or None over 0."""
    if denominator == 0:
        return None
    value = Fraction(numerator, denominator)
    return {"fraction": f"{value.numerator}/{value.denominator}", "percent": percent_text(value)}


def _read_scale(doc: Mapping[str, Any], kind: str) -> tuple[str, tuple[str, ...]]:
    raw = doc.get("scale", "satisfaction" if kind == "survey" else "individual")
    if isinstance(raw, str):
        if raw not in SCALES:
            raise RecordError("scale", f"unknown scale {raw!r} (known: {', '.join(SCALES)}) / 未知的等级标准")
        return raw, SCALES[raw]
    if not isinstance(raw, list) or len(raw) < 2:
        raise RecordError(
            "scale", "a scale name or a list of at least two grades / 等级标准须为名称或至少两个等级的列表"
        )
    for n, grade in enumerate(raw):
        if not isinstance(grade, str) or not _NAME.fullmatch(grade) or grade in _RESERVED:
            raise RecordError(f"scale[{n}]", f"a grade is one word a rule can name, not {grade!r} / 等级名称无效")
    if len(set(raw)) != len(raw):
        raise RecordError("scale", "a grade is listed twice / 等级重复")
    return "custom", tuple(raw)


def _read_subjects(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    subjects: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, raw in enumerate(require_list(doc, "subjects", "subjects")):
        if not isinstance(raw, Mapping):
            raise RecordError(f"subjects[{n}]", "a subject is a JSON object / 测评对象必须是对象")
        sid = require_str(raw, "id", f"subjects[{n}].id")
        if sid in seen:
            raise RecordError(f"subjects[{n}].id", f"the id {sid!r} is used twice / 编号重复")
        seen.add(sid)
        subjects.append((sid, require_str(raw, "name", f"subjects[{n}].name")))
    if not subjects:
        raise RecordError("subjects", "at least one subject / 至少要有一个测评对象")
    return subjects


def _read_flags(doc: Mapping[str, Any], scale: str, grades: tuple[str, ...]) -> dict[str, Rule]:
    raw_rules = require_mapping(doc, "rules", "rules", default={})
    for key in raw_rules:
        if key != "flags":
            raise RecordError(f"rules.{key}", "unknown rule; use flags / 未知的规则")
    if "flags" in raw_rules:
        raw = require_mapping(raw_rules, "flags", "rules.flags")
        texts = {key: require_str(raw, key, f"rules.flags.{key}") for key in raw}
    else:
        texts = {key: FLAGS[key].rule for key in _DEFAULT_FLAGS.get(scale, ())}
    known = {*grades, "valid", "abstain", "graded", "forms"}
    flags: dict[str, Rule] = {}
    for key, text in texts.items():
        rule = parse_rule(text, path=f"rules.flags.{key}", purpose="flag")
        missing = sorted(rule.names - known)
        if missing:
            raise RecordError(f"rules.flags.{key}", f"unknown grade or count '{missing[0]}' / 未知的等级“{missing[0]}”")
        flags[key] = rule
    return flags


@dataclass(frozen=True, kw_only=True)
class _Counts:
    forms: dict[str, int]
    per_subject: dict[str, dict[str, int]]


def _count_forms(forms: Sequence[Any], subjects: Mapping[str, str], grades: tuple[str, ...]) -> _Counts:
    per_subject = {sid: dict.fromkeys(grades, 0) for sid in subjects}
    totals = {"returned": 0, "valid": 0, "blank": 0, "spoiled": 0}
    for n, form in enumerate(forms):
        path = f"forms[{n}]"
        if type(form) is not dict:
            raise RecordError(path, "a form is a JSON object / 测评表必须是对象")
        totals["returned"] += 1
        if require_bool(form, "spoiled", f"{path}.spoiled", default=False):
            totals["spoiled"] += 1
            continue
        marks = require_mapping(form, "grades", f"{path}.grades", default={})
        if require_bool(form, "blank", f"{path}.blank", default=False) or not marks:
            if marks:
                raise RecordError(f"{path}.blank", "a blank form grades nobody / 空白表不应有等级")
            totals["blank"] += 1
            continue
        for sid, grade in marks.items():
            if sid not in per_subject:
                raise RecordError(f"{path}.grades.{sid}", "unknown subject id / 未知的测评对象编号")
            if grade not in per_subject[sid]:
                raise RecordError(f"{path}.grades.{sid}", f"unknown grade {grade!r} / 未知的等级")
            per_subject[sid][grade] += 1
        totals["valid"] += 1
    return _Counts(forms=totals, per_subject=per_subject)


def _read_counts(doc: Mapping[str, Any], subjects: Mapping[str, str], grades: tuple[str, ...]) -> _Counts:
    raw_forms = require_mapping(doc, "forms", "forms")
    for key in raw_forms:
        if key not in ("returned", "blank", "spoiled"):
            raise RecordError(f"forms.{key}", "unknown count; use returned, blank, spoiled / 未知的计数")
    returned = require_int(raw_forms, "returned", "forms.returned")
    blank = require_int(raw_forms, "blank", "forms.blank", default=0)
    spoiled = require_int(raw_forms, "spoiled", "forms.spoiled", default=0)
    valid = returned - blank - spoiled
    if valid < 0:
        raise RecordError(
            "forms.returned", "fewer forms returned than blank and spoiled / 收回表数少于空白表与废表之和"
        )
    raw_counts = require_mapping(doc, "counts", "counts")
    per_subject: dict[str, dict[str, int]] = {}
    for key in raw_counts:
        if key not in subjects:
            raise RecordError(f"counts.{key}", "unknown subject id / 未知的测评对象编号")
    for sid in subjects:
        raw = require_mapping(raw_counts, sid, f"counts.{sid}")
        for key in raw:
            if key not in grades:
                raise RecordError(f"counts.{sid}.{key}", f"unknown grade {key!r} / 未知的等级")
        counts = {g: require_int(raw, g, f"counts.{sid}.{g}", default=0) for g in grades}
        if sum(counts.values()) > valid:
            raise RecordError(f"counts.{sid}", f"more grades than the {valid} valid forms / 等级票数多于有效表数")
        per_subject[sid] = counts
    return _Counts(
        forms={"returned": returned, "valid": valid, "blank": blank, "spoiled": spoiled}, per_subject=per_subject
    )


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Count an ``appraisal`` or ``survey`` record: per subject counts, rates and flags."""
    kind = check_header(doc)
    if kind not in ("appraisal", "survey"):
        raise RecordError("kind", f"expected 'appraisal' or 'survey', found {kind!r} / 记录类型不符")
    scale, grades = _read_scale(doc, kind)
    subjects = dict(_read_subjects(doc))
    flags = _read_flags(doc, scale, grades)
    settings = require_mapping(doc, "settings", "settings", default={})
    for key in settings:
        if key not in ("abstentions_in_base", "bottom", "rank_by"):
            raise RecordError(f"settings.{key}", "unknown setting / 未知的设置")
    in_base = require_bool(settings, "abstentions_in_base", "settings.abstentions_in_base", default=True)
    ranking = _read_ranking(settings, scale, grades)
    if "counts" in doc:
        if "forms" in doc and isinstance(doc["forms"], list):
            raise RecordError("counts", "give forms or counts, not both / 测评表与计数只能给出一种")
        counted = _read_counts(doc, subjects, grades)
    else:
        counted = _count_forms(require_list(doc, "forms", "forms"), subjects, grades)
    valid_forms = counted.forms["valid"]
    entries: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    flagged: list[dict[str, str]] = []
    for sid, name in subjects.items():
        counts = counted.per_subject[sid]
        graded = sum(counts.values())
        abstain = valid_forms - graded
        base = valid_forms if in_base else graded
        values = {**counts, "valid": base, "abstain": abstain, "graded": graded, "forms": valid_forms}
        raised: list[str] = []
        for key, rule in flags.items():
            check = rule.evaluate(values).to_json()
            check["zh"] = check["zh"].replace("有效票", "有效测评表")
            flag = FLAGS.get(key)
            review_zh, review_en = (flag.review_zh, flag.review_en) if flag else (key, key)
            if check["passed"]:
                raised.append(key)
                flagged.append({"subject": sid, "flag": key})
                check["zh"] += f"{name}：提请组织研究（{review_zh}），本提示不是处分决定。"
                check["en"] += f" {name}: for the organisation to review ({review_en}); this flag is not a sanction."
            checks.append({"subject": sid, "flag": key, **check})
        summaries = [
            {"label_zh": zh, "label_en": en, "grades": list(gs), "count": sum(counts[g] for g in gs)}
            | {"rate": fraction_json(sum(counts[g] for g in gs), base)}
            for zh, en, gs in _SUMMARIES.get("individual" if scale == "village_member" else scale, ())
        ]
        entries.append(
            {
                "id": sid,
                "name": name,
                "counts": {**counts, "abstain": abstain},
                "base": base,
                "rates": {g: fraction_json(counts[g], base) for g in grades},
                "summary": summaries,
                "flags": raised,
            }
        )
    result: dict[str, Any] = {
        "kind": kind,
        "status": "flags_raised" if flagged else "no_flags",
        "title": require_str(doc, "title", "title", default="", allow_empty=True),
        "scale": {"name": scale, "grades": list(grades)},
        "settings": {"abstentions_in_base": in_base},
        "rules": {"flags": {key: rule.text for key, rule in flags.items()}},
        "forms": counted.forms,
        "subjects": entries,
        "flagged": flagged,
        "checks": checks,
    }
    if ranking is not None:
        places, by = ranking
        result["settings"].update(bottom=places, rank_by=list(by))
        result.update(_rank(entries, places, by))
    return result


def _read_ranking(
    settings: Mapping[str, Any], scale: str, grades: tuple[str, ...]
) -> tuple[int, tuple[str, ...]] | None:
    """``(bottom, rank_by)`` when the record asks for a ranking; ``rank_by`` defaults to the
    grades of the scale's first summary rate (the satisfaction rate: 满意+基本满意)."""
    if "bottom" not in settings:
        if "rank_by" in settings:
            raise RecordError("settings.rank_by", "rank_by needs settings.bottom / 排名须同时给出末位名额")
        return None
    places = require_int(settings, "bottom", "settings.bottom", minimum=1)
    if "rank_by" in settings:
        raw = require_list(settings, "rank_by", "settings.rank_by")
        for n, grade in enumerate(raw):
            if grade not in grades:
                raise RecordError(f"settings.rank_by[{n}]", f"unknown grade {grade!r} / 未知的等级")
        if not raw or len(set(raw)) != len(raw):
            raise RecordError("settings.rank_by", "one or more grades, each once / 须列出一个或多个不重复的等级")
        return places, tuple(g for g in grades if g in raw)
    summaries = _SUMMARIES.get("individual" if scale == "village_member" else scale, ())
    if not summaries:
        raise RecordError("settings.rank_by", "a custom scale names the grades to rank by / 自定等级须写明排名依据")
    return places, summaries[0][2]


def bottom_of(shares: Mapping[str, Fraction], places: int) -> tuple[list[str], list[str], int]:
    """The ``places`` lowest shares (each list ordered lowest first, then by id): the bottom, the
    subjects tied at the cut-off who do not all fit (reported apart, never separated), and the
    places left for them. No more subjects than ``places`` name nobody."""
    ranked = sorted(shares, key=lambda sid: (shares[sid], sid))
    if len(ranked) <= places:
        return [], [], 0
    cut = shares[ranked[places - 1]]
    below = [sid for sid in ranked if shares[sid] < cut]
    tied = [sid for sid in ranked if shares[sid] == cut]
    left = places - len(below)
    if len(tied) <= left:
        return below + tied, [], 0
    return below, tied, left


def _rank(entries: Sequence[Mapping[str, Any]], places: int, by: tuple[str, ...]) -> dict[str, Any]:
    shares = {e["id"]: Fraction(sum(e["counts"][g] for g in by), e["base"]) for e in entries if e["base"] > 0}
    names = {e["id"]: e["name"] for e in entries}
    low, tied, left = bottom_of(shares, places)
    ranking = [
        {
            "subject": sid,
            "name": names[sid],
            "rank": 1 + sum(1 for other in shares.values() if other < shares[sid]),
            "share": {
                "fraction": f"{shares[sid].numerator}/{shares[sid].denominator}",
                "percent": percent_text(shares[sid]),
            },
        }
        for sid in sorted(shares, key=lambda sid: (shares[sid], sid))
    ]
    not_ranked = [e["id"] for e in entries if e["base"] == 0]
    if len(shares) <= places:
        status = "too_few"
    else:
        status = "tie_at_cutoff" if tied else "complete"
    zh, en = _bottom_sentences(status, places, by, [names[s] for s in low], [names[s] for s in tied], left)
    return {
        "ranking": ranking,
        "bottom": {
            "places": places,
            "by": list(by),
            "status": status,
            "subjects": low,
            "tie": {"subjects": tied, "places": left} if tied else None,
            "not_ranked": not_ranked,
            "zh": zh,
            "en": en,
        },
    }


def _bottom_sentences(
    status: str, places: int, by: tuple[str, ...], low: list[str], tied: list[str], left: int
) -> tuple[str, str]:
    share_zh = f"（{'+'.join(by)}）占基数的比例"
    share_en = f"the share of ({' + '.join(_GRADES_EN.get(g, g) for g in by)}) in the base"
    if status == "too_few":
        return (
            f"按{share_zh}排名；参加排名的对象不多于 {places} 个，不列末位。",
            f"Ranked by {share_en}; no more subjects are ranked than the {places} places, so no bottom is named.",
        )
    zh = f"按{share_zh}从低到高排名，末位 {places} 名："
    en = f"Ranked by {share_en}, lowest first; the bottom {places}: "
    if low:
        zh += "、".join(low) + ("；" if tied else "。")
        en += ", ".join(low) + ("; " if tied else ". ")
    if tied:
        zh += f"{'、'.join(tied)} 得分相同，并列于截止名次，争剩余 {left} 个名次，如实报告，不作取舍，由组织研究。"
        en += (
            f"{', '.join(tied)} tie at the cut-off for the {'place' if left == 1 else f'{left} places'} left,"
            " reported and not broken;"
            " the organisation decides. "
        )
    zh += "末位名单提请组织研究（问责），本提示不是处分决定。"
    en += "The bottom is for the organisation to review (accountability); this flag is not a sanction."
    return zh, en


def format_text(result: Mapping[str, Any]) -> str:
    """A result sheet: a table of counts and rates per subject, then the flags raised."""
    title = f" — {result['title']}" if result.get("title") else ""
    head = "满意度测评结果 Survey result" if result.get("kind") == "survey" else "测评结果 Appraisal result"
    forms = result["forms"]
    in_base = result["settings"]["abstentions_in_base"]
    lines = [
        f"{head}{title}",
        labels.status_line(result),
        f"测评表 Forms: 收回 returned {forms['returned']}，有效 valid {forms['valid']}，"
        f"空白 blank {forms['blank']}，废表 spoiled {forms['spoiled']}",
        "基数 Base: "
        + (
            "有效表数（弃权计入基数） valid forms, abstentions included"
            if in_base
            else "评了该对象的有效表数（弃权不计入） graded forms only"
        ),
        "",
    ]
    grades: list[str] = result["scale"]["grades"]
    width = max([text_width(s["name"]) for s in result["subjects"]] + [text_width("对象 Subject")])
    header = _cell("对象 Subject", width) + "".join(_cell(g, 16, right=True) for g in grades)
    lines.append(header + _cell("弃权 abstain", 14, right=True) + _cell("基数 base", 11, right=True))
    for s in result["subjects"]:
        row = _cell(s["name"], width)
        for g in grades:
            rate = s["rates"][g]
            row += _cell(f"{s['counts'][g]} ({rate['percent'] if rate else '-'}%)", 16, right=True)
        lines.append(row + _cell(str(s["counts"]["abstain"]), 14, right=True) + _cell(str(s["base"]), 11, right=True))
        for summary in s["summary"]:
            rate = summary["rate"]
            lines.append(
                f"    {summary['label_zh']} {summary['label_en']}: {summary['count']}"
                f"（{rate['fraction'] + '，' + rate['percent'] + '%' if rate else '-'}）"
            )
    lines.append("")
    lines.append("提示 Flags（提请组织研究，不是处分 / for the organisation to review, never a sanction）:")
    names = {s["id"]: s["name"] for s in result["subjects"]}
    raised = [c for c in result["checks"] if c["passed"]]
    if not raised:
        lines.append("  无 none")
    for check in raised:
        lines.append(f"  ✗ {names[check['subject']]} — {check['flag']}: {check['rule']}")
        lines.append(f"    {check['zh']}")
        lines.append(f"    {check['en']}")
    lines.append(f"规则 Rules: {', '.join(f'{k}: {v}' for k, v in result['rules']['flags'].items()) or '无 none'}")
    if result.get("bottom"):
        lines += _ranking_lines(result, names)
    if result.get("record_sha256"):
        lines.append(f"记录摘要 Record SHA-256: {result['record_sha256']}")
    return "\n".join(lines) + "\n"


def _ranking_lines(result: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    bottom = result["bottom"]
    tie = bottom["tie"] or {"subjects": []}
    lines = ["", f"排名 Ranking（{'+'.join(bottom['by'])}，从低到高 lowest first）:"]
    for row in result["ranking"]:
        sid = row["subject"]
        mark = "▼ " if sid in bottom["subjects"] else ("= " if sid in tie["subjects"] else "  ")
        share = row["share"]
        lines.append(f"{mark}{row['rank']:>3}  {names[sid]}  {share['fraction']}（{share['percent']}%）")
    for sid in bottom["not_ranked"]:
        lines.append(f"       {names[sid]}  (不排名 not ranked)")
    if bottom["tie"]:
        tied = "、".join(names[s] for s in tie["subjects"])
        lines.append(f"并列 Tied at the cut-off for {tie['places']} place(s): {tied}")
    lines.append(f"  {bottom['zh']}")
    lines.append(f"  {bottom['en']}")
    return lines


def _cell(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(1, width - text_width(text))
    return fill + text if right else text + fill
