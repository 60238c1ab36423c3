"""The RBAC model of a manifest set: roles (aggregation resolved), bindings, subjects and the pods
that run as ServiceAccounts, over the defaults of a standard cluster (``bootstrap.yaml``).

Everything is read defensively from the raw mappings: a malformed role or binding contributes what
can be read of it and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from k8slint.parse.sourcemap import Path as DocPath
from k8slint.parse.sourcemap import get, items, text
from k8slint.rbac.authorizer import Rule
from k8slint.rbac.resources import ResourceTable
from k8slint.selectors import Selector, SelectorError
from k8slint.validity.rbac import binding_errors, malformed_binding, malformed_role, role_errors

if TYPE_CHECKING:
    from k8slint.analysis.workloads import PodTemplate
    from k8slint.model.resource import Resource

RBAC_GROUP = "rbac.authorization.k8s.io"
SA_TOKEN_TYPE = "kubernetes.io/service-account-token"
SA_NAME_ANNOTATION = "kubernetes.io/service-account.name"
AUTHENTICATED = "system:authenticated"
UNAUTHENTICATED = "system:unauthenticated"
ANONYMOUS = "system:anonymous"
MASTERS = "system:masters"

RoleKey = tuple[str, str | None, str]  # (kind, namespace or None, name)

_VERB_SETS = {
    "read": ("get", "list", "watch"),
    "write": ("create", "delete", "deletecollection", "patch", "update"),
    "readwrite": ("get", "list", "watch", "create", "delete", "deletecollection", "patch", "update"),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who acts: a User, a Group (any member of it) or a ServiceAccount."""

    kind: str  # "User" | "Group" | "ServiceAccount"
    name: str
    namespace: str | None = None  # ServiceAccount only

    @property
    def user(self) -> str | None:
        if self.kind == "User":
            return self.name
        if self.kind == "ServiceAccount":
            return f"system:serviceaccount:{self.namespace}:{self.name}"
        return None

    @property
    def groups(self) -> frozenset[str]:
        if self.kind not in ("User", "Group", "ServiceAccount"):
            return frozenset()  # a synthetic holder of a role's rules (see escalation)
        if self.kind == "ServiceAccount":
            return frozenset(
                {"system:serviceaccounts", f"system:serviceaccounts:{self.namespace}", AUTHENTICATED}
            )
        if self.kind == "User":
            return frozenset({UNAUTHENTICATED} if self.name == ANONYMOUS else {AUTHENTICATED})
        if self.name == UNAUTHENTICATED:
            return frozenset({UNAUTHENTICATED})
        return frozenset({self.name, AUTHENTICATED})

    def __str__(self) -> str:
        if self.kind == "ServiceAccount":
            return f"ServiceAccount {self.namespace}/{self.name}"
        if self.kind == "Namespace":
            return "any ServiceAccount of " + (
                "any namespace" if self.name == "*" else f"namespace {self.name}"
            )
        if self.kind == "Pods":
            return "the token-holding pods of " + (
                "any namespace" if self.name == "*" else f"namespace {self.name}"
            )
        if self.kind == "Bound":
            where = "cluster-wide" if self.namespace == "*" else f"in namespace {self.namespace}"
            return f"the rules of {self.name.replace(':', ' ', 1)} {where}"
        return f"{self.kind} {self.name}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "namespace": self.namespace}

    @property
    def virtual(self) -> bool:
        """A node of the escalation graph that stands for several identities or for a role's rules."""
        return self.kind not in ("User", "Group", "ServiceAccount")

    @property
    def system(self) -> bool:
        """A control-plane identity (``system:*`` users and groups, bar the catch-all groups)."""
        if self.kind == "ServiceAccount":
            return False
        if self.name in (AUTHENTICATED, UNAUTHENTICATED, ANONYMOUS) or self.name.startswith(
            "system:serviceaccounts"
        ):
            return False  # catch-all groups: every account, every ServiceAccount (of a namespace)
        return self.name.startswith("system:")


