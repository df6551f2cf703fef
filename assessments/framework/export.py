"""The framework catalogue for people (Markdown, for advisers: docs/framework.md) and programs (JSON)."""

from __future__ import annotations

from .evaluate import answer_label
from .schema import DONT_KNOW, DONT_KNOW_LABEL, EFFORT_KEY, AllOf, Atom, Condition, Framework, Question, Source

TYPE_NAMES = {
    "single_choice": "single choice",
    "multiple_choice": "multiple choice (select all that apply)",
    "yes_no": "yes / no / don't know",
    "number": "number",
    "date": "date",
    "short_text": "short text",
    "long_text": "long text",
    "link": "link (web address)",
}


def condition_json(condition: Condition | None) -> dict | None:
    """A condition in the file's own form."""
    if condition is None:
        return None
    if type(condition) is Atom:
        value = sorted(condition.value) if isinstance(condition.value, frozenset) else condition.value
        return {"question": condition.question, condition.op: value}
    name = "all" if type(condition) is AllOf else "any"
    return {name: [condition_json(child) for child in condition.conditions]}


def condition_words(framework: Framework, condition: Condition, *, nested: bool = False) -> str:
    """A condition in plain English, naming questions by their text."""
    if type(condition) is Atom:
        return _atom_words(framework, condition)
    joiner = " and " if type(condition) is AllOf else " or "
    words = joiner.join(condition_words(framework, child, nested=True) for child in condition.conditions)
    return f"({words})" if nested else words


def _atom_words(framework: Framework, atom: Atom) -> str:
    question = framework.question_by_key[atom.question]
    subject = f"the answer to “{question.text}”"

    def label(value: str) -> str:
        return f"“{question.choice_by_value[value].label}”"

    match atom.op, atom.value:
        case "equals", str(value):
            return f"{subject} is {label(value)}"
        case "in", frozenset() as values:
            named = [c.value for c in question.choices if c.value in values]
            return f"{subject} is one of {', '.join(label(v) for v in named)}"
        case "includes", str(value):
            return f"{subject} includes {label(value)}"
        case "not_includes", str(value):
            return f"{subject} does not include {label(value)}"
        case "answered", _:
            return f"“{question.text}” is {'answered' if atom.value else 'not answered'}"
        case "in_the_past":
            return f"the date given for “{question.text}” is before the day of the assessment"
        case "at_least":
            return f"{subject} is at least {atom.value:g} {question.unit}".rstrip()
        case _:
            return f"{subject} is less than {atom.value:g} {question.unit}".rstrip()


def framework_export_json(*, framework: Framework) -> dict:
    """The catalogue as JSON-ready data: version, stages, domains with questions, barriers, gates, actions."""
    return {
        "version": framework.version,
        "title": framework.title,
        "published": framework.published.isoformat(),
        "stages": [
            {"key": s.key, "title": s.title, "description": s.description, "min_overall": s.min_overall}
            | {"min_domain": s.min_domain, "no_high_risk_of_weight": s.no_high_risk_of_weight}
            for s in framework.stages
        ],
        "domains": [
            {
                "key": d.key,
                "title": d.title,
                "description": d.description,
                "weight": d.weight,
                "questions": [_question_json(q) for q in d.questions],
            }
            for d in framework.domains
        ],
        "barriers": [
            {
                "key": b.key,
                "title": b.title,
                "description": b.description,
                "weight": b.weight,
                "citations": [
                    {"source": c.source, "speaker": c.speaker, "organisation": c.organisation, "quote": c.quote or None}
                    | {"paraphrase": c.paraphrase or None}
                    for c in b.citations
                ],
                "revealed_by": list(framework.revealed_by.get(b.key, ())),
                "actions": list(b.actions),
            }
            for b in framework.barriers
        ],
        "gates": [
            {"key": g.key, "title": g.title, "reason": g.reason, "fails_if": condition_json(g.fails_if)}
            | {"caps_stage": g.caps_stage, "actions": list(g.actions), "contradiction": g.contradiction}
            for g in framework.gates
        ],
        "compliance": [
            {"key": r.key, "standard": r.standard, "criterion": r.criterion, "evidence": r.evidence}
            | {"not_applicable_if": condition_json(r.not_applicable_if), "not_met_if": condition_json(r.not_met_if)}
            | {"met_if": condition_json(r.met_if), "questions": list(r.questions)}
            for r in framework.compliance
        ],
        "sources": [
            {"key": s.key, "short": s.short, "author": s.author, "title": s.title, "title_supplied": s.title_supplied}
            | {"outlet": s.outlet or None, "year": s.year, "url": s.url or None, "note": s.note or None}
            for s in framework.sources
        ],
        "actions": [
            {"key": a.key, "title": a.title, "what": a.what, "who_can_help": a.who_can_help}
            | {"links": [{"title": link.title, "url": link.url} for link in a.links]}
            | {"applies_if": condition_json(a.applies_if)}
            | {"effort": {"size": a.effort.size, "time": a.effort.time} if a.effort else None}
            for a in framework.actions
        ],
        "evidence": [
            {"key": e.key, "title": e.title, "question": e.question, "criterion": e.criterion, "expires": e.expires}
            | {"claimed_if": condition_json(e.claimed_if)}
            | ({"when_expired": list(e.when_expired) if isinstance(e.when_expired, tuple) else e.when_expired})
            for e in framework.evidence
        ],
    }


