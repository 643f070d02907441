"""docs/deploy.md's server recipe works as written on a stock Debian 12, and keeps its promises.

The ``deployment`` fixture runs every block marked ``test: recipe`` in one root shell on a
throwaway copy of this machine (nginx with Debian's default site, the PostgreSQL cluster, no
systemd: tests/deploy/). What a reader then gets is checked from outside and inside: HTTPS only,
HSTS on every response, every cookie ``Secure``, no token, key or client address in any log
(even when a replica is down), the site working with Debian's default site enabled too, and the
update steps.
"""

from __future__ import annotations

import json
import re
import secrets
import stat

import pytest
from playwright.sync_api import expect

from modules.i18n import t
from tests.deploy.recipe import DEPLOY_DOC, OFFLINE_ENV, install_checkout
from tests.docs import script
from tests.e2e.app import main, open_app
from tests.e2e.replicas_cluster import ACCESS_LOG, STICKY_COOKIE, cluster_of

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.server]

LANG = "en"
HSTS = "strict-transport-security"


def curl(deployment, *args: str, check: bool = True) -> str:
    """curl inside the server, resolving its name to its loopback; headers and body."""
    quoted = " ".join(f"'{a}'" for a in args)
    return deployment.box.run(
        "curl --silent --show-error --insecure --include"
        f" --resolve '{deployment.name}:443:127.0.0.1' --resolve '{deployment.name}:80:127.0.0.1'"
        f" {quoted}",
        check=check,
    ).stdout


def headers(response: str) -> list[tuple[str, str]]:
    head = response.split("\r\n\r\n", 1)[0]
    return [
        (name.strip().lower(), value.strip())
        for name, _, value in (line.partition(":") for line in head.splitlines()[1:])
    ]


def status(response: str) -> int:
    return int(response.split(" ", 2)[1])


def everything_logged(deployment) -> bytes:
    """Every file under the server's /var/log: nginx's logs, PostgreSQL's, apt's, and the
    services' journals."""
    return b"".join(
        path.read_bytes() for path in deployment.box.path("/var/log").rglob("*") if path.is_file()
    )


def test_the_recipe_leaves_the_services_running_and_the_secrets_private(deployment):
    box = deployment.box
    active = box.run("systemctl is-active workshop@8501 workshop@8502 nginx workshop-purge.timer")
    assert active.stdout.split() == ["active"] * 4
    checked = box.run("nginx -t")
    assert "[warn]" not in checked.stderr and "test is successful" in checked.stderr
    for path, mode in (
        ("/etc/workshop", 0o700),
        ("/etc/workshop/env", 0o600),
        ("/etc/ssl/workshop/privkey.pem", 0o600),
    ):
        found = box.path(path).stat()
        assert (stat.S_IMODE(found.st_mode), found.st_uid) == (mode, 0), path
    denied = box.run("runuser -u workshop -- cat /etc/workshop/env", check=False)
    assert denied.returncode != 0
    shown = json.loads(deployment.admin("settings", "--json"))
    assert shown["database_url"]["from"] == "environment"
    assert "***" in shown["database_url"]["value"]
    assert deployment.env["WORKSHOP_DATABASE_URL"].split("@")[0].split(":")[-1] not in str(shown)
    assert shown["admin_key"]["value"] == "***"
    purge = box.path("/var/log/fake-journal/workshop-purge.service.log").read_text()
    assert "expired or unused session(s) deleted" in purge


def test_plain_http_only_redirects_to_https(deployment):
    secret = secrets.token_urlsafe(8)
    response = curl(deployment, f"http://{deployment.name}/?code=ABCDEF&p={secret}")
    assert status(response) == 301
    assert (
        "location",
        f"https://{deployment.name}/?code=ABCDEF&p={secret}",
    ) in headers(response)


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/no-such-page/x.js", "/join"])
def test_every_https_response_carries_hsts(deployment, path):
    response = curl(deployment, f"{deployment.url}{path}")
    assert (HSTS, "max-age=31536000") in headers(response), response[:600]


