"""How strong a passphrase is, and whether a new one may be used."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from slip_desktop.domain.errors import ValidationError

#: The shortest passphrase accepted: the database key is only as strong as it is.
MIN_LENGTH = 12
#: Estimated bits of guesswork needed; 50 bits is years of PBKDF2 (256,000 rounds) per laptop.
MIN_BITS = 50.0

_COMMON = frozenset(
    {
        "password",
        "passw0rd",
        "letmein",
        "welcome",
        "qwerty",
        "iloveyou",
        "admin",
        "school",
        "slip",
        "inclusion",
        "partnership",
        "leicester",
        "leicestershire",
        "monkey",
        "dragon",
        "football",
        "sunshine",
        "changeme",
    }
)
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm")
_LABELS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")


@dataclass(frozen=True)
class Strength:
    """A passphrase's estimated strength.

    Attributes:
        bits: estimated bits of guesswork (a rough, deliberately cautious figure).
        score: 0 (very weak) to 4 (very strong).
        label: the score in words.
        advice: what would make it stronger, or "" when it is strong enough.
    """

    bits: float
    score: int
    label: str
    advice: str

    @property
    def acceptable(self) -> bool:
        """True when the passphrase may protect the database."""
        return not self.advice


def _pool_size(text: str) -> int:
    pool = 0
    if re.search(r"[a-z]", text):
        pool += 26
    if re.search(r"[A-Z]", text):
        pool += 26
    if re.search(r"[0-9]", text):
        pool += 10
    if re.search(r"[^a-zA-Z0-9]", text):
        pool += 33
    return max(pool, 1)


def _effective_length(text: str) -> float:
    """Count characters, discounting repeats and runs such as 'aaaa' or '1234'."""
    lowered = text.lower()
    length = 0.0
    for index, char in enumerate(lowered):
        previous = lowered[index - 1] if index else ""
        in_run = bool(previous) and (
            char == previous
            or any(previous + char in sequence for sequence in _SEQUENCES)
            or any(char + previous in sequence for sequence in _SEQUENCES)
        )
        length += 0.25 if in_run else 1.0
    return length


#: Bits for one word picked from a vocabulary of about 8,000 everyday words.
_WORD_BITS = 13.0


def _word_bits(text: str) -> float:
    """Estimate bits as a guesser working word by word would see them ('tram lemon orbit')."""
    bits = 0.0
    for token in re.findall(r"[a-zA-Z]+|[0-9]+|[^a-zA-Z0-9]+", text):
        lowered = token.lower()
        if lowered.isalpha():
            if lowered in _COMMON:
                bits += 3.0
            elif len(set(lowered)) == 1:
                # 'aaaa' is one letter and how many times: not a word from a vocabulary.
                bits += 4.7 + math.log2(len(token))
            elif len(token) >= 3:
                bits += _WORD_BITS
            else:
                bits += 4.7 * len(token)
            if token != lowered and token != token.capitalize():
                bits += 2.0  # unusual capitals
            elif token != lowered:
                bits += 1.0
        elif lowered.isdigit():
            bits += 3.32 * len(token)
        else:
            bits += 2.0 if len(set(token)) == 1 else 5.0 * len(token)
    return bits


def passphrase_strength(text: str) -> Strength:
    """Estimate how hard ``text`` is to guess and say what would make it stronger."""
    lowered = text.lower()
    repeated = re.fullmatch(r"(.+?)\1+", lowered)
    # 'slipslipslip' is no harder to guess than 'slip'.
    unit = repeated.group(1) if repeated else lowered
    effective = _effective_length(unit)
    for word in _COMMON:
        # A dictionary word counts about as much as two random characters.
        effective -= unit.count(word) * max(len(word) - 2, 0)
    bits = max(effective, 0.0) * math.log2(_pool_size(text))
    # Whichever way is quicker for a guesser: character by character or word by word.
    # Word by word keeps the capitals ('TrAm' costs more than 'tram'), except in a repeat.
    bits = min(bits, _word_bits(unit if repeated else text))
    if len(set(text)) <= 3:
        bits = min(bits, 10.0)
    score = 0 if bits < 28 else 1 if bits < 40 else 2 if bits < MIN_BITS else 3 if bits < 80 else 4
    advice = ""
    if len(text) < MIN_LENGTH:
        advice = (
            f"Use at least {MIN_LENGTH} characters: three or four unrelated words "
            "make a passphrase that is long and easy to remember."
        )
    elif bits < MIN_BITS:
        advice = (
            "Too easy to guess: avoid repeats, runs such as 1234 and common words; "
            "add another unrelated word."
        )
    return Strength(bits=bits, score=score, label=_LABELS[score], advice=advice)


def check_new_passphrase(passphrase: str, confirmation: str) -> str:
    """Return ``passphrase`` if it may protect the database, else raise ValidationError."""
    strength = passphrase_strength(passphrase)
    if not strength.acceptable:
        raise ValidationError({"passphrase": strength.advice})
    if passphrase != confirmation:
        raise ValidationError({"confirmation": "The two passphrases are not the same."})
    if passphrase != passphrase.strip():
        raise ValidationError(
            {"passphrase": "Leave out spaces at the start and end: they are easy to forget."}
        )
    return passphrase
