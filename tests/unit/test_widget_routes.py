"""The widget's routes (api/routers/widget.py) and the static rules of web/widget.js."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.routers.widget import DEMO_CSP, WEB_DIR, load_labels

WIDGET_JS = WEB_DIR / "widget.js"
# The only addresses the code may name: the SVG namespace (a name, never fetched) and where
# "Quick exit" goes by default (visited only when the child presses it).
ALLOWED_URLS = {"http://www.w3.org/2000/svg", "https://www.google.com/"}


def code_without_comments(source: str) -> str:
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
    return re.sub(r"(?<![:\\])//.*", "", source)  # line comments, not the // of "https://"


def test_widget_js_is_served_as_javascript_and_cached(client):
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.text == WIDGET_JS.read_text(encoding="utf-8")
    assert client.head("/widget.js").status_code == 200


def test_widget_js_is_under_30_kb(client):
    assert len(client.get("/widget.js").content) < 30 * 1024


def test_widget_js_names_no_third_party_address_outside_comments():
    code = code_without_comments(WIDGET_JS.read_text(encoding="utf-8"))
    urls = set(re.findall(r"https?://[^\s\"'`)]+", code))
    assert urls <= ALLOWED_URLS
    assert "//" not in re.sub(r"https?://", "", code.replace("\\/\\/", ""))  # no //host URLs


def test_widget_js_never_inserts_html_or_evaluates_code():
    code = code_without_comments(WIDGET_JS.read_text(encoding="utf-8"))
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setAttribute("style"',
        "import(",
    ):
        assert forbidden not in code, forbidden
    assert "adoptedStyleSheets" in code and "textContent" in code


def test_every_label_the_widget_uses_exists():
    used = set(re.findall(r"label\(\"([a-z_]+)\"\)", WIDGET_JS.read_text(encoding="utf-8")))
    used |= {"bot_said", "you_said"}  # chosen by a ternary
    assert used
    assert used <= set(load_labels()["en"])


def test_demo_page_embeds_the_one_line_snippet_under_a_strict_csp(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == DEMO_CSP
    assert "default-src 'self'; script-src 'self'; style-src 'self'" in DEMO_CSP
    assert "unsafe" not in DEMO_CSP
    page = response.text
    assert '<script src="/widget.js" data-lang="en" data-title="opic-bot" defer></script>' in page
    assert re.findall(r"<script\b[^>]*>", page) == [
        '<script src="/widget.js" data-lang="en" data-title="opic-bot" defer>'
    ]
    assert "<style" not in page and "style=" not in page
    assert not re.search(r"\son[a-z]+\s*=", page, flags=re.IGNORECASE)  # no inline handlers


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_labels_are_served_for_each_language(client, language):
    response = client.get(f"/api/widget/labels/{language}")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=3600"
    labels = response.json()
    assert labels == load_labels()[language]
    assert all(isinstance(text, str) and text.strip() for text in labels.values())


def test_labels_have_the_same_keys_in_every_language(client):
    keys = [set(client.get(f"/api/widget/labels/{lang}").json()) for lang in ("en", "fr", "es")]
    assert keys[0] == keys[1] == keys[2]


def test_labels_are_translated():
    labels = load_labels()
    for language in ("fr", "es"):
        same = {key for key, text in labels["en"].items() if labels[language][key] == text}
        assert same <= {"bot_said", "quiz"}, (language, same)  # "Bot:" and "Quiz" may stay


@pytest.mark.parametrize("language", ["de", "EN", "en-GB", "..", "x" * 50])
def test_other_languages_are_a_json_404(client, language):
    response = client.get(f"/api/widget/labels/{language}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_label_missing_in_one_language_is_refused(tmp_path: Path):
    path = tmp_path / "labels.yml"
    path.write_text("send:\n  en: Send\n  fr: Envoyer\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'send' has no es text"):
        load_labels(path)


def test_languages_are_served_with_their_own_names(client):
    response = client.get("/api/widget/languages")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert response.json() == {"en": "English", "fr": "Français", "es": "Español"}
