"""The shared judgment of the RBAC risk rules: which bindings of the set grant a risky permission
to which subjects (each rule module names its probe). Not a rule itself: it has no id.

A finding is reported at the binding's ``roleRef`` and carries the role's matching rules as related
locations. A role of the set that no binding of the set references is reported at its rule instead
(as a note: whoever binds it gets the permission). Bindings whose every subject is a control-plane
identity (``system:*`` users and groups) and the cluster's own defaults are not reported; a binding
that grants ``*`` on ``*`` is reported once, by rbac-cluster-admin-binding, not by every rule. The
message names the workloads whose pods run as the subjects: those of the binding's directory tree
(every one with --assume-complete).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Level
from k8slint.rbac.authorizer import Rule
from k8slint.rbac.engine import rbac_engine
from k8slint.rbac.model import Binding, BoundSubject, Role, folder, same_tree
from k8slint.rbac.risks import Probe, full_wildcard

BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping"
AGGREGATE_LABELS = (
    "rbac.authorization.k8s.io/aggregate-to-admin",
    "rbac.authorization.k8s.io/aggregate-to-edit",
    "rbac.authorization.k8s.io/aggregate-to-view",
)


def subject_text(subject: BoundSubject) -> str:
    if subject.kind == "ServiceAccount":
        return f"ServiceAccount {subject.namespace}/{subject.name}"
    return f"{subject.kind} {subject.name}"


def subjects_text(subjects: list[BoundSubject]) -> str:
    shown = [subject_text(s) for s in subjects[:3]]
    more = len(subjects) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def reported_subjects(binding: Binding) -> list[BoundSubject]:
    """The binding's subjects worth a finding: resolvable, not control-plane identities."""
    return [s for s in binding.subjects if s.principal is not None and not s.principal.system]


def subject_refs(binding: Binding, subjects: list[BoundSubject]) -> list[RelatedRef]:
    if binding.resource is None:
        return []
    return [
        RelatedRef(binding.resource, ("subjects", s.index), f"subject {subject_text(s)}")
        for s in subjects[:3]
    ]


def wildcard_rules(ctx: AnalysisContext, role: Role) -> list[Rule]:
    """The role's effective rules granting `*` on `*` of `*` (memoized per run)."""
    memo: dict[int, list[Rule]] = ctx.memo.setdefault("rbac-full-wildcard", {})
    found = memo.get(id(role))
    if found is None:
        found = memo[id(role)] = [r for r in role.effective if full_wildcard(r)]
    return found


def is_default(labels: dict[str, str], name: str) -> bool:
    return labels.get(BOOTSTRAP_LABEL) == "rbac-defaults" or name.startswith("system:")


def role_text(role: Role) -> str:
    return f'{role.kind} "{role.name}"'


def rule_refs(rules: list[Rule], what: str) -> tuple[RelatedRef, ...]:
    refs = []
    for rule in rules:
        if rule.resource is not None:
            refs.append(RelatedRef(rule.resource, rule.path, f"{role_rule_text(rule)} lets it {what}"))
    return tuple(refs)


def role_rule_text(rule: Rule) -> str:
    return f'{rule.role_kind} "{rule.role_name}" rule {rule.index} ({rule.describe()})'


def scope_text(binding: Binding) -> str:
    return "cluster-wide" if binding.kind == "ClusterRoleBinding" else f"in namespace {binding.namespace}"


def workloads_of(ctx: AnalysisContext, binding: Binding, subjects: list[BoundSubject]) -> str:
    """The set's workloads whose pods run as one of the subjects: only those of the binding's
    directory tree (a repository of alternative variants or unrelated projects shares namespace and
    account names), every one with --assume-complete."""
    by_user: dict[str, list[tuple[str, str]]] | None = ctx.memo.get("rbac-workloads-by-user")
    if by_user is None:
        by_user = ctx.memo["rbac-workloads-by-user"] = {}
        for w in rbac_engine(ctx).model.workloads:
            user = w.service_account.user or ""
            r = w.resource
            by_user.setdefault(user, []).append((folder(r), f"{r.kind} {r.namespace}/{r.name}"))
    here = None if ctx.settings.assume_complete or binding.resource is None else folder(binding.resource)
    names = sorted(
        {
            name
            for s in subjects
            if s.principal is not None and s.principal.user
            for where, name in by_user.get(s.principal.user, ())
            if here is None or same_tree(here, where)
        }
    )
    if not names:
        return ""
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"; pods of {shown} run with it"


