from k8slint.checks._missing_resource import MissingResourceRule
from k8slint.findings import Category, Level


class CpuRequestMissing(MissingResourceRule):
    """
    ## What it finds
    A container (init and sidecar containers included; ephemeral containers, which cannot have
    resources, are not) that has no `requests.cpu` once admission has run. A `cpu` limit also sets
    the request (API defaulting), and a LimitRange of the namespace in the set supplies it through
    `defaultRequest` (or, by the LimitRange's own defaulting, `default` or `max`). No peer takes
    LimitRanges into account; k8slint does, so a namespace-wide default is not reported container
    by container.

    ## Why it matters
    Without a CPU request the scheduler places the pod as if it used no CPU, and under contention it gets the smallest share: a noisy neighbour starves it.

    ## How to fix
    Set `resources.requests.cpu`, or give the namespace a LimitRange with a default.

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

    id = "cpu-request-missing"
    category = Category.RESOURCES
    level = Level.NOTE
    summary = "Container has no CPU request"
    aliases = (
        "kube-linter:unset-cpu-requirements",
        "kube-score:container-resources",
        "polaris:cpuRequestsMissing",
        "checkov:CKV_K8S_10",
    )
    preset = "default"
    resource_name = "cpu"
    which = "requests"
