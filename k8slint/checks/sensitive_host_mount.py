from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.security import (
    RUNTIME_SOCKETS,
    SENSITIVE_HOST_PATHS,
    host_path_volumes,
    normalize_host_path,
)
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level


class SensitiveHostMount(PodTemplateRule):
    """
    ## What it finds
    A hostPath volume on a sensitive node path: `/`, `/boot`, `/dev`, `/etc`, `/lib`, `/proc`,
    `/sys`, `/usr`, `/bin`, `/sbin`, `/root`, `/run`, `/var/run`, `/var/log`, `/var/lib/kubelet`,
    `/var/lib/docker`, `/var/lib/containerd`, `/etc/kubernetes` (or a path below `/etc`, `/boot`,
    `/root` and the kubelet and runtime state directories), and container runtime sockets
    (`docker.sock`, `containerd.sock`, `crio.sock`) wherever they are.

    ## Why it matters
    These mounts hand the pod the node: credentials in /etc and the kubelet's directory, the
    runtime socket (which starts privileged containers on demand), kernel interfaces in /proc and /sys.

    ## How to fix
    Mount only the narrow path the agent needs, read-only, or use a CSI driver or the API instead.

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
            - {name: docker, mountPath: /var/run/docker.sock}
      volumes:
        - name: docker
          hostPath: {path: /var/run/docker.sock}
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
            - {name: logs, mountPath: /data/app-logs, readOnly: true}
      volumes:
        - name: logs
          hostPath: {path: /data/app-logs}
    ```
    """

    id = "sensitive-host-mount"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Pod mounts a sensitive host path or the container runtime socket"
    aliases = (
        "kube-linter:sensitive-host-mounts",
        "kube-linter:docker-sock",
        "checkov:CKV_K8S_27",
        "trivy:KSV006",
    )
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        for name, (i, raw_path) in host_path_volumes(template).items():
            path = normalize_host_path(raw_path)
            where = (*template.spec_path, "volumes", i, "hostPath", "path")
            if path.rsplit("/", 1)[-1] in RUNTIME_SOCKETS:
                yield Violation(
                    where,
                    f'volume "{name}" mounts the container runtime socket {raw_path}: it can start privileged containers on the node',
                )
            elif path in SENSITIVE_HOST_PATHS or path.startswith(
                (
                    "/etc/",
                    "/boot/",
                    "/root/",
                    "/var/lib/kubelet/",
                    "/var/lib/docker/",
                    "/var/lib/containerd/",
                    "/proc/",
                    "/sys/",
                    "/dev/",
                )
            ):
                yield Violation(where, f'volume "{name}" mounts the sensitive host path {raw_path}')
