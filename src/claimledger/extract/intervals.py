"""Character ranges looked up in logarithmic time, so that extraction stays linear in a document's length.

``Intervals`` answers "does any range overlap / contain / cover this?" with a binary search over the
ranges sorted by start and a running maximum of their ends; ``NearestStart`` finds, per key, the
occurrence nearest an offset. Both replace scans over every mention or quote of a document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Intervals:
    """A fixed set of half-open character ranges ``[start, end)``."""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        pairs = sorted(ranges)
        self.starts = [s for s, _e in pairs]
        self._max_end: list[int] = []
        top = -1
        for _s, e in pairs:
            top = max(top, e)
            self._max_end.append(top)

    def _max_end_before(self, k: int) -> int:
        return self._max_end[k - 1] if k > 0 else -1

    def overlaps(self, start: int, end: int) -> bool:
        """Some range shares a character with ``[start, end)``."""
        return self._max_end_before(bisect_left(self.starts, end)) > start

    def contains(self, start: int, end: int) -> bool:
        """Some range holds all of ``[start, end)``."""
        return self._max_end_before(bisect_right(self.starts, start)) >= end

    def covers(self, at: int) -> bool:
        """Some range holds offset ``at``."""
        return self._max_end_before(bisect_right(self.starts, at)) > at


class NearestStart:
    """Offsets grouped by key; the nearest one to a point, with the ones after it weighted."""

    def __init__(self) -> None:
        self._at: dict[str, list[int]] = {}
        self._unsorted: set[str] = set()

    def add(self, key: str, at: int) -> None:
        self._at.setdefault(key, []).append(at)
        self._unsorted.add(key)

    def keys(self) -> Iterable[str]:
        return self._at.keys()

    def distance(self, key: str, at: int, after_weight: int) -> int | None:
        """``at - s`` for the nearest offset ``s <= at``, or ``after_weight * (s - at)`` after it."""
        offsets = self._at.get(key)
        if not offsets:
            return None
        if key in self._unsorted:
            offsets.sort()
            self._unsorted.discard(key)
        k = bisect_right(offsets, at)
        best: int | None = None
        if k > 0:
            best = at - offsets[k - 1]
        if k < len(offsets):
            d = after_weight * (offsets[k] - at)
            best = d if best is None else min(best, d)
        return best
