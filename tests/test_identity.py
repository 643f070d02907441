import string

from modules.identity import (
    JOIN_CODE_ALPHABET,
    digest,
    keys_match,
    new_facilitator_key,
    new_join_code,
    normalise_join_code,
)


def test_join_codes_avoid_look_alike_characters():
    codes = {new_join_code() for _ in range(500)}
    assert all(len(code) == 6 for code in codes)
    assert not set("".join(codes)) & set("0O1IL2Z5S8B")
    assert len(codes) > 490  # random, not a counter


def test_typed_codes_are_forgiving_about_case_spaces_and_dashes():
    code = new_join_code()
    assert normalise_join_code(f" {code[:3].lower()}-{code[3:]} ") == code
    assert normalise_join_code("ABC") is None
    assert normalise_join_code("O0O0O0") is None


def test_facilitator_keys_are_long_and_checked_against_their_digest_only():
    key = new_facilitator_key()
    assert len(key) >= 32  # 192 bits, url-safe
    assert keys_match(key, digest(key))
    assert not keys_match(key + "x", digest(key))
    assert not keys_match("", digest(key))
    assert not keys_match(None, digest(key))
    other = new_facilitator_key()
    assert other != key and not keys_match(other, digest(key))


def test_every_code_character_reads_unambiguously_off_a_projector():
    assert set(JOIN_CODE_ALPHABET) <= set(string.ascii_uppercase + string.digits)
    assert not set(JOIN_CODE_ALPHABET) & set("0O1IL2Z5S8B")
    assert len(set(JOIN_CODE_ALPHABET)) == len(JOIN_CODE_ALPHABET) >= 20  # a large code space
