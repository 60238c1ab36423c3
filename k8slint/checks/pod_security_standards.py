"""One rule per Pod Security Standards control, named after the upstream check
(k8s.io/pod-security-admission/policy/check_*.go). The controls' logic and messages live in
k8slint.analysis.pss; this module only gives each one an id, docs and examples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.pss import BY_CHECK
from k8slint.analysis.workloads import PodTemplate
from k8slint.engine.rule import PodTemplateRule, Violation
from k8slint.findings import Category, Level

# (rule id, upstream check, title, what it forbids, failing pod spec, passing pod spec)
_C = "containers:\n    - name: web\n      image: nginx:1.27"
CONTROLS = [
    (
        "pss-host-namespaces",
        "hostNamespaces",
        "Host namespaces",
        "Sharing the host's network, PID or IPC namespace.",
        f"hostNetwork: true\n  {_C}",
        _C,
    ),
    (
        "pss-privileged",
        "privileged",
        "Privileged containers",
        "`securityContext.privileged: true`.",
        f"{_C}\n      securityContext: {{privileged: true}}",
        _C,
    ),
    (
        "pss-capabilities-baseline",
        "capabilities_baseline",
        "Capabilities (baseline)",
        "Adding capabilities beyond AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, "
        "SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.",
        f"{_C}\n      securityContext: {{capabilities: {{add: [NET_ADMIN]}}}}",
        _C,
    ),
    (
        "pss-host-path-volumes",
        "hostPathVolumes",
        "HostPath volumes",
        "Any hostPath volume.",
        f"{_C}\n  volumes: [{{name: logs, hostPath: {{path: /var/log}}}}]",
        f"{_C}\n  volumes: [{{name: logs, emptyDir: {{}}}}]",
    ),
    (
        "pss-host-ports",
        "hostPorts",
        "Host ports",
        "Any non-zero `hostPort`.",
        f"{_C}\n      ports: [{{containerPort: 80, hostPort: 80}}]",
        f"{_C}\n      ports: [{{containerPort: 80}}]",
    ),
    (
        "pss-apparmor-profile",
        "appArmorProfile",
        "AppArmor",
        "An AppArmor profile other than RuntimeDefault or Localhost (field or legacy annotation).",
        f"{_C}\n      securityContext: {{appArmorProfile: {{type: Unconfined}}}}",
        f"{_C}\n      securityContext: {{appArmorProfile: {{type: RuntimeDefault}}}}",
    ),
    (
        "pss-selinux-options",
        "seLinuxOptions",
        "SELinux",
        "An SELinux type other than container_t, container_init_t, container_kvm_t (or container_engine_t), or a custom user or role.",
        f"{_C}\n      securityContext: {{seLinuxOptions: {{type: spc_t}}}}",
        f"{_C}\n      securityContext: {{seLinuxOptions: {{type: container_t}}}}",
    ),
    (
        "pss-proc-mount",
        "procMount",
        "/proc mount type",
        "A `procMount` other than Default.",
        f"{_C}\n      securityContext: {{procMount: Unmasked}}",
        _C,
    ),
    (
        "pss-seccomp-baseline",
        "seccompProfile_baseline",
        "Seccomp (baseline)",
        "A seccomp profile of type Unconfined.",
        f"securityContext: {{seccompProfile: {{type: Unconfined}}}}\n  {_C}",
        _C,
    ),
    (
        "pss-sysctls",
        "sysctls",
        "Sysctls",
        "Sysctls outside the safe set of the target version.",
        f"securityContext: {{sysctls: [{{name: kernel.msgmax, value: '65536'}}]}}\n  {_C}",
        f"securityContext: {{sysctls: [{{name: net.ipv4.tcp_syncookies, value: '1'}}]}}\n  {_C}",
    ),
    (
        "pss-windows-host-process",
        "windowsHostProcess",
        "HostProcess",
        "Windows HostProcess containers.",
        f"{_C}\n      securityContext: {{windowsOptions: {{hostProcess: true}}}}",
        _C,
    ),
    (
        "pss-host-probes",
        "hostProbesAndHostLifecycle",
        "Probe and lifecycle hosts (1.34+)",
        "A `host` in an httpGet or tcpSocket probe or lifecycle handler.",
        f"{_C}\n      livenessProbe: {{httpGet: {{host: 10.0.0.1, port: 80}}}}",
        f"{_C}\n      livenessProbe: {{httpGet: {{port: 80}}}}",
    ),
    (
        "pss-restricted-volumes",
        "restrictedVolumes",
        "Volume types (restricted)",
        "Volumes other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret.",
        f"{_C}\n  volumes: [{{name: shared, nfs: {{server: nfs.local, path: /}}}}]",
        f"{_C}\n  volumes: [{{name: tmp, emptyDir: {{}}}}]",
    ),
    (
        "pss-allow-privilege-escalation",
        "allowPrivilegeEscalation",
        "Privilege escalation (restricted)",
        "Containers that do not set `allowPrivilegeEscalation: false`.",
        _C,
        f"{_C}\n      securityContext: {{allowPrivilegeEscalation: false}}",
    ),
    (
        "pss-run-as-non-root",
        "runAsNonRoot",
        "Running as non-root (restricted)",
        "`runAsNonRoot` not true on the pod or on every container (or explicitly false anywhere).",
        _C,
        f"securityContext: {{runAsNonRoot: true}}\n  {_C}",
    ),
    (
        "pss-run-as-user",
        "runAsUser",
        "Running as non-root user (restricted)",
        "`runAsUser: 0` on the pod or a container.",
        f"securityContext: {{runAsUser: 0}}\n  {_C}",
        f"securityContext: {{runAsUser: 10001}}\n  {_C}",
    ),
    (
        "pss-seccomp-restricted",
        "seccompProfile_restricted",
        "Seccomp (restricted)",
        "No seccomp profile of type RuntimeDefault or Localhost on the pod or every container.",
        _C,
        f"securityContext: {{seccompProfile: {{type: RuntimeDefault}}}}\n  {_C}",
    ),
    (
        "pss-capabilities-restricted",
        "capabilities_restricted",
        "Capabilities (restricted)",
        "Containers that do not drop ALL, or add anything but NET_BIND_SERVICE.",
        _C,
        f"{_C}\n      securityContext: {{capabilities: {{drop: [ALL]}}}}",
    ),
]


def _pod(spec: str) -> str:
    return f"```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  {spec}\n```"


def _doc(check: str, title: str, forbids: str, bad: str, good: str) -> str:
    level = BY_CHECK[check].level
    return (
        f'## What it finds\nThe Pod Security Standards {level} control "{title}" (upstream check `{check}`), '
        f"whatever the namespace: {forbids} The message is the admission plugin's reason and detail. "
        "Namespaces that enforce a level are handled by `pod-security-admission`.\n\n"
        f"## Why it matters\nA namespace labelled `pod-security.kubernetes.io/enforce: {level}` (or stricter) rejects "
        "such pods; meeting the level everywhere makes workloads portable to hardened clusters.\n\n"
        f"## How to fix\nChange the pod spec as the message says.\n\n## Example\n{_pod(bad)}\n\n## Use instead\n{_pod(good)}\n"
    )


def _make(rule_id: str, check: str, title: str, forbids: str, bad: str, good: str) -> type[PodTemplateRule]:
    def run(self: Any, template: PodTemplate, ctx: AnalysisContext) -> Iterator[Violation]:
        failure = BY_CHECK[check].func(template, template.raw_spec, ctx.settings.kube_version)
        if failure is not None:
            yield Violation(
                failure.path, f"{failure.reason} ({failure.detail})" if failure.detail else failure.reason
            )

    name = "".join(p.capitalize() for p in rule_id.split("-"))
    return type(
        name,
        (PodTemplateRule,),
        {
            "__module__": __name__,
            "__doc__": _doc(check, title, forbids, bad, good),
            "id": rule_id,
            "category": Category.SECURITY,
            "level": Level.WARNING if BY_CHECK[check].level == "baseline" else Level.NOTE,
            "summary": f"Pod Security Standards {BY_CHECK[check].level}: {title[0].lower() + title[1:]}",
            "preset": "strict",
            "check": run,
        },
    )


globals().update({cls.__name__: cls for cls in (_make(*spec) for spec in CONTROLS)})
