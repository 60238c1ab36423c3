"""Risky grants: which rules of a role give a dangerous permission, judged as the authorizer would.

Each probe names requests; a rule is risky when ``rule_allows`` admits one of them (so ``*`` verbs,
``*`` groups, ``*`` and ``*/sub`` resources count, resources of other API groups do not, and a rule
limited by ``resourceNames`` only counts where a probe says names do not restrict it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from k8slint.rbac.authorizer import Request, Rule, rule_allows

RBAC = "rbac.authorization.k8s.io"
CONTROLLERS = (
    ("apps", "deployments"),
    ("apps", "replicasets"),
    ("apps", "statefulsets"),
    ("apps", "daemonsets"),
    ("", "replicationcontrollers"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
)
_NAME = "\x00any"  # a name no rule lists: rules limited by resourceNames do not match it


@dataclass(frozen=True, slots=True)
class Probe:
    """Requests that make a rule risky, and how to say it."""

    requests: tuple[Request, ...]
    text: str
    cluster_only: bool = False  # a cluster-scoped resource: RoleBindings cannot grant it
    names_restrict: bool = True  # False: a rule with resourceNames still counts (checked by name)

    def allows(self, rule: Rule) -> bool:
        return any(self._admits(rule, request) for request in self.requests)

    def _admits(self, rule: Rule, request: Request) -> bool:
        if rule_allows(rule, request):
            return True
        if not self.names_restrict and rule.resource_names:
            name = sorted(rule.resource_names)[0]
            named = Request(
                request.verb, request.group, request.resource, request.subresource, name, request.namespace
            )
            return rule_allows(rule, named)
        return False

    def describe(self, rules: Iterable[Rule]) -> str:
        """What ``rules`` allow of this probe: "get/list secrets", "create pods/exec"."""
        rules = list(rules)
        verbs: dict[str, list[str]] = {}
        for request in self.requests:
            if any(self._admits(rule, request) for rule in rules):
                what = (
                    request.resource if request.group in ("", "*") else f"{request.resource}.{request.group}"
                )
                what += f"/{request.subresource}" if request.subresource else ""
                if request.verb not in verbs.setdefault(what, []):
                    verbs[what].append(request.verb)
        return ", ".join(f"{'/'.join(v)} {what}" for what, v in verbs.items()) or self.text


def _req(
    verbs: Iterable[str], group: str, resource: str, sub: str = "", name: str = ""
) -> tuple[Request, ...]:
    return tuple(Request(v, group, resource, sub, name) for v in verbs)


def secrets_read() -> Probe:
    return Probe(
        _req(("get",), "", "secrets", name=_NAME) + _req(("list", "watch"), "", "secrets"),
        "read secrets (get/list/watch)",
    )


def pod_creation() -> Probe:
    reqs = _req(("create",), "", "pods")
    for group, resource in CONTROLLERS:
        reqs += _req(("create",), group, resource) + _req(("update", "patch"), group, resource, name=_NAME)
    return Probe(reqs, "create pods or pod controllers")


def pod_exec(kube_version: tuple[int, int]) -> Probe:
    verbs = ("create",) if kube_version >= (1, 35) else ("create", "get")
    reqs: tuple[Request, ...] = ()
    for sub in ("exec", "attach", "portforward"):
        reqs += _req(verbs, "", "pods", sub, _NAME)
    reqs += _req(("update", "patch"), "", "pods", "ephemeralcontainers", _NAME)
    return Probe(reqs, "exec, attach, port-forward or add ephemeral containers in pods")


def escalate() -> list[Probe]:
    """``escalate`` is checked in the new role's namespace: a RoleBinding can grant it on Roles only."""
    return [
        Probe(_req(("escalate",), RBAC, "roles", name=_NAME), "escalate roles", names_restrict=False),
        Probe(
            _req(("escalate",), RBAC, "clusterroles", name=_NAME),
            "escalate clusterroles",
            cluster_only=True,
            names_restrict=False,
        ),
    ]


def bind() -> Probe:
    return Probe(
        _req(("bind",), RBAC, "roles", name=_NAME) + _req(("bind",), RBAC, "clusterroles", name=_NAME),
        "bind any role",
    )


def impersonate() -> list[Probe]:
    cluster = _req(("impersonate",), "", "users", name=_NAME) + _req(
        ("impersonate",), "", "groups", name=_NAME
    )
    cluster += _req(("impersonate",), "authentication.k8s.io", "userextras", "scopes", _NAME)
    cluster += _req(("impersonate",), "authentication.k8s.io", "uids", name=_NAME)
    return [
        Probe(cluster, "impersonate users or groups", cluster_only=True, names_restrict=False),
        Probe(
            _req(("impersonate",), "", "serviceaccounts", name=_NAME),
            "impersonate ServiceAccounts",
            names_restrict=False,
        ),
    ]


def token_request() -> Probe:
    return Probe(
        _req(("create",), "", "serviceaccounts", "token", _NAME),
        "create ServiceAccount tokens",
        names_restrict=False,
    )


def nodes_proxy() -> Probe:
    return Probe(
        _req(("get", "create"), "", "nodes", "proxy", _NAME),
        "proxy to the kubelet API (nodes/proxy)",
        cluster_only=True,
        names_restrict=False,
    )


def csr_approval() -> tuple[Probe, Probe]:
    approval = Probe(
        _req(("update", "patch"), "certificates.k8s.io", "certificatesigningrequests", "approval", _NAME),
        "approve CertificateSigningRequests",
        cluster_only=True,
        names_restrict=False,
    )
    signers = Probe(
        _req(("approve",), "certificates.k8s.io", "signers", name="kubernetes.io/kube-apiserver-client")
        + _req(("approve",), "certificates.k8s.io", "signers", name="kubernetes.io/*"),
        "approve for the kube-apiserver-client signer",
        cluster_only=True,
    )
    return approval, signers


def webhook_write() -> Probe:
    reqs: tuple[Request, ...] = ()
    for resource in ("mutatingwebhookconfigurations", "validatingwebhookconfigurations"):
        reqs += _req(("create",), "admissionregistration.k8s.io", resource)
        reqs += _req(("update", "patch"), "admissionregistration.k8s.io", resource, name=_NAME)
    return Probe(
        reqs, "create or change admission webhook configurations", cluster_only=True, names_restrict=False
    )


def rbac_write() -> list[Probe]:
    probes = []
    for resources, cluster in (
        (("roles", "rolebindings"), False),
        (("clusterroles", "clusterrolebindings"), True),
    ):
        reqs: tuple[Request, ...] = ()
        for resource in resources:
            reqs += _req(("create",), RBAC, resource) + _req(
                ("update", "patch", "delete"), RBAC, resource, name=_NAME
            )
        probes.append(Probe(reqs, "write RBAC objects", cluster_only=cluster, names_restrict=False))
    return probes


def namespace_patch() -> Probe:
    return Probe(
        _req(("patch", "update"), "", "namespaces", name=_NAME),
        "patch namespaces (their pod-security labels)",
        names_restrict=False,
    )


FULL = Request("*", "*", "*")


def full_wildcard(rule: Rule) -> bool:
    return rule_allows(rule, FULL)