def _question_json(question: Question) -> dict:
    data = {
        "key": question.key,
        "type": question.type,
        "text": question.text,
        "help": question.help,
        "scored": question.scored,
        "required": question.required,
        "show_if": condition_json(question.show_if),
        "guidance": [{"title": link.title, "url": link.url} for link in question.guidance],
        "max_points": question.available,
    }
    if question.is_choice:
        data["choices"] = [
            {"value": c.value, "label": c.label, "points": c.points, "reveals": dict(c.reveals)}
            | (
                {"exclusive": c.exclusive, "missing_reveals": dict(c.missing_reveals)}
                if question.type == "multiple_choice"
                else {}
            )
            for c in question.choices
        ]
    if question.type == "date" and question.no_future:
        data["no_future"] = True
    if question.type == "number":
        data |= {"unit": question.unit, "min": question.min, "max": question.max}
        data["bands"] = [
            {"min": b.min, "max": b.max, "points": b.points, "reveals": dict(b.reveals)} for b in question.bands
        ]
        if question.allow_dont_know:
            data["dont_know"] = {"points": 0, "reveals": dict(question.dont_know_reveals)}
    return data


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _reveals_words(framework: Framework, reveals, prefix: str = "") -> str:
    return ", ".join(f"{prefix}{framework.barrier_by_key[key].title}: {level}" for key, level in reveals.items())


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def framework_export_markdown(*, framework: Framework) -> str:
    """The catalogue as Markdown for advisers (committed as docs/framework.md)."""
    out = [
        f"# {framework.title}: version {framework.version}",
        "",
        f"Published {framework.published.isoformat()}. Generated from the framework file by "
        f"`manage.py framework export --format markdown --version {framework.version}`: do not edit by hand.",
        "",
        f"{len(framework.domains)} domains, {len(framework.questions)} questions, {len(framework.barriers)} barriers, "
        f"{len(framework.gates)} gates, {len(framework.actions)} actions.",
        "",
        "## Stages",
        "",
        "Each stage needs an overall score and a score in every domain of at least:",
        "",
        "| Stage | Overall | Every domain | What it means |",
        "|---|---|---|---|",
    ]
    out += [
        f"| {s.title} (`{s.key}`) | {s.min_overall:g} | {s.min_domain:g} | {_cell(s.description)} |"
        for s in framework.stages
    ]
    rules = [
        f"{s.title} is not reached while any barrier of weight {s.no_high_risk_of_weight} or more is at high risk, "
        "whatever the scores."
        for s in framework.stages
        if s.no_high_risk_of_weight is not None
    ]
    if rules:
        out += ["", *rules]
    out += ["", "## Domains", ""]
    for number, domain in enumerate(framework.domains, 1):
        out += [f"### {number}. {domain.title}", "", f"Key `{domain.key}`, weight {domain.weight}.", ""]
        out += [domain.description, ""]
        for position, question in enumerate(domain.questions, 1):
            out += _question_markdown(framework, question, f"{number}.{position}")
    out += ["## Barriers", ""]
    for barrier in framework.barriers:
        out += [
            f"### {barrier.title}",
            "",
            f"Key `{barrier.key}`, weight {barrier.weight}.",
            "",
            barrier.description,
            "",
        ]
        out += ["Evidence:", ""]
        for c in barrier.citations:
            said = f": “{c.quote}”" if c.quote else (f": {c.paraphrase} (paraphrased)" if c.paraphrase else "")
            out.append(f"- {c.speaker}, {c.organisation}, in {framework.source_by_key[c.source].short}{said}")
        out += ["", "Revealed by:", ""]
        out += [
            f"- `{key}`: {framework.question_by_key[key].text}" for key in framework.revealed_by.get(barrier.key, ())
        ]
        out += ["", "Actions:", ""]
        out += [f"- {framework.action_by_key[key].title} (`{key}`)" for key in barrier.actions]
        out.append("")
    if framework.compliance:
        out += ["## Compliance matrix", ""]
        out += [
            "The criteria NHS buyers check, each judged from the answers. The status is the first that holds: "
            "not applicable, not met, met; otherwise (a “don't know” or a missing answer) not known.",
            "",
        ]
        for row in framework.compliance:
            out += [f"### {row.standard}: {row.criterion}", "", f"Key `{row.key}`.", ""]
            if row.not_applicable_if is not None:
                out += [f"- Not applicable when {condition_words(framework, row.not_applicable_if)}."]
            out += [f"- Not met when {condition_words(framework, row.not_met_if)}."]
            out += [f"- Met when {condition_words(framework, row.met_if)}."]
            out += [f"- Evidence a buyer will ask for: {row.evidence}", ""]
    out += ["## Sources", "", "The articles the barriers cite, with the key a framework file cites them by.", ""]
    for source in framework.sources:
        out.append(f"- {source_reference(source)} Key `{source.key}`.")
    out.append("")
    out += ["## Gates", "", "A failed gate caps the stage, whatever the scores.", ""]
    for gate in framework.gates:
        kind = " A consistency check: these answers contradict each other." if gate.contradiction else ""
        out += [f"### {gate.title}", "", f"Key `{gate.key}`.{kind}", "", gate.reason, ""]
        out += [f"- Fails when: {condition_words(framework, gate.fails_if)}."]
        out += [f"- Caps the stage at: {framework.stage_by_key[gate.caps_stage].title}."]
        out += [f"- Actions: {', '.join(f'{framework.action_by_key[k].title} (`{k}`)' for k in gate.actions)}.", ""]
    out += ["## Actions", ""]
    if any(action.effort for action in framework.actions):
        out += [EFFORT_KEY, ""]
    for action in framework.actions:
        out += [f"### {action.title}", "", f"Key `{action.key}`.", ""]
        if action.applies_if is not None:
            out += [f"In a plan only when {condition_words(framework, action.applies_if)}.", ""]
        out += [f"- What to do: {action.what}"]
        out += [f"- Who can help: {action.who_can_help}"]
        if action.effort is not None:
            out += [f"- {action.effort.line}"]
        out += [f"- [{link.title}]({link.url})" for link in action.links]
        out.append("")
    if framework.evidence:
        out += ["## Evidence", "", "The documents a buyer asks for when an answer claims them.", ""]
        out += [
            "Once a document has expired (before the day of submission, or today for a draft), its answer counts as "
            "the answer given in the table in scores, gates, barriers, the action plan and the compliance matrix.",
            "",
        ]
        out += ["| Document | Serves | Expires | Expected when |", "|---|---|---|---|"]
        for item in framework.evidence:
            words = condition_words(framework, item.claimed_if)
            expires = "yes" if item.expires else "no"
            if item.when_expired is not None:
                question = framework.question_by_key[item.question]
                expires += f"; then counts as “{_cell(answer_label(question, item.when_expired))}”"
            out += [f"| {_cell(item.title)} (`{item.key}`) | {_cell(item.criterion)} | {expires} | {_cell(words)} |"]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def source_reference(source: Source) -> str:
    """A source as a reference list gives it, in plain text: author, year, title, outlet, link, note."""
    title = f"[{source.title}]" if source.title_supplied else f"“{source.title}”"
    parts = [f"{source.author} ({source.year or 'n.d.'}).", f"{title}."]
    if source.outlet:
        parts.append(f"{source.outlet}.")
    if source.url:
        parts.append(f"{source.url}.")
    if source.note:
        parts.append(source.note)
    return " ".join(parts)


