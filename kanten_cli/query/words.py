"""One analysis of words, shared by `search` and `ask`.

A query is cut into words and folded as everywhere in kanten (case, accents, æ/ø/å: loennet =
lonnet = lønnet). Question and function words ("hvor", "mange", "who", "the") carry no weight.
Each remaining word matches a word of the text when

- it is the same word (`1.0`); a word of one or two letters, and a number however written
  (1439 = 1.439 = 1 439), matches only so;
- it is another form of it (`FORM`): the same Snowball stem, Danish or English, so
  "virksomhederne" finds "virksomhed", "arbejdet" finds "arbejde", "results" finds "result";
- the text word starts with it (`PREFIX`): "lønne" finds "lønnet", as search always did;
- it is part of a Danish compound (`PART`): "evaluering" finds "midtvejsevalueringen" and
  "slutevaluering", "virksomhed" finds "ambassadørvirksomhed" and "virksomhedskonsulent"; the
  reverse, a compound in the question that the text has only in part, counts less (`WHOLE`).

Each word also brings in the domain's concepts it names (data/concepts.json, see
kanten_cli/facts/concepts.py): their other words, Danish and English, are looked for as
synonyms (`SYNONYM`), and the topics, facts, organisations, roles and units they point to are
matches in their own right. "penge" thus finds the grant and "finansiering" the funding topic.

The stemmers (snowballstemmer, the Snowball project's own Python build) are imported on first
use: listing commands never load them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kanten_cli.base.matching import fold

if TYPE_CHECKING:
    from kanten_cli.facts.concepts import Concept

# A word of text: a number with its digit groups and decimals (1.439, 1,439, 21 130 000, 0,5), or
# a run of letters and digits.
WORD = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3}(?!\d))*(?:,\d+)?(?!\w)|\w+", re.UNICODE)
SHORT = 2  # a word this short matches whole words only
CORE = 5  # a stem this long is looked for inside compounds

EXACT = 1.0
FORM = 0.9
PREFIX = 0.8
PART = 0.6
WHOLE = 0.5
SYNONYM = 0.6  # a concept's other word counts this much of the word itself

# Question and function words, in both languages, as folded. A query made of nothing else
# keeps them (`search af` still finds "af").
_STOP_DA = """
af alle alt andet anden andre at bag bare blev blive bliver da de dem den denne der deres det
dette dig din disse dog du efter eller en end er et findes for fra få får fået gik gjorde
gjort godt gør gøre går gå ham han hans har have havde hele helt hende hendes her hos hun hvad
hvem hvilke hvilken hvilket hvis hvor hvordan hvorfor hvornår hvorledes i ikke ind ingen jeg jer
jo kan kunne lave lavede lige man mange med meget mere mest mig min mine mit
mod monstro måske må mon ned noget nogen nogle nu når og også om op os over på sagde samme selv
sig sige siger sin sine sit skal skulle som stadigvæk står stod så sådan til under ud var vel
vi vil ville vist være været ved egentlig egentligt cirka ca omkring nogensinde samlet samlede fik
viste vise viser skete sker ske betyder betød fandt finde finder handler handlede fortæl fortælle
forklar beskriv nævn kom komme kommer blevet
"""
_STOP_EN = """
a about after all also am an and any are as at be been before being between both but by can
could did do does doing done during each either else ever every for from get gets getting go
goes going gone had has have having he her here him his how however i if in into is it its
just know let many may me might more most much must my neither no not now of on only or other
our out over please really said say says she should so some such tell than that the their them
then there these they this those through to too under up us very was we were what whatever
when where which while who whom whose why will with would yes you your actually exactly
overall roughly approximately about whether took take taken takes make made
makes give gave given total became become becomes happen happened happens mean means meant
show shows showed shown find found exist exists existed explain describe came come comes coming
"""
STOP: frozenset[str] = frozenset(fold(w) for w in (_STOP_DA + _STOP_EN).split())


@dataclass(frozen=True)
class Term:
    """One word of a query, folded, with the words it is also looked for as and the concepts
    it names."""

    word: str
    forms: tuple[str, ...]  # the word itself first, then its concepts' words (synonyms)
    concepts: tuple[Concept, ...] = ()
    loose: re.Pattern[str] = field(default=re.compile(r"(?!)"), compare=False)
    inside: bool = True  # may it match inside a compound? Only a word the text has on its own

    @property
    def exact_only(self) -> bool:
        return len(self.word) <= SHORT or numeric(self.word)

    def quality(self, folded: str) -> float:
        """How well a word of text (folded) matches this term; 0 if it does not."""
        best = match(self.word, folded, self.inside)
        if best < EXACT:
            for form in self.forms[1:]:  # a synonym only as it is or in another form
                quality = match(form, folded)
                if quality >= FORM:
                    best = max(best, SYNONYM * quality)
        return best

    def matches_word(self, folded: str) -> bool:
        return self.quality(folded) > 0


@dataclass(frozen=True)
class Analysis:
    """What a query says: its terms (no weightless words unless it has nothing else), the
    concepts it names (a concept of several words, "hvor mange", counts only as a phrase), and
    its words that carry no weight."""

    terms: tuple[Term, ...]
    concepts: tuple[Concept, ...]
    ignored: tuple[str, ...]

    def prefers(self) -> set[str]:
        return {p for c in self.concepts for p in c.prefer}


def words_of(text: str) -> list[str]:
    """The words of a text, folded, in order."""
    return [w for w in (fold(w) for w in WORD.findall(text)) if w]


def numeric(word: str) -> bool:
    return word.replace(",", "").isdigit()


def analyse(
    query: str, vocabulary: Sequence[Concept] | None = None, keep: bool = True, question: bool = False
) -> Analysis:
    """A query's terms and concepts. `vocabulary`: the concepts to use (default: kanten's);
    `keep`: keep the weightless words as terms when the query has nothing else; `question`:
    read it as a question: a concept's phrase ("took part", "var med") is one term, looked for
    as the concept's words and the records it points to, not as its words one by one ("part"
    is no "partner"), and a word that only says what is asked for ("antal", "number") is no
    term when there are others."""
    words = words_of(query)
    concepts = _concepts() if vocabulary is None else tuple(vocabulary)
    named, asking = _named_concepts(words, concepts)
    terms = [_phrase_term(p, c) for p, c in _phrases(words, named)] if question else []
    said = {w for t in terms for w in t.word.split()}
    content = [w for w in dict.fromkeys(words) if w not in STOP and w not in asking and w not in said]
    if question:
        asks = [w for w in content if _asks_only(w, concepts)]
        if len(asks) < len(content):
            named = [*named, *(c for w in asks for c in concepts if c.only_asks and _says(c, w))]
            content = [w for w in content if w not in asks]
    ignored = tuple(w for w in dict.fromkeys(words) if w in STOP)
    if not content and not terms and keep:  # only weightless words: search for them as they are
        content, ignored = list(dict.fromkeys(words)), ()
    for word in content:
        own = tuple(c for c in concepts if _says(c, word))
        forms = (word, *dict.fromkeys(w for c in own for w in _single_words(c) if w != word and w not in STOP))
        terms.append(Term(word, forms, own, loose_pattern((word, *forms[1:]))))
    every = dict.fromkeys([*named, *(c for t in terms for c in t.concepts)])
    return Analysis(tuple(terms), tuple(every), ignored)


@functools.cache
def _concepts() -> tuple[Concept, ...]:
    from kanten_cli.facts.concepts import embedded

    return embedded().concepts


@functools.lru_cache(maxsize=256)
def _concept_words(concept: Concept) -> tuple[tuple[str, ...], ...]:
    """A concept's words, each as its folded words ("hvor mange" -> ("hvor", "mange"))."""
    return tuple(tuple(words_of(w)) for w in (*concept.words.da, *concept.words.en))


