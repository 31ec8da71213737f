"""The audience's way in (issue #22 item 4): the public address of every link given to others, the QR code that
holds it, and a page opened from a talk's link (links that keep the talk, a plain "Follow the presenter")."""

import base64
import io
import re

import zxingcpp
from PIL import Image

from components.presentation.audience import (
    PUBLIC_URL_VARIABLE,
    audience_html,
    is_loopback,
    public_base_url,
    qr_image,
    readable_link,
    with_talk,
)
from components.presentation.story import StepContent


def test_the_public_address_is_the_configured_one_else_the_one_the_browser_used():
    page = "http://atlas.hall.lan:8501/policy?present=1"
    assert public_base_url({}, page) == ("http://atlas.hall.lan:8501", "")
    configured = {PUBLIC_URL_VARIABLE: " https://atlas.example.org/ "}
    assert public_base_url(configured, page) == ("https://atlas.example.org", "")
    assert public_base_url(configured, None) == ("https://atlas.example.org", "")
    # Never a loopback address when the person reached the atlas by another name: the name they used.
    assert not is_loopback(public_base_url({}, "http://192.168.1.20:8501/")[0])
    assert public_base_url({}, None) == ("", "")


def test_a_configured_address_that_is_not_one_is_named_and_ignored():
    base, problem = public_base_url({PUBLIC_URL_VARIABLE: "atlas.example.org"}, "http://10.0.0.5:8501/policy")
    assert base == "http://10.0.0.5:8501" and PUBLIC_URL_VARIABLE in problem and "atlas.example.org" in problem


def test_loopback_and_readable_links():
    assert is_loopback("http://127.0.0.1:8501/t/abc123") and is_loopback("http://localhost/")
    assert not is_loopback("https://atlas.example.org/t/abc123")
    assert readable_link("https://atlas.example.org/t/abc123") == "atlas.example.org/t/abc123"


def test_the_qr_code_holds_the_link_and_is_named():
    link = "https://atlas.example.org/t/abc123"
    image = qr_image(link, "QR code of the audience link")
    assert 'alt="QR code of the audience link"' in image and 'width="380"' in image
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", image).group(1)).decode()
    assert svg.startswith("<svg") and "viewBox" in svg
    # Read back as a phone would: segno's PNG of the same code, decoded by ZXing.
    import segno

    png = io.BytesIO()
    segno.make(link, error="m").save(png, kind="png", scale=8, border=4)
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))] == [link]


def test_a_page_opened_from_a_talk_keeps_the_talk_in_its_links():
    content = StepContent(2, 3, "drivers", "Title")
    page = audience_html(content, "en", "NGA")
    following = with_talk(page, "abc123", False, "en")
    assert "<a href='/t/abc123'>Follow the presenter</a>" in following
    assert "href='/audience/en/NGA/1?talk=abc123&amp;away=1'" in following
    assert "href='/audience/en/NGA/3?talk=abc123&amp;away=1'" in following
    assert "href='/audience/fr/NGA/2?talk=abc123'" in following and "data-away='0'" in following
    away = with_talk(page, "abc123", True, "fr")
    assert "Suivre la présentation" in away and "href='/audience/fr/NGA/2?talk=abc123&amp;away=1'" in away
    assert "data-away='1'" in away
