"""Issue 19.4 in Chromium: Markdown, HTML, LaTeX, Streamlit directives and
bare addresses in a link's parameters are shown literally in the notices:
no heading, link, image, bold text or colour from someone's crafted link."""
from __future__ import annotations

from urllib.parse import urlencode

from tests.helpers import shown

PAYLOADS = {
    "regio": "# Kop **vet** [link](http://evil.example/) ![x](http://evil.example/i.png)",
    "doelgroep": "<b>html</b> :red[rood] :material/home: $x^2$ ~~weg~~",
    "jaar": "www.evil.example http://evil.example <http://evil.example> a@evil.example",
    "presentatie": "| a | b |\n|---|---|\n> `code`",
}
MARKUP = "a, img, h1, h2, h3, h4, h5, h6, strong, em, del, code, table, blockquote, span[class*=katex], [style*=color]"


def test_crafted_link_shows_its_parameters_as_plain_text(visit):
    page = visit.open(f"{visit.server.url}?{urlencode(PAYLOADS)}")
    notices = page.get_by_test_id("stAlertContentWarning").locator("[data-testid=stMarkdownContainer]")
    texts = [shown(n.inner_text()) for n in notices.all()]
    for value in PAYLOADS.values():
        assert any(value.replace("\n", " ") in t for t in texts), (value, texts)
    assert notices.locator(MARKUP).count() == 0, notices.first.inner_html()
    visit.assert_clean(page)
