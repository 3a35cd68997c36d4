"""Join links and QR codes for a workshop, made locally."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest
import segno

from bot.workshops.join import qr_png, qr_svg, telegram_join_link, web_join_link

LINK = "https://t.me/opic_bot?start=K7QX2M"


def test_web_link_carries_the_normalised_code():
    assert (
        web_join_link("https://ngo.example/chat", "k7q-x2m")
        == "https://ngo.example/chat?join=K7QX2M"
    )
    assert web_join_link("https://ngo.example/?lang=fr", "K7QX2M").endswith("?lang=fr&join=K7QX2M")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ngo.example", ""])
def test_web_link_needs_a_web_address(url):
    with pytest.raises(ValueError, match="public URL"):
        web_join_link(url, "K7QX2M")


def test_telegram_deep_link_starts_the_bot_with_the_code():
    assert telegram_join_link("@opic_bot", "k7qx2m") == LINK


@pytest.mark.parametrize(
    ("username", "code"), [("op", "K7QX2M"), ("opic bot", "K7QX2M"), ("opic_bot", "K0QX2M")]
)
def test_bad_usernames_and_codes_are_refused(username, code):
    with pytest.raises(ValueError):
        telegram_join_link(username, code)


def test_png_is_a_real_png_of_the_expected_size():
    png = qr_png(LINK, scale=10)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    modules = segno.make(LINK, error="m").symbol_size(scale=10, border=4)
    assert (width, height) == modules


def test_svg_is_well_formed_and_named_after_the_link():
    svg = qr_svg(LINK)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert LINK in svg


def test_different_links_give_different_codes():
    assert qr_svg(LINK) != qr_svg(LINK.replace("K7QX2M", "K7QX2N"))
    assert qr_png(LINK) == qr_png(LINK)
