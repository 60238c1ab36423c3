from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import dotted, items, text


class DuplicateName(PodTemplateRule):
    """
    ## What it finds
    Names that must be unique inside a pod spec and are not: container names across `containers`,
    `initContainers` (sidecars included) and `ephemeralContainers`; volume names; container port
    names within a container. Upstream: validateContainers, validateInitContainers, ValidateVolumes,
    validateContainerPorts (pkg/apis/core/validation).

    ## Why it matters
    The API server rejects the pod: `spec.containers[1].name: Duplicate value: "web"`.

    ## How to fix
    Rename one of the two.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      initContainers:
        - name: web
          image: busybox:1.36
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
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "duplicate-name"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Container, volume or port name is used twice in a pod"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        spec = template.raw_spec
        if not isinstance(spec, dict):
            return
        seen: set[str] = set()
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for i, c in enumerate(items(spec, group)):
                if not isinstance(c, dict):
                    continue
                name = text(c, "name")
                path = (*template.spec_path, group, i, "name")
                if name:
                    if name in seen:
                        yield Violation(path, f'{dotted(path)}: Duplicate value: "{name}"')
                    seen.add(name)
                port_names: set[str] = set()
                for j, port in enumerate(items(c, "ports")):
                    pname = text(port, "name")
                    if pname:
                        ppath = (*template.spec_path, group, i, "ports", j, "name")
                        if pname in port_names:
                            yield Violation(ppath, f'{dotted(ppath)}: Duplicate value: "{pname}"')
                        port_names.add(pname)
        volumes: set[str] = set()
        for i, v in enumerate(items(spec, "volumes")):
            name = text(v, "name")
            if name:
                path = (*template.spec_path, "volumes", i, "name")
                if name in volumes:
                    yield Violation(path, f'{dotted(path)}: Duplicate value: "{name}"')
                volumes.add(name)