def _single_words(concept: Concept) -> tuple[str, ...]:
    return tuple(w[0] for w in _concept_words(concept) if len(w) == 1)


def _named_concepts(words: Sequence[str], concepts: Iterable[Concept]) -> tuple[list[Concept], set[str]]:
    """The concepts that the query names with a phrase ("hvor mange") or a weightless word
    ("hvornår", "who"), in order; and the words of the phrases that only say what the question
    asks for (a figure, a date, an organisation), which are no terms ("stor" in "hvor stor")."""
    text = f" {' '.join(words)} "
    named: list[Concept] = []
    asking: set[str] = set()
    for concept in concepts:
        phrases = [p for p in _concept_words(concept) if len(p) > 1 and says_phrase(p, words, text)]
        weightless = [p for p in _concept_words(concept) if len(p) == 1 and p[0] in STOP and p[0] in words]
        if phrases or weightless:
            named.append(concept)
        if phrases and concept.only_asks:
            asking.update(w for p in phrases for w in p)
    return named, asking


def says_phrase(phrase: Sequence[str], words: Sequence[str], text: str = "") -> bool:
    """Does the query (its words; `text`: them joined, padded with spaces) say the phrase? A
    phrase of three words or more may have one word inside it, as Danish splits its verbs
    ("gik projektet ud på" says "gik ud på")."""
    if f" {' '.join(phrase)} " in (text or f" {' '.join(words)} "):
        return True
    if len(phrase) < 3:
        return False
    for at in range(1, len(phrase)):
        pattern = [*phrase[:at], None, *phrase[at:]]
        for start in range(len(words) - len(pattern) + 1):
            if all(want is None or words[start + k] == want for k, want in enumerate(pattern)):
                return True
    return False


