"""Bank text is data: escaped everywhere, also in SVG; the page is valid and self-contained."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from cert_prep.report import write_attempt_report, write_progress_report
from cert_prep.report.render import environment
from tests.report.helpers import MIXED, Sitting, parse_html, sit

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "cert_prep" / "report" / "templates"
SVG = "{http://www.w3.org/2000/svg}"


def test_autoescaping_is_on_for_every_template():
    env = environment()
    names = env.list_templates()
    assert names and all(name.endswith(".html.j2") for name in names)
    assert env.autoescape is True
    # the same Environment escapes any string it renders
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"
    for path in TEMPLATES.glob("*.j2"):
        code = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        squeezed = re.sub(r"\s+", "", code)
        assert "|safe" not in squeezed, path.name  # nothing marked safe, in any template
        assert "autoescapefalse" not in squeezed, path.name


def test_hostile_bank_text_shows_as_text(context):
    attempt = sit(context, "demo", MIXED)
    html = write_attempt_report(context, attempt).read_text(encoding="utf-8")
    # the stem, a choice, the rationale, a case record and its title: all escaped
    assert (
        "Hostile stem &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x "
        "onerror=alert(1)&gt; and [bold]markup[/]" in html
    )
    assert "&lt;b&gt;bold choice&lt;/b&gt;" in html
    assert "&lt;/div&gt;&lt;script&gt;alert(2)&lt;/script&gt; stays text" in html
    assert "NOTE: &lt;script&gt;alert(&#39;case&#39;)&lt;/script&gt;" in html
    assert "Discharge summary &lt;i&gt;excerpt&lt;/i&gt;" in html
    assert "{{ 7 * 7 }} template text" in html  # data is never evaluated as a template
    # and nothing from the bank became markup
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "onerror=alert(1)>" not in lowered
    assert "<b>" not in lowered and "<i>" not in lowered
    root = parse_html(html)
    tags = {el.tag.split("}")[-1] for el in root.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "img", "iframe", "object", "embed", "b", "i"}
    assert not [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        for attr in el.attrib
        if attr.lower().startswith("on")
    ]


def test_domain_names_reach_svg_labels_escaped(context):
    attempt = sit(context, "demo", MIXED)
    html = write_attempt_report(context, attempt).read_text(encoding="utf-8")
    root = parse_html(html)
    labels = [el.text for svg in root.iter(f"{SVG}svg") for el in svg.iter(f"{SVG}text")]
    assert "Alpha <b>coding</b> & basics" in labels
    svg_source = "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
    assert "Alpha &lt;b&gt;coding&lt;/b&gt; &amp; basics" in svg_source
    assert "<b>" not in svg_source


def test_attempt_and_progress_pages_parse_without_errors(context):
    sit(context, "plain", Sitting(answers={"plain-g-001": "A"}))
    attempt = sit(context, "demo", MIXED)
    for path in (write_attempt_report(context, attempt), write_progress_report(context)):
        parse_html(path.read_text(encoding="utf-8"))  # strict: raises on the first error


def test_page_is_self_contained(context):
    attempt = sit(context, "demo", MIXED)
    html = write_attempt_report(context, attempt).read_text(encoding="utf-8")
    root = parse_html(html)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "href", "action", "data", "poster", "srcset"):
            value = el.get(attr)
            assert value is None or value.startswith("#"), (el.tag, attr, value)
        assert el.tag.split("}")[-1] not in {"link", "script", "iframe", "img"}
    styles = "".join(el.text or "" for el in root.iter("style"))
    assert "url(" not in styles and "@import" not in styles
    # only the SVG namespace name looks like an address
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"http://www.w3.org/2000/svg"}
    assert "@media print" in styles and "prefers-color-scheme: dark" in styles
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_report_layer_never_imports_textual():
    code = (
        "import sys\n"
        "import cert_prep.report, cert_prep.cli.report_commands\n"
        "from cert_prep.report import build, charts, render, study_section, views, write\n"
        "render.environment().get_template('attempt.html.j2')\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
