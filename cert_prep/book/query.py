"""A search as a coder types it, turned into what the tabular list says.

A query is a list of slots, one per thing the coder asked for; a slot holds alternatives
(each a list of words) and an entry must cover one alternative of every slot:
- a chart abbreviation is its own word and what the tabular list calls it (`UTI` is
  "uti" or "urinary tract infection"; the table is ABBREVIATIONS below, documented in
  the README);
- hyphens and prefixes are optional ("preeclampsia" is also "pre eclampsia", and
  "post-procedural" is also "postprocedural"), as are British spellings ("anaemia");
- a short word or abbreviation matches whole words only ("uti" is not "utilities");
- "with", "of", "and" and other small words are not required; "without X" is read, so an
  entry "without X" ranks below one "with X" when the query says "with X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)  # a word, hyphens kept
_CLAUSE = re.compile(r"[,;:()\[\]]")
# "(acute)", "[HFrEF]": nonessential modifiers, which do not change the code.
_MODIFIER = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# ", unspecified trimester", ", unspecified side": a detail left at its default, which
# adds no more than "unspecified" does (a header's default code says it); what follows a
# "with" or "without" still counts (", unspecified with intoxication").
_DEFAULT_DETAIL = re.compile(r",\s*unspecified\b(?:(?!\bwith)[^,;:])*", re.IGNORECASE)

# Chart abbreviations and the words the tabular list uses for them. Each also matches
# itself as a whole word (the list writes "TIA", "DVT NOS", "(NSTEMI)").
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "aaa": ("abdominal aortic aneurysm",),
    "adhd": ("attention deficit hyperactivity",),
    "af": ("atrial fibrillation",),
    "afib": ("atrial fibrillation",),
    "aflutter": ("atrial flutter",),
    "aki": ("acute kidney injury", "acute kidney failure"),
    "ards": ("acute respiratory distress syndrome",),
    "bph": ("benign prostatic hyperplasia",),
    "cad": ("coronary artery disease", "atherosclerotic heart disease"),
    "chf": ("congestive heart failure",),
    "ckd": ("chronic kidney disease",),
    "copd": ("chronic obstructive pulmonary disease",),
    "cva": ("cerebral infarction", "stroke"),
    "dka": ("diabetes ketoacidosis",),
    "dm": ("diabetes mellitus",),
    "dm1": ("type 1 diabetes mellitus",),
    "dm2": ("type 2 diabetes mellitus",),
    "dvt": ("deep vein thrombosis",),
    "esrd": ("end stage renal disease",),
    "etoh": ("alcohol",),
    "fx": ("fracture",),
    "gerd": ("gastro esophageal reflux disease",),
    "hf": ("heart failure",),
    "hfpef": ("diastolic heart failure",),
    "hfref": ("systolic heart failure",),
    "hld": ("hyperlipidemia",),
    "htn": ("hypertension",),
    "hx": ("history",),
    "iddm": ("type 1 diabetes mellitus",),
    "loc": ("loss of consciousness",),
    "mi": ("myocardial infarction",),
    "mrsa": ("methicillin resistant staphylococcus aureus",),
    "mssa": ("methicillin susceptible staphylococcus aureus",),
    "niddm": ("type 2 diabetes mellitus",),
    "nstemi": ("non st elevation myocardial infarction",),
    "oa": ("osteoarthritis",),
    "osa": ("obstructive sleep apnea",),
    "pad": ("peripheral arterial disease", "peripheral vascular disease"),
    "pe": ("pulmonary embolism",),
    "pna": ("pneumonia",),
    "ptsd": ("post traumatic stress disorder",),
    "pud": ("peptic ulcer",),
    "pvd": ("peripheral vascular disease",),
    "ra": ("rheumatoid arthritis",),
    "sob": ("shortness of breath",),
    "stemi": ("st elevation myocardial infarction",),
    "svt": ("supraventricular tachycardia",),
    "t1dm": ("type 1 diabetes mellitus",),
    "t2dm": ("type 2 diabetes mellitus",),
    "tbi": ("traumatic brain injury",),
    "tia": ("transient ischemic attack", "transient cerebral ischemic attack"),
    "uri": ("upper respiratory infection",),
    "uti": ("urinary tract infection",),
}

# Everyday words and the tabular list's ("DVT left leg" is "... of left lower extremity").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "arm": ("upper extremity", "upper limb"),
    "cancer": ("malignant neoplasm",),
    "flu": ("influenza",),
    "leg": ("lower extremity", "lower limb"),
    "renal": ("kidney",),
    "stroke": ("cerebral infarction",),
    "tumor": ("neoplasm",),
}

# Words the tabular list writes both joined and hyphenated ("pre-eclampsia" and
# "preeclampsia" are both typed; the list writes "Pre-eclampsia" but "Postprocedural").
PREFIXES = (
    "pre",
    "post",
    "non",
    "anti",
    "intra",
    "extra",
    "sub",
    "inter",
    "peri",
    "para",
    "retro",
    "trans",
    "multi",
    "semi",
    "gastro",
)

STOPWORDS = frozenset(
    {"of", "and", "the", "with", "without", "to", "in", "by", "for", "or", "a", "an", "on"}
    | {"at", "as", "due", "through"}
)
# Words that add no detail: "Urinary tract infection, site not specified" is the code for
# "UTI" (the default when nothing more is documented), not a more specific one.
GENERIC = frozenset({"unspecified", "specified", "not", "site", "nos", "elsewhere", "classified"})
NEGATION = "without"
SHORT = 3  # words this long or shorter match whole words only


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def stem(word: str) -> str:
    for suffix in ("ies", "es", "s", "ing", "ed", "al", "ic", "ion", "ive"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Term:
    """One word to find: whole (`exact`) or as the start of a word."""

    word: str
    exact: bool

    @classmethod
    def of(cls, word: str) -> Term:
        # Short words are whole words ("uti" is not "utilities"); numbers stay prefixes
        # ("stage 3" finds 3a and 3b).
        return cls(word, len(word) <= SHORT and word.isalpha())

    def fts(self) -> str:
        return f'"{self.word}"' if self.exact else f'"{self.word}"*'

    def found_in(self, text_words: list[str], stems: set[str]) -> bool:
        if stem(self.word) in stems:
            return True
        if self.exact:
            return self.word in text_words
        return any(w.startswith(self.word) for w in text_words)


Alternative = tuple[Term, ...]  # all of these words (adjacent in the FTS query)


@dataclass(frozen=True)
class Slot:
    """One thing asked for; any alternative will do."""

    alternatives: tuple[Alternative, ...]
    negated: bool = False  # typed after "without"

    def fts(self) -> str:
        parts = []
        for alt in self.alternatives:
            if len(alt) == 1:
                parts.append(alt[0].fts())
            else:
                parts.append("(" + " AND ".join(t.fts() for t in alt) + ")")
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def found_in(self, text_words: list[str], stems: set[str]) -> bool:
        return any(all(t.found_in(text_words, stems) for t in alt) for alt in self.alternatives)

    def first_at(self, text_words: list[str]) -> int | None:
        """Where in the text the slot's first word first appears (for word order)."""
        for i, w in enumerate(text_words):
            for alt in self.alternatives:
                term = alt[0]
                if w == term.word or (not term.exact and w.startswith(term.word)):
                    return i
                if stem(w) == stem(term.word):
                    return i
        return None


