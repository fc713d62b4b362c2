"""The review page in headless Chromium (Playwright driving Debian's chromium): open a document, change a label,
delete an entity, add one by selecting text, add and delete a triple, save, and see a conflict."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ANNOTATOR, BULLETIN, KEYS

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
CHROMIUM = os.environ.get("BULLETIN_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_review_page_edit_save_and_conflict(loop_service, browser, tmp_path):
    base = loop_service
    document = httpx.post(f"{base}/v1/documents", json={"documents": [{"text": BULLETIN, "source": "browser"}]},
                          headers=ANNOTATOR, timeout=60).json()[0]
    page = browser.new_page()
    page.goto(f"{base}/review")
    page.fill("#api-key", next(k for k, role in KEYS.items() if role == "annotator"))
    page.click("#refresh")
    page.click(f"#documents li[data-id='{document['id']}']")
    page.wait_for_selector("#text mark.ent")
    marks = page.locator("#text mark.ent")
    before = marks.count()
    assert before >= 3

    # Change the first entity's label, then delete the second.
    marks.nth(0).click()
    page.select_option("#entity-label", "COMPANY")
    assert page.locator("#text mark.ent").nth(0).get_attribute("data-label") == "COMPANY"
    page.locator("#text mark.ent").nth(1).click()
    page.click("#delete-entity")
    assert page.locator("#text mark.ent").count() == before - 1

    # Add an entity by selecting text that no entity covers: the 供稿 word.
    page.evaluate("""() => {
        const spans = [...document.querySelectorAll('#text span[data-start]')];
        const node = spans.find(s => s.textContent.includes('供稿')).firstChild;
        const at = node.textContent.indexOf('供稿');
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + 2);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    }""")
    page.select_option("#new-label", "PROJECT")
    page.click("#add-entity")
    added = page.locator("#text mark.ent.selected")
    assert added.text_content() == "供稿" and added.get_attribute("data-label") == "PROJECT"

    # Add a triple and delete it again, then add one to keep.
    rows = page.locator("#triples tbody tr").count()
    page.click("#add-relation")
    assert page.locator("#triples tbody tr").count() == rows + 1
    page.locator("#triples tbody tr button.delete-relation").last.click()
    assert page.locator("#triples tbody tr").count() == rows

    page.click("#save")
    page.wait_for_function("document.getElementById('message').textContent.includes('Saved version 1')")
    page.screenshot(path=os.environ.get("BULLETIN_REVIEW_SCREENSHOT", str(tmp_path / "review.png")), full_page=True)
    saved = httpx.get(f"{base}/v1/documents/{document['id']}", headers=ANNOTATOR, timeout=30).json()
    labels = {(e["start_offset"], e["label"]) for e in saved["annotation"]["entities"]}
    assert (BULLETIN.index("供稿"), "PROJECT") in labels

    # Someone else saves version 2; this page still holds version 1: the save is refused, edits stay on the page.
    other = httpx.put(f"{base}/v1/documents/{document['id']}/annotation", timeout=30,
                      headers={**ANNOTATOR, "If-Match": "1"}, json={"entities": [], "relations": []})
    assert other.status_code == 200
    page.click("#save")
    page.wait_for_function("document.getElementById('message').textContent.includes('Conflict')")
    assert page.is_visible("#reload")
    assert page.locator("#text mark.ent").count() == before  # nothing lost on the page
    page.close()
