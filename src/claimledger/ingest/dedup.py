"""Near-duplicate detection with MinHash LSH: wire copies and republished stories are linked, not dropped."""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def signature(text: str, *, shingle: int = 5) -> MinHash:
    words = _WORD.findall(text.lower())
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    grams = {" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))}
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(b: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(b, dtype=np.uint64), scheme=SCHEME)


class NearDuplicates:
    """An LSH index over the documents seen so far."""

    def __init__(self, threshold: float = 0.8):
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.sigs: dict[str, MinHash] = {}

    def add(self, doc_id: str, m: MinHash) -> None:
        if doc_id not in self.sigs:
            self.lsh.insert(doc_id, m)
            self.sigs[doc_id] = m

    def match(self, m: MinHash) -> str | None:
        """The most similar earlier document above the threshold, if any."""
        best, best_j = None, 0.0
        for other in self.lsh.query(m):
            j = m.jaccard(self.sigs[other])
            if j > best_j:
                best, best_j = other, j
        return best
