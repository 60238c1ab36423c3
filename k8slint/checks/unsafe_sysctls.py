from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items, text

# The safe set of the Pod Security Standards baseline profile (k8s.io/pod-security-admission,
# policy/check_sysctls.go), across the versions k8slint targets.
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)


class UnsafeSysctls(PodTemplateRule):
    """
    ## What it finds
    A pod `securityContext.sysctls` entry outside the safe set of the Pod Security Standards
    baseline profile (`kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
    `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`,
    `net.ipv4.ip_local_reserved_ports`, `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`,
    `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`).

    ## Why it matters
    Unsafe sysctls are disabled by default in the kubelet: the pod fails with `SysctlForbidden`
    unless the node allows them, and where allowed they can affect every pod on the node.

    ## How to fix
    Use only safe sysctls, or tune the node instead.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      securityContext:
        sysctls:
          - {name: net.core.somaxconn, value: "1024"}
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
      securityContext:
        sysctls:
          - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
      containers:
        - name: web
          image: nginx:1.27
    ```
    """

    id = "unsafe-sysctls"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Pod sets an unsafe sysctl"
    aliases = ("kube-linter:unsafe-sysctls", "trivy:KSV026")
    preset = "default"

    def check(self, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        sysctls = items(get(template.raw_spec, ("securityContext",)), "sysctls")
        for i, entry in enumerate(sysctls):
            name = text(entry, "name")
            if name and name not in SAFE_SYSCTLS:
                yield Violation(
                    (*template.spec_path, "securityContext", "sysctls", i, "name"),
                    f"sysctl {name} is not in the safe set: the kubelet rejects the pod unless the node allows it",
                )
