"""Where the data shipped with k8slint lives: ``rules/`` and ``schemas/``.

In a wheel they are packaged as ``k8slint/_data``; in a source checkout they are the top-level
folders beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name
