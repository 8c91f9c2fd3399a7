"""The resolution version follows what decides results, not every source file of the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.resolve import incremental
from claimledger.resolve.war import rules


def _version() -> str:
    incremental.code_version.cache_clear()
    return incremental.code_version()


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    incremental.code_version.cache_clear()
    yield
    incremental.code_version.cache_clear()


def _edited(part: str):  # type: ignore[no-untyped-def]
    """A source reader that sees a comment added to every file under ``part``."""
    real = incremental.read_source

    def read(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# an edited comment\n" if part in path.parts else data

    return read


def test_hashed_files_leave_out_the_views_and_the_command_line() -> None:
    files = incremental.result_source_files()
    parts = {p for f in files for p in f.parts}
    assert "resolve" in parts and "extract" in parts
    assert "views" not in parts and not any(f.name == "cli.py" for f in files)


def test_editing_a_views_module_leaves_the_version_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _version()
    root = Path(incremental.__file__).resolve().parents[1]
    views = sorted((root / "views").glob("*.py"))
    assert views
    # a comment added to every views/ module (there are some) is not seen by the version
    monkeypatch.setattr(incremental, "read_source", _edited("views"))
    assert _version() == before


def test_editing_a_resolve_module_changes_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _version()
    monkeypatch.setattr(incremental, "read_source", _edited("resolve"))
    assert _version() != before


def test_a_registered_rule_of_another_version_changes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _version()
    names = rules.rule_names()
    assert "scene/title.v1" in names
    monkeypatch.setattr(rules, "rule_names",
                        lambda: tuple(n.replace("scene/title.v1", "scene/title.v2") for n in names))
    assert _version() != before


def test_same_rules_and_sources_give_the_same_version() -> None:
    assert _version() == _version()