def test_a_browser_gets_one_sticky_cookie_secure_and_http_only(deployment):
    first = headers(curl(deployment, f"{deployment.url}/"))
    cookies = [value for name, value in first if name == "set-cookie"]
    sticky = [c for c in cookies if c.startswith(f"{STICKY_COOKIE}=")]
    assert len(sticky) == 1
    flags = {part.strip().lower() for part in sticky[0].split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax", "path=/"} <= flags
    again = headers(curl(deployment, "--cookie", f"{STICKY_COOKIE}=x1", f"{deployment.url}/"))
    assert not any(name == "set-cookie" and STICKY_COOKIE in v for name, v in again)


def test_a_phone_joins_over_https_and_every_cookie_is_secure(deployment, new_deployed_context):
    links = json.loads(
        deployment.admin("session", "create", "--workshop", "starter", "--lang", LANG, "--json")
    )
    assert links["participant_url"].startswith(f"{deployment.url}/?code=")
    context = new_deployed_context("phone", LANG)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    open_app(page, links["participant_url"])
    main(page).get_by_role("heading", name=t(LANG, "waiting_title")).wait_for()
    document = next(r for r in responses if r.url.startswith(links["participant_url"]))
    assert document.headers.get(HSTS) == "max-age=31536000"
    cookies = context.cookies()
    assert STICKY_COOKIE in {c["name"] for c in cookies}
    assert all(c["secure"] for c in cookies), cookies

    projector = open_app(new_deployed_context("projector", LANG).new_page(), links["projector_url"])
    expect(projector.locator(".ws-join-count")).to_have_text(t(LANG, "projector_online", n=1))
    qr = main(projector).get_by_test_id("stImage").get_by_role("img")
    qr.wait_for()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")


def test_no_token_key_or_address_reaches_any_log_even_with_a_replica_down(
    deployment, new_deployed_context
):
    """nginx writes errors (an unreachable replica) with the client's address and the request
    line; the recipe's site keeps them out, and the access log holds only its own format."""
    links = json.loads(
        deployment.admin("session", "create", "--workshop", "starter", "--lang", LANG, "--json")
    )
    phone = open_app(new_deployed_context("phone", LANG).new_page(), links["participant_url"])
    main(phone).get_by_role("heading", name=t(LANG, "waiting_title")).wait_for()
    token = re.search(r"[?&]p=([^&]+)", phone.url)[1]
    marker = secrets.token_hex(12)
    box = deployment.box
    box.run("systemctl stop workshop@8502")
    try:
        for n in range(16):  # different sticky keys: about half are meant for the stopped one
            curl(deployment, "--cookie", f"{STICKY_COOKIE}=k{n}{marker}",
                 f"{deployment.url}/?code=ABCDEF&p={marker}&key={marker}", check=False)  # fmt: skip
    finally:
        box.run("systemctl start workshop@8502")
        box.run(
            "curl --fail --silent --retry 30 --retry-connrefused http://127.0.0.1:8502/_stcore/health"
        )
    logged = everything_logged(deployment)
    for secret in (token, links["facilitator_key"], marker):
        assert secret.encode() not in logged
    cluster = cluster_of(deployment)
    served = cluster.served()  # fails on any line outside the shipped format
    assert any(row.path == "/" and row.status == 200 for row in served)
    access = box.path(ACCESS_LOG).read_text()
    assert "?" not in access
    addresses = set(re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", access))
    assert addresses <= {"127.0.0.1"}  # the replicas' address, in the upstream column only
    assert all(line.count("127.0.0.1") == line.count("127.0.0.1:85") for line in access.split("\n"))


def test_the_site_also_works_with_debians_default_site_enabled(deployment):
    box = deployment.box
    box.run("ln -s /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default")
    try:
        checked = box.run("nginx -t")
        assert "[warn]" not in checked.stderr, checked.stderr
        box.run("systemctl reload nginx")
        assert status(curl(deployment, f"{deployment.url}/_stcore/health")) == 200
        assert status(curl(deployment, f"http://{deployment.name}/")) == 301
        # Another name, or the bare address: Debian's page, once the reload reached the workers.
        welcome = box.run(
            "for i in $(seq 100); do curl --silent http://127.0.0.1/ | grep -q 'Welcome to nginx'"
            " && exit 0; sleep 0.2; done; exit 1",
            check=False,
        )
        assert welcome.returncode == 0, box.run("curl --silent --include http://127.0.0.1/").stdout
    finally:
        box.run("rm -f /etc/nginx/sites-enabled/default && systemctl reload nginx")


def test_the_update_steps_run_as_written(deployment):
    install_checkout(deployment.box)  # the test's stand-in for `git pull`
    update = "set -euo pipefail\n" + script(DEPLOY_DOC, "update")
    deployment.box.run(update, env=OFFLINE_ENV, log=deployment.log, timeout=900)
    health = deployment.box.run(
        "curl --fail --silent --retry 20 --retry-connrefused --insecure "
        f"--resolve {deployment.name}:443:127.0.0.1 {deployment.url}/_stcore/health"
    )
    assert health.stdout == "ok"
    for port in (8501, 8502):
        replica = f"http://127.0.0.1:{port}/_stcore/health"
        healthy = f"curl --fail --silent --retry 30 --retry-connrefused {replica}"
        assert deployment.box.run(healthy).stdout == "ok"


def test_the_replicas_run_with_the_units_read_only_file_system(deployment):
    """The unit's hardening (ProtectSystem=strict, PrivateTmp) applies to the running app: it
    serves while everything but its private /tmp is read-only."""
    box = deployment.box
    pid = int(box.path("/run/fake-systemd/workshop@8501.service.pid").read_text())
    mounts = {}
    for line in box.path(f"/proc/{pid}/mountinfo").read_text().splitlines():
        fields = line.split()
        mounts[fields[4]] = fields[5].split(",")
    for point in ("/", "/opt", "/etc", "/var", "/usr/local"):
        assert "ro" in mounts[point], (point, mounts[point])
    assert "rw" in mounts["/tmp"]
    owner = box.run(f"stat -c %U /proc/{pid}").stdout.strip()
    assert owner == "workshop"
