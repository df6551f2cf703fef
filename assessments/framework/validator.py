"""Validating a framework file's content and building the immutable Framework from it.

One pass reads every item, reports every problem (file, item, what is wrong) and builds objects
only from items without problems; the Framework is returned only when there are none at all.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from .context import Context
from .errors import FrameworkInvalid
from .evaluate import answer_normalise, condition_atoms, condition_holds, question_barriers
from .fields import Item, Report, describe
from .schema import (
    EFFORT_SIZES,
    MAX_EFFORT_TIME_CHARS,
    MAX_QUOTE_WORDS,
    Action,
    Barrier,
    Citation,
    ComplianceRow,
    Domain,
    Effort,
    EvidenceItem,
    Framework,
    Gate,
    Question,
    Stage,
    Value,
)
from .sources import sources_read
from .validate_conditions import action_condition_check, condition_read, gate_check
from .validate_questions import question_read

TOP_FIELDS = {
    "version",
    "title",
    "published",
    "stages",
    "domains",
    "barriers",
    "gates",
    "actions",
    "evidence",
    "compliance",
}
VERSION_PATTERN = re.compile(r"^\d+(\.\d+){1,2}$")
STAGE_COUNT = 5
MAX_PARAPHRASE_WORDS = 60
# From this version on, every citation says what the speaker said (a quotation or a paraphrase); 1.0 is
# published and never changes, and the pages leave out any of its citations that has neither.
CITATION_WORDS_FROM = (1, 1)
# From this version on, every action says how much work it typically takes (`effort`); 1.0 has none.
EFFORT_FROM = (1, 1)


def framework_validate(*, data: object, label: str) -> tuple[Framework | None, list[str]]:
    """Check parsed file content; return (framework, []) when valid, else (None, every error message)."""
    report = Report(label)
    if not isinstance(data, dict):
        report.error("", f"the file must be a mapping with {', '.join(sorted(TOP_FIELDS))}, not {describe(data)}")
        return None, report.errors
    top = Item(report, data, "", TOP_FIELDS)
    raw_version = data.get("version")
    version = ""
    if raw_version is not None and not isinstance(raw_version, str):
        top.fail(f"'version' must be text in quotes, like version: \"1.0\", not {describe(raw_version)}")
    else:
        version = top.text("version")
        if version and not VERSION_PATTERN.match(version):
            top.fail(f'\'version\' must look like "1.0" or "1.0.1", not {describe(version)}')
    title, published = top.text("title"), top.date("published")
    sections = {name: top.list(name) for name in ("stages", "domains", "barriers", "gates", "actions")}
    ctx = Context(report)
    try:
        ctx.sources = {source.key: source for source in sources_read()}
    except FrameworkInvalid as error:
        for message in error.messages:
            report.error("sources", message)
    ctx.citation_words_required = _version_tuple(version) >= CITATION_WORDS_FROM
    ctx.effort_required = _version_tuple(version) >= EFFORT_FROM
    _prepass(ctx, sections)
    stages = _stages_read(ctx, sections["stages"])
    domains = [_domain_read(ctx, raw, f"domains[{i}]") for i, raw in enumerate(sections["domains"])]
    barriers = [_barrier_read(ctx, raw, f"barriers[{i}]") for i, raw in enumerate(sections["barriers"])]
    gates = [_gate_read(ctx, raw, f"gates[{i}]") for i, raw in enumerate(sections["gates"])]
    actions = [_action_read(ctx, raw, f"actions[{i}]") for i, raw in enumerate(sections["actions"])]
    evidence = [
        _evidence_read(ctx, raw, f"evidence[{i}]") for i, raw in enumerate(top.list("evidence", required=False))
    ]
    raw_compliance = top.list("compliance", required=False)
    compliance = [_compliance_read(ctx, raw, f"compliance[{i}]") for i, raw in enumerate(raw_compliance)]
    revealed_by = _revealed_by(ctx, barriers)
    if report.errors or published is None:
        return None, report.errors
    # No errors means every item was built: none of the reads below returned None.
    built_domains, built_barriers = _built(domains), _built(barriers)
    built_gates, built_actions = _built(gates), _built(actions)
    questions = tuple(q for domain in built_domains for q in domain.questions)
    built_evidence = _built(evidence)
    framework = Framework(
        version=version,
        title=title,
        published=published,
        stages=tuple(stages),
        domains=built_domains,
        barriers=built_barriers,
        gates=built_gates,
        actions=built_actions,
        evidence=built_evidence,
        sources=tuple(ctx.sources.values()),
        compliance=_built(compliance),
        questions=questions,
        question_by_key=MappingProxyType({q.key: q for q in questions}),
        domain_by_key=MappingProxyType({d.key: d for d in built_domains}),
        barrier_by_key=MappingProxyType({b.key: b for b in built_barriers}),
        gate_by_key=MappingProxyType({g.key: g for g in built_gates}),
        action_by_key=MappingProxyType({a.key: a for a in built_actions}),
        stage_by_key=MappingProxyType({s.key: s for s in stages}),
        evidence_by_key=MappingProxyType({e.key: e for e in built_evidence}),
        source_by_key=MappingProxyType(dict(ctx.sources)),
        revealed_by=MappingProxyType(revealed_by),
    )
    return framework, []


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".")) if VERSION_PATTERN.match(version) else ()


def _built[T](items: list[T | None]) -> tuple[T, ...]:
    return tuple(item for item in items if item is not None)


def _prepass(ctx: Context, sections: dict[str, list]) -> None:
    """Learn every key before reading, so references can be checked in one pass."""

    def keys(items: list) -> list[str]:
        return [raw["key"] for raw in items if isinstance(raw, dict) and isinstance(raw.get("key"), str)]

    ctx.stage_keys = keys(sections["stages"])
    ctx.barrier_keys = set(keys(sections["barriers"]))
    ctx.action_keys = set(keys(sections["actions"]))
    position = 0
    for domain in sections["domains"]:
        questions = domain.get("questions") if isinstance(domain, dict) else None
        for raw in questions if isinstance(questions, list) else []:
            if isinstance(raw, dict) and isinstance(raw.get("key"), str):
                ctx.question_order.setdefault(raw["key"], position)
            position += 1


def _stages_read(ctx: Context, raws: list) -> list[Stage]:
    if raws and len(raws) != STAGE_COUNT:
        ctx.report.error("stages", f"there must be exactly {STAGE_COUNT} stages, not {len(raws)}")
    fields = {"key", "title", "description", "min_overall", "min_domain", "no_high_risk_of_weight"}
    stages: list[Stage] = []
    seen: set[str] = set()
    for index, raw in enumerate(raws):
        item = Item.open(ctx.report, raw, f"stages[{index}]", fields)
        if item is None:
            continue
        key = item.key()
        if key in seen:
            item.fail(f"duplicate stage key '{key}'")
        seen.add(key)
        title, description = item.text("title"), item.text("description")
        overall = item.number("min_overall", required=True, low=0, high=100)
        domain = item.number("min_domain", required=True, low=0, high=100)
        weight = item.integer("no_high_risk_of_weight", 1, 3) if "no_high_risk_of_weight" in item.raw else None
        if not item.ok or overall is None or domain is None:
            continue
        previous = stages[-1] if stages else None
        if weight is not None and index == 0:
            item.fail("the first stage cannot exclude high-risk barriers: every assessment must have a stage")
            continue
        # A later stage asks at least as much: the rule, once set, never loosens.
        elif (
            previous is not None
            and previous.no_high_risk_of_weight is not None
            and (weight is None or weight > previous.no_high_risk_of_weight)
        ):
            item.fail(
                f"no_high_risk_of_weight must be set and at most {previous.no_high_risk_of_weight}, "
                f"as it is for '{previous.key}'"
            )
        if previous is None and index == 0 and (overall or domain):
            item.fail("the first stage must have min_overall 0 and min_domain 0, so that every assessment has a stage")
        if previous is not None:
            if overall < previous.min_overall or domain < previous.min_domain:
                item.fail(f"min_overall and min_domain must not be lower than those of '{previous.key}'")
            elif overall == previous.min_overall and domain == previous.min_domain:
                item.fail(f"asks no more than '{previous.key}', so it could never be reached")
        stages.append(Stage(key, title, description, overall, domain, index, weight))
    return stages


def _domain_read(ctx: Context, raw: object, path: str) -> Domain | None:
    item = Item.open(ctx.report, raw, path, {"key", "title", "description", "weight", "questions"})
    if item is None:
        return None
    key = item.key()
    ctx.key_register(item, key)
    title, description = item.text("title"), item.text("description")
    weight = item.integer("weight", 1, 3)
    questions: list[Question | None] = []
    for index, raw_question in enumerate(item.list("questions")):
        question = question_read(ctx, raw_question, f"{path}.questions[{index}]", domain=key, position=ctx.position)
        ctx.position += 1
        if question is not None:
            ctx.questions.setdefault(question.key, question)
        questions.append(question)
    good = [q for q in questions if q is not None]
    if questions and len(good) == len(questions) and not any(q.scored and q.show_if is None for q in good):
        item.fail(
            "has no scored question that is always asked (without show_if): its score would not reflect the answers"
        )
    if not item.ok or len(good) != len(questions):
        return None
    return Domain(key, title, description, weight, tuple(good))


def _barrier_read(ctx: Context, raw: object, path: str) -> Barrier | None:
    item = Item.open(ctx.report, raw, path, {"key", "title", "description", "weight", "citations", "actions"})
    if item is None:
        return None
    key = item.key()
    ctx.key_register(item, key)
    title, description = item.text("title"), item.text("description")
    weight = item.integer("weight", 1, 3)
    citations = []
    for index, raw_citation in enumerate(item.list("citations")):
        citation = Item.open(
            ctx.report,
            raw_citation,
            f"{item.where}: citations[{index}]",
            {"source", "speaker", "organisation", "quote", "paraphrase"},
        )
        if citation is None:
            item.ok = False
            continue
        source = citation.raw.get("source")
        if not isinstance(source, str) or (source not in ctx.sources and ctx.sources):
            citation.fail(f"unknown source {describe(source)} (the sources are {', '.join(ctx.sources)})")
        speaker, organisation = citation.text("speaker"), citation.text("organisation")
        quote = citation.text("quote", required=False)
        paraphrase = citation.text("paraphrase", required=False)
        if len(quote.split()) > MAX_QUOTE_WORDS:
            citation.fail(f"the quotation has {len(quote.split())} words; at most {MAX_QUOTE_WORDS} may be quoted")
        if len(paraphrase.split()) > MAX_PARAPHRASE_WORDS:
            citation.fail(
                f"the paraphrase has {len(paraphrase.split())} words; keep it to at most {MAX_PARAPHRASE_WORDS}"
            )
        if ctx.citation_words_required and not (quote or paraphrase):
            citation.fail(
                "has neither a quotation nor a paraphrase: give the speaker's words ('quote') or what they said "
                "in the framework's own words ('paraphrase'), from the source"
            )
        item.ok &= citation.ok
        if citation.ok and isinstance(source, str):
            citations.append(Citation(source, speaker, organisation, quote, paraphrase))
    actions = ctx.actions_read(item)
    return Barrier(key, title, description, weight, tuple(citations), actions) if item.ok else None


def _gate_read(ctx: Context, raw: object, path: str) -> Gate | None:
    fields = {"key", "title", "reason", "fails_if", "caps_stage", "actions", "contradiction"}
    item = Item.open(ctx.report, raw, path, fields)
    if item is None:
        return None
    key = item.key()
    ctx.key_register(item, key)
    title, reason = item.text("title"), item.text("reason")
    contradiction = item.raw.get("contradiction", False)
    if not isinstance(contradiction, bool):
        item.fail(f"'contradiction' must be true or false, not {describe(contradiction)}")
    condition = condition_read(ctx, item, item.raw.get("fails_if"), field="fails_if")
    if condition is not None and contradiction is True:
        asked = {atom.question for atom in condition_atoms(condition)}
        if len(asked) < 2:
            item.fail("a contradiction compares the answers to at least two questions; fails_if names only one")
    elif condition is not None:
        gate_check(ctx, item, condition)
    caps = item.raw.get("caps_stage")
    if caps not in ctx.stage_keys:
        item.fail(f"caps_stage {describe(caps)} is not a stage (the stages are {', '.join(ctx.stage_keys)})")
    elif caps == ctx.stage_keys[-1]:
        item.fail(f"caps_stage '{caps}' is the top stage, so the gate would cap nothing")
    actions = ctx.actions_read(item)
    if not item.ok or condition is None or not isinstance(caps, str):
        return None
    return Gate(key, title, reason, condition, caps, actions, contradiction is True)


def _action_read(ctx: Context, raw: object, path: str) -> Action | None:
    fields = {"key", "title", "what", "who_can_help", "links", "applies_if", "effort"}
    item = Item.open(ctx.report, raw, path, fields)
    if item is None:
        return None
    key = item.key()
    ctx.key_register(item, key)
    title, what, who = item.text("title"), item.text("what"), item.text("who_can_help")
    links = ctx.links_read(item, "links")
    applies_if = None
    if item.raw.get("applies_if") is not None:
        applies_if = condition_read(ctx, item, item.raw["applies_if"], field="applies_if")
        if applies_if is None:
            item.ok = False
        else:
            action_condition_check(ctx, item, applies_if)
    effort = _effort_read(ctx, item)
    return Action(key, title, what, who, links, applies_if, effort) if item.ok else None


def _effort_read(ctx: Context, item: Item) -> Effort | None:
    """An action's `effort: {size: small|medium|large, time: "2 to 4 weeks"}`, required from EFFORT_FROM."""
    sizes = ", ".join(EFFORT_SIZES)
    raw = item.raw.get("effort")
    if raw is None:
        if ctx.effort_required:
            item.fail(
                f"'effort' is missing: say how much work the action typically takes, like "
                f'effort: {{size: small, time: "2 to 4 weeks"}} (the sizes are {sizes})'
            )
        return None
    effort = Item.open(ctx.report, raw, f"{item.where}: effort", {"size", "time"})
    if effort is None:
        item.ok = False
        return None
    size = effort.raw.get("size")
    if size not in EFFORT_SIZES:
        effort.fail(f"'size' must be one of {sizes}, not {describe(size)}")
    time = effort.raw.get("time")
    if not isinstance(time, str) or not time.strip():
        effort.fail(f"'time' must be a short phrase such as \"2 to 4 weeks\", not {describe(time)}")
        time = ""
    time = " ".join(time.split())
    if len(time) > MAX_EFFORT_TIME_CHARS:
        effort.fail(f"'time' has {len(time)} characters; keep it to at most {MAX_EFFORT_TIME_CHARS}")
    elif time.lower().startswith("typically"):
        effort.fail(f"'time' is shown after \"typically\": write {describe(time[9:].strip())}, not {describe(time)}")
    item.ok &= effort.ok
    return Effort(size, time) if effort.ok and isinstance(size, str) else None


