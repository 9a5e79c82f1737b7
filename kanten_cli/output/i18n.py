"""The two languages: choosing one, labels and headings, and numbers as people read them."""

from __future__ import annotations

from gettext import NullTranslations

# The one value formatter lives in figures; kanten_cli.output.i18n.format_value is its stable entry point.
from kanten_cli.base.dates import iso_parts
from kanten_cli.base.translate import ENV_LANG as ENV_LANG
from kanten_cli.base.translate import NNP_, NP_, for_language, language, translation
from kanten_cli.facts.vocabulary import LANGS as LANGS
from kanten_cli.facts.vocabulary import Lang as Lang
from kanten_cli.output.figures import format_number as format_number
from kanten_cli.output.figures import format_value as format_value

_LABELS: dict[str, str] = {
    # column headings
    "id": NP_("id", "ID"),
    "name": NP_("name", "Name"),
    "role": NP_("role", "Role"),
    "roles": NP_("roles", "Roles"),
    "org_kind": NP_("org_kind", "Type"),
    "source_kind": NP_("source_kind", "Source type"),
    "municipality": NP_("municipality", "Municipality"),
    "description": NP_("description", "Description"),
    "text": NP_("text", "Text"),
    "figure": NP_("figure", "Figure"),
    "value": NP_("value", "Value"),
    "kind": NP_("kind", "Kind"),
    "topic": NP_("topic", "Topic"),
    "sources": NP_("sources", "Source"),
    "source": NP_("source", "Source"),
    "quote": NP_("quote", "Quote"),
    "evidence": NP_("evidence", "Page's words"),
    "description_evidence": NP_("description_evidence", "Page's words (description)"),
    "kind_source": NP_("kind_source", "Source (type)"),
    "kind_evidence": NP_("kind_evidence", "Page's words (type)"),
    "description_sources": NP_("description_sources", "Source (description)"),
    "at_least": NP_("at_least", "At least"),
    "reading_of": NP_("reading_of", "Reading of"),
    "see_also": NP_("see_also", "See also"),
    "author_role": NP_("author_role", "Author's role"),
    "caveat": NP_("caveat", "Caveat"),
    "formula": NP_("formula", "Formula"),
    "inputs": NP_("inputs", "Inputs"),
    "date": NP_("date", "Date"),
    "end_date": NP_("end_date", "End date"),
    "item": NP_("item", "Item"),
    "title": NP_("title", "Title"),
    "publisher": NP_("publisher", "Publisher"),
    "author": NP_("author", "Author"),
    "url": NP_("url", "Address"),
    "facts": NP_("facts", "Facts"),
    "note": NP_("note", "Note"),
    "section": NP_("section", "Section"),
    "matches": NP_("matches", "Matches"),
    "event": NP_("event", "Event"),
    "event.start": NP_("event.start", "start"),
    "event.end": NP_("event.end", "end"),
    "event.from": NP_("event.from", "from"),
    "event.until": NP_("event.until", "until"),
    "event.on": "",  # an event on a day needs no word
    "organisations": NP_("organisations", "Organisations"),
    "type": NP_("type", "Type"),
    "type.fact": NP_("type.fact", "fact"),
    "type.organisation": NP_("type.organisation", "organisation"),
    "type.source": NP_("type.source", "source"),
    "matched": NP_("matched", "Matched words"),
    "highlights": NP_("highlights", "Highlights"),
    "input_details": NP_("input_details", "Inputs in full"),
    "source_details": NP_("source_details", "Sources in full"),
    "text_other": NP_("text_other", "Text (Danish)"),
    "kind_other": NP_("kind_other", "Type (Danish)"),
    "description_other": NP_("description_other", "Description (Danish)"),
    "quotes": NP_("quotes", "Quote"),
    "unit": NP_("unit", "Unit"),
    "approximate": NP_("approximate", "Approximate"),
    "score": NP_("score", "Score"),
    "facts.count": NP_("facts.count", "Facts"),
    "organisations.count": NP_("organisations.count", "Orgs"),
    # the words of a citation sentence
    "cite.according": NP_("cite.according", "according to"),
    "cite.page": NP_("cite.page", "the web page"),
    "cite.computed": NP_("cite.computed", "computed from figures in"),
    "cite.computed_mark": NP_("cite.computed_mark", "computed"),
    "cite.kind": NP_("cite.kind", "Kind"),
    "org.kind_from_name": NP_("org.kind_from_name", "from its name"),
    "cite.from_name": NP_("cite.from_name", "going by its name alone"),
    "cite.and": NP_("cite.and", "and"),
    "cite.quote_open": NP_("cite.quote_open", "“"),
    "cite.quote_close": NP_("cite.quote_close", "”"),
    "cite.source_only": NP_("cite.source_only", "kanten source"),
    "no_description": NP_("no_description", "(no description in the sources)"),
    "no_title": NP_("no_title", "(no title in the source material)"),
    "input_text": NP_("input_text", "text"),
    # search: where a hit matched (the field's place in the project file)
    "where": NP_("where", "Found in"),
    "field": NP_("field", "Field"),
    "snippet": NP_("snippet", "Snippet"),
    "field.id": NP_("field.id", "id"),
    "field.name": NP_("field.name", "name"),
    "field.text.da": NP_("field.text.da", "Danish text"),
    "field.text.en": NP_("field.text.en", "text"),
    "field.quote": NP_("field.quote", "Danish quote"),
    "field.evidence": NP_("field.evidence", "page's Danish words"),
    "field.caveat.da": NP_("field.caveat.da", "Danish caveat"),
    "field.caveat.en": NP_("field.caveat.en", "caveat"),
    "field.kind.da": NP_("field.kind.da", "Danish organisation type"),
    "field.kind.en": NP_("field.kind.en", "organisation type"),
    "field.description.da": NP_("field.description.da", "Danish description"),
    "field.description.en": NP_("field.description.en", "description"),
    # fact kinds
    "kind.stated": NP_("kind.stated", "stated"),
    "kind.derived": NP_("kind.derived", "derived"),
    "kind.target": NP_("kind.target", "target"),
    "kind.context": NP_("kind.context", "context"),
    "kind.organisation": NP_("kind.organisation", "organisation"),
    # source kinds
    "source.primary": NP_("source.primary", "primary"),
    "source.secondary": NP_("source.secondary", "secondary"),
    # roles
    "role.partner": NP_("role.partner", "partner"),
    "role.knowledge-house": NP_("role.knowledge-house", "consultancy and knowledge house"),
    "role.lead": NP_("role.lead", "lead"),
    "role.funder": NP_("role.funder", "funder"),
    "role.evaluator": NP_("role.evaluator", "evaluator"),
    # topics, as the overview names them
    "topic.project": NP_("topic.project", "Project"),
    "topic.period": NP_("topic.period", "Period"),
    "topic.aim": NP_("topic.aim", "Aim"),
    "topic.conclusion": NP_("topic.conclusion", "Conclusion"),
    "topic.result": NP_("topic.result", "Result"),
    "topic.recommendation": NP_("topic.recommendation", "Recommendation"),
    "topic.funding": NP_("topic.funding", "Funding"),
    "topic.report": NP_("topic.report", "Report"),
    # sections
    "section.headline": NP_("section.headline", "Headline figures"),
    "section.targets": NP_("section.targets", "Outcome beside the targets"),
    "section.midterm": NP_("section.midterm", "Mid-term and progress (context)"),
    "section.improvements": NP_("section.improvements", "Improvements at the two job centres"),
    "section.activities": NP_("section.activities", "New activities"),
    "section.recommendation": NP_("section.recommendation", "Recommendation"),
    "section.conclusion": NP_("section.conclusion", "Conclusion"),
    "section.outlook": NP_("section.outlook", "Outlook"),
    "section.midterm-recommendation": NP_(
        "section.midterm-recommendation",
        "The mid-term evaluator's recommendations (context)",
    ),
    "section.overview": NP_("section.overview", "At a glance"),
    # misc
    "context_marker": NP_("context_marker", "context"),
    "partners.title": NP_("partners.title", "Organisations"),
    "facts.title": NP_("facts.title", "Facts"),
    "sources.title": NP_("sources.title", "Sources"),
    "timeline.title": NP_("timeline.title", "Timeline"),
    "search.title": NP_("search.title", "Search results"),
    "ask.title": NP_("ask.title", "Answer"),
    "ask.also": NP_("ask.also", "Also relevant"),
    "ask.understood": NP_("ask.understood", "Understood as"),
    "ask.next": NP_("ask.next", "Go on"),
    "chart.title": NP_("chart.title", "Participants, paid work and still in work, beside the targets"),
    "chart.more": NP_("chart.more", "Formula and caveat of each bar: kanten show ID"),
    "chart.key": NP_("chart.key", "Bars by kind:"),
    "chart.computed": NP_("chart.computed", "computed"),
    "chart.readings": NP_("chart.readings", "{name} – two readings of one ambiguous sentence"),
    "note.reading": NP_("note.reading", "One reading of the ambiguous sentence in {id}"),
    "overview.readings": NP_("overview.readings", "two readings of one sentence, {id}:"),
    "chart.targets": NP_("chart.targets", "Targets – they count something other than the results above"),
    "legend": NP_("legend", "Kind:"),
    "legend.stated": NP_("legend.stated", "stated = in the article (primary source)"),
    "legend.derived": NP_("legend.derived", "derived = computed from other facts"),
    "legend.target": NP_("legend.target", "target = from a secondary page"),
    "legend.context": NP_("legend.context", "context = from a secondary page"),
    "overview.name": NP_("overview.name", "Name"),
    "overview.period": NP_("overview.period", "Period"),
    "overview.partners": NP_("overview.partners", "Who"),
    "overview.figures": NP_("overview.figures", "Headline figures"),
    "overview.targets": NP_("overview.targets", "Targets"),
    "overview.conclusion": NP_("overview.conclusion", "Conclusion"),
    "overview.recommendation": NP_("overview.recommendation", "Recommendation"),
    "overview.article": NP_("overview.article", "The article"),
    "overview.next": NP_("overview.next", "Next"),
    "overview.funding": NP_("overview.funding", "Funding"),
    "overview.granted": NP_("overview.granted", "{amount} from {funders}:"),
    "overview.measures": NP_(
        "overview.measures",
        "The targets count something other than the article's paid work: see the caveat with kanten show ID.",
    ),
    # kanten verify
    "verify.title": NP_("verify.title", "Quotes and evidence checked against their sources"),
    "verify.fetching": NP_("verify.fetching", "Fetching pages"),
    "verify.read": NP_("verify.read", "read"),
    "verify.skipped": NP_("verify.skipped", "skipped"),
    "verify.verified": NP_("verify.verified", "verified"),
    "verify.changed": NP_("verify.changed", "changed"),
    "verify.unreachable": NP_("verify.unreachable", "unreachable"),
    "verify.unchecked": NP_("verify.unchecked", "unchecked"),
    "verify.quote": NP_("verify.quote", "quote"),
    "verify.evidence": NP_("verify.evidence", "evidence"),
    "verify.kind_evidence": NP_("verify.kind_evidence", "kind's evidence"),
    "verify.description_evidence": NP_("verify.description_evidence", "description's evidence"),
    "verify.none": NP_("verify.none", "no quote or evidence to check"),
    "verify.fetched_at": NP_("verify.fetched_at", "fetched {}"),
    "verify.copy_of": NP_("verify.copy_of", "saved copy of {}"),
    "verify.redirected_to": NP_("verify.redirected_to", "redirected to {}"),
    "verify.checked": NP_("verify.checked", "checked"),
    "verify.total": NP_("verify.total", "In all, {}"),
    "verify.no_passage": NP_("verify.no_passage", "no similar passage on the page"),
    # the report (kanten report)
    # TRANSLATORS: {facts}, {organisations} and {sources} are counts with their nouns: "4 facts", "1 organisation".
    "report.intro": NP_(
        "report.intro",
        "The fact base: {facts} and {organisations} from {sources}, each with its kind and its source.",
    ),
    # the brief (kanten report --brief)
    "brief.subtitle": NP_("brief.subtitle", "The project on one page"),
    "brief.project": NP_("brief.project", "What the project was"),
    "brief.figures": NP_("brief.figures", "Headline figures beside the targets"),
    "brief.partners": NP_("brief.partners", "Who took part, and in what role"),
    "brief.grant": NP_("brief.grant", "Funding: the foundation's grant"),
    "brief.conclusion": NP_("brief.conclusion", "Conclusion and recommendation"),
    "brief.source": NP_("brief.source", "Source {number}"),
    "brief.role.lead": NP_("brief.role.lead", "Lead"),
    "brief.role.knowledge-house": NP_("brief.role.knowledge-house", "Consultancy and knowledge houses"),
    "brief.role.partner": NP_("brief.role.partner", "Partners"),
    "brief.role.funder": NP_("brief.role.funder", "Funder"),
    "brief.role.evaluator": NP_("brief.role.evaluator", "Evaluator"),
    "report.progress": NP_("report.progress", "Progress along the way"),
    "report.no-date": NP_("report.no-date", "date not known"),
    "report.chart-notes": NP_("report.chart-notes", "Each bar's formula and caveat are in the notes."),
    "report.contents": NP_("report.contents", "Contents"),
    "report.legend": NP_("report.legend", "Kinds"),
    "report.help.stated": NP_("report.help.stated", "in the article (primary source)"),
    "report.help.derived": NP_("report.help.derived", "computed from other facts"),
    "report.help.target": NP_("report.help.target", "a target from a secondary page"),
    "report.help.context": NP_("report.help.context", "from a secondary page"),
    "report.partners": NP_("report.partners", "Who took part"),
    "report.results": NP_("report.results", "Results beside the targets"),
    "report.results-intro": NP_(
        "report.results-intro",
        "The targets are set out on secondary pages, not in the article, and a target may count "
        "something other than the result beside it: read the notes before comparing the figures.",
    ),
    "report.result-facts": NP_("report.result-facts", "Results"),
    "report.targets": NP_("report.targets", "Targets"),
    "report.improvements": NP_("report.improvements", "Improvements and activities"),
    "report.recommendation": NP_("report.recommendation", "Recommendation and conclusion"),
    "report.midterm": NP_("report.midterm", "The mid-term evaluation"),
    "report.other": NP_("report.other", "Other facts"),
    "report.notes": NP_("report.notes", "Notes"),
    "report.note": NP_("report.note", "note {number}"),
    "report.no-address": NP_("report.no-address", "no address"),
    "report.made-by": NP_("report.made-by", "Made with kanten {version}."),
    "topic.background": NP_("topic.background", "Background"),
    "topic.partners": NP_("topic.partners", "Partners"),
    "topic.organisation": NP_("topic.organisation", "Organisation"),
    "topic.evaluation": NP_("topic.evaluation", "Evaluation"),
    "topic.article": NP_("topic.article", "The article"),
}