def parse_principal(value: str) -> Principal | None:
    """``system:serviceaccount:ns:name``, ``serviceaccount:ns/name``, ``user:jane``, ``group:devs``, or a
    bare user name."""
    if value.startswith("system:serviceaccount:"):
        rest = value[len("system:serviceaccount:") :]
        ns, sep, name = rest.partition(":")
        return Principal("ServiceAccount", name, ns) if sep and ns and name else None
    prefix, sep, rest = value.partition(":")
    lowered = prefix.lower()
    if sep and lowered in ("serviceaccount", "sa"):
        ns, slash, name = rest.partition("/")
        return Principal("ServiceAccount", name, ns) if slash and ns and name else None
    if sep and lowered == "user" and rest:
        if rest.startswith("system:serviceaccount:"):
            return parse_principal(rest)  # that user name is the ServiceAccount, with its groups
        return Principal("User", rest)
    if sep and lowered == "group" and rest:
        return Principal("Group", rest)
    return Principal("User", value) if value else None


@dataclass(eq=False, slots=True)
class Role:
    kind: str  # "Role" | "ClusterRole"
    namespace: str | None
    name: str
    labels: dict[str, str]
    rules: list[Rule]  # as written
    selectors: list[Selector] | None  # aggregationRule selectors (None: not aggregated)
    resource: Resource | None
    effective: list[Rule] = field(default_factory=list)
    aggregated_from: list[str] = field(default_factory=list)

    @property
    def key(self) -> RoleKey:
        return (self.kind, self.namespace, self.name)

    @property
    def builtin(self) -> bool:
        return self.resource is None

    def __str__(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}" if self.namespace else f"{self.kind} {self.name}"


@dataclass(frozen=True, slots=True)
class BoundSubject:
    """A binding's subject as written, resolved to a principal (None: it matches nobody)."""

    kind: str
    name: str
    namespace: str | None
    index: int
    principal: Principal | None


@dataclass(eq=False, slots=True)
class Binding:
    kind: str  # "RoleBinding" | "ClusterRoleBinding"
    namespace: str | None
    name: str
    role_kind: str
    role_name: str
    subjects: list[BoundSubject]
    resource: Resource | None
    labels: dict[str, str] = field(default_factory=dict)
    role: Role | None = None  # resolved by the model: the nearest role of that kind and name

    @property
    def builtin(self) -> bool:
        return self.resource is None

    @property
    def role_key(self) -> RoleKey:
        return (self.role_kind, self.namespace if self.role_kind == "Role" else None, self.role_name)

    @property
    def scope(self) -> str:
        """ "*" for a ClusterRoleBinding (everywhere), else the binding's namespace."""
        return "*" if self.kind == "ClusterRoleBinding" else (self.namespace or "default")

    def __str__(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}" if self.namespace else f"{self.kind} {self.name}"


@dataclass(eq=False, slots=True)
class Workload:
    """A pod template and the ServiceAccount its pods run as."""

    template: PodTemplate
    service_account: Principal
    automount: bool
    automount_reason: str

    @property
    def resource(self) -> Resource:
        return self.template.resource

    @property
    def sa_path(self) -> DocPath:
        raw = self.template.raw_spec
        for key in ("serviceAccountName", "serviceAccount"):
            if text(raw, key):
                return (*self.template.spec_path, key)
        return self.template.spec_path

    def to_json(self) -> dict[str, Any]:
        r = self.resource
        return {
            "kind": r.kind,
            "namespace": r.namespace,
            "name": r.name,
            "serviceAccount": self.service_account.name,
            "automountToken": self.automount,
        }


class Folder(str):
    """The directory of a file, with the kustomizations whose build includes the file: two files
    of one directory built by different kustomizations are different places."""

    kustomizations: frozenset[str]

    def __new__(cls, path: str, kustomizations: frozenset[str] = frozenset()) -> Folder:
        obj = super().__new__(cls, path)
        obj.kustomizations = kustomizations
        return obj

    def __eq__(self, other: object) -> bool:
        return (
            str.__eq__(self, other) is True
            and getattr(other, "kustomizations", frozenset()) == self.kustomizations
        )

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((str(self), self.kustomizations))


