"""Whether the pods of a template are ever created: API validation, the Priority plugin and the
LimitRanger plugin all refuse a pod before ResourceQuota (which admits last) and before any
scheduler sees it. One answer, memoized per run, for quota, scheduling and the rules."""

from __future__ import annotations

from k8slint.analysis.admission import admissible, admit
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate

VALIDATION = "the pod has an invalid quantity or a request above its limit"
PRIORITY = "the Priority admission plugin refuses it"
LIMIT_RANGER = "LimitRanger refuses it (limit-range-violation)"


def refusal(ctx: AnalysisContext, template: PodTemplate) -> str | None:
    """Why the template's pods are never created, or None: PRIORITY (with the plugin's message),
    VALIDATION or LIMIT_RANGER."""
    from k8slint.analysis.limit_ranger import check_pod
    from k8slint.analysis.priority import admitted

    memo: dict[tuple[int, tuple[str | int, ...]], str | None] = ctx.memo.setdefault("pod-refusal", {})
    key = (id(template.resource), template.spec_path)  # resources live for the run; templates may not
    if key not in memo:
        # in the API server's order: mutating admission (Priority), object validation, then
        # validating admission (LimitRanger's limits; ResourceQuota comes last)
        why = None
        if (message := admitted(ctx, template.raw_spec).refusal) is not None:
            why = f"{PRIORITY} ({message})"
        elif not admissible(admit(ctx, template)):
            why = VALIDATION
        elif next(iter(check_pod(ctx, template)), None) is not None:
            why = LIMIT_RANGER
        memo[key] = why
    return memo[key]
