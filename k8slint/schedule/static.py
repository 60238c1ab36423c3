"""What fails on every possible node, known without a node inventory:

- required node affinity that no label set satisfies (each term contradicts itself or the
  nodeSelector: `In` sets that do not meet, `In`/`Exists` against `DoesNotExist`, empty `Gt`/`Lt`
  ranges, conflicting `metadata.name` fields);
- a request larger than the largest node the configuration states (the `max-node` option);
- required self anti-affinity, or DoNotSchedule spread with `minDomains` above the domain count,
  needing more topology domains than the configuration states (the `topology-domains` option).
"""

from __future__ import annotations

from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.parse.sourcemap import get
from k8slint.schedule.pods import NodeTerm, Shape, distinct_templates, prefilter_names, shape_of, shapes
from k8slint.selectors import Requirement

NUMERIC = ("Gt", "Lt")


def _int(value: str) -> int | None:
    text = value.strip()
    if text != value or not text.lstrip("+-").isdigit():
        return None
    return int(text)


def _contradiction(reqs: list[Requirement]) -> str | None:
    """Why no label set satisfies every requirement, or None."""
    by_key: dict[str, list[Requirement]] = {}
    for r in reqs:
        by_key.setdefault(r.key, []).append(r)
    for key, rs in by_key.items():
        allowed: set[str] | None = None
        denied: set[str] = set()
        low, high = None, None  # exclusive bounds
        present = absent = False
        for r in rs:
            if r.operator == "In":
                allowed = set(r.values) if allowed is None else allowed & set(r.values)
                present = True
            elif r.operator == "NotIn":
                denied |= set(r.values)
            elif r.operator == "Exists":
                present = True
            elif r.operator == "DoesNotExist":
                absent = True
            elif r.operator in NUMERIC:
                present = True
                bound = _int(next(iter(r.values), ""))
                if bound is None:
                    return f"{key} {r.operator} {next(iter(r.values), '')} is not an integer"
                if r.operator == "Gt":
                    low = bound if low is None else max(low, bound)
                else:
                    high = bound if high is None else min(high, bound)
        if present and absent:
            return f"{key} must both exist and not exist"
        if low is not None and high is not None and high - low <= 1:
            return f"no integer {key} is above {low} and below {high}"
        if allowed is not None:
            left = allowed - denied
            if low is not None or high is not None:
                left = {
                    v
                    for v in left
                    if (n := _int(v)) is not None and (low is None or n > low) and (high is None or n < high)
                }
            if not left:
                return f"no value of {key} satisfies every requirement on it"
    return None


def _term_contradiction(shape: Shape, term: NodeTerm) -> str | None:
    if not term.valid:
        return "a required term does not parse, and matches no node"
    if term.selector.nothing:
        return "a required term is empty, and matches no node"
    reqs = [Requirement(k, "In", frozenset([v])) for k, v in shape.node_selector.items()]
    why = _contradiction(reqs + list(term.selector.requirements))
    if why is not None:
        return why
    names_in = {v for op, v in term.fields if op == "In"}
    names_out = {v for op, v in term.fields if op == "NotIn"}
    if len(names_in) > 1 or names_in & names_out:
        return "its metadata.name fields contradict"
    if shape.node_name is not None and names_in and shape.node_name not in names_in:
        return f"spec.nodeName {shape.node_name} is not the node its metadata.name field names"
    return None


def affinity_contradiction(shape: Shape) -> str | None:
    """Why every node fails NodeAffinity whatever its labels, or None."""
    if shape.required is None:
        reqs = [Requirement(k, "In", frozenset([v])) for k, v in shape.node_selector.items()]
        return _contradiction(reqs)
    if not shape.required:
        return None
    reasons = [_term_contradiction(shape, t) for t in shape.required]
    if all(r is not None for r in reasons):
        return "; ".join(dict.fromkeys(r for r in reasons if r is not None))
    return None