def folder(resource: Resource) -> Folder:
    """The directory of the file that declares ``resource``."""
    return Folder(os.path.dirname(resource.doc.file), resource.doc.kustomizations)


def same_tree(a: str, b: str) -> bool:
    """Two places of one deployment, as k8slint.analysis.references.same_tree says for objects:
    the same directory or one below the other, or files one kustomization combines. Files of
    sibling directories (a repository of alternative variants, or of unrelated projects) are not of
    one deployment."""
    from k8slint.analysis.references import related_places

    return related_places(
        (str(a), getattr(a, "kustomizations", frozenset())),
        (str(b), getattr(b, "kustomizations", frozenset())),
    )


def role_rejection(raw: Any, namespaced: bool) -> str | None:
    """Why the API server rejects a Role (``namespaced``) or ClusterRole (k8slint.validity.rbac), or
    None. A rejected role is never created, so nothing it says is granted."""
    malformed = malformed_role(raw, namespaced)
    if malformed is not None:
        return malformed
    return next((e.reason for e in role_errors(raw, namespaced)), None)


def binding_rejection(raw: Any, namespaced: bool) -> str | None:
    """Why the API server rejects a RoleBinding (``namespaced``) or ClusterRoleBinding (v1 defaulting,
    then validation: k8slint.validity.rbac), or None. A rejected binding grants nothing."""
    malformed = malformed_binding(raw)
    if malformed is not None:
        return malformed
    return next((e.reason for e in binding_errors(raw, namespaced)), None)


def _strings(node: Any, key: str) -> list[str]:
    return [v for v in items(node, key) if isinstance(v, str)]


def read_rules(
    raw_rules: Iterable[Any], kind: str, namespace: str | None, name: str, resource: Resource | None
) -> list[Rule]:
    rules: list[Rule] = []
    for index, raw in enumerate(raw_rules):
        if not isinstance(raw, dict):
            continue
        verbs: set[str] = set()
        for verb in _strings(raw, "verbs"):
            verbs.update(_VERB_SETS.get(verb, (verb,)) if resource is None else (verb,))
        if not verbs:
            continue  # "verbs must contain at least one value": the API server rejects it
        rules.append(
            Rule(
                verbs=frozenset(verbs),
                api_groups=frozenset(_strings(raw, "apiGroups")),
                resources=frozenset(_strings(raw, "resources")),
                resource_names=frozenset(_strings(raw, "resourceNames")),
                urls=frozenset(_strings(raw, "nonResourceURLs")),
                role_kind=kind,
                role_namespace=namespace,
                role_name=name,
                index=index,
                resource=resource,
            )
        )
    return rules


def _selectors(raw: Any) -> list[Selector] | None:
    rule = raw.get("aggregationRule") if isinstance(raw, dict) else None
    if not isinstance(rule, dict):
        return None
    selectors: list[Selector] = []
    for entry in items(rule, "clusterRoleSelectors"):
        try:
            selectors.append(Selector.from_label_selector(entry))
        except SelectorError:
            continue
    return selectors