def _question_markdown(framework: Framework, question: Question, number: str) -> list[str]:
    facts = [TYPE_NAMES[question.type], "scored" if question.scored else "not scored"]
    facts.append("required" if question.required else "optional")
    out = [f"#### {number} {question.text}", "", f"Key `{question.key}`: {', '.join(facts)}.", ""]
    if question.show_if is not None:
        out += [f"Asked only when {condition_words(framework, question.show_if)}.", ""]
    out += [question.help, ""]
    if question.guidance:
        out += ["Guidance: " + "; ".join(f"[{link.title}]({link.url})" for link in question.guidance) + ".", ""]
    if question.is_choice and question.scored:
        out += ["| Answer | Points | Reveals |", "|---|---|---|"]
        for c in question.choices:
            label = f"{_cell(c.label)} (`{c.value}`)" + (", on its own" if c.exclusive else "")
            reveals = "; ".join(
                part
                for part in (
                    _reveals_words(framework, c.reveals),
                    _reveals_words(framework, c.missing_reveals, "if not selected: "),
                )
                if part
            )
            out.append(f"| {label} | {c.points} | {reveals} |")
        out.append("")
    elif question.is_choice and question.type != "yes_no":
        out += ["Answers: " + "; ".join(f"{c.label} (`{c.value}`)" for c in question.choices) + ".", ""]
    if question.type == "number":
        unit = f" of {question.unit}" if question.unit else ""
        out += [f"A number{unit} from {_number(question.min) or 'any'} to {_number(question.max) or 'any'}.", ""]
        if question.bands:
            out += ["| From | Below | Points | Reveals |", "|---|---|---|---|"]
            out += [
                f"| {_number(b.min)} | {_number(b.max)} | {b.points} | {_reveals_words(framework, b.reveals)} |"
                for b in question.bands
            ]
            if question.allow_dont_know:
                reveals = _reveals_words(framework, question.dont_know_reveals)
                out.append(f"| {DONT_KNOW_LABEL} (`{DONT_KNOW}`) | | 0 | {reveals} |")
            out.append("")
        elif question.allow_dont_know:
            out += [f"Can be answered “{DONT_KNOW_LABEL}” (`{DONT_KNOW}`).", ""]
    return out