def _phrases(words: Sequence[str], named: Sequence[Concept]) -> list[tuple[str, tuple[Concept, ...]]]:
    """The phrases of content concepts (not those that only ask) that the query says, longest
    first, each with every concept that has it, and each word in at most one phrase; a
    weightless word of such a concept ("skulle", "why") counts as a phrase of one word."""
    text = f" {' '.join(words)} "
    having: dict[str, list[Concept]] = {}
    for concept in named:
        if concept.only_asks:
            continue
        for p in _concept_words(concept):
            if (len(p) > 1 or p[0] in STOP) and says_phrase(p, words, text):
                having.setdefault(" ".join(p), []).append(concept)
    chosen: list[tuple[str, tuple[Concept, ...]]] = []
    for phrase in sorted(having, key=lambda p: -len(p)):
        if not any(set(phrase.split()) & set(p.split()) for p, _ in chosen):
            chosen.append((phrase, tuple(dict.fromkeys(having[phrase]))))
    return chosen


def _phrase_term(phrase: str, concepts: tuple[Concept, ...]) -> Term:
    singles = (w for c in concepts for w in _single_words(c))
    forms = (phrase, *dict.fromkeys(w for w in singles if w not in STOP))
    return Term(phrase, forms, concepts, loose_pattern(forms[1:]) if len(forms) > 1 else re.compile(r"(?!)"))


def _says(concept: Concept, word: str) -> bool:
    return any(same_word(word, w) for w in _single_words(concept))


def _asks_only(word: str, concepts: Iterable[Concept]) -> bool:
    """Is the word one of what a question asks for (a figure, a date), and of nothing else?"""
    own = [c for c in concepts if _says(c, word)]
    return bool(own) and all(c.only_asks for c in own)


def misspelling(word: str, other: str, ratio: float = 0.85, length: int = 1) -> bool:
    """Is `word` a misspelling of `other`, not another word: the same first letter, about the
    same length (at most `length` letters more or fewer), and nearly the same letters
    ("evalurering" for "evaluering"; not "frankrig" for "forankring", nor "nakskov" for
    "fiasko")?"""
    import difflib  # only where nothing matched

    if not word or not other or other in STOP or word[0] != other[0] or abs(len(word) - len(other)) > length:
        return False
    return difflib.SequenceMatcher(None, word, other).ratio() >= ratio


_QUESTION_WORDS = """
hvad hvem hvor hvornår hvordan hvorfor hvilke hvilken hvilket what who whom where when how why which
"""
QUESTION_WORDS = frozenset(fold(w) for w in _QUESTION_WORDS.split())


