"""The RBAC authorizer's matching, as kube-apiserver decides it (pkg/apis/rbac/v1/evaluation_helpers.go,
pkg/registry/rbac/validation/rule.go, plugin/pkg/auth/authorizer/rbac/rbac.go).

A request is allowed iff some rule reachable from some applicable binding allows it. There are no deny
rules and order does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from k8slint.parse.sourcemap import Path

if TYPE_CHECKING:
    from k8slint.model.resource import Resource


@dataclass(frozen=True, slots=True)
class Request:
    """What the authorizer is asked. ``namespace`` is "" for cluster-scoped resources and URLs."""

    verb: str
    group: str = ""
    resource: str = ""
    subresource: str = ""
    name: str = ""
    namespace: str = ""
    url: str | None = None  # a non-resource request

    @property
    def combined(self) -> str:
        return f"{self.resource}/{self.subresource}" if self.subresource else self.resource


@dataclass(eq=False, slots=True)
class Rule:
    """One PolicyRule of a role, with where it was written."""

    verbs: frozenset[str]
    api_groups: frozenset[str]
    resources: frozenset[str]
    resource_names: frozenset[str]
    urls: frozenset[str]
    role_kind: str
    role_namespace: str | None
    role_name: str
    index: int  # position in the role's own `rules`
    resource: Resource | None = None  # the role as written in the set (None: builtin)
    key: tuple[Any, ...] = field(default=())  # value identity, for de-duplication

    def __post_init__(self) -> None:
        self.key = (
            tuple(sorted(self.verbs)),
            tuple(sorted(self.api_groups)),
            tuple(sorted(self.resources)),
            tuple(sorted(self.resource_names)),
            tuple(sorted(self.urls)),
        )

    @property
    def path(self) -> Path:
        return ("rules", self.index)

    @property
    def builtin(self) -> bool:
        return self.resource is None

    def describe(self) -> str:
        verbs = ",".join(sorted(self.verbs))
        if self.urls:
            return f"{verbs} on {','.join(sorted(self.urls))}"
        groups = ",".join('""' if g == "" else g for g in sorted(self.api_groups))
        text = f"{verbs} on {','.join(sorted(self.resources))} (apiGroups {groups})"
        if self.resource_names:
            text += f" names {','.join(sorted(self.resource_names))}"
        return text


def verb_matches(rule: Rule, verb: str) -> bool:
    return "*" in rule.verbs or verb in rule.verbs


def group_matches(rule: Rule, group: str) -> bool:
    return "*" in rule.api_groups or group in rule.api_groups


def resource_matches(rule: Rule, resource: str, subresource: str) -> bool:
    combined = f"{resource}/{subresource}" if subresource else resource
    for entry in rule.resources:
        if entry == "*" or entry == combined:
            return True
        # "*/sub" covers that subresource of every resource
        if subresource and entry.startswith("*/") and entry[2:] == subresource:
            return True
    return False


def name_matches(rule: Rule, name: str) -> bool:
    if not rule.resource_names:
        return True
    return name in rule.resource_names


def url_matches(rule: Rule, url: str) -> bool:
    for entry in rule.urls:
        if entry == "*" or entry == url:
            return True
        # every trailing "*" goes (strings.TrimRight): "/api/**" is the prefix "/api/"
        if entry.endswith("*") and url.startswith(entry.rstrip("*")):
            return True
    return False


def rule_allows(rule: Rule, request: Request) -> bool:
    if request.url is not None:
        return verb_matches(rule, request.verb) and url_matches(rule, request.url)
    if rule.urls and not rule.resources:
        return False
    return (
        verb_matches(rule, request.verb)
        and group_matches(rule, request.group)
        and resource_matches(rule, request.resource, request.subresource)
        and name_matches(rule, request.name)
    )
