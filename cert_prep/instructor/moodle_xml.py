"""Moodle XML, both ways: what GIFT loses (per-answer feedback, general feedback,
multiple-response fractions, question names) survives the trip.

Export writes one `<question>` per item: `multichoice` for single and multi items
(`<single>` true/false, keys at 100 or an equal share of it, wrong answers at -100 so a
multi item is all or nothing as AHIMA scores it), `shortanswer` for code items (the codes,
comma-separated, first; then the other spellings and orders that count, code_answers.py;
the question says the format). The item id is the question's `<name>`; the exam, domain
and item fields Moodle has no place for ride in `cert-prep:` tags. A case record is
written before the stem inside the question text, marked so an import can take it apart
again. Text shows as the app shows it (reflow.py), yet every newline of the bank text is
kept in the HTML, so an import gives back the exact text.

Import reads Moodle XML with defusedxml: a DTD, an entity or an external reference is
refused before anything is parsed, so entity expansion ("billion laughs") and external
fetches cannot happen. The parser reads the file's bytes in the encoding its XML
declaration names (UTF-8 without one). Question types cert-prep cannot represent
(matching, essay, calculated, numerical, ...) are refused with the line they start on.
"""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cert_prep.bank.models import CHOICE_KEYS, normalize_code
from cert_prep.instructor.bankyaml import Note, choice_problem, clean_text
from cert_prep.instructor.code_answers import accepted_answers, code_format
from cert_prep.instructor.html_text import html_to_text
from cert_prep.reflow import is_bullet, record_text

TAG_PREFIX = "cert-prep:"
_CASE = re.compile(
    r'^<div class="cert-prep-case" data-case="([^"]*)" data-title="([^"]*)">'
    r"(?:<p><b>[^<]*</b></p>)?<pre>(.*?)</pre>"
    r'</div>\s*<div class="cert-prep-stem">(.*)</div>$',
    re.DOTALL,
)
# The sentence a code item adds after its stem (how to type the codes): not bank text.
_FORMAT = re.compile(r'\s*<div class="cert-prep-format">.*?</div>$', re.DOTALL)
# A record line the app joins to the one before: its newline hides in a comment.
_JOINED = re.compile(r"<!--([^\S\n]*\n[^\S\n]*)--> ")
_STEM = re.compile(r'^<div class="cert-prep-stem">(.*)</div>$', re.DOTALL)
_FRACTIONS = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"}
UNSUPPORTED = {
    "matching",
    "essay",
    "calculated",
    "calculatedsimple",
    "calculatedmulti",
    "numerical",
    "ddwtos",
    "ddimageortext",
    "ddmarker",
    "gapselect",
    "multianswer",
    "randomsamatch",
    "description",
    "cloze",
}


def _article(word: str) -> str:
    """Moodle's type names are read as words: an `essay`, a `matching` question."""
    return "an" if word[:1].lower() in ("a", "e", "i", "o", "u") else "a"


# ---- export --------------------------------------------------------------------------------


def _html(text: str) -> str:
    """Bank text (plain, data) as escaped HTML that shows it as the app does: a line break
    the app keeps (a paragraph, a bullet) is a `<br>`; one it joins stays a bare newline,
    which HTML shows as a space. Every newline is kept, so import gets the exact text."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    out = [html.escape(lines[0], quote=True)]
    for i in range(1, len(lines)):
        kept = bool(filled) and filled[0] < i <= filled[-1] and _kept_break(lines[i - 1], lines[i])
        out.append(("<br>\n" if kept else "\n") + html.escape(lines[i], quote=True))
    return "".join(out)


def _kept_break(before: str, line: str) -> bool:
    """Whether reflow.paragraphs keeps the break between two lines (inside the text):
    one blank line between paragraphs however many the YAML has, and a bullet's line."""
    if not line.strip():
        return bool(before.strip())
    return not before.strip() or is_bullet(line)