def _alt(text: str) -> Alternative:
    return tuple(Term.of(w) for w in words(text))


def _spellings(word: str) -> list[str]:
    """British spellings as the tabular list writes them (anaemia, oedema, tumour)."""
    out = word.replace("ae", "e").replace("oe", "e")
    if out.endswith("our"):
        out = out[:-3] + "or"
    return [out] if out != word else []


def _slot(token: str, negated: bool) -> Slot:
    parts = words(token)
    joined = "".join(parts)
    alts: list[Alternative] = [tuple(Term.of(p) for p in parts)]
    if len(parts) > 1:
        alts.append((Term.of(joined),))  # "post-procedural" is also "postprocedural"
    else:
        for prefix in PREFIXES:
            rest = joined[len(prefix) :]
            if joined.startswith(prefix) and len(rest) >= 4 and rest.isalpha():
                alts.append((Term.of(prefix), Term.of(rest)))  # "preeclampsia"
        if joined in ABBREVIATIONS:
            alts[0] = (Term(joined, True),)  # the abbreviation itself, whole
            alts.extend(_alt(expansion) for expansion in ABBREVIATIONS[joined])
        alts.extend(_alt(synonym) for synonym in SYNONYMS.get(stem(joined), ()))
        alts.extend((Term.of(variant),) for variant in _spellings(joined))
    return Slot(tuple(dict.fromkeys(alts)), negated)


