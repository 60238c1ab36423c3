from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import host_path_volumes
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items, text


class WritableHostMount(PodTemplateRule):
    """
    ## What it finds
    A container that mounts a hostPath volume without `readOnly: true`. Any hostPath volume at all
    is also a Pod Security Standards baseline violation (control "HostPath Volumes"); this rule
    points at the mounts that can write to the node.

    ## Why it matters
    A writable host directory lets the pod plant files the node or other pods will execute or trust.

    ## How to fix
    Add `readOnly: true` to the volumeMount, or use an emptyDir or a PersistentVolumeClaim.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
    spec:
      containers:
        - name: agent
          image: example/agent:1.0
          volumeMounts:
            - {name: logs, mountPath: /logs}
      volumes:
        - name: logs
          hostPath: {path: /var/log/pods}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
    spec:
      containers:
        - name: agent
          image: example/agent:1.0
          volumeMounts:
            - {name: logs, mountPath: /logs, readOnly: true}
      volumes:
        - name: logs
          hostPath: {path: /var/log/pods}
    ```
    """

    id = "writable-host-mount"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Container mounts a host path writable"
    aliases = ("kube-linter:writable-host-mount", "kubescape:C-0045")
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        host = host_path_volumes(template)
        if not host:
            return
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for i, c in enumerate(items(template.raw_spec, group)):
                for j, mount in enumerate(items(c, "volumeMounts")):
                    name = text(mount, "name")
                    if name in host and get(mount, ("readOnly",)) is not True:
                        cname = text(c, "name") or f"{group}[{i}]"
                        yield Violation(
                            (*template.spec_path, group, i, "volumeMounts", j),
                            f'container "{cname}" mounts host path {host[name][1]} writable: add readOnly: true',
                        )
