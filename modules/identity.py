"""Join codes, facilitator keys, projector tokens and anonymous participant tokens.

Keys and tokens are random and stored only as SHA-256 digests: they have enough entropy that a
slow password hash would add nothing, and a database leak then exposes no usable secret.
A projector token is derived from the facilitator key (HMAC, one way): the console can always
show the current projector link, and the projector link reveals nothing of the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = [
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "digest",
    "keys_match",
    "new_facilitator_key",
    "new_join_code",
    "new_participant_token",
    "normalise_join_code",
    "projector_token",
]

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: what a room reads off a projector, it types right.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed: str) -> str | None:
    """The code as stored, or None when what was typed cannot be a code."""
    code = "".join(typed.split()).upper().replace("-", "")
    if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in code):
        return None
    return code


def new_facilitator_key() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def new_participant_token() -> str:
    return secrets.token_urlsafe(16)  # 128 bits


def projector_token(facilitator_key: str, generation: int) -> str:
    """The projector link's token for this generation: 192 bits, not the key, not reversible."""
    mac = hmac.new(facilitator_key.encode("utf-8"), f"projector/{generation}".encode(), "sha256")
    return base64.urlsafe_b64encode(mac.digest()[:24]).decode("ascii")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def keys_match(candidate: str | None, stored_digest: str) -> bool:
    """Constant-time comparison of a presented key with a stored digest."""
    if not candidate:
        return False
    return hmac.compare_digest(digest(candidate), stored_digest)
