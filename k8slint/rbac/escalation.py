"""Effective reach: what a principal can become, closed transitively.

"S can act as T" edges come from what S holds (k8s docs, RBAC good practices; pkg/registry/rbac/
escalation_check.go for bind and escalate):

- create pods, or create/update/patch a pod controller, in N: any ServiceAccount of N;
- impersonate users, groups or serviceaccounts (resourceNames restrict): those identities;
- create serviceaccounts/token in N (resourceNames restrict): those ServiceAccounts;
- list/watch secrets in N, or get a declared token Secret: the ServiceAccounts of the declared
  ``kubernetes.io/service-account-token`` Secrets; create + read secrets in N: any ServiceAccount of N
  (the token controller fills a token Secret created for it); before 1.24 any read of secrets in N;
- escalate with update/patch on roles: every rule at that scope;
- bind on a role with create/update/patch on bindings: that role at the binding's scope;
- exec/attach/ephemeral containers/update pods in N: the ServiceAccounts of the set's pods in N that
  hold a token;
- nodes/proxy, mutating webhook configurations, and any ServiceAccount of kube-system (the
  controller manager's, e.g. clusterrole-aggregation-controller holds escalate): cluster-admin;
- approving kube-apiserver-client CSRs: every user and group of the set but system:masters.

The graph has two kinds of virtual nodes so that edges stay few: ``Namespace N`` (any
ServiceAccount of N; ``*``: of every namespace) and ``Pods N`` (the ServiceAccounts of the set's
pods in N that hold a token; only those of the directory tree of the binding that grants access to
them, as a repository of alternative variants or unrelated projects shares namespace names).

An Escalation built for a ``tree`` (a directory) is the view of one deployment: the grants of the
bindings of that directory tree and the cluster's defaults, the pods and token Secrets of that tree.
``scoped=False`` (--assume-complete) treats the whole set as one deployment. Each principal's edges are derived once, from what it holds itself;
reach is a breadth-first search over them, so the shortest chain is reported. Combinations that
need the grants of two identities at once (``bind`` held by one, ``create rolebindings`` by
another) are not followed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from k8slint.rbac.authorizer import Request, group_matches, resource_matches, rule_allows, verb_matches
from k8slint.rbac.model import MASTERS, Binding, Grant, Principal, RbacModel, folder, same_tree
from k8slint.rbac.risks import CONTROLLERS

if TYPE_CHECKING:
    from k8slint.model.resource import Resource

CLUSTER_ADMIN = Principal("Group", MASTERS)
KUBE_SYSTEM = "kube-system"
RBAC = "rbac.authorization.k8s.io"
_EVERYTHING = Request("*", "*", "*")


def any_sa(namespace: str) -> Principal:
    """Virtual: any ServiceAccount of ``namespace`` ("*": of every namespace)."""
    return Principal("Namespace", namespace)


def pod_sas(namespace: str, tree: str | None = None) -> Principal:
    """Virtual: the ServiceAccounts of the set's token-holding pods in ``namespace``; ``tree``: only
    the pods of that directory tree (the one of the binding that grants access to them)."""
    return Principal("Pods", namespace, tree)


@dataclass(frozen=True, slots=True)
class Held:
    """A grant and the principal holding it."""

    holder: Principal
    grant: Grant


@dataclass(frozen=True, slots=True)
class Step:
    source: Principal
    target: Principal
    reason: str
    via: Held | None

    def text(self) -> str:
        """A sentence: the source, what lets it, and a virtual target (a real one is in the reason)."""
        tail = ""
        if self.target == CLUSTER_ADMIN:
            if self.reason.rsplit(" ", 1)[-1] in ("gaining", "is", "as", "for", "of"):
                tail = " cluster-admin"
        elif self.target.virtual or self.source.virtual:
            tail = f" {self.target}"
        return f"{self.source} {self.reason}{tail}"


@dataclass(slots=True)
class Reach:
    principal: Principal
    steps: dict[Principal, Step] = field(default_factory=dict)  # how each reached node was reached

    @property
    def cluster_admin(self) -> bool:
        return self.principal == CLUSTER_ADMIN or CLUSTER_ADMIN in self.steps

    def chain(self, target: Principal) -> list[Step]:
        out: list[Step] = []
        seen: set[Principal] = set()
        while target in self.steps and target not in seen:
            seen.add(target)
            step = self.steps[target]
            out.append(step)
            target = step.source
        return list(reversed(out))

    def admin_path(self) -> list[Step]:
        """How the principal gets cluster-admin power: the chain of steps, shortest first."""
        return self.chain(CLUSTER_ADMIN) if CLUSTER_ADMIN in self.steps else []

    def identities(self) -> Iterable[tuple[Principal, Step]]:
        """Reached users, groups and ServiceAccounts (not the virtual nodes)."""
        for target, step in self.steps.items():
            if target.kind in ("User", "Group", "ServiceAccount"):
                yield target, step


def _intersect(a: str, b: str) -> str | None:
    if a == "*":
        return b
    if b == "*" or a == b:
        return a
    return None


class Escalation:
    def __init__(
        self,
        model: RbacModel,
        kube_version: tuple[int, int] = (1, 37),
        *,
        scoped: bool = True,
        tree: str | None = None,
    ) -> None:
        self.model = model
        self.kube_version = kube_version
        self.scoped = scoped
        self.tree = tree if scoped else None
        self._own: dict[Principal, list[Held]] = {}
        self._edges: dict[Principal, list[Step]] = {}
        self._reach: dict[Principal, Reach] = {}
        self.users = sorted(
            {
                s.principal
                for b in model.bindings
                if self._in_tree(b.resource)
                for s in b.subjects
                if s.principal and s.principal.kind in ("User", "Group")
            },
            key=str,
        )
        self._sas_memo: dict[tuple[str, bool], list[Principal]] = {}
        self._roles_memo: dict[str, list[str]] = {}
        # bare Pods holding a token, by (namespace, name): exec limited by resourceNames reaches them;
        # each with its directory
        self._named_pods: dict[tuple[str, str], list[tuple[str, Principal]]] = {}
        self._pods: dict[str, list[tuple[str, Principal]]] = {}
        for w in model.workloads:
            if not w.automount or not self._in_tree(w.resource):
                continue
            ns = w.resource.namespace or "default"
            entry = (folder(w.resource), w.service_account)
            if w.resource.kind == "Pod":
                self._named_pods.setdefault((ns, w.resource.name), []).append(entry)
            if entry not in self._pods.setdefault(ns, []):
                self._pods[ns].append(entry)

    def _in_tree(self, resource: Resource | None) -> bool:
        """Whether an object of the set belongs to this view (a default of the cluster always does)."""
        return resource is None or self.tree is None or same_tree(self.tree, folder(resource))

    def _origin(self, held: Held) -> str | None:
        """The directory of the binding behind a grant: pods it reaches must be of its tree."""
        resource = held.grant.binding.resource
        return folder(resource) if self.scoped and resource is not None else None

    def _pods_of(self, namespace: str, origin: str | None) -> list[Principal]:
        out: list[Principal] = []
        for where, sa in self._pods.get(namespace, ()):
            if (origin is None or same_tree(origin, where)) and sa not in out:
                out.append(sa)
        return out

    # -- what a principal holds directly --------------------------------------------------------
    def own(self, principal: Principal) -> list[Held]:
        found = self._own.get(principal)
        if found is not None:
            return found
        held: list[Held] = []
        if principal.kind == "Bound":
            role_kind, _, role_name = principal.name.partition(":")
            scope = principal.namespace or "*"
            role = self.model.find_role((role_kind, scope if role_kind == "Role" else None, role_name))
            if role is not None:
                synthetic = Binding(
                    "ClusterRoleBinding" if scope == "*" else "RoleBinding",
                    None if scope == "*" else scope,
                    f"(a new binding to {role_name})",
                    role_kind,
                    role_name,
                    [],
                    None,
                )
                held = [Held(principal, Grant(rule, scope, synthetic, role)) for rule in role.effective]
        elif principal.kind in ("User", "Group", "ServiceAccount"):
            held = [
                Held(principal, g) for g in self.model.grants(principal) if self._in_tree(g.binding.resource)
            ]
        self._own[principal] = held
        return held

    # -- matching over held grants --------------------------------------------------------------
    @staticmethod
    def _index(held: list[Held]) -> dict[str, list[Held]]:
        """Grants by resource entry (``pods``, ``pods/exec``, ``*``, ``*/scale``)."""
        out: dict[str, list[Held]] = {}
        for h in held:
            for entry in h.grant.rule.resources:
                out.setdefault(entry, []).append(h)
        return out

    @staticmethod
    def _match(
        index: dict[str, list[Held]],
        verbs: tuple[str, ...],
        group: str,
        resource: str,
        sub: str = "",
        *,
        cluster_scoped: bool = False,
        nameless: bool = False,
    ) -> list[Held]:
        """Grants allowing any of ``verbs`` on (group, resource/sub), whatever the name (``nameless``:
        only rules without resourceNames, for create/list/watch). ``cluster_scoped``: only
        ClusterRoleBinding grants count."""
        entries = [f"{resource}/{sub}" if sub else resource, "*"]
        if sub:
            entries.append(f"*/{sub}")
        out: list[Held] = []
        for entry in entries:
            for h in index.get(entry, ()):
                rule = h.grant.rule
                if cluster_scoped and h.grant.scope != "*":
                    continue
                if nameless and rule.resource_names:
                    continue
                if not any(verb_matches(rule, v) for v in verbs):
                    continue
                if group_matches(rule, group) and resource_matches(rule, resource, sub) and h not in out:
                    out.append(h)
        return out

    def _sas(self, scope: str, existing: bool = True) -> list[Principal]:
        """The ServiceAccounts of ``scope`` that exist (declared, run by the set's pods, or
        ``default``); ``existing=False``: every one the set names, bindings' subjects included (an
        impersonated identity need not exist)."""
        key = (scope, existing)
        found = self._sas_memo.get(key)
        if found is None:
            found = self._sas_memo[key] = self.model.known_service_accounts(scope, existing)
        return found

    # -- edges ----------------------------------------------------------------------------------
    def edges(self, p: Principal) -> list[Step]:
        found = self._edges.get(p)
        if found is None:
            found = self._edges[p] = [Step(p, t, reason, via) for t, reason, via in self._derive(p)]
        return found

    def _derive(self, p: Principal) -> list[tuple[Principal, str, Held | None]]:
        if p.kind == "Namespace":
            if p.name == "*":
                out: list[tuple[Principal, str, Held | None]] = [
                    (
                        CLUSTER_ADMIN,
                        "includes kube-system's controller ServiceAccounts, which hold cluster-admin power",
                        None,
                    )
                ]
                out.extend((any_sa(ns), "includes", None) for ns in sorted(self.model.service_accounts))
                return out
            out = [(sa, "includes", None) for sa in self._sas(p.name)]
            if p.name == KUBE_SYSTEM:
                out.insert(
                    0,
                    (
                        CLUSTER_ADMIN,
                        "includes the controller manager's accounts (clusterrole-aggregation-controller can escalate): cluster-admin power",
                        None,
                    ),
                )
            return out
        if p.kind == "Pods":
            namespaces = sorted(self._pods) if p.name == "*" else [p.name]
            return [
                (sa, "include those of", None) for ns in namespaces for sa in self._pods_of(ns, p.namespace)
            ]
        return self.derive(self.own(p))

    def derive(self, held: list[Held]) -> list[tuple[Principal, str, Held | None]]:
        """Nodes the holder of ``held`` can act as, each with the reason and the enabling grant."""
        steps: list[tuple[Principal, str, Held | None]] = []
        m = self._match
        idx = self._index(held)
        # 0. * on * cluster-wide is cluster-admin
        for h in held:
            if h.grant.scope == "*" and rule_allows(h.grant.rule, _EVERYTHING):
                steps.append((CLUSTER_ADMIN, f"holds {h.grant.rule.describe()} cluster-wide", h))
                return steps
        # 1. run pods as any ServiceAccount of the namespace
        pod_creators = [(h, "create pods") for h in m(idx, ("create",), "", "pods", nameless=True)]
        for group, resource in CONTROLLERS:
            pod_creators += [
                (h, f"create {resource}") for h in m(idx, ("create",), group, resource, nameless=True)
            ]
            pod_creators += [(h, f"update {resource}") for h in m(idx, ("update", "patch"), group, resource)]
        for h, what in pod_creators:
            steps.append((any_sa(h.grant.scope), f"can {what} {h.grant.where()}, so it runs pods as", h))
        # 2. impersonation
        for h in m(idx, ("impersonate",), "", "users", cluster_scoped=True):
            names = h.grant.rule.resource_names
            for u in self.users:
                if u.kind == "User" and (not names or u.name in names):
                    steps.append((u, f"can impersonate user {u.name}", h))
        # Impersonate-Group needs Impersonate-User: the API server refuses groups "without
        # impersonating a user" (apiserver endpoints/filters/impersonation.go), so group
        # impersonation counts only with some user or ServiceAccount to impersonate as well
        as_user = m(idx, ("impersonate",), "", "users", cluster_scoped=True) or m(
            idx, ("impersonate",), "", "serviceaccounts"
        )
        for h in m(idx, ("impersonate",), "", "groups", cluster_scoped=True) if as_user else ():
            names = h.grant.rule.resource_names
            if not names or MASTERS in names:
                steps.append((CLUSTER_ADMIN, "can impersonate a user in group system:masters", h))
            for u in self.users:
                if u.kind == "Group" and (not names or u.name in names):
                    steps.append((u, f"can impersonate a user in group {u.name}", h))
        for h in m(idx, ("impersonate",), "", "serviceaccounts"):
            names = h.grant.rule.resource_names
            if not names:
                steps.append(
                    (any_sa(h.grant.scope), f"can impersonate ServiceAccounts {h.grant.where()}, that is", h)
                )
                # an impersonated ServiceAccount need not exist: the bindings' subjects count too
                # (cluster-wide, "any ServiceAccount of any namespace" is cluster-admin already)
                if h.grant.scope != "*":
                    existing = set(self._sas(h.grant.scope))
                    for sa in self._sas(h.grant.scope, existing=False):
                        if sa not in existing:
                            steps.append((sa, f"can impersonate {sa}", h))
                continue
            for sa in self._sas(h.grant.scope, existing=False):
                if sa.name in names:
                    steps.append((sa, f"can impersonate {sa}", h))
        # 3. token requests
        for h in m(idx, ("create",), "", "serviceaccounts", "token"):
            names = h.grant.rule.resource_names
            if not names:
                steps.append(
                    (any_sa(h.grant.scope), f"can create ServiceAccount tokens {h.grant.where()} for", h)
                )
                continue
            for sa in self._sas(h.grant.scope):  # a TokenRequest needs the ServiceAccount to exist
                if sa.name in names:
                    steps.append((sa, f"can create tokens for {sa} (serviceaccounts/token)", h))
        # 4./5. token Secrets
        readers = m(idx, ("get", "list", "watch"), "", "secrets")
        sa_readers = m(idx, ("get", "list", "watch"), "", "serviceaccounts")
        for h in readers:
            rule = h.grant.rule
            lists = not rule.resource_names and (verb_matches(rule, "list") or verb_matches(rule, "watch"))
            for (ns, sa_name), secrets in sorted(self.model.token_secrets.items()):
                if h.grant.scope not in ("*", ns):
                    continue
                readable = [
                    s
                    for s in secrets
                    if (self._in_tree(s) and lists)
                    or (
                        verb_matches(rule, "get")
                        and (not rule.resource_names or s.name in rule.resource_names)
                    )
                ]
                if readable:
                    sa = Principal("ServiceAccount", sa_name, ns)
                    steps.append((sa, f'can read the token Secret "{readable[0].name}" of {sa}', h))
            # before 1.24 every ServiceAccount had a token Secret with a generated name: listing
            # finds them, a get needs the name, which the ServiceAccount's `secrets` shows
            if self.kube_version < (1, 24) and not rule.resource_names:
                finds = lists or any(_intersect(h.grant.scope, s.grant.scope) is not None for s in sa_readers)
                if finds:
                    steps.append(
                        (
                            any_sa(h.grant.scope),
                            f"can read secrets {h.grant.where()}, which hold the tokens (before 1.24) of",
                            h,
                        )
                    )
        # minting: create a token Secret for a ServiceAccount and read it once the token controller
        # fills it. A read limited by resourceNames needs a free name: one it can delete first.
        deleters = m(idx, ("delete",), "", "secrets")
        for c in m(idx, ("create",), "", "secrets", nameless=True):
            for r in readers:
                scope = _intersect(c.grant.scope, r.grant.scope)
                if scope is None:
                    continue
                where = "cluster-wide" if scope == "*" else f"in namespace {scope}"
                names = r.grant.rule.resource_names
                if not names:
                    steps.append(
                        (
                            any_sa(scope),
                            f"can create and read secrets {where}, so it can mint a token Secret for",
                            c,
                        )
                    )
                    continue
                freed = sorted(
                    n
                    for n in names
                    if verb_matches(r.grant.rule, "get")
                    and any(
                        _intersect(scope, d.grant.scope) is not None
                        and (not d.grant.rule.resource_names or n in d.grant.rule.resource_names)
                        for d in deleters
                    )
                )
                if freed:
                    steps.append(
                        (
                            any_sa(scope),
                            f'can delete, create and read the secret "{freed[0]}" {where}, so it can '
                            "replace it with a token Secret for",
                            c,
                        )
                    )
        # 6. escalate + update the roles it is bound to
        for resource in ("clusterroles", "roles"):
            cluster = resource == "clusterroles"
            kind = "ClusterRole" if cluster else "Role"
            for e in m(idx, ("escalate",), RBAC, resource, cluster_scoped=cluster):
                for u in m(idx, ("update", "patch"), RBAC, resource, cluster_scoped=cluster):
                    scope = _intersect(e.grant.scope, u.grant.scope)
                    if scope is None:
                        continue
                    # it must be able to change a role of that kind it is bound to at that scope
                    names = u.grant.rule.resource_names
                    if names and not any(
                        h.grant.role.kind == kind
                        and h.grant.role.name in names
                        and _intersect(scope, h.grant.scope) is not None
                        for h in held
                    ):
                        continue
                    target = (
                        CLUSTER_ADMIN
                        if scope == "*"
                        else Principal("Bound", "ClusterRole:cluster-admin", scope)
                    )
                    steps.append(
                        (
                            target,
                            f"can escalate and update {resource} {e.grant.where()}, so it grants itself any rule, that is",
                            e,
                        )
                    )
        # 7. bind + write bindings
        for resource in ("clusterroles", "roles"):
            kind = "ClusterRole" if resource == "clusterroles" else "Role"
            for b in m(idx, ("bind",), RBAC, resource):
                names = sorted(b.grant.rule.resource_names)
                for binding_res in ("clusterrolebindings", "rolebindings"):
                    cluster = binding_res == "clusterrolebindings"
                    if cluster and (kind == "Role" or b.grant.scope != "*"):
                        continue
                    for w in m(idx, ("create", "update", "patch"), RBAC, binding_res, cluster_scoped=cluster):
                        scope = "*" if cluster else _intersect(b.grant.scope, w.grant.scope)
                        if scope is None or (kind == "Role" and scope == "*"):
                            continue
                        targets = names or (
                            ["cluster-admin"] if kind == "ClusterRole" else self._roles_in(scope)
                        )
                        for name in targets:
                            bound = Principal("Bound", f"{kind}:{name}", scope)
                            if scope == "*" and kind == "ClusterRole" and name == "cluster-admin":
                                bound = CLUSTER_ADMIN
                            steps.append(
                                (
                                    bound,
                                    f"can bind {kind} {name} and write {binding_res} {b.grant.where()}, gaining",
                                    b,
                                )
                            )
        # 9. kubelet API
        for h in m(idx, ("get", "create"), "", "nodes", "proxy", cluster_scoped=True):
            rule = h.grant.rule
            verb = "create" if verb_matches(rule, "create") else "get"
            via = (
                ""
                if "nodes/proxy" in rule.resources
                else f" (its rule names {','.join(sorted(rule.resources))})"
            )
            how = "" if verb == "create" else " over WebSocket"
            steps.append(
                (
                    CLUSTER_ADMIN,
                    f"can {verb} nodes/proxy{via}, the kubelet API: exec in any pod of any node{how}",
                    h,
                )
            )
        # 10./11. running pods
        exec_verbs = ("create",) if self.kube_version >= (1, 35) else ("create", "get")
        entries = [(v, "exec") for v in exec_verbs] + [(v, "attach") for v in exec_verbs]
        entries += [
            ("update", "ephemeralcontainers"),
            ("patch", "ephemeralcontainers"),
            ("update", ""),
            ("patch", ""),
        ]
        for verb, sub in entries:
            what = f"{verb} pods/{sub}" if sub else f"{verb} pods"
            for h in m(idx, (verb,), "", "pods", sub):
                names = h.grant.rule.resource_names
                if not names:
                    steps.append(
                        (
                            pod_sas(h.grant.scope, self._origin(h)),
                            f"can {what} {h.grant.where()}, so it holds the tokens of",
                            h,
                        )
                    )
                    continue
                origin = self._origin(h)
                for ns, name in sorted(self._named_pods):
                    if name in names and h.grant.scope in ("*", ns):
                        for where, sa in self._named_pods[(ns, name)]:
                            if origin is None or same_tree(origin, where):
                                steps.append((sa, f"can {what} of Pod {ns}/{name} and take its token", h))
        # 12. client certificates
        creates = m(
            idx,
            ("create",),
            "certificates.k8s.io",
            "certificatesigningrequests",
            cluster_scoped=True,
            nameless=True,
        )
        approves = m(
            idx,
            ("update", "patch"),
            "certificates.k8s.io",
            "certificatesigningrequests",
            "approval",
            cluster_scoped=True,
        )
        signers = [
            h
            for h in m(idx, ("approve",), "certificates.k8s.io", "signers", cluster_scoped=True)
            if not h.grant.rule.resource_names
            or {"kubernetes.io/kube-apiserver-client", "kubernetes.io/*"} & h.grant.rule.resource_names
        ]
        if creates and approves and signers:
            for u in self.users:
                if u.name != MASTERS:
                    steps.append((u, f"can issue and approve client certificates for {u}", approves[0]))
        # 13. mutating admission webhooks (a validating one sees and refuses writes but cannot change them)
        for h in m(
            idx,
            ("create", "update", "patch"),
            "admissionregistration.k8s.io",
            "mutatingwebhookconfigurations",
            cluster_scoped=True,
        ):
            steps.append(
                (
                    CLUSTER_ADMIN,
                    "can write mutatingwebhookconfigurations (rewrites every object, pods included)",
                    h,
                )
            )
        return steps

    def _roles_in(self, namespace: str) -> list[str]:
        found = self._roles_memo.get(namespace)
        if found is None:
            found = self._roles_memo[namespace] = sorted(
                {r.name for r in self.model.all_roles() if r.kind == "Role" and r.namespace == namespace}
            )
        return found

    # -- closure --------------------------------------------------------------------------------
    def reach(self, principal: Principal) -> Reach:
        """Every node the principal can act as, each with the step that reached it first."""
        found = self._reach.get(principal)
        if found is not None:
            return found
        reach = Reach(principal)
        seen = {principal}
        queue = deque([principal])
        while queue:
            node = queue.popleft()
            for step in self.edges(node):
                if step.target in seen:
                    continue
                seen.add(step.target)
                reach.steps[step.target] = step
                if step.target == CLUSTER_ADMIN:
                    continue  # nothing lies beyond
                queue.append(step.target)
        self._reach[principal] = reach
        return reach

    def admins(self, starts: Iterable[Principal]) -> dict[Principal, list[Step]]:
        """For each start that reaches cluster-admin, its shortest chain. Explores the nodes
        reachable from all starts once, then walks back from cluster-admin: linear in the explored
        graph, however many starts there are."""
        starts = list(dict.fromkeys(starts))
        seen: set[Principal] = set(starts)
        queue = deque(starts)
        reverse: dict[Principal, list[Step]] = {}
        while queue:
            node = queue.popleft()
            if node == CLUSTER_ADMIN:
                continue
            for step in self.edges(node):
                reverse.setdefault(step.target, []).append(step)
                if step.target not in seen:
                    seen.add(step.target)
                    queue.append(step.target)
        nxt: dict[Principal, Step] = {}
        done = {CLUSTER_ADMIN}
        back = deque([CLUSTER_ADMIN])
        while back:
            node = back.popleft()
            for step in reverse.get(node, ()):
                if step.source not in done:
                    done.add(step.source)
                    nxt[step.source] = step
                    back.append(step.source)
        out: dict[Principal, list[Step]] = {}
        for start in starts:
            if start not in nxt:
                continue
            chain: list[Step] = []
            node = start
            while node in nxt and len(chain) < 64:
                chain.append(nxt[node])
                node = nxt[node].target
            out[start] = chain
        return out
