"""A facilitator's own space without accounts: the personal facilitator link.

Whoever creates sessions gets one secret token (``?own=`` on the sessions page), stored only as
a digest on each session created with it. The token lists those sessions and nothing else, and
gives each one's console key back: the key is derived from the token and the session's join
code (HMAC, one way), so no key is ever stored in clear and a console key reveals nothing of
the token. A guessed or altered token lists nothing; a console, projector or participant
secret is not a personal token and lists nothing either.
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets

from modules.identity import digest, keys_match
from modules.store import SessionInfo, Store

__all__ = [
    "OWNER_TOKEN",
    "console_key",
    "new_owner_token",
    "owned_keys",
    "owned_sessions",
    "owner_digest",
    "plausible",
]

OWNER_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_owner_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def plausible(token: str | None) -> bool:
    """Shaped like a personal token; anything else is not even looked up."""
    return bool(token) and bool(OWNER_TOKEN.match(token or ""))


def owner_digest(token: str) -> str:
    return digest(f"owner/{token}")


def console_key(token: str, code: str) -> str:
    """The console key of the session ``code`` created with ``token``: 192 bits, one way."""
    mac = hmac.new(token.encode("utf-8"), f"console/{code}".encode(), "sha256")
    return base64.urlsafe_b64encode(mac.digest()[:24]).decode("ascii")


def owned_sessions(
    store: Store, token: str | None, *, include_archived: bool = True
) -> list[tuple[SessionInfo, int]]:
    """Sessions created with ``token`` (and their number of participants), newest first."""
    if not plausible(token):
        return []
    assert token is not None
    rows = store.list_sessions(include_archived=include_archived, owner_digest=owner_digest(token))
    return [(s, n) for s, n in rows if keys_match(console_key(token, s.code), s.key_digest)]


def owned_keys(store: Store, token: str | None) -> dict[str, str]:
    """join code → console key, for every session created with ``token``."""
    return {s.code: console_key(token or "", s.code) for s, _n in owned_sessions(store, token)}