def _record_html(record: str) -> str:
    """A case record for a `<pre>`: its lines kept, except those the app joins to the line
    before (reflow.record_text), whose newline goes into a comment the browser skips."""
    body = record.rstrip()
    lines = body.split("\n")
    if body.splitlines() != lines:  # breaks other than \n: shown as written
        return html.escape(record, quote=True)
    shown = record_text(record).split("\n")
    out, row, current = [html.escape(lines[0], quote=True)], 0, lines[0]
    for line in lines[1:]:
        if row < len(shown) and current.rstrip() == shown[row].rstrip():
            out.append("\n" + html.escape(line, quote=True))
            row, current = row + 1, line
        else:
            before = out[-1]
            kept = before.rstrip()
            out[-1] = kept
            text = line.lstrip()  # its indent hides in the comment too: the app drops it
            indent = line[: len(line) - len(text)]
            out.append(f"<!--{before[len(kept) :]}\n{indent}--> " + html.escape(text, quote=True))
            current = f"{current.rstrip()} {text.rstrip()}"
    return "".join(out) + html.escape(record[len(body) :], quote=True)


def _text_element(parent: ET.Element, tag: str, text: str, fmt: str = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _question_text(item: dict[str, Any], case: dict[str, Any] | None) -> str:
    body = f'<div class="cert-prep-stem">{_html(item["stem"])}</div>'
    if item["type"] == "code":
        said = html.escape(code_format(list(item["answer"]), item.get("sequence", "any")))
        body += f'\n<div class="cert-prep-format"><p><i>{said}</i></p></div>'
    if not case:
        return body
    title = html.escape(case["title"])
    return (
        f'<div class="cert-prep-case" data-case="{html.escape(case["id"])}" '
        f'data-title="{title}"><p><b>{title}</b></p><pre>{_record_html(case["record"])}</pre>'
        f"</div>\n{body}"
    )


def _tags(item: dict[str, Any], exam: str, domain: str) -> list[str]:
    tags = [f"{TAG_PREFIX}exam={exam}", f"{TAG_PREFIX}domain={domain}"]
    if item.get("difficulty"):
        tags.append(f"{TAG_PREFIX}difficulty={item['difficulty']}")
    if item.get("codes"):
        tags.append(f"{TAG_PREFIX}codes={','.join(item['codes'])}")
    if item.get("enemies"):
        tags.append(f"{TAG_PREFIX}enemies={','.join(item['enemies'])}")
    if item["type"] == "code":
        tags.append(f"{TAG_PREFIX}code-system={item['code_system']}")
        tags.append(f"{TAG_PREFIX}sequence={item.get('sequence', 'any')}")
    tags.extend(item.get("tags") or [])
    return tags


def question_element(
    item: dict[str, Any], case: dict[str, Any] | None, exam: str, domain: str
) -> ET.Element:
    kind = "shortanswer" if item["type"] == "code" else "multichoice"
    question = ET.Element("question", {"type": kind})
    ET.SubElement(ET.SubElement(question, "name"), "text").text = item["id"]
    _text_element(question, "questiontext", _question_text(item, case))
    _text_element(question, "generalfeedback", _html(item.get("rationale") or ""))
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "penalty").text = "0"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = item["id"]
    if kind == "shortanswer":
        ET.SubElement(question, "usecase").text = "0"  # any case counts
        for typed in accepted_answers(list(item["answer"]), item.get("sequence", "any")):
            answer = ET.SubElement(
                question, "answer", {"fraction": "100", "format": "moodle_auto_format"}
            )
            ET.SubElement(answer, "text").text = typed
            _text_element(answer, "feedback", "")
    else:
        keys = [item["answer"]] if item["type"] == "single" else list(item["answer"])
        ET.SubElement(question, "single").text = "true" if item["type"] == "single" else "false"
        ET.SubElement(question, "shuffleanswers").text = "false"
        ET.SubElement(question, "answernumbering").text = "ABCD"
        share = _FRACTIONS[len(keys)]
        feedback = item.get("feedback") or {}
        for letter, text in item["choices"].items():
            right = letter in keys
            fraction = share if right else ("-100" if item["type"] == "multi" else "0")
            answer = ET.SubElement(question, "answer", {"fraction": fraction, "format": "html"})
            ET.SubElement(answer, "text").text = _html(text)
            _text_element(answer, "feedback", _html(feedback.get(letter, "")))
    tags = ET.SubElement(question, "tags")
    for tag in _tags(item, exam, domain):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return question