def _evidence_read(ctx: Context, raw: object, path: str) -> EvidenceItem | None:
    fields = {"key", "title", "question", "criterion", "expires", "claimed_if", "when_expired"}
    item = Item.open(ctx.report, raw, path, fields)
    if item is None:
        return None
    key = item.key()
    ctx.key_register(item, key)
    title, criterion = item.text("title"), item.text("criterion")
    question = item.text("question")
    if question and question not in ctx.questions:
        item.fail(f"question {describe(question)} is not a question of this framework")
    expires = item.boolean("expires", default=False)
    claimed_if = condition_read(ctx, item, item.raw.get("claimed_if"), field="claimed_if")
    if claimed_if is not None and question and question not in {a.question for a in condition_atoms(claimed_if)}:
        item.fail(f"claimed_if must test the answer to its question '{question}', which the document backs")
    when_expired = _when_expired_read(ctx, item, question, expires, claimed_if)
    if not item.ok or claimed_if is None:
        return None
    return EvidenceItem(key, title, question, criterion, expires, claimed_if, when_expired)


def _when_expired_read(ctx: Context, item: Item, key: str, expires: bool, claimed_if) -> Value | None:
    """An expiring item's `when_expired`: a possible answer to its question under which the item is not claimed."""
    raw = item.raw.get("when_expired")
    if raw is None:
        return None
    if not expires:
        item.fail("when_expired is only for a document that expires (expires: true)")
        return None
    question = ctx.questions.get(key)
    if question is None:
        return None
    value = answer_normalise(question, raw)
    if isinstance(raw, bool):
        item.fail(f'when_expired must be in quotes, like when_expired: "no", not {describe(raw)}')
        return None
    if value is None:
        offered = ", ".join(choice.value for choice in question.choices)
        item.fail(
            f"when_expired {describe(raw)} is not a possible answer to '{key}'"
            + (f" (its choices are {offered})" if offered else "")
        )
        return None
    if claimed_if is not None and condition_holds(claimed_if, {key: value}, {key}):
        item.fail(
            f"when_expired {describe(raw)} still claims the document (claimed_if holds for it): it must be an "
            "answer that counts as not having it"
        )
        return None
    return value


