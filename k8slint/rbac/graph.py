"""The RBAC model as a networkx graph: subject -> binding -> role -> rule; aggregated role ->
contributing role; workload -> ServiceAccount.

Node ids are tuples: ("subject", kind, namespace, name), ("binding", kind, namespace, name),
("role", kind, namespace, name), ("rule", kind, namespace, name, index), ("workload", kind,
namespace, name). A ServiceAccount is a subject node.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from k8slint.rbac.model import Principal, RbacModel


def subject_node(p: Principal) -> tuple[Any, ...]:
    return ("subject", p.kind, p.namespace, p.name)


def build_graph(model: RbacModel) -> nx.DiGraph:
    g: nx.DiGraph = nx.DiGraph()
    for role in model.all_roles():
        rnode = ("role", role.kind, role.namespace, role.name)
        g.add_node(rnode, role=role)
        for rule in role.rules:
            g.add_edge(rnode, ("rule", role.kind, role.namespace, role.name, rule.index), rule=rule)
        for source in role.aggregated_from:
            g.add_edge(rnode, ("role", "ClusterRole", None, source), kind="aggregates")
    for binding in model.bindings:
        bnode = ("binding", binding.kind, binding.namespace, binding.name)
        g.add_node(bnode, binding=binding)
        g.add_edge(bnode, ("role", *binding.role_key), kind="roleRef")
        for subject in binding.subjects:
            if subject.principal is not None:
                g.add_edge(subject_node(subject.principal), bnode, kind="subject", index=subject.index)
    for w in model.workloads:
        r = w.resource
        g.add_edge(
            ("workload", r.kind, r.namespace, r.name),
            subject_node(w.service_account),
            kind="runsAs",
            automount=w.automount,
        )
    return g