@dataclass(frozen=True)
class ExportItem:
    data: dict[str, Any]
    case: dict[str, Any] | None
    exam: str
    domain: str


def export_moodle_xml(items: Iterable[ExportItem]) -> str:
    """A Moodle XML quiz file; one category per exam and domain."""
    quiz = ET.Element("quiz")
    category = None
    for item in items:
        wanted = f"$course$/cert-prep/{item.exam}/{item.domain}"
        if wanted != category:
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            _text_element(cat, "category", wanted, fmt="")
            category = wanted
        quiz.append(question_element(item.data, item.case, item.exam, item.domain))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


# ---- import --------------------------------------------------------------------------------


class MoodleXmlError(ValueError):
    """The file cannot be read as Moodle XML; `line` says where."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass
class ImportedItem:
    line: int
    data: dict[str, Any]
    case: dict[str, str] | None = None
    meta: dict[str, str] = field(default_factory=dict)


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber if self.parser else 0
        return element


# The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']"""
)


def _declared_encoding(source: bytes) -> str | None:
    match = _DECLARED_ENCODING.match(source)
    return match.group(1).decode("ascii") if match else None


def _undecodable(source: str | bytes) -> MoodleXmlError | None:
    """Why the parser failed, when it is a byte the file's encoding cannot hold (expat
    only says "invalid token")."""
    if isinstance(source, str) or source.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # text already, or UTF-16 by its BOM: no bytes to blame
    declared = _declared_encoding(source)
    try:
        source.decode(declared or "utf-8")
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        said = (
            f"{declared}, the encoding the file declares"
            if declared
            else "UTF-8, and the file declares no other encoding"
        )
        return MoodleXmlError(
            f"byte 0x{source[exc.start]:02x} is not {said}; save it as UTF-8",
            source[: exc.start].count(b"\n") + 1,
        )
    return None


def parse_xml(source: str | bytes) -> tuple[ET.Element, dict[int, int]]:
    """The document's root and each element's line; DTDs, entities and external
    references are refused (defusedxml). Bytes are decoded as the file's XML
    declaration says (UTF-8 without one), by the parser itself."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    builder = _LineBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser
    try:
        parser.feed(source)
        root = parser.close()
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber if hasattr(parser, "parser") else 0
        raise MoodleXmlError(
            f"refused: the file declares a DTD, an entity or an external "
            f"reference ({type(exc).__name__}); Moodle XML needs none",
            line,
        ) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        raise (
            _undecodable(source) or MoodleXmlError(f"not well-formed XML ({exc})", line)
        ) from None
    except (LookupError, ValueError):
        # An encoding Python does not know, or a multi-byte one expat cannot take.
        declared = _declared_encoding(source) if isinstance(source, bytes) else None
        if declared is None:
            raise
        raise MoodleXmlError(
            f"the file declares the encoding `{declared}`, which cannot be read; save it as UTF-8"
        ) from None
    if root.tag != "quiz":
        raise MoodleXmlError(
            f"the root element is <{root.tag}>, not Moodle XML's <quiz>",
            builder.lines.get(id(root), 1),
        )
    return root, builder.lines


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    inner = element.find("text")
    return (inner.text or "") if inner is not None else (element.text or "")


def _as_plain(element: ET.Element | None) -> str:
    if element is None:
        return ""
    raw = _text(element)
    fmt = element.get("format", "html")
    if fmt == "html":
        text, _images = html_to_text(raw.replace("<br>\n", "<br>"))
        return clean_text(text)
    return clean_text(raw)


def _images_left_out(question: ET.Element) -> int:
    """How many images the question's HTML texts held (each became `[image: alt]`)."""
    texts = [question.find("questiontext"), question.find("generalfeedback")]
    for answer in question.findall("answer"):
        texts += [answer, answer.find("feedback")]
    return sum(
        html_to_text(_text(text))[1]
        for text in texts
        if text is not None and text.get("format", "html") == "html"
    )


