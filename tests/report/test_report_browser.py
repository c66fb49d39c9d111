"""The report in a real browser: headless Chromium renders it, light and dark.

Skips only when Chromium is missing on a developer's machine; under CI (CI set) a missing
Chromium fails, since `.ci/run` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from PIL import Image

from cert_prep.report import write_attempt_report
from tests.report.helpers import MIXED, sit


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run must install it under CI")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def screenshot(html_path, png_path, profile, width=1280, height=1600, *extra):
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--screenshot={png_path}",
        f"--window-size={width},{height}",
        *extra,
        html_path.resolve().as_uri(),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert png_path.is_file(), f"no screenshot; chromium said: {result.stderr[-2000:]}"
    with Image.open(png_path) as image:
        return image.convert("RGB")


def colours(image) -> dict[tuple[int, int, int], int]:
    return {colour: count for count, colour in image.getcolors(maxcolors=1 << 24)}


@pytest.fixture
def report(context):
    return write_attempt_report(context, sit(context, "demo", MIXED))


def test_report_renders_in_chromium(report, tmp_path):
    image = screenshot(report, tmp_path / "light.png", tmp_path / "profile")
    assert image.size == (1280, 1600)
    found = colours(image)
    assert len(found) >= 100, f"only {len(found)} colours: the page looks blank"
    background = image.getpixel((5, 5))
    assert min(background) >= 240  # light page
    # most of the page is background, but not all of it: text and charts are drawn
    assert found.get(background, 0) < 0.97 * 1280 * 1600
    assert (0xD5, 0x5E, 0x00) in found  # Okabe-Ito vermillion: the FAIL badge and bars
    assert (0x00, 0x72, 0xB2) in found  # Okabe-Ito blue: the key's border, the lines


def test_report_follows_a_dark_colour_scheme(report, tmp_path):
    image = screenshot(
        report, tmp_path / "dark.png", tmp_path / "profile", 1280, 1600, "--force-dark-mode"
    )
    found = colours(image)
    assert len(found) >= 100
    assert max(image.getpixel((5, 5))) <= 40  # dark page
    assert (0xE6, 0x9F, 0x00) in found  # the dark palette's orange for "below the cut"


def test_report_at_phone_width(report, tmp_path):
    image = screenshot(report, tmp_path / "phone.png", tmp_path / "profile", 390, 1600)
    assert image.size == (390, 1600)
    found = colours(image)
    assert len(found) >= 100
    assert (0xD5, 0x5E, 0x00) in found  # the FAIL badge is on the first phone screen


def test_report_prints_to_pdf(report, tmp_path):
    pdf = tmp_path / "report.pdf"
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        report.resolve().as_uri(),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert pdf.is_file(), f"no PDF; chromium said: {result.stderr[-2000:]}"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", data))
    assert pages >= 2  # seven questions, charts and tables do not fit one A4/Letter page