def _labels(raw: Any) -> dict[str, str]:
    labels = get(raw, ("metadata", "labels"))
    return (
        {k: v for k, v in labels.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(labels, dict)
        else {}
    )


@cache
def _bootstrap_data() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load((Path(__file__).parent / "bootstrap.yaml").read_text())


def _subjects(raw_subjects: Iterable[Any], binding_kind: str, binding_ns: str | None) -> list[BoundSubject]:
    out: list[BoundSubject] = []
    for index, subject in enumerate(raw_subjects):
        kind, name = text(subject, "kind"), text(subject, "name")
        if kind not in ("User", "Group", "ServiceAccount") or not name:
            continue
        namespace = text(subject, "namespace")
        principal: Principal | None
        if kind == "ServiceAccount":
            # an unset namespace takes the RoleBinding's; in a ClusterRoleBinding it matches nobody
            ns = namespace or (binding_ns if binding_kind == "RoleBinding" else None)
            principal = Principal("ServiceAccount", name, ns) if ns else None
            namespace = ns
        else:
            principal = Principal(kind, name)
            namespace = None
        out.append(BoundSubject(kind, name, namespace, index, principal))
    return out


class RbacModel:
    """Roles, bindings, ServiceAccounts and workloads, with indexes for the authorizer."""

    def __init__(self) -> None:
        # every role by key; several when unrelated parts of the set reuse a name (a binding uses
        # the one nearest to it: same file, same directory, same tree, else the first)
        self.roles: dict[RoleKey, list[Role]] = {}
        self.bindings: list[Binding] = []
        self._builtin_bindings: dict[tuple[str, str | None, str], Binding] = {}
        self.workloads: list[Workload] = []
        self.table = ResourceTable()
        # ServiceAccounts known per namespace: declared, run by pods, or named by bindings
        self.service_accounts: dict[str, dict[str, Resource | None]] = {}
        # those that exist: declared, run by the set's pods (admission requires it), or `default`;
        # a binding subject alone does not create its ServiceAccount
        self.existing_service_accounts: dict[str, set[str]] = {}
        # (namespace, ServiceAccount) -> declared legacy token Secrets
        self.token_secrets: dict[tuple[str, str], list[Resource]] = {}
        self.namespaces: set[str] = set()
        self.by_user: dict[str, list[tuple[Binding, BoundSubject]]] = {}
        self.by_group: dict[str, list[tuple[Binding, BoundSubject]]] = {}
        self.bindings_by_role: dict[Role, list[Binding]] = {}
        self.graph: Any = None

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, resources: Iterable[Resource], templates: Iterable[PodTemplate] = ()) -> RbacModel:
        model = cls()
        resources = list(resources)
        model.table.add_crds(r.raw for r in resources if r.kind == "CustomResourceDefinition")
        model._load_bootstrap()
        sa_automount: dict[tuple[str, str], bool] = {}
        for r in resources:
            kind, raw = r.kind, r.raw
            if r.namespace:
                model.namespaces.add(r.namespace)
            if r.ref.group == RBAC_GROUP and kind in ("Role", "ClusterRole"):
                if role_rejection(raw, kind == "Role") is not None:
                    continue  # the API server rejects the whole role: it grants nothing
                ns = r.namespace if kind == "Role" else None
                rules = read_rules(items(raw, "rules"), kind, ns, r.name, r)
                selectors = _selectors(raw) if kind == "ClusterRole" else None
                model._add_role(Role(kind, ns, r.name, _labels(raw), rules, selectors, r))
            elif r.ref.group == RBAC_GROUP and kind in ("RoleBinding", "ClusterRoleBinding"):
                ref = get(raw, ("roleRef",))
                role_kind, role_name = text(ref, "kind"), text(ref, "name")
                if role_kind not in ("Role", "ClusterRole") or not role_name:
                    continue
                if kind == "ClusterRoleBinding" and role_kind != "ClusterRole":
                    continue  # invalid: a ClusterRoleBinding may only reference a ClusterRole
                if binding_rejection(raw, kind == "RoleBinding") is not None:
                    continue  # the API server rejects the whole binding: it grants nothing
                ns = r.namespace if kind == "RoleBinding" else None
                model._replace_binding(
                    Binding(
                        kind,
                        ns,
                        r.name,
                        role_kind,
                        role_name,
                        _subjects(items(raw, "subjects"), kind, ns),
                        r,
                        _labels(raw),
                    )
                )
            elif r.ref.group == "" and kind == "ServiceAccount" and r.namespace:
                model.service_accounts.setdefault(r.namespace, {})[r.name] = r
                model.existing_service_accounts.setdefault(r.namespace, set()).add(r.name)
                value = raw.get("automountServiceAccountToken") if isinstance(raw, dict) else None
                if isinstance(value, bool):
                    sa_automount[(r.namespace, r.name)] = value
            elif (
                r.ref.group == ""
                and kind == "Secret"
                and r.namespace
                and get(raw, ("type",)) == SA_TOKEN_TYPE
            ):
                sa = r.annotations.get(SA_NAME_ANNOTATION)
                if isinstance(sa, str) and sa:
                    model.token_secrets.setdefault((r.namespace, sa), []).append(r)
        for template in templates:
            model._add_workload(template, sa_automount)
        for binding in model.bindings:
            if binding.builtin:
                continue  # the defaults name control-plane accounts, not the set's
            for subject in binding.subjects:
                p = subject.principal
                if p is not None and p.kind == "ServiceAccount" and p.namespace:
                    model.service_accounts.setdefault(p.namespace, {}).setdefault(p.name, None)
        for ns in model.namespaces:
            model.service_accounts.setdefault(ns, {}).setdefault("default", None)
        model.namespaces.update(model.service_accounts)
        for ns in model.namespaces:
            model.existing_service_accounts.setdefault(ns, set()).add("default")
        model.aggregate()
        model._index()
        return model

    def _load_bootstrap(self) -> None:
        data = _bootstrap_data()
        for raw in data.get("clusterRoles", []):
            name = raw["name"]
            rules = read_rules(raw.get("rules", []), "ClusterRole", None, name, None)
            self.roles[("ClusterRole", None, name)] = [
                Role("ClusterRole", None, name, dict(raw.get("labels") or {}), rules, _selectors(raw), None)
            ]
        for raw in data.get("clusterRoleBindings", []):
            subjects = [
                BoundSubject(
                    s["kind"],
                    s["name"],
                    s.get("namespace"),
                    i,
                    Principal(s["kind"], s["name"], s.get("namespace")),
                )
                for i, s in enumerate(raw["subjects"])
            ]
            binding = Binding(
                "ClusterRoleBinding", None, raw["name"], "ClusterRole", raw["role"], subjects, None
            )
            self.bindings.append(binding)
            self._builtin_bindings[(binding.kind, None, binding.name)] = binding

    def _add_role(self, role: Role) -> None:
        variants = [r for r in self.roles.get(role.key, []) if not r.builtin]  # the set's replaces a builtin
        variants.append(role)
        self.roles[role.key] = variants

    def all_roles(self) -> Iterator[Role]:
        for variants in self.roles.values():
            yield from variants

    def _replace_binding(self, binding: Binding) -> None:
        # an object of the set replaces the builtin of the same kind and name
        key = (binding.kind, binding.namespace, binding.name)
        builtin = self._builtin_bindings.pop(key, None)
        if builtin is not None:
            self.bindings.remove(builtin)
        self.bindings.append(binding)

    def _add_workload(self, template: PodTemplate, sa_automount: dict[tuple[str, str], bool]) -> None:
        raw = template.raw_spec
        if not isinstance(raw, dict):
            return
        name = text(raw, "serviceAccountName") or text(raw, "serviceAccount") or "default"
        ns = template.namespace or "default"
        pod_value = raw.get("automountServiceAccountToken")
        if isinstance(pod_value, bool):
            automount, reason = pod_value, "the pod's automountServiceAccountToken"
        elif (ns, name) in sa_automount:
            automount, reason = sa_automount[(ns, name)], "the ServiceAccount's automountServiceAccountToken"
        else:
            automount, reason = True, "default"
        if not automount and _projects_token(raw):
            automount, reason = True, "a projected serviceAccountToken volume"
        self.workloads.append(Workload(template, Principal("ServiceAccount", name, ns), automount, reason))
        self.service_accounts.setdefault(ns, {}).setdefault(name, None)
        self.existing_service_accounts.setdefault(ns, set()).add(name)

    def aggregate(self) -> None:
        """Resolve aggregationRule: the rules of every ClusterRole any selector matches, until a fixpoint."""
        for role in self.all_roles():
            role.effective = list(role.rules)
        aggregated = sorted((r for r in self.all_roles() if r.selectors is not None), key=lambda r: r.name)
        if not aggregated:
            return
        cluster_roles = sorted((r for r in self.all_roles() if r.kind == "ClusterRole"), key=lambda r: r.name)
        for role in aggregated:
            role.effective = []
        for _ in range(len(aggregated) + 1):
            changed = False
            for role in aggregated:
                seen: set[Any] = set()
                rules: list[Rule] = []
                sources: list[str] = []
                for other in cluster_roles:
                    if other is role or not any(s.matches(other.labels) for s in role.selectors or ()):
                        continue
                    if other.name not in sources:
                        sources.append(other.name)
                    for rule in other.effective:
                        if rule.key not in seen:
                            seen.add(rule.key)
                            rules.append(rule)
                if [r.key for r in rules] != [r.key for r in role.effective]:
                    role.effective = rules
                    changed = True
                role.aggregated_from = sources
            if not changed:
                break

    def _index(self) -> None:
        for binding in self.bindings:
            binding.role = self.find_role(binding.role_key, binding.resource)
            if binding.role is not None:
                self.bindings_by_role.setdefault(binding.role, []).append(binding)
            for subject in binding.subjects:
                p = subject.principal
                if p is None:
                    continue
                if p.kind == "Group":
                    self.by_group.setdefault(p.name, []).append((binding, subject))
                else:
                    user = p.user
                    assert user is not None
                    self.by_user.setdefault(user, []).append((binding, subject))

    # -- queries --------------------------------------------------------------------------------
    def role_of(self, binding: Binding) -> Role | None:
        return binding.role

    def find_role(self, key: RoleKey, near: Resource | None = None) -> Role | None:
        variants = self.roles.get(key)
        if not variants:
            return None
        if len(variants) == 1 or near is None:
            return variants[0]
        here = folder(near)

        def distance(role: Role) -> tuple[bool, bool, bool]:
            if role.resource is None:
                return (True, True, True)
            there = folder(role.resource)
            return (role.resource.doc.file != near.doc.file, there != here, not same_tree(there, here))

        return min(variants, key=distance)

    def bindings_of(self, principal: Principal) -> Iterator[tuple[Binding, BoundSubject]]:
        """The bindings whose subjects apply to ``principal`` (appliesTo)."""
        user = principal.user
        if user is not None:
            yield from self.by_user.get(user, ())
        for group in sorted(principal.groups):
            yield from self.by_group.get(group, ())

    def grants(self, principal: Principal) -> list[Grant]:
        """Every (rule, scope) the principal holds directly."""
        out: list[Grant] = []
        for binding, subject in self.bindings_of(principal):
            role = self.role_of(binding)
            if role is None:
                continue
            out.extend(Grant(rule, binding.scope, binding, role, subject) for rule in role.effective)
        return out

    def known_service_accounts(self, namespace: str, existing: bool = False) -> list[Principal]:
        """ServiceAccounts of ``namespace`` ("*": of every namespace) the set names; ``existing``:
        only those that exist (declared, run by the set's pods, or ``default``)."""
        source: dict[str, Any] = self.existing_service_accounts if existing else self.service_accounts
        if namespace == "*":
            return [
                Principal("ServiceAccount", name, ns) for ns in sorted(source) for name in sorted(source[ns])
            ]
        return [Principal("ServiceAccount", name, namespace) for name in sorted(source.get(namespace, ()))]

    def namespaced(self, group: str, resource: str) -> bool:
        value = self.table.namespaced(group, resource)
        return True if value is None else value


@dataclass(frozen=True, slots=True)
class Grant:
    """A rule a principal holds through a binding, valid in ``scope`` ("*": everywhere)."""

    rule: Rule
    scope: str
    binding: Binding
    role: Role
    subject: BoundSubject | None = None

    def where(self) -> str:
        return "cluster-wide" if self.scope == "*" else f"in namespace {self.scope}"


def _projects_token(raw_spec: Any) -> bool:
    for volume in items(raw_spec, "volumes"):
        for source in items(get(volume, ("projected",)), "sources"):
            if isinstance(source, dict) and isinstance(source.get("serviceAccountToken"), dict):
                return True
    return False