def _compliance_read(ctx: Context, raw: object, path: str) -> ComplianceRow | None:
    fields = {"key", "standard", "criterion", "evidence", "met_if", "not_met_if", "not_applicable_if"}
    item = Item.open(ctx.report, raw, path, fields)
    if item is None:
        return None
    key = item.key()
    ctx.key_register(item, key)
    standard, criterion, evidence = item.text("standard"), item.text("criterion"), item.text("evidence")
    conditions = {
        name: condition_read(ctx, item, item.raw.get(name), field=name, negation=True)
        for name in ("met_if", "not_met_if", "not_applicable_if")
        if name != "not_applicable_if" or item.raw.get(name) is not None
    }
    met, not_met = conditions.get("met_if"), conditions.get("not_met_if")
    if not item.ok or met is None or not_met is None or None in conditions.values():
        return None
    named = {atom.question for condition in conditions.values() if condition for atom in condition_atoms(condition)}
    questions = tuple(sorted(named, key=ctx.question_order.__getitem__))
    return ComplianceRow(
        key, standard, criterion, evidence, met, not_met, conditions.get("not_applicable_if"), questions
    )


def _revealed_by(ctx: Context, barriers: list[Barrier | None]) -> dict[str, tuple[str, ...]]:
    """Which questions can reveal each barrier; a barrier no answer can reveal is an error."""
    found: dict[str, list[str]] = {}
    for question in ctx.questions.values():
        for barrier in question_barriers(question):
            found.setdefault(barrier, []).append(question.key)
    for index, read in enumerate(barriers):
        if read is not None and read.key not in found and len(ctx.questions) == len(ctx.question_order):
            ctx.report.error(f"barriers[{index}] '{read.key}'", "no answer to any question reveals this barrier")
    return {barrier: tuple(keys) for barrier, keys in found.items()}
