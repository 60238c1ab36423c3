"""Pod Security Standards, evaluated as the pod-security admission plugin does
(k8s.io/pod-security-admission/policy): one check per control, with its forbidden reason and
detail in the plugin's own words, and the restricted checks that override baseline ones.

Each check reads the pod spec of a pod template and returns a Failure or None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from k8slint.analysis.workloads import PodTemplate
from k8slint.parse.sourcemap import Path, get, items, text


@dataclass(frozen=True, slots=True)
class Failure:
    check: str
    reason: str
    detail: str
    path: Path  # where the offending setting is (or the pod spec)


def _plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _quote(names: list[str]) -> str:
    return '"' + '", "'.join(names) + '"'


def _containers(spec: Any) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for group in ("initContainers", "containers", "ephemeralContainers"):
        for i, c in enumerate(items(spec, group)):
            if isinstance(c, dict):
                yield group, i, c


def _cname(c: dict[str, Any]) -> str:
    return text(c, "name") or ""


def _setters(pod: bool, names: list[str]) -> str:
    parts = (["pod"] if pod else []) + (
        [f"{_plural('container', 'containers', len(names))} {_quote(names)}"] if names else []
    )
    return " and ".join(parts)


Check = Callable[[PodTemplate, Any, tuple[int, int]], Failure | None]


def host_namespaces(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    bad = sorted(f"{f}=true" for f in ("hostNetwork", "hostPID", "hostIPC") if get(spec, (f,)) is True)
    if bad:
        first = next(f for f in ("hostNetwork", "hostPID", "hostIPC") if get(spec, (f,)) is True)
        return Failure("hostNamespaces", "host namespaces", ", ".join(bad), (*t.spec_path, first))
    return None


def privileged(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    bad = [(g, i, c) for g, i, c in _containers(spec) if get(c, ("securityContext", "privileged")) is True]
    if bad:
        names = [_cname(c) for _, _, c in bad]
        g, i, _ = bad[0]
        return Failure(
            "privileged",
            "privileged",
            f"{_plural('container', 'containers', len(names))} {_quote(names)} must not set securityContext.privileged=true",
            (*t.spec_path, g, i, "securityContext", "privileged"),
        )
    return None


BASELINE_CAPS = frozenset(
    "AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID "
    "SETPCAP SETUID SYS_CHROOT".split()
)


def capabilities_baseline(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    names, caps, first = [], set(), None
    for g, i, c in _containers(spec):
        added = [a for a in items(get(c, ("securityContext", "capabilities")), "add") if isinstance(a, str)]
        bad = [a for a in added if a not in BASELINE_CAPS]
        if bad:
            names.append(_cname(c))
            caps.update(bad)
            first = first or (*t.spec_path, g, i, "securityContext", "capabilities", "add")
    if names:
        return Failure(
            "capabilities_baseline",
            "non-default capabilities",
            f"{_plural('container', 'containers', len(names))} {_quote(names)} must not include "
            f"{_quote(sorted(caps))} in securityContext.capabilities.add",
            first or t.spec_path,
        )
    return None


def host_path_volumes(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    bad = [
        (i, text(vol, "name") or "")
        for i, vol in enumerate(items(spec, "volumes"))
        if get(vol, ("hostPath",)) is not None
    ]
    if bad:
        names = [n for _, n in bad]
        return Failure(
            "hostPathVolumes",
            "hostPath volumes",
            f"{_plural('volume', 'volumes', len(names))} {_quote(names)}",
            (*t.spec_path, "volumes", bad[0][0], "hostPath"),
        )
    return None


def host_ports(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    names, ports, first = [], set(), None
    for g, i, c in _containers(spec):
        found = [
            (j, p.get("hostPort"))
            for j, p in enumerate(items(c, "ports"))
            if isinstance(p, dict) and isinstance(p.get("hostPort"), int) and p.get("hostPort") != 0
        ]
        if found:
            names.append(_cname(c))
            ports.update(str(h) for _, h in found)
            first = first or (*t.spec_path, g, i, "ports", found[0][0], "hostPort")
    if names:
        ordered = sorted(ports)
        return Failure(
            "hostPorts",
            "hostPort",
            f"{_plural('container', 'containers', len(names))} {_quote(names)} {_plural('uses', 'use', len(names))} "
            f"{_plural('hostPort', 'hostPorts', len(ordered))} {', '.join(ordered)}",
            first or t.spec_path,
        )
    return None


def app_armor(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    pod_bad = get(spec, ("securityContext", "appArmorProfile", "type"))
    pod = isinstance(pod_bad, str) and pod_bad not in ("RuntimeDefault", "Localhost")
    bad_types = {pod_bad} if pod else set()
    names, first = [], (*t.spec_path, "securityContext", "appArmorProfile", "type") if pod else None
    for g, i, c in _containers(spec):
        kind = get(c, ("securityContext", "appArmorProfile", "type"))
        if isinstance(kind, str) and kind not in ("RuntimeDefault", "Localhost"):
            names.append(_cname(c))
            bad_types.add(kind)
            first = first or (*t.spec_path, g, i, "securityContext", "appArmorProfile", "type")
    annotations = get(t.resource.raw, (*t.meta_path, "annotations"))
    bad_annotations = sorted(
        f"{k}={val!r}".replace("'", '"')
        for k, val in (annotations.items() if isinstance(annotations, dict) else [])
        if isinstance(k, str)
        and k.startswith("container.apparmor.security.beta.kubernetes.io/")
        and isinstance(val, str)
        and val
        and val != "runtime/default"
        and not val.startswith("localhost/")
    )
    if not (pod or names or bad_annotations):
        return None
    setters = _setters(pod, names)
    if bad_annotations:
        setters = " and ".join(
            filter(None, [setters, _plural("annotation", "annotations", len(bad_annotations))])
        )
        first = first or (*t.meta_path, "annotations")
    values = sorted(bad_types) + bad_annotations
    count = len(bad_types) + len(bad_annotations)
    return Failure(
        "appArmorProfile",
        _plural("forbidden AppArmor profile", "forbidden AppArmor profiles", count),
        f"{setters} must not set AppArmor profile type to {_quote(values)}",
        first or t.spec_path,
    )


def selinux(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    allowed = {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
    bad_types: set[str] = set()
    user_role = False
    pod, names, first = False, [], None
    sources = [
        (
            None,
            get(spec, ("securityContext", "seLinuxOptions")),
            (*t.spec_path, "securityContext", "seLinuxOptions"),
        )
    ]
    sources += [
        (
            _cname(c),
            get(c, ("securityContext", "seLinuxOptions")),
            (*t.spec_path, g, i, "securityContext", "seLinuxOptions"),
        )
        for g, i, c in _containers(spec)
    ]
    for name, opts, path in sources:
        if not isinstance(opts, dict):
            continue
        kind = opts.get("type")
        bad = (
            (isinstance(kind, str) and kind not in allowed)
            or bool(opts.get("user"))
            or bool(opts.get("role"))
        )
        if not bad:
            continue
        if isinstance(kind, str) and kind not in allowed:
            bad_types.add(kind)
        user_role = user_role or bool(opts.get("user")) or bool(opts.get("role"))
        if name is None:
            pod = True
        else:
            names.append(name)
        first = first or path
    if not (pod or names):
        return None
    data = []
    if bad_types:
        data.append(f"{_plural('type', 'types', len(bad_types))} {_quote(sorted(bad_types))}")
    if user_role:
        data.append(
            "user may not be set" if any(get(o, ("user",)) for _, o, _ in sources) else "role may not be set"
        )
    return Failure(
        "seLinuxOptions",
        "seLinuxOptions",
        f"{_setters(pod, names)} set forbidden securityContext.seLinuxOptions: {'; '.join(data)}",
        first or t.spec_path,
    )


def proc_mount(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    names, kinds, first = [], set(), None
    for g, i, c in _containers(spec):
        kind = get(c, ("securityContext", "procMount"))
        if isinstance(kind, str) and kind and kind != "Default":
            names.append(_cname(c))
            kinds.add(kind)
            first = first or (*t.spec_path, g, i, "securityContext", "procMount")
    if names:
        return Failure(
            "procMount",
            "procMount",
            f"{_plural('container', 'containers', len(names))} {_quote(names)} must not set securityContext.procMount to {_quote(sorted(kinds))}",
            first or t.spec_path,
        )
    return None


def _seccomp_values(t: PodTemplate, spec: Any) -> tuple[Any, list[tuple[str, Any, Path]]]:
    pod = get(spec, ("securityContext", "seccompProfile", "type"))
    per = [
        (_cname(c), get(c, ("securityContext", "seccompProfile", "type")), (*t.spec_path, g, i))
        for g, i, c in _containers(spec)
    ]
    return pod, per


def seccomp_baseline(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    pod, per = _seccomp_values(t, spec)
    ok = ("RuntimeDefault", "Localhost")
    pod_bad = isinstance(pod, str) and pod not in ok
    bad = [(n, k, p) for n, k, p in per if isinstance(k, str) and k not in ok]
    if not (pod_bad or bad):
        return None
    values = sorted({pod} if pod_bad else set() | {k for _, k, _ in bad})
    path = (
        (*t.spec_path, "securityContext", "seccompProfile", "type")
        if pod_bad
        else (*bad[0][2], "securityContext", "seccompProfile", "type")
    )
    return Failure(
        "seccompProfile_baseline",
        "seccompProfile",
        f"{_setters(pod_bad, [n for n, _, _ in bad])} must not set securityContext.seccompProfile.type to {_quote(values)}",
        path,
    )


def sysctls(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    allowed = {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    }
    if v >= (1, 27):
        allowed.add("net.ipv4.ip_local_reserved_ports")
    if v >= (1, 29):
        allowed |= {
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes",
        }
    if v >= (1, 32):
        allowed |= {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}
    entries = items(get(spec, ("securityContext",)), "sysctls")
    bad = [
        (i, text(e, "name"))
        for i, e in enumerate(entries)
        if text(e, "name") and text(e, "name") not in allowed
    ]
    if bad:
        return Failure(
            "sysctls",
            "forbidden sysctls",
            ", ".join(n for _, n in bad if n),
            (*t.spec_path, "securityContext", "sysctls", bad[0][0], "name"),
        )
    return None


def windows_host_process(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    pod = get(spec, ("securityContext", "windowsOptions", "hostProcess")) is True
    bad = [
        (_cname(c), (*t.spec_path, g, i, "securityContext", "windowsOptions", "hostProcess"))
        for g, i, c in _containers(spec)
        if get(c, ("securityContext", "windowsOptions", "hostProcess")) is True
    ]
    if not (pod or bad):
        return None
    path = (*t.spec_path, "securityContext", "windowsOptions", "hostProcess") if pod else bad[0][1]
    return Failure(
        "windowsHostProcess",
        "hostProcess",
        f"{_setters(pod, [n for n, _ in bad])} must not set securityContext.windowsOptions.hostProcess=true",
        path,
    )


def host_probes(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    if v < (1, 34):
        return None
    names, hosts, first = [], set(), None
    for g, i, c in _containers(spec):
        found = []
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            for handler in ("httpGet", "tcpSocket"):
                host = get(c, (probe, handler, "host"))
                if isinstance(host, str) and host:
                    found.append((host, (*t.spec_path, g, i, probe, handler, "host")))
        for hook in ("postStart", "preStop"):
            for handler in ("httpGet", "tcpSocket"):
                host = get(c, ("lifecycle", hook, handler, "host"))
                if isinstance(host, str) and host:
                    found.append((host, (*t.spec_path, g, i, "lifecycle", hook, handler, "host")))
        if found:
            names.append(_cname(c))
            hosts.update(h for h, _ in found)
            first = first or found[0][1]
    if names:
        names.sort()
        return Failure(
            "hostProbesAndHostLifecycle",
            "probe or lifecycle host",
            f"{_plural('container', 'containers', len(names))} {_quote(names)} {_plural('uses', 'use', len(names))} "
            f"{_plural('probe or lifecycle host', 'probe or lifecycle hosts', len(hosts))} {_quote(sorted(hosts))}",
            first or t.spec_path,
        )
    return None


RESTRICTED_VOLUMES_OK = frozenset(
    {
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
        "image",
    }
)


def restricted_volumes(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    names, kinds, first = [], set(), None
    for i, vol in enumerate(items(spec, "volumes")):
        if not isinstance(vol, dict):
            continue
        sources = [k for k in vol if k != "name"]
        bad = [k for k in sources if k not in RESTRICTED_VOLUMES_OK]
        if bad:
            names.append(text(vol, "name") or "")
            kinds.update(bad)
            first = first or (*t.spec_path, "volumes", i)
    if names:
        return Failure(
            "restrictedVolumes",
            "restricted volume types",
            f"{_plural('volume', 'volumes', len(names))} {_quote(names)} {_plural('uses', 'use', len(names))} "
            f"{_plural('restricted volume type', 'restricted volume types', len(kinds))} {_quote(sorted(kinds))}",
            first or t.spec_path,
        )
    return None


def _windows(spec: Any) -> bool:
    return get(spec, ("os", "name")) == "windows"


def allow_privilege_escalation(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    if v >= (1, 25) and _windows(spec):
        return None
    bad = [
        (g, i, c)
        for g, i, c in _containers(spec)
        if get(c, ("securityContext", "allowPrivilegeEscalation")) is not False
    ]
    if bad:
        names = [_cname(c) for _, _, c in bad]
        g, i, _ = bad[0]
        return Failure(
            "allowPrivilegeEscalation",
            "allowPrivilegeEscalation != false",
            f"{_plural('container', 'containers', len(names))} {_quote(names)} must set securityContext.allowPrivilegeEscalation=false",
            (*t.spec_path, g, i),
        )
    return None


def run_as_non_root(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    pod = get(spec, ("securityContext", "runAsNonRoot"))
    explicit_false = [
        (_cname(c), (*t.spec_path, g, i))
        for g, i, c in _containers(spec)
        if get(c, ("securityContext", "runAsNonRoot")) is False
    ]
    if pod is False or explicit_false:
        setters = _setters(pod is False, [n for n, _ in explicit_false])
        path = (*t.spec_path, "securityContext", "runAsNonRoot") if pod is False else explicit_false[0][1]
        return Failure(
            "runAsNonRoot",
            "runAsNonRoot != true",
            f"{setters} must not set securityContext.runAsNonRoot=false",
            path,
        )
    if pod is True:
        return None
    unset = [
        (_cname(c), (*t.spec_path, g, i))
        for g, i, c in _containers(spec)
        if get(c, ("securityContext", "runAsNonRoot")) is not True
    ]
    if unset:
        names = [n for n, _ in unset]
        return Failure(
            "runAsNonRoot",
            "runAsNonRoot != true",
            f"pod or {_plural('container', 'containers', len(names))} {_quote(names)} must set securityContext.runAsNonRoot=true",
            unset[0][1],
        )
    return None


def run_as_user(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    pod = get(spec, ("securityContext", "runAsUser")) == 0
    names = [
        (_cname(c), (*t.spec_path, g, i, "securityContext", "runAsUser"))
        for g, i, c in _containers(spec)
        if get(c, ("securityContext", "runAsUser")) == 0
    ]
    if pod or names:
        path = (*t.spec_path, "securityContext", "runAsUser") if pod else names[0][1]
        return Failure(
            "runAsUser",
            "runAsUser=0",
            f"{_setters(pod, [n for n, _ in names])} must not set runAsUser=0",
            path,
        )
    return None


def seccomp_restricted(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    if v >= (1, 25) and _windows(spec):
        return None
    pod, per = _seccomp_values(t, spec)
    ok = ("RuntimeDefault", "Localhost")
    pod_bad = isinstance(pod, str) and pod not in ok
    explicit = [(n, k, p) for n, k, p in per if isinstance(k, str) and k not in ok]
    if pod_bad or explicit:
        values = sorted(({pod} if pod_bad else set()) | {k for _, k, _ in explicit})
        path = (
            (*t.spec_path, "securityContext", "seccompProfile", "type")
            if pod_bad
            else (*explicit[0][2], "securityContext", "seccompProfile", "type")
        )
        return Failure(
            "seccompProfile_restricted",
            "seccompProfile",
            f"{_setters(pod_bad, [n for n, _, _ in explicit])} must not set securityContext.seccompProfile.type to {_quote(values)}",
            path,
        )
    if pod in ok:
        return None
    unset = [(n, p) for n, k, p in per if k is None]
    if unset:
        names = [n for n, _ in unset]
        return Failure(
            "seccompProfile_restricted",
            "seccompProfile",
            f'pod or {_plural("container", "containers", len(names))} {_quote(names)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
            unset[0][1],
        )
    return None


def capabilities_restricted(t: PodTemplate, spec: Any, v: tuple[int, int]) -> Failure | None:
    if v >= (1, 25) and _windows(spec):
        return None
    no_drop, bad_add, caps, first = [], [], set(), None
    for g, i, c in _containers(spec):
        capabilities = get(c, ("securityContext", "capabilities"))
        if "ALL" not in items(capabilities, "drop"):
            no_drop.append(_cname(c))
            first = first or (*t.spec_path, g, i)
        added = [a for a in items(capabilities, "add") if isinstance(a, str) and a != "NET_BIND_SERVICE"]
        if added:
            bad_add.append(_cname(c))
            caps.update(added)
            first = first or (*t.spec_path, g, i, "securityContext", "capabilities", "add")
    parts = []
    if no_drop:
        parts.append(
            f'{_plural("container", "containers", len(no_drop))} {_quote(no_drop)} must set securityContext.capabilities.drop=["ALL"]'
        )
    if bad_add:
        parts.append(
            f"{_plural('container', 'containers', len(bad_add))} {_quote(bad_add)} must not include {_quote(sorted(caps))} in securityContext.capabilities.add"
        )
    if parts:
        return Failure(
            "capabilities_restricted", "unrestricted capabilities", "; ".join(parts), first or t.spec_path
        )
    return None


@dataclass(frozen=True, slots=True)
class Control:
    check: str
    level: str  # "baseline" | "restricted"
    func: Check
    overrides: str | None = None  # the baseline check this restricted check replaces


CONTROLS: tuple[Control, ...] = (
    Control("appArmorProfile", "baseline", app_armor),
    Control("capabilities_baseline", "baseline", capabilities_baseline),
    Control("hostNamespaces", "baseline", host_namespaces),
    Control("hostPathVolumes", "baseline", host_path_volumes),
    Control("hostPorts", "baseline", host_ports),
    Control("hostProbesAndHostLifecycle", "baseline", host_probes),
    Control("privileged", "baseline", privileged),
    Control("procMount", "baseline", proc_mount),
    Control("seLinuxOptions", "baseline", selinux),
    Control("seccompProfile_baseline", "baseline", seccomp_baseline),
    Control("sysctls", "baseline", sysctls),
    Control("windowsHostProcess", "baseline", windows_host_process),
    Control("allowPrivilegeEscalation", "restricted", allow_privilege_escalation),
    Control("capabilities_restricted", "restricted", capabilities_restricted, "capabilities_baseline"),
    Control("restrictedVolumes", "restricted", restricted_volumes, "hostPathVolumes"),
    Control("runAsNonRoot", "restricted", run_as_non_root),
    Control("runAsUser", "restricted", run_as_user),
    Control("seccompProfile_restricted", "restricted", seccomp_restricted, "seccompProfile_baseline"),
)
BY_CHECK = {c.check: c for c in CONTROLS}


def evaluate(template: PodTemplate, level: str, version: tuple[int, int]) -> list[Failure]:
    """The failures of a pod template against a level, in the plugin's order."""
    if level not in ("baseline", "restricted") or not isinstance(template.raw_spec, dict):
        return []
    active = [c for c in CONTROLS if c.level == "baseline" or level == "restricted"]
    overridden = {c.overrides for c in active if c.overrides}
    out = []
    for control in active:
        if control.check in overridden:
            continue
        failure = control.func(template, template.raw_spec, version)
        if failure is not None:
            out.append(failure)
    return out


def summary(failures: list[Failure]) -> str:
    return ", ".join(f"{f.reason} ({f.detail})" if f.detail else f.reason for f in failures)
