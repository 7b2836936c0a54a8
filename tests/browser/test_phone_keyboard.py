"""On a phone-sized screen the menu and search buttons work from the keyboard."""

from __future__ import annotations

import pytest

from .support import tab_to

pytestmark = pytest.mark.browser

PAGE = "zorgsoorten/geboortezorg/2026/"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def test_tab_reaches_the_menu_button_and_enter_opens_the_menu(phone, site):
    phone.goto(site.url(PAGE))
    tab_to(phone, 'label[for="__drawer"]')
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Menu"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.getElementById('__drawer').checked")


def test_tab_reaches_the_search_button_and_space_opens_search(phone, site):
    phone.goto(site.url(PAGE))
    tab_to(phone, '.md-header label[for="__search"]')
    phone.keyboard.press(" ")
    assert phone.evaluate("document.getElementById('__search').checked")