def _fmt(name: str, value: int) -> str:
    if name == "cpu":
        return f"{value // 1000}" if value % 1000 == 0 else f"{value}m"
    binary = name in ("memory", "ephemeral-storage") or name.startswith("hugepages-")
    for unit, size in (("Ti", 2**40), ("Gi", 2**30), ("Mi", 2**20), ("Ki", 2**10)):
        if binary and value >= size and value % size == 0:
            return f"{value // size}{unit}"
    return str(value)


def _candidates(ctx: AnalysisContext, every: bool) -> list[Shape]:
    """The shapes to judge: all of them when sizes or domains are configured; else only the
    templates that state a node selector or node affinity (nothing else can contradict itself),
    so that a set without a node inventory does not pay for every pod's shape."""
    if every or "schedule-shapes" in ctx.memo:
        return shapes(ctx)
    found: list[Shape] = []
    for order, template in distinct_templates(ctx):
        spec = template.raw_spec
        if not isinstance(spec, dict) or not (
            spec.get("nodeSelector") or get(spec, ("affinity", "nodeAffinity"))
        ):
            continue
        shape = shape_of(ctx, template, len(found), order)
        if shape is not None:
            found.append(shape)
    return found


def impossible(
    ctx: AnalysisContext,
    max_node: dict[str, int] | None,
    domains: dict[str, int] | None = None,
) -> Iterator[tuple[PodTemplate, str]]:
    """(template, why) for every template whose pods fail on every possible node."""
    from k8slint.schedule.messages import NODE_AFFINITY, NODE_AFFINITY_CONFLICT, insufficient

    for shape in _candidates(ctx, bool(max_node) or bool(domains)):
        if shape.skip or shape.node_name is not None:
            continue
        why = affinity_contradiction(shape)
        if why is not None:
            names = prefilter_names(shape.required)
            if names is not None and not names and ctx.settings.kube_version >= (1, 24):
                outcome = f"the message is `0/N nodes are available: {NODE_AFFINITY_CONFLICT}.`"
            else:
                outcome = f"every node reports `{NODE_AFFINITY}`"
            yield (
                shape.template,
                f"no node can satisfy the pod's node selector and required node affinity ({why}): {outcome}",
            )
            continue
        too_big = [
            (name, want, max_node[name])
            for name, want in shape.req_items
            if max_node is not None and name in max_node and want > max_node[name]
        ]
        if too_big:
            parts = ", ".join(f"{n} {_fmt(n, w)} > {_fmt(n, cap)}" for n, w, cap in too_big)
            reasons = ", ".join(f"`{insufficient(n)}`" for n, _, _ in too_big)
            yield (
                shape.template,
                f"the pod requests more than the largest node the configuration allows (max-node: {parts}): "
                f"every node reports {reasons}",
            )
            continue
        if domains and shape.count:
            why = _domains(ctx, shape, domains)
            if why is not None:
                yield shape.template, why


def _domains(ctx: AnalysisContext, shape: Shape, domains: dict[str, int]) -> str | None:
    from k8slint.schedule.messages import POD_ANTI_AFFINITY, SPREAD
    from k8slint.schedule.pods import namespace_labels

    count = shape.count or 0
    ns_labels = namespace_labels(ctx)
    for term in shape.anti:
        have = domains.get(term.key)
        if have is not None and count > have and term.matches(shape.namespace, shape.labels, ns_labels):
            return (
                f"required anti-affinity against its own pods on {term.key} allows one pod per domain, "
                f"and the cluster has {have}: {count - have} of its {count} replicas stay Pending with "
                f"`{POD_ANTI_AFFINITY}`"
            )
    for c in shape.spread:
        have = domains.get(c.key)
        if have is None or not c.hard or c.min_domains <= have or not c.selector.matches(shape.labels):
            continue
        room = have * c.max_skew
        if count > room:
            return (
                f"topologySpreadConstraints on {c.key} need minDomains {c.min_domains} and the cluster has "
                f"{have} domains, so each holds at most maxSkew {c.max_skew} of its pods: {count - room} of "
                f"its {count} replicas stay Pending with `{SPREAD}`"
            )
    return None
