from k8slint.checks._missing_resource import MissingResourceRule
from k8slint.findings import Category, Level


class CpuLimitMissing(MissingResourceRule):
    """
    ## What it finds
    A container (init and sidecar containers included; ephemeral containers, which cannot have
    resources, are not) that has no `limits.cpu` once admission has run. A LimitRange of the
    namespace in the set supplies it through `default` (or, by the LimitRange's own defaulting,
    `max`). No peer takes LimitRanges into account; k8slint does, so a namespace-wide default is
    not reported container by container.

    ## Why it matters
    Without a CPU limit a busy container can use every idle core. Many teams deliberately run without CPU limits to avoid throttling; this rule is in the strict preset for that reason.

    ## How to fix
    Set `resources.limits.cpu`, or give the namespace a LimitRange with a default.

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

    id = "cpu-limit-missing"
    category = Category.RESOURCES
    level = Level.NOTE
    summary = "Container has no CPU limit"
    aliases = (
        "kube-linter:unset-cpu-requirements",
        "kube-score:container-resources",
        "polaris:cpuLimitsMissing",
        "checkov:CKV_K8S_11",
    )
    preset = "strict"
    resource_name = "cpu"
    which = "limits"
