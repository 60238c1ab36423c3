"""A subject's effective rules, merged per scope, and whom it can act as."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from k8slint.rbac.model import Principal

if TYPE_CHECKING:
    from k8slint.rbac.engine import RbacEngine


def effective_permissions(engine: RbacEngine, principal: Principal) -> dict[str, Any]:
    """Rules merged like ``kubectl auth can-i --list``: one row per (resource.group, names, URL) with
    the union of verbs; cluster-wide rules first, then each namespace's."""
    rows: dict[str, dict[tuple[str, tuple[str, ...], str], dict[str, Any]]] = {}
    for grant in engine.model.grants(principal):
        rule = grant.rule
        table = rows.setdefault(grant.scope, {})
        names = tuple(sorted(rule.resource_names))
        entries: list[tuple[str, tuple[str, ...], str]] = [("", (), url) for url in sorted(rule.urls)]
        for group in sorted(rule.api_groups):
            for res in sorted(rule.resources):
                head, _, sub = res.partition("/")
                shown = head if group == "" else f"{head}.{group}"
                entries.append((shown + (f"/{sub}" if sub else ""), names, ""))
        for key in entries:
            row = table.setdefault(
                key,
                {
                    "resources": [key[0]] if key[0] else [],
                    "resourceNames": list(key[1]),
                    "nonResourceURLs": [key[2]] if key[2] else [],
                    "verbs": set(),
                    "builtin": True,
                },
            )
            row["verbs"].update(rule.verbs)
            row["builtin"] = row["builtin"] and grant.binding.builtin
    scopes = []
    for scope in sorted(rows, key=lambda s: (s != "*", s)):
        rules = []
        for key in sorted(rows[scope], key=lambda k: (bool(k[2]), k)):
            row = rows[scope][key]
            rules.append({**row, "verbs": sorted(row["verbs"])})
        scopes.append({"scope": scope, "rules": rules})
    reach = engine.escalation.reach(principal)
    acts = []
    for target, _ in reach.identities():
        chain = [s.text() for s in reach.chain(target)]
        acts.append({"subject": target.to_json(), "text": str(target), "reason": "; then ".join(chain)})
    acts.sort(key=lambda a: a["text"])
    return {
        "subject": principal.to_json(),
        "scopes": scopes,
        "actsAs": acts,
        "clusterAdmin": reach.cluster_admin,
        "clusterAdminPath": [step.text() for step in reach.admin_path()],
    }