def is_question(text: str) -> bool:
    """Does the text read as a question: a question mark, or a question word first?"""
    words = words_of(text)
    return text.rstrip().endswith("?") or bool(words and words[0] in QUESTION_WORDS)


# --- matching one word against another -------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def stems(word: str) -> tuple[str, str]:
    """A folded word's Danish and English Snowball stems (the word itself if it is no word)."""
    if len(word) <= SHORT or not word.isalpha():
        return word, word
    danish, english = _stemmers()
    return danish.stemWord(word), english.stemWord(word)


@functools.cache
def _stemmers() -> tuple[Any, Any]:
    import snowballstemmer  # type: ignore[import-untyped]  # light, pure Python; only when matching

    return snowballstemmer.stemmer("danish"), snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=1 << 16)
def match(query: str, text: str, inside: bool = True) -> float:
    """How well a word of text matches a word of a query, both folded: 0 if not at all.
    `inside`: may the query word be the last part of a compound?"""
    if text == query:
        return EXACT
    if len(query) <= SHORT or numeric(query) or len(text) <= SHORT or numeric(text):
        return 0.0
    if same_stem(query, text) or _ending(query, text):
        return FORM
    if text.startswith(query):
        return PREFIX
    if part_of(query, text, inside):
        return PART
    if part_of(text, query):
        return WHOLE
    return 0.0


def same_word(a: str, b: str) -> bool:
    """Are two folded words one word, the same or in another form (`match` at least FORM)? A form
    keeps its first letter, so words that start differently are not stemmed to find out."""
    return a[:1] == b[:1] and match(a, b) >= FORM


def same_stem(a: str, b: str) -> bool:
    """Two words of one stem, in Danish or English, and of about one length (Danish Snowball
    gives "stor" for "størrelse" too). A stem of three letters ("led" for both "ledige" and
    "leder") counts only when the words share most of their letters too."""
    if 5 * min(len(a), len(b)) < 3 * max(len(a), len(b)):
        return False
    for x, y in zip(stems(a), stems(b), strict=True):
        if x != y or len(x) < 3:
            continue
        if len(x) >= 4 or _shared(a, b) * 4 >= 3 * max(len(a), len(b)):
            return True
    return False


# What Danish and English add to a word to inflect it (definite form, plural, genitive, past).
_ENDINGS = frozenset(
    [
        "e",
        "en",
        "et",
        "er",
        "ere",
        "erne",
        "ernes",
        "ers",
        "ens",
        "ets",
        "es",
        "ne",
        "nes",
        "s",
        "ede",
        "te",
        "ed",
        "ing",
        "ings",
        "d",
        "ies",
        "n",
    ]
)


def _ending(word: str, other: str) -> bool:
    """Are both words one base with an inflection's ending, or none ("virksomheden",
    "virksomhederne")?"""
    for k in range(max(4, len(word) - 5), len(word) + 1):
        if (k == len(word) or word[k:] in _ENDINGS) and other.startswith(word[:k]):
            rest = other[k:]
            if rest == "" or rest in _ENDINGS:
                return True
    return False


