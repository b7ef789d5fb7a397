"""Every user changes their own password; a forgotten one is reset through a link sent by e-mail, and the
reset form never tells whether an address belongs to an account."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from metodist.testing import factories as f

CHANGE = reverse("accounts:password_change")
RESET = reverse("accounts:password_reset")
NEW = "Осенний-ветер-2025"


@pytest.fixture
def anna(db):
    # a teacher with a known password and an e-mail address on her account
    return f.UserFactory(username="anna", email="anna@school1.example.ru")


def test_anonymous_visitor_is_sent_to_login_from_the_password_change(client, db):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_user_menu_of_every_user_links_the_password_change(client, anna):
    client.force_login(anna)

    html = client.get(reverse("home:home")).content.decode()

    assert f'href="{CHANGE}"' in html and "Смена пароля" in html


def test_user_changes_the_password_and_stays_logged_in(client, anna):
    client.force_login(anna)

    response = client.post(CHANGE, {"old_password": "pass-12345", "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert "Пароль изменён" in client.get(response["Location"]).content.decode()
    assert authenticate(username="anna", password=NEW) == anna
    assert authenticate(username="anna", password="pass-12345") is None


def test_a_wrong_old_password_is_refused_in_russian(client, anna):
    client.force_login(anna)

    response = client.post(CHANGE, {"old_password": "не тот", "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 200
    assert "Ваш старый пароль введен неправильно" in response.content.decode()
    assert authenticate(username="anna", password="pass-12345") == anna


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_forgotten_password_is_reset_through_the_link_sent_by_mail(client, anna):
    response = client.post(RESET, {"email": "Anna@School1.example.ru"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["anna@school1.example.ru"]
    assert message.subject == "Методист: восстановление пароля"
    assert "«anna»" in message.body
    form_page = client.get(reset_link(message), follow=True)
    assert "Новый пароль" in form_page.content.decode()
    confirm_url = form_page.redirect_chain[-1][0]

    done = client.post(confirm_url, {"new_password1": NEW, "new_password2": NEW})

    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert authenticate(username="anna", password=NEW) == anna


def test_a_reset_link_works_only_once(client, anna):
    client.post(RESET, {"email": anna.email})
    link = reset_link(mail.outbox[0])
    confirm_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(confirm_url, {"new_password1": NEW, "new_password2": NEW})

    again = client.get(link, follow=True)

    assert "Ссылка недействительна" in again.content.decode()


def test_the_reset_form_answers_an_unknown_address_as_a_known_one(client, anna):
    known = client.post(RESET, {"email": anna.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.ru"}, follow=True)

    assert unknown.redirect_chain == known.redirect_chain
    assert "Проверьте почту" in unknown.content.decode()
    assert len(mail.outbox) == 1  # the letter to anna only


def test_no_letter_goes_to_a_deactivated_account(client, anna):
    anna.is_active = False
    anna.save(update_fields=["is_active"])

    response = client.post(RESET, {"email": anna.email})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
