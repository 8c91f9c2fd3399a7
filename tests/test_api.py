"""The public Python API: everything in __all__ exists, is documented, and nothing public is left out."""

from __future__ import annotations

import inspect

import claimledger


def test_all_exports_exist_and_are_documented() -> None:
    for name in claimledger.__all__:
        obj = getattr(claimledger, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__doc__, f"{name} has no docstring"


def test_no_public_name_missing_from_all() -> None:
    public = {n for n, v in vars(claimledger).items()
              if not n.startswith("_") and not inspect.ismodule(v) and n != "annotations"}
    assert public == set(claimledger.__all__)
