"""Near-duplicate proposals (提案雷同): how alike two texts are, by their character bigrams.

Chinese has no spaces between words, so words would need a segmenter; two characters side by
side (a bigram) catch the shared phrases of two proposals about the same thing ("停车", "车难",
"老旧小区") without one. A text becomes the set of its bigrams after it is normalised (NFKC, so
full-width letters and digits are the half-width ones; lower case; everything but letters and
digits dropped, so punctuation and spacing do not count); two texts are as alike as the
Jaccard index of their sets: shared bigrams over all bigrams, from 0 (nothing shared) to 1 (the
same bigrams). A text of one character is its one character; an empty text is like nothing.

A season holds hundreds of proposals, so comparing a new one with each of them is quick
(docs/proposals.md says why no library is used)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

#: at or above this share of shared bigrams, a proposal is suggested as alike
THRESHOLD = Fraction(3, 10)
#: how many alike proposals the filing form suggests at most
SUGGESTED = 5

T = TypeVar("T")


def normalised(text: str) -> str:
    """The text's letters and digits, NFKC-normalised and lower-cased, nothing else."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in ("L", "N"))


def bigrams(text: str) -> frozenset[str]:
    """The set of the normalised text's pairs of neighbouring characters (one character: itself)."""
    chars = normalised(text)
    if len(chars) < 2:
        return frozenset({chars} if chars else set())
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> Fraction:
    """Shared over all: 0 when either is empty (an empty text is like nothing)."""
    if not a or not b:
        return Fraction(0)
    return Fraction(len(a & b), len(a | b))


def likeness(a: str, b: str) -> Fraction:
    return jaccard(bigrams(a), bigrams(b))


@dataclass(frozen=True)
class Alike:
    item: object
    score: Fraction

    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded down (for the page)."""
        return int(self.score * 100)


def most_alike(
    text: str, candidates: Iterable[tuple[T, str]], *, threshold: Fraction = THRESHOLD, limit: int = SUGGESTED
) -> list[Alike]:
    """The candidates (each an item and its text) at least ``threshold`` alike to ``text``, the
    most alike first (ties in the candidates' order), at most ``limit``."""
    mine = bigrams(text)
    found = []
    for n, (item, other) in enumerate(candidates):
        score = jaccard(mine, bigrams(other))
        if score >= threshold and score > 0:
            found.append((-score, n, Alike(item, score)))
    found.sort(key=lambda row: (row[0], row[1]))
    return [alike for _score, _n, alike in found[:limit]]
