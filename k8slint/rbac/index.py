"""Who can do what: rules indexed by (verb, resource entry), bindings by role, subjects by binding.

Building the index is linear in the total size of the rules (entries = verbs x resources per rule).
A query looks up at most 2 x 3 buckets (the verb or ``*``; the resource, ``*`` or ``*/sub``), checks
each candidate rule's groups and names, then walks the bindings of the matching roles: O(matching
rules + their bindings + those bindings' subjects), independent of the size of the rest of the set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from k8slint.rbac.authorizer import (
    Request,
    Rule,
    group_matches,
    name_matches,
    rule_allows,
    url_matches,
    verb_matches,
)
from k8slint.rbac.model import Binding, BoundSubject, Principal, RbacModel, Role, Workload, folder, same_tree


@dataclass(frozen=True, slots=True)
class Path:
    """One way a subject is allowed: a binding, its role, the rule that matches."""

    binding: Binding
    role: Role
    rule: Rule
    subject: BoundSubject | None

    @property
    def scope(self) -> str:
        return self.binding.scope

    @property
    def builtin(self) -> bool:
        return self.binding.builtin

    def to_json(self) -> dict[str, Any]:
        return {
            "binding": _obj(
                self.binding.kind, self.binding.namespace, self.binding.name, self.binding.resource
            ),
            "role": _obj(self.role.kind, self.role.namespace, self.role.name, self.role.resource),
            "rule": {
                "index": self.rule.index,
                "text": self.rule.describe(),
                "role": self.rule.role_name,
                **_location(self.rule.resource, ("rules", self.rule.index)),
            },
            "scope": self.scope,
        }


def _location(resource: Any, path: tuple[Any, ...]) -> dict[str, Any]:
    if resource is None:
        return {"file": None, "line": None}
    from k8slint.parse.sourcemap import locate

    line, _, _ = locate(resource.raw, path)
    return {"file": resource.doc.file if hasattr(resource.doc, "file") else None, "line": line}


def _obj(kind: str, namespace: str | None, name: str, resource: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "namespace": namespace,
        "name": name,
        "builtin": resource is None,
        **_location(resource, ()),
    }


@dataclass(slots=True)
class Granted:
    """A subject that holds the permission, and every path that grants it."""

    kind: str
    name: str
    namespace: str | None
    principal: Principal | None
    paths: list[Path] = field(default_factory=list)

    @property
    def builtin(self) -> bool:
        return all(p.builtin for p in self.paths)

    @property
    def scopes(self) -> list[str]:
        return sorted({p.scope for p in self.paths})

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "namespace": self.namespace,
            "builtin": self.builtin,
            "scopes": self.scopes,
            "paths": [p.to_json() for p in self.paths],
        }


@dataclass(slots=True)
class WhoCan:
    subjects: list[Granted]
    workloads: list[tuple[Workload, list[Granted]]]


class RuleIndex:
    def __init__(self, model: RbacModel, scoped: bool = True) -> None:
        self.model = model
        # workloads count a binding only of their directory tree (False: --assume-complete)
        self.scoped = scoped
        self.resource_rules: dict[tuple[str, str], list[tuple[Role, Rule]]] = {}
        self.url_rules: list[tuple[Role, Rule]] = []
        for role in model.bindings_by_role:  # an unbound role grants nothing
            for rule in role.effective:
                if rule.urls:
                    self.url_rules.append((role, rule))
                for verb in rule.verbs:
                    for res in rule.resources:
                        self.resource_rules.setdefault((verb, res), []).append((role, rule))

    def candidates(self, request: Request) -> Iterable[tuple[Role, Rule]]:
        if request.url is not None:
            for key, rule in self.url_rules:
                if verb_matches(rule, request.verb) and url_matches(rule, request.url):
                    yield key, rule
            return
        entries = [request.combined, "*"]
        if request.subresource:
            entries.append(f"*/{request.subresource}")
        seen: set[tuple[int, int]] = set()
        for verb in {request.verb, "*"}:
            for entry in entries:
                for key, rule in self.resource_rules.get((verb, entry), ()):
                    ident = (id(key), id(rule))
                    if ident in seen:
                        continue
                    seen.add(ident)
                    if group_matches(rule, request.group) and name_matches(rule, request.name):
                        yield key, rule

    def who_can(self, request: Request, namespace: str | None, namespaced: bool) -> WhoCan:
        """Subjects allowed ``request``. ``namespace`` None: in any namespace (each path says where);
        cluster-scoped resources and URLs are only granted by ClusterRoleBindings."""
        model = self.model
        found: dict[tuple[str, str, str | None], Granted] = {}
        for role, rule in self.candidates(request):
            for binding in model.bindings_by_role.get(role, ()):
                if binding.kind == "RoleBinding":
                    if request.url is not None or not namespaced:
                        continue
                    if namespace is not None and binding.namespace != namespace:
                        continue
                for subject in binding.subjects:
                    if subject.principal is None:
                        continue
                    skey = (subject.kind, subject.name, subject.namespace)
                    granted = found.get(skey)
                    if granted is None:
                        granted = found[skey] = Granted(
                            subject.kind, subject.name, subject.namespace, subject.principal
                        )
                    granted.paths.append(Path(binding, role, rule, subject))
        subjects = sorted(found.values(), key=lambda g: (g.builtin, g.kind, g.namespace or "", g.name))
        for g in subjects:
            g.paths.sort(
                key=lambda p: (
                    p.builtin,
                    p.binding.kind,
                    p.binding.namespace or "",
                    p.binding.name,
                    p.rule.index,
                )
            )
        users: dict[str, list[Granted]] = {}
        groups: dict[str, list[Granted]] = {}
        for g in subjects:
            p = g.principal
            assert p is not None
            if p.kind == "Group":
                groups.setdefault(p.name, []).append(g)
            elif p.user:
                users.setdefault(p.user, []).append(g)
        workloads: list[tuple[Workload, list[Granted]]] = []
        for w in model.workloads:
            sa = w.service_account
            via = list(users.get(sa.user or "", ()))
            for group in sorted(sa.groups):
                via.extend(groups.get(group, ()))
            if self.scoped:
                # a binding of a sibling directory (another variant, another project reusing the
                # namespace) does not grant this workload's pods anything
                here = folder(w.resource)
                via = [
                    g
                    for g in via
                    if any(
                        p.binding.resource is None or same_tree(here, folder(p.binding.resource))
                        for p in g.paths
                    )
                ]
            if via:
                workloads.append((w, via))
        return WhoCan(subjects, workloads)

    def allowed(self, principal: Principal, request: Request) -> list[Path]:
        """The paths by which ``principal`` is allowed ``request`` (empty: denied)."""
        model = self.model
        out: list[Path] = []
        for binding, subject in model.bindings_of(principal):
            if binding.kind == "RoleBinding" and (
                request.url is not None or not request.namespace or request.namespace != binding.namespace
            ):
                continue
            role = model.role_of(binding)
            if role is None:
                continue
            for rule in role.effective:
                if rule_allows(rule, request):
                    out.append(Path(binding, role, rule, subject))
        return out