def _shared(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def core(word: str) -> str:
    """The shortest stem of a word (or the word) that is long enough to find it in compounds;
    '' if none is."""
    found = [s for s in (*stems(word), word) if len(s) >= CORE and word.startswith(s)]
    return min(found, key=len) if found else ""


def part_of(word: str, compound: str, inside: bool = True) -> bool:
    """Is `word` a part of the Danish compound `compound`: its first part, as it is, without
    its final e or as its stem ("virksomhed" in "virksomhedskonsulent", "arbejde" in
    "arbejdsmarkedet"), or its last, in any form ("evaluering" in "midtvejsevalueringen")? Parts
    are at least CORE letters, and what the compound adds at least three: "ring" is no part of
    "evaluering", nor "mål" of "formål"."""
    if len(word) < CORE or word in STOP:
        return False
    firsts = {word, word[:-1] if word.endswith("e") else word}
    firsts.update(s for s in stems(word) if len(s) > CORE and word.startswith(s))
    if any(compound.startswith(first) and len(compound) - len(first) >= 4 for first in firsts):
        return True
    head = core(word)
    if not head or not inside:
        return False
    at = compound.find(head, 3)
    while at >= 3:
        tail = compound[at:]
        if tail.startswith(word) or same_stem(word, tail):
            return True
        at = compound.find(head, at + 1)
    return False


# --- finding the places that may match, in a large text ---------------------------------------


def loose_pattern(forms: Sequence[str]) -> re.Pattern[str]:
    """A pattern that finds, in folded text, every place where one of `forms` may match (a
    superset: each word found is then checked with `match`). A short word or a number only
    whole; else its shortest stem at a word start, and its compound core anywhere."""
    starts: set[str] = set()
    inside: set[str] = set()
    whole: set[str] = set()
    for form in forms:
        if len(form) <= SHORT or numeric(form):
            whole.add(form)
            continue
        stem = min((s for s in (*stems(form), form) if len(s) >= 3 and form.startswith(s)), key=len, default=form)
        starts.add(stem[:CORE] if len(stem) > CORE else stem)
        head = core(form)
        if head:
            inside.add(head)
    parts = []
    for word in sorted(whole):
        parts.append(_whole(word))
    # At a word start: each literal first, then a look behind it (a pattern that began with
    # the look-behind would be tried at every position of the text, many times slower).
    for literal in sorted(_minimal(starts)):
        esc = re.escape(literal)
        parts.append(rf"{esc}(?<!\w{esc})")
    for literal in sorted(_minimal(inside - starts)):
        parts.append(re.escape(literal))
    return re.compile("|".join(parts) or r"(?!)")


def _minimal(literals: set[str]) -> set[str]:
    """Drop every literal that another one is a prefix of (it finds nothing more)."""
    return {w for w in literals if not any(o != w and w.startswith(o) for o in literals)}


_GROUP_MARK = "[.,\u00a0\u202f ]?"


def _whole(word: str) -> str:
    """A whole word, or a number with its digit groups written any way (1.439, 21 130 000),
    never part of a longer number."""
    first = re.escape(word[0])
    if not numeric(word):
        literal = re.escape(word)
        return rf"{literal}(?<!\w{literal})(?!\w)"
    whole_digits = word.find(",") if "," in word else len(word)
    rest = "".join(
        (_GROUP_MARK if i < whole_digits and (whole_digits - i) % 3 == 0 else "") + re.escape(word[i])
        for i in range(1, len(word))
    )
    start = rf"{first}(?<!\w{first})(?<!\d[.,\u00a0\u202f ]{first})"
    return start + rest + r"(?![.,\u00a0\u202f ]?\d)"


def word_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the word of `text` that holds text[start:end]."""
    m = WORD.match(text, _back(text, start))
    while m is not None and m.end() < end:
        m = WORD.search(text, m.end())
    if m is None or m.start() > start:
        return start, end
    return m.start(), m.end()


def _back(text: str, at: int) -> int:
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
        at -= 1
    return at


def matched_words(term: Term, text: str) -> list[tuple[int, int, float]]:
    """Every word of `text` (folded) that matches `term`: its bounds and how well."""
    found: dict[tuple[int, int], float] = {}
    for m in term.loose.finditer(text):
        a, b = word_at(text, m.start(), m.end())
        if (a, b) not in found:
            found[(a, b)] = term.quality(_as_word(text[a:b]))
    return [(a, b, q) for (a, b), q in found.items() if q > 0]


def best_quality(term: Term, text: str) -> float:
    """How well the best-matching word of `text` (folded) matches `term`; 0 if none does."""
    best = 0.0
    for m in term.loose.finditer(text):
        a, b = word_at(text, m.start(), m.end())
        best = max(best, term.quality(_as_word(text[a:b])))
        if best >= EXACT:
            break
    return best


def _as_word(word: str) -> str:
    """A word of folded text as a query word is folded (a number without its digit groups)."""
    return fold(word) if word[:1].isdigit() else word
