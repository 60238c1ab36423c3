"""The pre-commit hook's lint context: the whole manifest set the changed files belong to.

Cross-object rules are wrong when they see only the changed files (a Service whose Deployment did
not change would look dangling). The set is the config's ``roots`` (relative to the config file),
else the repository the files live in; only findings located in the changed files are reported.
"""

from __future__ import annotations

from pathlib import Path

from k8slint.config import LoadedConfig
from k8slint.engine.plan import repository_root


def manifest_set(loaded: LoadedConfig, changed: list[str]) -> list[str]:
    if loaded.config.roots:
        roots = [str(loaded.base / r) for r in loaded.config.roots]
    else:
        roots = [str(repository_root())]
    # A changed file outside every root is still analyzed (with what the roots hold).
    resolved = [Path(r).resolve() for r in roots]
    extra = [f for f in changed if not any(_within(Path(f).resolve(), r) for r in resolved)]
    return roots + extra


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