def _html_exact(raw: str) -> str:
    """Our own escaped HTML back to the text it was made from."""
    return html.unescape(raw.replace("<br>\n", "\n").replace("<br>", "\n"))


def _stem_and_case(element: ET.Element | None) -> tuple[str, dict[str, str] | None]:
    raw = _FORMAT.sub("", _text(element).strip())
    match = _CASE.match(raw)
    if match:
        case = {
            "id": html.unescape(match.group(1)),
            "title": html.unescape(match.group(2)),
            "record": html.unescape(_JOINED.sub(r"\1", match.group(3))),
        }
        return _html_exact(match.group(4)), case
    match = _STEM.match(raw)
    if match:
        return _html_exact(match.group(1)), None
    return _as_plain(element), None


def _own_html(element: ET.Element | None) -> str:
    """Text of an element cert-prep exported (escaped HTML), or any Moodle text."""
    if element is None:
        return ""
    raw = _text(element)
    if element.get("format", "html") == "html" and "<" not in raw.replace("<br>", ""):
        return clean_text(_html_exact(raw))
    return _as_plain(element)


def _meta(question: ET.Element) -> tuple[dict[str, str], list[str]]:
    meta: dict[str, str] = {}
    tags: list[str] = []
    for tag in question.iterfind("tags/tag"):
        value = _text(tag).strip()
        if value.startswith(TAG_PREFIX) and "=" in value:
            key, _, val = value[len(TAG_PREFIX) :].partition("=")
            meta[key] = val
        elif value:
            tags.append(value)
    return meta, tags


def _fractions(
    answers: list[ET.Element], lines: dict[int, int], notes: list[Note]
) -> list[float] | None:
    """Each answer's grade in percent; None (with an error at the answer's line) when one
    is not a number from -100 to 100 (`nan`, `1e400`, `abc`): its question is skipped."""
    grades = []
    for answer in answers:
        raw = answer.get("fraction", "0")
        try:
            grade = float(raw)
        except ValueError:
            grade = math.nan
        if not (math.isfinite(grade) and -100 <= grade <= 100):
            notes.append(
                Note(
                    lines.get(id(answer), 0),
                    "error",
                    f"question skipped: the answer's fraction `{raw[:20]}` is not a "
                    "percentage from -100 to 100",
                )
            )
            return None
        grades.append(grade)
    return grades


def _choice_item(
    question: ET.Element, line: int, lines: dict[int, int], notes: list[Note]
) -> dict[str, Any] | None:
    answers = question.findall("answer")
    if not 2 <= len(answers) <= len(CHOICE_KEYS):
        notes.append(
            Note(
                line,
                "error",
                f"{len(answers)} answers; cert-prep items have 2 to {len(CHOICE_KEYS)} choices",
            )
        )
        return None
    single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
    grades = _fractions(answers, lines, notes)
    if grades is None:
        return None
    choices: dict[str, str] = {}
    feedback: dict[str, str] = {}
    keys: list[str] = []
    for letter, answer, grade in zip(CHOICE_KEYS, answers, grades, strict=False):
        choices[letter] = _own_html(answer)
        fb = _own_html(answer.find("feedback"))
        if fb:
            feedback[letter] = fb
        if (single and grade >= 100) or (not single and grade > 0):
            keys.append(letter)
    for letter, text in choices.items():
        if problem := choice_problem(letter, text):
            notes.append(Note(line, "error", f"question skipped: {problem}"))
            return None
    if not keys:
        why = (
            "no answer is worth 100%; a single-answer question needs one right answer"
            if single
            else "no answer has a positive grade; a multiple-answer question needs at "
            "least one right answer"
        )
        notes.append(Note(line, "error", f"question skipped: {why}"))
        return None
    data: dict[str, Any] = {
        "type": "single" if single and len(keys) == 1 else "multi",
        "choices": choices,
    }
    data["answer"] = keys[0] if data["type"] == "single" else keys
    if feedback:
        data["feedback"] = feedback
    return data


