"""The token store: file modes, atomic writes, keys, merge rules, masking and the cross-process lock."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from zoho_desk_mcp.auth import TokenResponse, TokenSet, TokenStore, TokenStoreError, default_store_dir

ACCOUNTS = "https://accounts.zoho.eu"
REFRESH = "1000.refresh-secret-value"
ACCESS = "1000.access-secret-value"


def sample() -> TokenSet:
    return TokenSet(
        refresh_token=SecretStr(REFRESH),
        access_token=SecretStr(ACCESS),
        expires_at=1_900_000_000.0,
        scope="s",
    )


def test_the_token_file_is_0600_in_a_0700_directory(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "cfg" / "tokens")
    store.save(ACCOUNTS, "client", sample())
    path = store.path_for(ACCOUNTS, "client")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700


def test_a_loose_existing_directory_is_tightened_to_0700(tmp_path: Path) -> None:
    directory = tmp_path / "tokens"
    directory.mkdir(mode=0o755)
    TokenStore(directory).save(ACCOUNTS, "client", sample())
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that takes nothing away, as some containers and services run with."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_every_directory_made_for_the_store_is_0700_whatever_the_umask(tmp_path: Path) -> None:
    config = tmp_path / "home" / ".config"
    store = TokenStore(config / "zoho-desk-mcp" / "tokens")
    store.save(ACCOUNTS, "client", sample())
    for directory in (config.parent, config, config / "zoho-desk-mcp", store.directory):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory


@pytest.mark.usefixtures("open_umask")
def test_a_loose_existing_zoho_desk_mcp_directory_is_tightened_but_its_parents_are_left_alone(
    tmp_path: Path,
) -> None:
    app_dir = tmp_path / ".config" / "zoho-desk-mcp"
    app_dir.mkdir(mode=0o755, parents=True)
    os.chmod(app_dir.parent, 0o755)
    TokenStore(app_dir / "tokens").save(ACCOUNTS, "client", sample())
    assert stat.S_IMODE(app_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(app_dir.parent.stat().st_mode) == 0o755


def test_saved_tokens_load_back_equal(tmp_path: Path) -> None:
    store = TokenStore(tmp_path)
    store.save(ACCOUNTS, "client", sample())
    loaded = store.load(ACCOUNTS, "client")
    assert loaded is not None
    assert loaded.refresh_token is not None and loaded.refresh_token.get_secret_value() == REFRESH
    assert loaded.access_token is not None and loaded.access_token.get_secret_value() == ACCESS
    assert loaded.expires_at == 1_900_000_000.0


def test_a_save_replaces_the_file_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = TokenStore(tmp_path)
    store.save(ACCOUNTS, "client", sample())
    store.save(ACCOUNTS, "client", sample().model_copy(update={"scope": "other"}))
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.path_for(ACCOUNTS, "client").name]
    loaded = store.load(ACCOUNTS, "client")
    assert loaded is not None and loaded.scope == "other"


def test_each_data_centre_and_client_gets_its_own_file(tmp_path: Path) -> None:
    store = TokenStore(tmp_path)
    paths = {
        store.path_for(ACCOUNTS, "a"),
        store.path_for(ACCOUNTS, "b"),
        store.path_for("https://accounts.zoho.com", "a"),
        store.path_for("http://127.0.0.1:8001", "a"),
        store.path_for("http://127.0.0.1:8002", "a"),
    }
    assert len(paths) == 5
    store.save(ACCOUNTS, "a", sample())
    assert store.load(ACCOUNTS, "b") is None


def test_a_missing_file_loads_as_none_and_deletes_as_false(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / "nothing")
    assert store.load(ACCOUNTS, "client") is None
    assert store.delete(ACCOUNTS, "client") is False


def test_a_corrupt_file_is_an_error_that_shows_none_of_its_content(tmp_path: Path) -> None:
    store = TokenStore(tmp_path)
    store.path_for(ACCOUNTS, "client").write_text('{"tokens": "' + REFRESH)
    with pytest.raises(TokenStoreError) as info:
        store.load(ACCOUNTS, "client")
    assert REFRESH not in str(info.value)


def test_a_refresh_response_without_refresh_token_keeps_the_stored_one() -> None:
    response = TokenResponse.from_body({"access_token": "1000.new", "expires_in": 3600})
    merged = sample().updated_with(response, now=100.0)
    assert merged.refresh_token is not None and merged.refresh_token.get_secret_value() == REFRESH
    assert merged.access_token is not None and merged.access_token.get_secret_value() == "1000.new"
    assert merged.expires_at == 3700.0


def test_a_code_grant_response_brings_a_refresh_token() -> None:
    response = TokenResponse.from_body({"access_token": "a", "refresh_token": "r", "expires_in": 3600})
    merged = TokenSet().updated_with(response, now=0.0)
    assert merged.refresh_token is not None and merged.refresh_token.get_secret_value() == "r"


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        ({"expires_in": 3600}, 3600.0),
        ({"expires_in": 3600000}, 3600.0),
        ({"expires_in_sec": 1800}, 1800.0),
        ({}, 3600.0),
    ],
)
def test_expires_in_is_read_in_seconds_even_from_legacy_millisecond_answers(
    body: dict[str, int], seconds: float
) -> None:
    assert TokenResponse.from_body({"access_token": "a", **body}).expires_in == seconds


def test_repr_and_str_of_token_objects_mask_every_token() -> None:
    response = TokenResponse.from_body({"access_token": ACCESS, "refresh_token": REFRESH})
    for obj in (sample(), response):
        for text in (repr(obj), str(obj)):
            assert REFRESH not in text and ACCESS not in text


def test_the_default_directory_follows_xdg_config_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_store_dir() == tmp_path / "xdg" / "zoho-desk-mcp" / "tokens"
    assert TokenStore().directory == tmp_path / "xdg" / "zoho-desk-mcp" / "tokens"


def test_the_default_directory_falls_back_to_dot_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_dir() == tmp_path / ".config" / "zoho-desk-mcp" / "tokens"


async def test_the_lock_excludes_a_second_holder_until_released(tmp_path: Path) -> None:
    holder, waiter = TokenStore(tmp_path), TokenStore(tmp_path, lock_timeout=0.05)
    async with holder.lock(ACCOUNTS, "client"):
        with pytest.raises(TokenStoreError):
            async with waiter.lock(ACCOUNTS, "client"):
                pass
    async with waiter.lock(ACCOUNTS, "client"):
        pass


async def test_locks_for_different_clients_do_not_block_each_other(tmp_path: Path) -> None:
    one, other = TokenStore(tmp_path), TokenStore(tmp_path, lock_timeout=0.05)
    async with one.lock(ACCOUNTS, "a"), other.lock(ACCOUNTS, "b"):
        pass
