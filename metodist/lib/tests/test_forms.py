"""LongSelect renders what Django's Select renders (metodist/lib/forms.py)."""

import re

from django import forms

from metodist.lib.forms import LongSelect

CHOICES = [("", "все"), (1, "МАОУ СОШ № 1 (Город N)"), (2, "Школа «Ромашка» & <сад>")]


def markup(html: str) -> str:
    """The tags without the whitespace between them, and with boolean attributes in one spelling."""
    return re.sub(r">\s+<", "><", html).replace(' selected=""', " selected").replace(' required=""', " required")


def test_the_long_select_renders_what_django_renders():
    for value in (None, "", 2, "1"):
        attrs = {"class": "form-select", "id": "id_organization", "required": True}
        django = forms.Select(choices=CHOICES).render("organization", value, attrs)
        long = LongSelect(choices=CHOICES).render("organization", value, attrs)
        assert markup(long) == markup(django)
    assert "&lt;сад&gt;" in long and "&amp;" in long
