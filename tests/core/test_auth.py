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


# Password spraying and reset floods (limits counted per client address) ------


def test_spraying_from_one_address_is_slowed_then_locked(db, settings):
    for number in range(10):
        UserFactory(username=f"spray-{number}")
    settings.LOGIN_ADDRESS_SLOW_SECONDS = 30
    sprayer = Client()
    answers = [
        login(sprayer, f"spray-{n % 10}", "wrong", ip="203.0.113.7").status_code
        for n in range(40)
    ]
    assert answers[:10] == [200] * 10  # each pair failed once or a few times only
    assert set(answers[10:]) == {429}  # slowed after ten failures across users
    slowed = login(Client(), "spray-1", PASSWORD, ip="203.0.113.7")
    assert slowed.status_code == 429
    assert "Wait half a minute" in slowed.content.decode()
    # The same users from elsewhere are not affected.
    assert login(Client(), "spray-1", PASSWORD, ip="198.51.100.4").status_code == 302


def test_an_address_that_keeps_failing_is_locked(db, settings):
    for number in range(10):
        UserFactory(username=f"spray-{number}")
    settings.LOGIN_ADDRESS_SLOW_SECONDS = 0  # no waiting in a test: only the lock
    sprayer = Client()
    for n in range(settings.LOGIN_ADDRESS_LOCK_AFTER):
        assert (
            login(sprayer, f"spray-{n % 10}", "wrong", ip="203.0.113.7").status_code
            == 200
        )
    locked = login(Client(), "spray-3", PASSWORD, ip="203.0.113.7")
    assert locked.status_code == 429
    assert "from your network has been paused" in locked.content.decode()


def test_spraying_counts_the_forwarded_client_behind_a_proxy(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(10):
        UserFactory(username=f"spray-{number}")

    def attempt(username, password, forwarded):
        return Client().post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(10):
        attempt(f"spray-{n}", "wrong", f"1.2.3.{n}, 203.0.113.7")
    assert attempt("spray-1", PASSWORD, "203.0.113.7").status_code == 429
    assert attempt("spray-1", PASSWORD, "198.51.100.4").status_code == 302


def _reset(client, email, ip="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_reset_requests_are_limited_per_account_without_telling(db, mailoutbox):
    UserFactory(username="kari", email="kari@example.org")
    answers = [_reset(Client(), "kari@example.org", ip=f"10.0.1.{n}") for n in range(5)]
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {reverse("password_reset_done")}
    assert len(mailoutbox) == 3  # PASSWORD_RESET_PER_ACCOUNT an hour


def test_reset_requests_are_limited_per_address(db, mailoutbox):
    for number in range(8):
        UserFactory(username=f"u{number}", email=f"u{number}@example.org")
    client = Client()
    answers = [_reset(client, f"u{n}@example.org").status_code for n in range(8)]
    assert answers == [302] * 5 + [429] * 3
    assert len(mailoutbox) == 5
    refused = _reset(client, "nobody@example.org")
    assert refused.status_code == 429  # the same answer for an unknown address
    assert "Too many password reset requests" in refused.content.decode()