def _code_item(
    question: ET.Element, meta: dict[str, str], line: int, lines: dict[int, int], notes: list[Note]
) -> dict[str, Any] | None:
    answers = question.findall("answer")
    grades = _fractions(answers, lines, notes)
    if grades is None:
        return None
    right = [_codes(_text(a)) for a, grade in zip(answers, grades, strict=True) if grade >= 100]
    if not right or not right[0]:
        notes.append(
            Note(
                line,
                "error",
                "a short-answer question needs an answer graded 100% (the codes, comma-separated)",
            )
        )
        return None
    # Export lists each spelling and order that counts; they must all be the same codes.
    if any(_code_set(codes) != _code_set(right[0]) for codes in right[1:]):
        notes.append(
            Note(
                line,
                "error",
                "the answers graded 100% name different codes; a code item has one set "
                "of codes (the first answer, comma-separated)",
            )
        )
        return None
    codes = right[0]
    system = meta.get("code-system")
    if system not in ("icd-10-cm", "icd-10-pcs", "cpt", "hcpcs"):
        notes.append(
            Note(
                line,
                "error",
                "a short-answer question is imported as a code item "
                "only with a `cert-prep:code-system=` tag",
            )
        )
        return None
    return {
        "type": "code",
        "code_system": system,
        "answer": codes,
        "sequence": meta.get("sequence", "any"),
    }


def _codes(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,;\s]+", text) if c.strip()]


def _code_set(codes: list[str]) -> set[str]:
    return {normalize_code(c) for c in codes}


def parse_moodle_xml(source: str | bytes) -> tuple[list[ImportedItem], list[Note]]:
    """Items and notes (with lines); a file-level problem raises MoodleXmlError."""
    root, lines = parse_xml(source)
    notes: list[Note] = []
    items: list[ImportedItem] = []
    for question in root.iterfind("question"):
        line = lines.get(id(question), 0)
        kind = question.get("type", "")
        if kind == "category":
            continue
        if kind in UNSUPPORTED or kind not in ("multichoice", "shortanswer", "truefalse"):
            notes.append(
                Note(
                    line,
                    "error",
                    f"{_article(kind)} `{kind}` question cannot be a cert-prep item "
                    "(single, multi or code); not imported",
                )
            )
            continue
        meta, tags = _meta(question)
        if kind == "shortanswer":
            data = _code_item(question, meta, line, lines, notes)
        else:
            data = _choice_item(question, line, lines, notes)
        if data is None:
            continue
        stem, case = _stem_and_case(question.find("questiontext"))
        if not stem:
            notes.append(Note(line, "error", "the question has no text"))
            continue
        name = _text(question.find("name")).strip()
        item: dict[str, Any] = {"id": name, **{"type": data.pop("type")}, "stem": stem}
        item.update(data)
        item["rationale"] = _own_html(question.find("generalfeedback"))
        item.update(_tagged_fields(meta, tags))
        if _screened(item, line, notes):
            items.append(ImportedItem(line, item, case, meta))
            images = _images_left_out(question)
            if images:
                notes.append(
                    Note(
                        line,
                        "warning",
                        f"question `{name[:40]}`: {images} image(s) left out (marked "
                        "[image: alt text]): cert-prep items hold text only; describe the "
                        "image in words if the question needs it",
                    )
                )
    return items, notes


def _tagged_fields(meta: dict[str, str], tags: list[str]) -> dict[str, Any]:
    """The item fields that travel as tags (`cert-prep:` ones and the item's own)."""
    fields: dict[str, Any] = {}
    if tags:
        fields["tags"] = tags
    if meta.get("difficulty") in ("1", "2", "3"):
        fields["difficulty"] = int(meta["difficulty"])
    for name in ("codes", "enemies"):
        if meta.get(name):
            fields[name] = [value for value in meta[name].split(",") if value]
    return fields


