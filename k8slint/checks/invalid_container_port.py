from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import dotted, items
from k8slint.validity import names

PORT_RANGE = "must be between 1 and 65535, inclusive"


class InvalidContainerPort(PodTemplateRule):
    """
    ## What it finds
    Container ports the API server rejects: `containerPort` or `hostPort` outside 1-65535, and port
    names that are not IANA service names (at most 15 characters of `a-z`, `0-9` and `-`, at least
    one letter, no `--`). Upstream: validateContainerPorts, IsValidPortName.

    ## Why it matters
    `spec.containers[0].ports[0].name: Invalid value: "metrics-endpoint": must be no more than 15
    characters`: the pod is rejected. Long port names are a frequent surprise.

    ## How to fix
    Shorten the name (`metrics`), or fix the number.

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
          ports:
            - name: prometheus-metrics
              containerPort: 9090
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
          ports:
            - name: metrics
              containerPort: 9090
    ```
    """

    id = "invalid-container-port"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Container port number or name is not valid"
    aliases = ("kube-linter:invalid-target-ports",)

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = template.raw_spec
        if not isinstance(spec, dict):
            return
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for i, c in enumerate(items(spec, group)):
                for j, port in enumerate(items(c, "ports")):
                    if not isinstance(port, dict):
                        continue
                    base = (*template.spec_path, group, i, "ports", j)
                    for field in ("containerPort", "hostPort"):
                        value = port.get(field)
                        if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= 65535:
                            if field == "hostPort" and value == 0:
                                continue  # 0 means no host port
                            path = (*base, field)
                            yield Violation(path, f"{dotted(path)}: Invalid value: {value}: {PORT_RANGE}")
                    name = port.get("name")
                    if isinstance(name, str) and name and (errors := names.iana_svc_name(name)):
                        path = (*base, "name")
                        yield Violation(path, f'{dotted(path)}: Invalid value: "{name}": {"; ".join(errors)}')
