"""The API resources RBAC rules name: their group and whether they are namespaced.

Built-in resources come from the table below (what API discovery reports on a standard cluster);
custom resources from the CustomResourceDefinitions of the set. ``resolve`` reads a resource as
kubectl writes it (``pods``, ``pods/exec``, ``deployments.apps``, ``deploy``, ``*``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from k8slint.parse.sourcemap import get, items, text

_VERSION = re.compile(r"v[1-9][0-9]*(?:(?:alpha|beta)[1-9][0-9]*)?")

# group, then "plural[:shortname,...]" entries; a leading "^" marks a cluster-scoped resource.
# Where two groups serve one plural, the first group listed is the one kubectl picks.
_TABLE: tuple[tuple[str, str], ...] = (
    (
        "",
        "pods:po services:svc endpoints:ep configmaps:cm secrets serviceaccounts:sa "
        "persistentvolumeclaims:pvc ^persistentvolumes:pv ^nodes:no ^namespaces:ns events:ev "
        "limitranges:limits resourcequotas:quota replicationcontrollers:rc podtemplates bindings "
        "^componentstatuses:cs ^users ^groups",
    ),
    ("apps", "deployments:deploy replicasets:rs statefulsets:sts daemonsets:ds controllerrevisions"),
    ("batch", "jobs cronjobs:cj"),
    ("autoscaling", "horizontalpodautoscalers:hpa"),
    ("policy", "poddisruptionbudgets:pdb ^podsecuritypolicies:psp"),
    (
        "networking.k8s.io",
        "ingresses:ing networkpolicies:netpol ^ingressclasses ^ipaddresses:ip ^servicecidrs",
    ),
    ("discovery.k8s.io", "endpointslices"),
    ("rbac.authorization.k8s.io", "roles rolebindings ^clusterroles ^clusterrolebindings"),
    (
        "storage.k8s.io",
        "^storageclasses:sc ^volumeattachments ^csidrivers ^csinodes csistoragecapacities "
        "^volumeattributesclasses:vac",
    ),
    ("apiextensions.k8s.io", "^customresourcedefinitions:crd,crds"),
    ("apiregistration.k8s.io", "^apiservices"),
    (
        "admissionregistration.k8s.io",
        "^mutatingwebhookconfigurations ^validatingwebhookconfigurations ^validatingadmissionpolicies "
        "^validatingadmissionpolicybindings ^mutatingadmissionpolicies ^mutatingadmissionpolicybindings",
    ),
    ("certificates.k8s.io", "^certificatesigningrequests:csr ^clustertrustbundles ^signers"),
    ("coordination.k8s.io", "leases leasecandidates"),
    ("events.k8s.io", "events:ev"),
    ("scheduling.k8s.io", "^priorityclasses:pc"),
    ("node.k8s.io", "^runtimeclasses"),
    ("flowcontrol.apiserver.k8s.io", "^flowschemas ^prioritylevelconfigurations"),
    ("authentication.k8s.io", "^tokenreviews ^selfsubjectreviews ^userextras ^uids"),
    (
        "authorization.k8s.io",
        "^subjectaccessreviews ^selfsubjectaccessreviews ^selfsubjectrulesreviews localsubjectaccessreviews",
    ),
    ("resource.k8s.io", "resourceclaims resourceclaimtemplates ^deviceclasses ^resourceslices"),
    ("storagemigration.k8s.io", "^storageversionmigrations"),
    ("extensions", "ingresses:ing deployments daemonsets replicasets networkpolicies"),
)


@dataclass(frozen=True, slots=True)
class ApiResource:
    group: str
    resource: str  # plural
    namespaced: bool
    builtin: bool = True


@dataclass(frozen=True, slots=True)
class Target:
    """A request's target as kubectl would send it."""

    group: str  # "*" for every group
    resource: str  # plural, or "*"
    subresource: str
    namespaced: bool | None  # None: unknown resource (assumed namespaced)
    url: str | None = None  # a non-resource URL instead of a resource

    @property
    def combined(self) -> str:
        return f"{self.resource}/{self.subresource}" if self.subresource else self.resource

    def __str__(self) -> str:
        if self.url is not None:
            return self.url
        name = self.combined
        return (
            f"{self.resource}.{self.group}" + (f"/{self.subresource}" if self.subresource else "")
            if self.group not in ("", "*")
            else name
        )


class ResourceTable:
    """Group and scope of every resource: built-ins plus the set's CRDs."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], ApiResource] = {}
        self._by_name: dict[str, list[ApiResource]] = {}
        self._short: dict[str, list[ApiResource]] = {}
        for group, entries in _TABLE:
            for entry in entries.split():
                cluster = entry.startswith("^")
                plural, _, shorts = entry.lstrip("^").partition(":")
                res = ApiResource(group, plural, not cluster)
                self._add(res, [s for s in shorts.split(",") if s])

    def _add(self, res: ApiResource, shorts: Iterable[str] = ()) -> None:
        key = (res.group, res.resource)
        if key in self._by_key and self._by_key[key].builtin and not res.builtin:
            return  # a CRD cannot replace a built-in resource
        self._by_key[key] = res
        self._by_name.setdefault(res.resource, []).append(res)
        for short in shorts:
            self._short.setdefault(short, []).append(res)

    def add_crds(self, crds: Iterable[Any]) -> None:
        for raw in crds:
            group = text(get(raw, ("spec",)), "group")
            plural = text(get(raw, ("spec", "names")), "plural")
            scope = get(raw, ("spec", "scope"))
            if not group or not plural or scope not in ("Namespaced", "Cluster"):
                continue
            shorts = [s for s in items(get(raw, ("spec", "names")), "shortNames") if isinstance(s, str)]
            singular = text(get(raw, ("spec", "names")), "singular")
            self._add(ApiResource(group, plural, scope == "Namespaced", builtin=False), shorts)
            if singular and singular != plural:
                self._short.setdefault(singular, []).append(self._by_key[(group, plural)])

    def namespaced(self, group: str, resource: str) -> bool | None:
        """Whether (group, resource) is namespaced; None when unknown."""
        found = self._by_key.get((group, resource))
        if found is not None:
            return found.namespaced
        if group == "*":
            scopes = {r.namespaced for r in self._by_name.get(resource, ())}
            return scopes.pop() if len(scopes) == 1 else None
        return None

    def lookup(self, name: str) -> list[ApiResource]:
        """Resources a bare name (plural, singular or short name) refers to, preferred first."""
        return list(self._by_name.get(name, ())) or list(self._short.get(name, ()))

    def resolve(self, text_: str) -> Target:
        """Parse RESOURCE as kubectl writes it: ``pods``, ``pods/exec``, ``deployments.apps/scale``,
        ``*``, or a non-resource URL starting with ``/``."""
        if text_.startswith("/"):
            return Target("", "", "", False, url=text_)
        head, _, sub = text_.partition("/")
        if head == "*":
            return Target("*", "*", sub, None)
        head = head.lower()  # kubectl lowercases the resource argument
        name, dot, group = head.partition(".")
        version, vdot, rest = group.partition(".")
        if vdot and _VERSION.fullmatch(version) and any(r.group == rest for r in self.lookup(name)):
            group = rest  # resource.version.group, as kubectl parses it
        if dot:
            candidates = [r for r in self.lookup(name) if r.group == group]
            plural = candidates[0].resource if candidates else name
            namespaced = self.namespaced(group, plural)
            return Target(group, plural, sub, namespaced)
        candidates = self.lookup(name)
        if candidates:
            best = candidates[0]
            return Target(best.group, best.resource, sub, best.namespaced)
        return Target("", name, sub, None)
