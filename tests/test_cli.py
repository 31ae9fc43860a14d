"""The command line as a person meets it: `auth url/exchange/status/logout` and `--no-browser` login, on loopback."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from .conftest import RunningSandbox


def cli(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(home), "ZOHO_REFRESH_TOKEN": "", "ZOHO_CLIENT_ID": ""}
    return subprocess.run(
        [sys.executable, "-m", "zoho_desk_mcp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=home,
        input=stdin,
    )


def self_client_code(sandbox: RunningSandbox) -> str:
    return str(httpx.post(f"{sandbox.base_url}/_sandbox/grant-codes", json={}, timeout=5.0).json()["code"])


def test_auth_url_prints_zohos_authorize_url_with_offline_access(
    sandbox_server: RunningSandbox, tmp_path: Path
) -> None:
    result = cli("auth", "url", "--sandbox-url", sandbox_server.base_url, home=tmp_path)
    query = parse_qs(urlsplit(result.stdout.strip()).query)
    assert result.returncode == 0
    assert query["response_type"] == ["code"] and query["access_type"] == ["offline"]
    assert query["prompt"] == ["consent"] and query["state"][0]
    assert "Desk.tickets.ALL" in query["scope"][0].split(",")


def test_exchange_status_and_logout_round_trip_without_printing_secrets(
    sandbox_server: RunningSandbox, tmp_path: Path
) -> None:
    code = self_client_code(sandbox_server)
    exchanged = cli("auth", "exchange", code, "--sandbox-url", sandbox_server.base_url, home=tmp_path)
    token_files = list((tmp_path / "zoho-desk-mcp" / "tokens").glob("*.json"))
    modes = [stat.S_IMODE(f.stat().st_mode) for f in token_files]
    status = cli("auth", "status", "--sandbox-url", sandbox_server.base_url, home=tmp_path)
    logout = cli("auth", "logout", "--sandbox-url", sandbox_server.base_url, home=tmp_path)
    after = cli("auth", "status", "--sandbox-url", sandbox_server.base_url, home=tmp_path)

    assert exchanged.returncode == 0, exchanged.stderr
    assert modes == [0o600]
    assert "Acme Support" in status.stderr and "All configured scopes are granted" in status.stderr
    assert "Revoked" in logout.stderr and not list((tmp_path / "zoho-desk-mcp" / "tokens").glob("*.json"))
    assert after.returncode == 1 and "auth login" in after.stderr
    everything = exchanged.stderr + status.stderr + logout.stderr + after.stderr + exchanged.stdout
    assert code not in everything and "1000." not in everything


def test_a_used_code_gives_an_actionable_error(sandbox_server: RunningSandbox, tmp_path: Path) -> None:
    code = self_client_code(sandbox_server)
    cli("auth", "exchange", code, "--sandbox-url", sandbox_server.base_url, home=tmp_path)
    again = cli("auth", "exchange", code, "--sandbox-url", sandbox_server.base_url, home=tmp_path)
    assert again.returncode == 1
    assert "code" in again.stderr.lower() and "Traceback" not in again.stderr


def test_no_browser_login_takes_the_pasted_redirect(sandbox_server: RunningSandbox, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "ZOHO_REFRESH_TOKEN": ""}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zoho_desk_mcp",
            "auth",
            "login",
            "--no-browser",
            "--sandbox-url",
            sandbox_server.base_url,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert process.stderr is not None and process.stdin is not None
    url = ""
    while not url.startswith("http"):
        url = process.stderr.readline().strip()
        assert url or process.poll() is None, "the CLI ended before printing the URL"
    approved = httpx.get(url, follow_redirects=False, timeout=5.0)
    _, err = process.communicate(approved.headers["location"] + "\n", timeout=60)
    assert process.returncode == 0, err
    assert "exchanging it for tokens" in err and "Signed in" in err
    assert list((tmp_path / "zoho-desk-mcp" / "tokens").glob("*.json"))


def test_browser_login_lands_on_a_page_to_close_and_says_what_was_stored_and_what_next(
    sandbox_server: RunningSandbox, tmp_path: Path
) -> None:
    # A console "browser" (as BROWSER=w3m would be): webbrowser.open waits for it while it follows Zoho's redirect
    # to our loopback listener, so the login must keep listening meanwhile.
    browser = tmp_path / "browser"
    browser.write_text(
        f"#!{sys.executable}\nimport sys, httpx\n"
        "page = httpx.get(sys.argv[1], follow_redirects=True, timeout=10, trust_env=False)\n"
        "open(sys.argv[0] + '.html', 'w').write(page.text)\n"
    )
    browser.chmod(0o755)
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path),
        "ZOHO_REFRESH_TOKEN": "",
        "BROWSER": str(browser),
        "ZOHO_REDIRECT_URI": "http://127.0.0.1:0/callback",
    }
    result = subprocess.run(
        [sys.executable, "-m", "zoho_desk_mcp", "auth", "login", "--sandbox-url", sandbox_server.base_url],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    stored = list((tmp_path / "zoho-desk-mcp" / "tokens").glob("*.json"))

    assert result.returncode == 0, result.stderr
    assert "Opening your browser" in result.stderr and "exchanging it for tokens" in result.stderr
    assert len(stored) == 1 and str(stored[0]) in result.stderr
    assert "Scopes granted: Desk.tickets.ALL" in result.stderr and "auth status" in result.stderr
    assert "You can close this window" in (tmp_path / "browser.html").read_text()
    assert "INFO" not in result.stderr and "1000." not in result.stderr