@dataclass(frozen=True)
class Query:
    slots: tuple[Slot, ...]

    def fts(self) -> str:
        return " AND ".join(slot.fts() for slot in self.slots)


def parse(text: str) -> Query:
    """The slots of a query as typed (empty when it holds no word)."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    slots: list[Slot] = []
    negated = False
    pending: str | None = None  # a bare prefix ("post") waiting for its word
    for token in tokens:
        if token == NEGATION:
            negated = True
            continue
        if token == "with":
            negated = False
        if token in STOPWORDS:
            continue
        if pending is not None:
            slots.append(_slot(f"{pending}-{token}", negated))  # "post procedural"
            pending = None
            continue
        if token in PREFIXES:
            pending = token
            continue
        slots.append(_slot(token, negated))
    if pending is not None:
        slots.append(_slot(pending, negated))
    if not slots and tokens:  # only small words: they are what was asked for
        slots = [_slot(t, False) for t in tokens]
    return Query(tuple(slots))


def covers(text: str, query: Query) -> bool:
    """Does `text` hold every slot (a word as a prefix or the same stem)?"""
    text_words = words(text)
    stems = {stem(w) for w in text_words}
    return all(slot.found_in(text_words, stems) for slot in query.slots)


def _negated_words(text: str) -> tuple[set[str], set[str]]:
    """The stems a text says "without" of, and the stems it says otherwise."""
    neg: set[str] = set()
    pos: set[str] = set()
    for clause in _CLAUSE.split(text):
        negated = False
        for w in words(clause):
            if w == NEGATION:
                negated = True
            elif w == "with":
                negated = False
            elif w not in STOPWORDS:
                (neg if negated else pos).add(stem(w))
    return neg, pos


def contradictions(text: str, query: Query) -> int:
    """How many of the query's words the text says the opposite of ("without heart
    failure" when the query says "with heart failure", and the other way round)."""
    neg, pos = _negated_words(text)
    count = 0
    for slot in query.slots:
        said, opposite = (neg, pos) if slot.negated else (pos, neg)
        for term in slot.alternatives[0]:
            s = stem(term.word)
            count += s in opposite and s not in said
    return count


def in_order(text: str, query: Query) -> bool:
    """Are the query's slots found in the text in the order typed?"""
    text_words = words(text)
    last = -1
    for slot in query.slots:
        at = slot.first_at(text_words)
        if at is None or at < last:
            return False
        last = at
    return True


def says_unspecified(text: str) -> bool:
    """Does the text name the default ("unspecified", "NOS", "site not specified")?"""
    return any(w in GENERIC for w in words(text))


def extra_words(text: str, query: Query) -> int:
    """How many different words the text has that the query did not ask for (small and
    generic words, words in parentheses and details left at their default, aside): fewer
    is the more general entry."""
    plain = _DEFAULT_DETAIL.sub(" ", _MODIFIER.sub(" ", text))
    stems = {stem(w) for w in words(plain) if w not in STOPWORDS and w not in GENERIC}
    asked = [t for slot in query.slots for alt in slot.alternatives for t in alt]

    def was_asked(s: str) -> bool:
        return any(s == stem(t.word) or (not t.exact and s.startswith(t.word)) for t in asked)

    return len([s for s in stems if not was_asked(s)])