# A count and its label, as the catalogue gives its plural forms: Danish adjectives and
# participles take -e ("1 ændret", "48 ændrede"); English ones do not change.
_COUNTED: dict[str, tuple[str, str]] = {
    "verify.checked": NNP_("verify.checked", "{count} checked", "{count} checked"),
    "verify.verified": NNP_("verify.verified", "{count} verified", "{count} verified"),
    "verify.changed": NNP_("verify.changed", "{count} changed", "{count} changed"),
    "verify.unreachable": NNP_("verify.unreachable", "{count} unreachable", "{count} unreachable"),
    "verify.unchecked": NNP_("verify.unchecked", "{count} unchecked", "{count} unchecked"),
}


_TOPICS: dict[str, str] = {
    "project": NP_("topic", "project"),
    "period": NP_("topic", "period"),
    "aim": NP_("topic", "aim"),
    "background": NP_("topic", "background"),
    "partners": NP_("topic", "partners"),
    "organisation": NP_("topic", "organisation"),
    "funding": NP_("topic", "funding"),
    "conclusion": NP_("topic", "conclusion"),
    "improvement": NP_("topic", "improvement"),
    "activity": NP_("topic", "activity"),
    "result": NP_("topic", "result"),
    "target": NP_("topic", "target"),
    "progress": NP_("topic", "progress"),
    "midterm": NP_("topic", "mid-term"),
    "evaluation": NP_("topic", "evaluation"),
    "recommendation": NP_("topic", "recommendation"),
    "midterm-recommendation": NP_("topic", "mid-term recommendation"),
    "outlook": NP_("topic", "outlook"),
    "report": NP_("topic", "report"),
    "article": NP_("topic", "article"),
}


