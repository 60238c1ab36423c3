"""Who can do something *effectively*: directly, or by first acting as another identity
(escalation closure) that holds the permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from k8slint.rbac.escalation import CLUSTER_ADMIN, Step
from k8slint.rbac.model import Principal

if TYPE_CHECKING:
    from k8slint.rbac.engine import RbacEngine
    from k8slint.rbac.index import WhoCan


@dataclass(frozen=True, slots=True)
class Indirect:
    principal: Principal
    chain: list[Step]  # ends at an identity the direct answer lists (or at cluster-admin)


def indirect_subjects(engine: RbacEngine, direct: WhoCan) -> list[Indirect]:
    """Subjects of the set (binding subjects and the workloads' ServiceAccounts) that are not
    allowed themselves but can act as an identity that is."""
    users: set[str] = set()
    groups: set[str] = set()
    for g in direct.subjects:
        p = g.principal
        if p is None:
            continue
        if p.kind == "Group":
            groups.add(p.name)
        elif p.user:
            users.add(p.user)

    def allowed(p: Principal) -> bool:
        if p == CLUSTER_ADMIN:
            return True
        if p.virtual:
            return False
        return (p.user is not None and p.user in users) or bool(p.groups & groups)

    model = engine.model
    universe: dict[Principal, None] = {}
    for b in model.bindings:
        if b.builtin:
            continue
        for s in b.subjects:
            if s.principal is not None:
                universe[s.principal] = None
    for w in model.workloads:
        universe[w.service_account] = None
    out: list[Indirect] = []
    for p in universe:
        if allowed(p):
            continue
        reach = engine.escalation.reach(p)
        best: list[Step] | None = None
        for target in reach.steps:
            if allowed(target):
                chain = reach.chain(target)
                if best is None or len(chain) < len(best):
                    best = chain
        if best:
            out.append(Indirect(p, best))
    out.sort(key=lambda i: (i.principal.kind, i.principal.namespace or "", i.principal.name))
    return out