def _screened(item: dict[str, Any], line: int, notes: list[Note]) -> bool:
    """False (with an error) for text over the bank's limits; a multiple-response stem
    that does not say how many to choose gets "Select TWO." (with a warning)."""
    from cert_prep.instructor.bankyaml import count_note, too_long, with_count_sentence

    why = too_long(item)
    if why is not None:
        notes.append(Note(line, "error", f"question skipped: {why}"))
        return False
    if item["type"] == "multi":
        stem = with_count_sentence(item["stem"], len(item["answer"]))
        if stem is not None:
            item["stem"] = stem
            notes.append(count_note(line, len(item["answer"])))
    return True


def order_item(data: dict[str, Any], case_id: str | None) -> dict[str, Any]:
    """Fields in the order bank files use."""
    order = [
        "id",
        "type",
        "code_system",
        "case",
        "stem",
        "choices",
        "answer",
        "feedback",
        "sequence",
        "rationale",
        "tags",
        "difficulty",
        "codes",
        "enemies",
        "domain",
    ]
    out = {k: data[k] for k in order if k in data and data[k] not in (None, "", [], {})}
    if case_id:
        out = {
            "id": out["id"],
            "type": out["type"],
            "case": case_id,
            **{k: v for k, v in out.items() if k not in ("id", "type")},
        }
    if data.get("type") == "code":
        out.setdefault("sequence", data.get("sequence", "any"))
    return out


def unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def assign_ids(
    items: Sequence[ImportedItem], prefix: str, taken: set[str], notes: list[Note]
) -> None:
    """Keep each question's name as its id when it can be one; number the rest."""
    from cert_prep.instructor.bankyaml import make_ids, slug

    used: set[str] = set()
    shared: list[str] = []
    for item in items:
        name = item.data["id"]
        if _ID.match(name) and len(name) <= 80 and name not in used:
            if name in taken:
                shared.append(name)
            used.add(name)
            continue
        [new] = make_ids(slug(prefix) or "moodle", 1, taken | used)
        if name:
            notes.append(
                Note(
                    item.line,
                    "warning",
                    f"the question name `{name[:40]}` cannot be an id; it is `{new}`",
                )
            )
        item.data["id"] = new
        used.add(new)
    if shared:
        notes.append(
            Note(
                0,
                "warning",
                f"{len(shared)} question name(s) are ids the visible "
                f"banks already use (e.g. `{shared[0]}`): this file "
                "updates those items; keep one copy of each",
            )
        )


def bank_from_moodle(
    items: Sequence[ImportedItem],
    exam: str,
    domain: str,
    code_year: int,
    header: Sequence[str] = (),
    domains: Iterable[str] = (),
) -> str:
    """A bank file (format v1.1) of the imported items, checked to read back the same."""
    from cert_prep.instructor.bankyaml import _check_round_trip, _comment, _dump

    cases: dict[str, dict[str, str]] = {}
    questions = []
    for item in items:
        case_id = None
        if item.case:
            case_id = item.case["id"] if _SLUG.match(item.case["id"]) else None
            case_id = case_id or f"case-{len(cases) + 1:02d}"
            cases.setdefault(
                case_id,
                {
                    "id": case_id,
                    "title": item.case["title"] or case_id,
                    "record": item.case["record"],
                },
            )
        own = item.meta.get("domain")
        if own and own != domain and own in set(domains):
            item.data["domain"] = own
        questions.append(order_item(item.data, case_id))
    parts = [_comment(line) + "\n" for line in header]
    parts.append(_dump({"exam": exam, "domain": domain, "code_year": code_year}))
    parts.append("questions:\n")
    parts.extend(_dump([q]) for q in questions)
    if cases:
        parts.append("cases:\n")
        parts.extend(_dump([c]) for c in cases.values())
    text = "".join(parts)
    _check_round_trip(text, questions)
    return text
