from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.pss import evaluate, summary
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level

LABEL = "pod-security.kubernetes.io/"


def namespace_policy(ctx: AnalysisContext, namespace: str | None, mode: str) -> tuple[str, str] | None:
    """(level, version label) a Namespace of the set sets for ``mode`` (enforce, warn, audit)."""
    by_name: dict[str, list] | None = ctx.memo.get("namespaces-by-name")
    if by_name is None:
        by_name = {}
        for ns in ctx.graph.resources("Namespace"):
            if ns.ref.group == "":
                by_name.setdefault(ns.name, []).append(ns)
        ctx.memo["namespaces-by-name"] = by_name
    for ns in by_name.get(namespace or "", ()):
        level = ns.labels.get(LABEL + mode)
        if level in ("baseline", "restricted"):
            return level, ns.labels.get(f"{LABEL}{mode}-version", "latest") or "latest"
    return None


def version_of(label: str, target: tuple[int, int]) -> tuple[int, int]:
    if label.startswith("v1."):
        try:
            return 1, int(label[3:].split(".")[0])
        except ValueError:
            return target
    return target


def admission_failures(ctx: AnalysisContext, template: PodTemplate, mode: str) -> tuple[str, list] | None:
    policy = namespace_policy(ctx, template.namespace, mode)
    if policy is None:
        return None
    level, version = policy
    failures = evaluate(template, level, version_of(version, ctx.settings.kube_version))
    return (f'"{level}:{version}"', failures) if failures else None


class PodSecurityAdmission(PodTemplateRule):
    """
    ## What it finds
    A pod, or a workload's pod template, in a Namespace of the set labelled
    `pod-security.kubernetes.io/enforce: baseline` (or `restricted`) that violates that level, with
    the admission plugin's message. `enforce-version` is honoured (`latest` means the target
    `--kube-version`). The checks follow k8s.io/pod-security-admission, control by control.

    ## Why it matters
    The API server rejects such a Pod: `pods "web" is forbidden: violates PodSecurity
    "restricted:latest": allowPrivilegeEscalation != false (...)`. A Deployment is accepted, but
    none of its pods can be created: it stays at zero ready replicas.

    ## How to fix
    Make the pod spec meet the level (see the `pss-*` rules for each control), or label the
    namespace with a level the workload needs (with care).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels:
        pod-security.kubernetes.io/enforce: baseline
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels:
        pod-security.kubernetes.io/enforce: baseline
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "pod-security-admission"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Pod is rejected by its namespace's Pod Security Standards level"
    preset = "minimal"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        result = admission_failures(ctx, template, "enforce")
        if result is None:
            return
        policy, failures = result
        resource = template.resource
        reasons = f"violates PodSecurity {policy}: {summary(failures)}"
        if resource.kind == "Pod":
            message = f'pods "{resource.name}" is forbidden: {reasons}'
        else:
            message = f"the pods of {resource.kind} {resource.name} would be rejected: {reasons}"
        yield Violation(failures[0].path, message)


class PodSecurityWarning(PodTemplateRule):
    """
    ## What it finds
    A pod template that violates the level its Namespace sets with `pod-security.kubernetes.io/warn`
    or `.../audit` (but not `enforce`).

    ## Why it matters
    `kubectl apply` prints `Warning: would violate PodSecurity "restricted:latest": ...` and the
    audit log records it: usually the step before the namespace enforces the level.

    ## How to fix
    Make the pod spec meet the level before it is enforced.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels:
        pod-security.kubernetes.io/warn: baseline
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
    spec:
      hostPID: true
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels:
        pod-security.kubernetes.io/warn: baseline
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      namespace: shop
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "pod-security-warning"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Pod violates the Pod Security Standards level its namespace warns or audits"
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        if namespace_policy(ctx, template.namespace, "enforce") is not None:
            return  # pod-security-admission reports it
        for mode in ("warn", "audit"):
            result = admission_failures(ctx, template, mode)
            if result is not None:
                policy, failures = result
                yield Violation(
                    failures[0].path,
                    f"would violate PodSecurity {policy}: {summary(failures)} (namespace label {mode})",
                )
                return