def _catalogue(in_language: Lang | None = None) -> NullTranslations:
    return translation() if in_language is None else for_language(in_language)


def topic_name(topic: str, *, in_language: Lang | None = None) -> str:
    """A fact's topic as a word ('result' -> 'resultat'); the topic itself if unknown. In the
    bound language, or `in_language` (an option value typed in either language)."""
    name = _TOPICS.get(topic)
    return topic if name is None else _catalogue(in_language).pgettext("topic", name)


def label(key: str, *, in_language: Lang | None = None) -> str:
    """A heading or label, in the bound language or `in_language`; the key itself if none
    is defined. The key is the message's context in the catalogue."""
    name = _LABELS.get(key)
    return key if name is None else (_catalogue(in_language).pgettext(key, name) if name else "")


def has_label(key: str) -> bool:
    """Whether `key` names a label (else `label` gives the key back)."""
    return key in _LABELS


def counted(count: int, key: str) -> str:
    """A count and its label in the form the count takes: '1 ændret', '48 ændrede', '0 ændrede'."""
    forms = _COUNTED.get(key)
    if forms is None:
        return f"{count} {label(key)}"
    return translation().npgettext(key, forms[0], forms[1], count).format(count=count)


_MONTHS = {
    "da": [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def format_date(date: str | None) -> str:
    """An ISO date at its own precision: '2018', 'august 2018', '28. marts 2023' / '28 March 2023'."""
    if not date:
        return ""
    parts = iso_parts(date)
    if parts is None:  # not an ISO date: shown as it is
        return date
    year = date[:4]
    if len(parts) == 1:
        return year
    lang = language()
    month = _MONTHS[lang][parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {year}"
    return f"{parts[2]}. {month} {year}" if lang == "da" else f"{parts[2]} {month} {year}"


def format_period(date: str | None, end_date: str | None) -> str:
    """'august 2018 – december 2021', or one date."""
    if date and end_date:
        return f"{format_date(date)} – {format_date(end_date)}"
    return format_date(date)