class BindingRiskRule(GraphRule):
    """Base of the rules that judge what a binding grants."""

    unbound_roles: ClassVar[bool] = True  # also report roles no binding of the set references
    skip_full_wildcard: ClassVar[bool] = True
    namespaced_level: ClassVar[Level | None] = None  # the level of findings at RoleBindings

    def probes(self, ctx: AnalysisContext) -> list[Probe]:
        raise NotImplementedError

    def risky(self, ctx: AnalysisContext, rules: list[Rule], cluster: bool) -> tuple[list[Rule], str] | None:
        """The role's rules that make it risky, and what they allow; None when it is not."""
        found: list[Rule] = []
        texts: list[str] = []
        for probe in self.probes(ctx):
            if probe.cluster_only and not cluster:
                continue
            matching = [r for r in rules if probe.allows(r)]
            if matching:
                found.extend(r for r in matching if r not in found)
                texts.append(probe.describe(matching))
        if not found:
            return None
        return found, " and ".join(texts)

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        engine = rbac_engine(ctx)
        model = engine.model
        judged: dict[tuple[int, bool], tuple[list[Rule], str] | None] = {}  # per role and scope
        for binding in model.bindings:
            if binding.resource is None or is_default(binding.labels, binding.name):
                continue
            role = binding.role
            if role is None:
                continue
            subjects = reported_subjects(binding)
            if not subjects:
                continue
            if self.skip_full_wildcard and wildcard_rules(ctx, role):
                continue
            key = (id(role), binding.kind == "ClusterRoleBinding")
            if key not in judged:
                judged[key] = self.risky(ctx, role.effective, key[1])
            result = judged[key]
            if result is None:
                continue
            rules, what = result
            related: list[RelatedRef] = subject_refs(binding, subjects)
            if role.resource is not None:
                related.append(RelatedRef(role.resource, (), f"the bound {role_text(role)}"))
            related.extend(rule_refs(rules, what))
            via = "" if role.resource is not None or not role.builtin else " (a default role)"
            message = (
                f'{binding.kind} "{binding.name}" lets {subjects_text(subjects)} {what} {scope_text(binding)} '
                f"through {role_text(role)}{via}{workloads_of(ctx, binding, subjects)}"
            )
            level = self.namespaced_level if binding.kind == "RoleBinding" else None
            yield Violation(
                ("roleRef", "name"),
                message,
                resource=binding.resource,
                related=tuple(related),
                downgrade=level,
            )
        if self.unbound_roles:
            yield from self._unbound(ctx)

    def _unbound(self, ctx: AnalysisContext) -> Iterator[Violation]:
        model = rbac_engine(ctx).model
        # ClusterRoles whose rules reach a binding through a bound aggregated role
        contributing: set[str] = set()
        pending = [name for role in model.bindings_by_role for name in role.aggregated_from]
        while pending:
            name = pending.pop()
            if name not in contributing:
                contributing.add(name)
                for variant in model.roles.get(("ClusterRole", None, name), ()):
                    pending.extend(variant.aggregated_from)
        for role in model.all_roles():
            if role.resource is None or role in model.bindings_by_role or is_default(role.labels, role.name):
                continue
            if role.kind == "ClusterRole" and role.name in contributing:
                continue  # reported at the bindings of the role that aggregates it
            if role.selectors is not None or any(role.labels.get(k) == "true" for k in AGGREGATE_LABELS):
                continue  # aggregated, or a contribution to admin/edit/view
            if self.skip_full_wildcard and any(full_wildcard(r) for r in role.rules):
                continue
            result = self.risky(ctx, role.rules, role.kind == "ClusterRole")
            if result is None:
                continue
            rules, what = result
            for rule in rules:
                yield Violation(
                    rule.path,
                    f"{role_text(role)} rule {rule.index} ({rule.describe()}) lets whoever it is bound to {what}; "
                    "no binding of the set references it",
                    resource=role.resource,
                    downgrade=Level.NOTE,
                )
