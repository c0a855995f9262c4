"""Login, logout, lockout, session rotation and the landing page per role."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories.core import UserFactory


def login(
    client: Client, username: str, password: str = PASSWORD, ip: str = "10.0.0.1"
):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_login_page_is_public(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_success_redirects_to_landing(client, coordinator, municipality):
    response = login(client, "coord")
    assert response.status_code == 302
    landing = client.get(response["Location"], follow=True)
    assert landing.status_code == 200
    assert municipality.name in landing.content.decode()


def test_wrong_password_and_unknown_user_get_the_same_message(client, coordinator):
    wrong_password = login(client, "coord", "not-the-password")
    unknown_user = login(client, "nobody-by-this-name", "not-the-password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    message = "The username or password is wrong"
    assert message in wrong_password.content.decode()
    assert message in unknown_user.content.decode()


def test_logout_ends_the_session(client, coordinator):
    login(client, "coord")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    after = client.get(reverse("core:municipality-list"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("login"))


def test_session_key_rotates_at_login(client, coordinator):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    login(client, "coord")
    assert client.session.session_key != before


def test_lockout_after_repeated_failures(client, coordinator):
    for _ in range(5):
        login(client, "coord", "wrong")
    locked = login(client, "coord")  # right password, but locked
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_block_the_same_user_from_another_address(coordinator):
    stranger = Client()
    for _ in range(6):
        login(stranger, "coord", "wrong", ip="203.0.113.9")
    owner = Client()
    response = login(owner, "coord", ip="198.51.100.4")
    assert response.status_code == 302


def test_deactivated_user_loses_their_session(client, coordinator):
    login(client, "coord")
    assert client.get(reverse("core:municipality-list")).status_code == 200
    coordinator.is_active = False
    coordinator.save()
    assert client.get(reverse("core:municipality-list")).status_code == 302


@pytest.mark.parametrize(
    ("fixture", "expected_path"),
    [
        ("secretariat", "/municipalities/"),
        ("coordinator", "/programmes/3999/"),
        ("mayor", "/reports/3999/dashboard/"),
        ("certifier", "/certification/work/"),
        ("regional", "/municipalities/"),
    ],
)
def test_each_role_lands_on_its_page(request, client, fixture, expected_path):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == expected_path
    assert client.get(response["Location"]).status_code == 200


def test_absolute_session_limit_logs_out(client, coordinator, settings):
    login(client, "coord")
    session = client.session
    session["auth_started_at"] = 1  # the epoch: far more than 12 hours ago
    session.save()
    response = client.get(reverse("core:municipality-list"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail_without_revealing_accounts(client, db, mailoutbox):
    UserFactory(username="kari", email="kari@example.org")
    known = client.post(reverse("password_reset"), {"email": "kari@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mailoutbox] == [["kari@example.org"]]


def test_behind_a_proxy_the_lockout_counts_the_forwarded_client(coordinator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"  # every request arrives from the proxy

    def through_proxy(client, password, forwarded):
        return client.post(
            reverse("login"),
            {"username": "coord", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    stranger = Client()
    for _ in range(6):
        # A spoofed left-most address changes nothing: the proxy's entry counts.
        through_proxy(stranger, "wrong", "1.2.3.4, 203.0.113.9")
    assert through_proxy(Client(), PASSWORD, "203.0.113.9").status_code == 429
    assert through_proxy(Client(), PASSWORD, "198.51.100.4").status_code == 302


def test_client_address_falls_back_without_a_usable_header(rf, settings):
    from safecommunity.core.client_ip import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_ip(request) == "10.0.0.2"  # no proxies trusted by default
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "10.0.0.2"  # header shorter than two
    request.META["HTTP_X_FORWARDED_FOR"] = "junk, 203.0.113.9, 10.0.0.3"
    assert client_ip(request) == "203.0.113.9"
    request.META["HTTP_X_FORWARDED_FOR"] = "a, not-an-address, 10.0.0.3"
    assert client_ip(request) == "10.0.0.2"
