"""Pod priority as the Priority admission plugin resolves it (plugin/pkg/admission/priority):
a pod without ``priorityClassName`` receives the name, value and preemption policy of the global
default PriorityClass (the smallest value when several claim it), else priority 0 and
``PreemptLowerPriority``; the built-in ``system-cluster-critical`` and ``system-node-critical``
classes exist in every cluster. A pod stating a ``priority`` or ``preemptionPolicy`` other than
the ones the plugin computes is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from k8slint.parse.sourcemap import get, text

if TYPE_CHECKING:
    from k8slint.analysis.context import AnalysisContext
    from k8slint.analysis.workloads import PodTemplate

SYSTEM_CLASSES = {"system-cluster-critical": 2_000_000_000, "system-node-critical": 2_000_001_000}
PREEMPT_LOWER = "PreemptLowerPriority"


@dataclass(frozen=True, slots=True)
class PriorityClassInfo:
    name: str
    value: int
    policy: str  # preemptionPolicy, API default PreemptLowerPriority
    resource: Any = None  # the PriorityClass of the set; None for a built-in class


@dataclass(frozen=True, slots=True)
class Admitted:
    """What the Priority plugin gives a pod."""

    class_name: str | None  # the stated class, else the global default's, else None
    value: int | None  # None: the class is not known to the set
    policy: str
    refusal: str | None  # the plugin's message when it refuses the pod


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def classes(ctx: AnalysisContext) -> dict[str, PriorityClassInfo]:
    """Every PriorityClass known to the set, the built-in ones included, by name."""
    found: dict[str, PriorityClassInfo] | None = ctx.memo.get("priority-classes")
    if found is None:
        found = {n: PriorityClassInfo(n, v, PREEMPT_LOWER) for n, v in SYSTEM_CLASSES.items()}
        for pc in ctx.graph.resources("PriorityClass"):
            value = _int(get(pc.raw, ("value",)))
            if pc.ref.group != "scheduling.k8s.io" or value is None or pc.name in found:
                continue
            policy = get(pc.raw, ("preemptionPolicy",))
            policy = policy if isinstance(policy, str) and policy else PREEMPT_LOWER
            found[pc.name] = PriorityClassInfo(pc.name, value, policy, pc)
        ctx.memo["priority-classes"] = found
    return found


def global_default(ctx: AnalysisContext) -> PriorityClassInfo | None:
    """The global default PriorityClass of the set (the smallest value when several claim it)."""
    defaults = [
        info
        for info in classes(ctx).values()
        if info.resource is not None and get(info.resource.raw, ("globalDefault",)) is True
    ]
    return min(defaults, key=lambda i: (i.value, i.name)) if defaults else None


def admitted(ctx: AnalysisContext, spec: Any) -> Admitted:
    """The Priority plugin's outcome for a pod spec."""
    stated_name = text(spec, "priorityClassName")
    if stated_name:
        info = classes(ctx).get(stated_name)
        if info is None:
            policy = get(spec, ("preemptionPolicy",))
            return Admitted(stated_name, None, policy if isinstance(policy, str) else PREEMPT_LOWER, None)
    else:
        info = global_default(ctx)
    name = info.name if info is not None else None
    value = info.value if info is not None else 0
    policy = info.policy if info is not None else PREEMPT_LOWER
    refusal = None
    stated_priority = _int(get(spec, ("priority",)))
    stated_policy = get(spec, ("preemptionPolicy",))
    if stated_priority is not None and stated_priority != value:
        refusal = (
            f"the integer value of priority ({stated_priority}) must not be provided in pod spec; "
            f"priority admission controller computed {value} from the given PriorityClass name"
        )
    elif isinstance(stated_policy, str) and stated_policy != policy:
        refusal = (
            f"the string value of PreemptionPolicy ({stated_policy}) must not be provided in pod spec; "
            f"priority admission controller computed {policy} from the given PriorityClass name"
        )
    return Admitted(name, value, policy, refusal)


def class_name(ctx: AnalysisContext, template: PodTemplate) -> str | None:
    """The pod's ``priorityClassName`` after admission: the stated one, else the global default's."""
    return admitted(ctx, template.raw_spec).class_name
