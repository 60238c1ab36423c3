from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.limit_ranger import forbidden_envelope
from k8slint.analysis.priority import admitted
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class PriorityAdmissionRefused(PodTemplateRule):
    """
    ## What it finds
    Pods the Priority admission plugin refuses because they state a `priority` or a
    `preemptionPolicy` other than the ones it computes from the pod's PriorityClass (the global
    default class when the pod names none; priority 0 and `PreemptLowerPriority` without one).
    A class the set does not declare is left to missing-priority-class. For a workload, the
    workload is accepted but its controller cannot create its pods.

    ## Why it matters
    The plugin owns both fields: `pods "web" is forbidden: the string value of PreemptionPolicy
    (Never) must not be provided in pod spec; priority admission controller computed
    PreemptLowerPriority from the given PriorityClass name`. To make a pod non-preempting, use a
    PriorityClass with `preemptionPolicy: Never`.

    ## How to fix
    Remove `priority` and `preemptionPolicy` from the pod spec; set them on a PriorityClass and
    name it in `priorityClassName`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: batch
    spec:
      preemptionPolicy: Never
      containers:
        - name: batch
          image: busybox:1.36
    ```

    ## Use instead
    ```yaml
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata:
      name: batch-no-preempt
    value: 1000
    preemptionPolicy: Never
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: batch
    spec:
      priorityClassName: batch-no-preempt
      containers:
        - name: batch
          image: busybox:1.36
    ```
    """

    id = "priority-admission-refused"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Pod states a priority or preemptionPolicy the Priority admission plugin refuses"
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = template.raw_spec
        outcome = admitted(ctx, spec)
        if outcome.refusal is None:
            return
        field = (
            "priority"
            if get(spec, ("priority",)) is not None and "integer" in outcome.refusal
            else "preemptionPolicy"
        )
        yield Violation((*template.spec_path, field), forbidden_envelope(template) + outcome.refusal)
