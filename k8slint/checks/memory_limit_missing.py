from k8slint.checks._missing_resource import MissingResourceRule
from k8slint.findings import Category, Level


class MemoryLimitMissing(MissingResourceRule):
    """
    ## What it finds
    A container (init and sidecar containers included; ephemeral containers, which cannot have
    resources, are not) that has no `limits.memory` once admission has run. A LimitRange of the
    namespace in the set supplies it through `default` (or, by the LimitRange's own defaulting,
    `max`). No peer takes LimitRanges into account; k8slint does, so a namespace-wide default is
    not reported container by container.

    ## Why it matters
    A container without a memory limit can use all of the node's memory: the kernel then kills processes of other pods, or the kubelet evicts them.

    ## How to fix
    Set `resources.limits.memory`, or give the namespace a LimitRange with a default.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi, cpu: 500m}
    ```
    """

    id = "memory-limit-missing"
    category = Category.RESOURCES
    level = Level.WARNING
    summary = "Container has no memory limit"
    aliases = (
        "kube-linter:unset-memory-requirements",
        "kube-score:container-resources",
        "polaris:memoryLimitsMissing",
        "checkov:CKV_K8S_13",
    )
    preset = "default"
    resource_name = "memory"
    which = "limits"
