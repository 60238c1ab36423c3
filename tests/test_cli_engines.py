"""The analysis commands (graph, qos, quota, schedule, netpol, rbac) share the command-line
contract of `check`: the same configuration and settings, every unreadable input reported on stderr
with exit 2, --output, --kube-version and --config everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from k8slint.cli import app

runner = CliRunner()

POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "busybox:1.36"}]\n'

# every engine command, with the arguments that come before the paths
ENGINES = [
    ("graph",),
    ("qos",),
    ("quota",),
    ("schedule",),
    ("netpol",),
    ("rbac", "who-can", "get", "secrets"),
    ("rbac", "can-i", "--as", "user:bob", "get", "pods"),
    ("rbac", "permissions", "user:bob"),
]
IDS = [" ".join(e[:2]) for e in ENGINES]


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory of its own: no configuration is found upward by accident."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


# -- unreadable input ---------------------------------------------------------------------------------

UNREADABLE = [
    "k8slint: error: m/bad.yaml:2: YAML syntax error: did not find expected ',' or ']'",
    "k8slint: error: m/noapi.yaml:1: apiVersion not set",
    "k8slint: error: m/scalar.yaml:1: document is a scalar (str), not a Kubernetes object "
    "(a mapping with apiVersion and kind)",
    "k8slint: error: m/missing.yaml:1: no such file or directory",
]


def _broken_set(root: Path) -> None:
    _write(root / "m" / "bad.yaml", "a: [1\n")
    _write(root / "m" / "scalar.yaml", "just text\n")
    _write(root / "m" / "noapi.yaml", "kind: Pod\nmetadata: {name: x}\n")
    _write(root / "m" / "pod.yaml", POD)


@pytest.mark.parametrize("engine", ENGINES, ids=IDS)
def test_every_unreadable_input_is_an_error_and_exit_2(here: Path, engine: tuple[str, ...]) -> None:
    _broken_set(here)
    result = invoke(*engine, "m", "m/missing.yaml")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("k8slint: error:")]
    assert errors == [UNREADABLE[3], *UNREADABLE[:3]]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("engine", ENGINES, ids=IDS)
def test_invalid_documents_alone_exit_2_with_the_output_first(here: Path, engine: tuple[str, ...]) -> None:
    """Documents `check` rejects as invalid-document (excessive aliasing, nesting) were skipped
    silently: the output is still printed, then the errors."""
    aliases = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    _write(here / "m" / "bomb.yaml", aliases)
    _write(here / "m" / "deep.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: " + "[" * 400 + "]" * 400 + "\n")
    result = invoke(*engine, "m")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("k8slint: error:")]
    assert len(errors) == 2
    assert errors[0].startswith("k8slint: error: m/bomb.yaml:")
    assert errors[1].startswith("k8slint: error: m/deep.yaml:")


def test_graph_of_a_missing_path_is_an_error(here: Path) -> None:
    result = invoke("graph", "nonexistent")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"nodes": [], "edges": []}
    assert result.stderr == "k8slint: error: nonexistent:1: no such file or directory\n"


# -- settings from the configuration and the options, as `check` resolves them -----------------------

PLR_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: plr, namespace: kube-system}
spec:
  resources:
    requests: {cpu: "1", memory: 1Gi}
    limits: {cpu: "1", memory: 1Gi}
  containers: [{name: c, image: "busybox:1.36"}]
"""


def _qos_of(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [p["qos"] for p in json.loads(result.stdout)["pods"]]


def test_qos_follows_the_kube_version_of_the_config_and_the_option(here: Path) -> None:
    """Pod-level resources count from 1.34: before, the pod has no requests at all."""
    _write(here / "p.yaml", PLR_POD)
    assert _qos_of(invoke("qos", "p.yaml", "-f", "json")) == ["Guaranteed"]
    _write(here / ".k8slint.yaml", "kube-version: '1.33'\n")
    assert _qos_of(invoke("qos", "p.yaml", "-f", "json")) == ["BestEffort"]
    assert _qos_of(invoke("qos", "p.yaml", "-f", "json", "--kube-version", "1.34")) == ["Guaranteed"]
    other = here / "other.yaml"
    _write(other, "kube-version: '1.34'\n")
    assert _qos_of(invoke("qos", "p.yaml", "-f", "json", "--config", str(other))) == ["Guaranteed"]


DAEMONSET = """\
apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: mon}
spec:
  hard: {pods: "2"}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: mon}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, image: "busybox:1.36"}]
"""
POOLS = """\
pools:
  - name: general
    count: 3
    allocatable: {cpu: "4", memory: 16Gi, pods: 110}
  - name: gpu
    count: 1
    allocatable: {cpu: "8", memory: 32Gi}
    taints: [{key: nvidia.com/gpu, value: "true", effect: NoSchedule}]
"""
QUOTA_REFUSED = {
    "namespace": "mon",
    "quotas": [{"name": "q", "hard": {"pods": "2"}, "used": {"pods": "2"}}],
    "rejected": [
        {
            "resource": {"kind": "DaemonSet", "namespace": "mon", "name": "agent"},
            "message": "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2",
            "object": "pods",
            "count": 3,
            "created": 2,
        }
    ],
}


def test_quota_counts_daemonset_pods_on_the_inventory_of_the_config_and_the_option(here: Path) -> None:
    _write(here / "set.yaml", DAEMONSET)
    _write(here / "nodes" / "pools.yaml", POOLS)
    unknown = json.loads(invoke("quota", "set.yaml", "-f", "json").stdout)["namespaces"]
    assert unknown[0]["quotas"][0]["used"] == {"pods": "0"} and unknown[0]["rejected"] == []
    result = invoke("quota", "set.yaml", "-f", "json", "--nodes", "nodes/pools.yaml")
    assert result.exit_code == 0 and json.loads(result.stdout) == {"namespaces": [QUOTA_REFUSED]}
    _write(here / ".k8slint.yaml", "nodes: nodes/pools.yaml\n")
    assert json.loads(invoke("quota", "set.yaml", "-f", "json").stdout) == {"namespaces": [QUOTA_REFUSED]}
    # the same verdict as check's quota-exceeded
    check = json.loads(invoke("check", "set.yaml", "--select", "quota-exceeded", "-f", "json").stdout)
    assert [(f["rule"], f["line"]) for f in check["findings"]] == [("quota-exceeded", 9)]
    text = invoke("quota", "set.yaml").stdout
    assert (
        "  REFUSED DaemonSet/agent (2 of 3 pods created): exceeded quota: q, requested: pods=1, "
        "used: pods=2, limited: pods=2\n" in text
    )


# -- node inventories -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["qos", "quota", "schedule", "check"])
def test_a_missing_or_invalid_inventory_is_a_usage_error(here: Path, command: str) -> None:
    _write(here / "p.yaml", POD)
    missing = invoke(command, "p.yaml", "--nodes", "none.yaml")
    assert missing.exit_code == 2 and missing.stdout == ""
    assert missing.stderr == "k8slint: error: none.yaml: node inventory not found\n"
    _write(here / "bad.yaml", "pools:\n  - {name: node, count: x, allocatable: {}}\n")
    bad = invoke(command, "p.yaml", "--nodes", "bad.yaml")
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr == "k8slint: error: bad.yaml:2: pools.0.count: 'x' is not of type 'integer'\n"
    _write(here / "empty.yaml", "")  # no node at all: the scheduling findings would be silently off
    empty = invoke(command, "p.yaml", "--nodes", "empty.yaml")
    assert empty.exit_code == 2 and empty.stdout == ""
    assert empty.stderr == "k8slint: error: empty.yaml: the node inventory holds no usable node\n"
    _write(here / ".k8slint.yaml", "nodes: bad.yaml\n")
    assert invoke(command, "p.yaml").exit_code == 2


BURSTABLE = (
    "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n"
    '  containers: [{name: c, image: "busybox:1.36", resources: {requests: {memory: 1Gi}}}]\n'
)


def test_qos_says_why_a_burstable_score_is_a_range(here: Path) -> None:
    _write(here / "b.yaml", BURSTABLE)
    unknown = invoke("qos", "b.yaml")
    assert unknown.stdout.splitlines()[-1] == (
        "A Burstable range: the node memory is unknown (give Node manifests with --nodes)."
    )
    _write(here / "pools.yaml", POOLS)
    mixed = invoke("qos", "b.yaml", "--nodes", "pools.yaml")
    assert mixed.exit_code == 0
    assert mixed.stdout.splitlines()[1].split()[:3] == ["2", "Burstable", "938..969"]
    assert mixed.stdout.splitlines()[-1] == (
        "A Burstable range: the score depends on the node (node memory sizes differ: 16Gi, 32Gi)."
    )
    _write(here / "one.yaml", "pools:\n  - {name: a, count: 2, allocatable: {cpu: '4', memory: 4Gi}}\n")
    one = invoke("qos", "b.yaml", "--nodes", "one.yaml", "-f", "json")
    [pod] = json.loads(one.stdout)["pods"]
    assert (pod["oomScoreAdj"], pod["oomScoreAdjRange"]) == (750, [750, 750])


# -- qos entries ---------------------------------------------------------------------------------------

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: w, image: "nginx:1.27"%s}]
"""
POD_TEMPLATE = """\
apiVersion: v1
kind: PodTemplate
metadata: {name: tpl, namespace: shop}
template:
  spec:
    containers: [{name: w, image: "nginx:1.27"}]
"""


def test_qos_lists_each_definition_with_its_file_and_line_and_no_pod_templates(here: Path) -> None:
    _write(here / "base" / "web.yaml", POD_TEMPLATE + "---\n" + DEPLOYMENT % "")
    limits = ", resources: {limits: {cpu: '1', memory: 1Gi}}"
    _write(here / "overlay" / "web.yaml", DEPLOYMENT % limits)
    result = invoke("qos", "base", "overlay", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pods"] == [
        {
            "resource": {"kind": "Deployment", "namespace": "shop", "name": "web"},
            "qos": "BestEffort",
            "reason": "no cpu or memory request or limit",
            "oomScoreAdj": 1000,
            "oomScoreAdjRange": [1000, 1000],
            "file": "base/web.yaml",
            "line": 8,
        },
        {
            "resource": {"kind": "Deployment", "namespace": "shop", "name": "web"},
            "qos": "Guaranteed",
            "reason": "every container's cpu and memory limits equal its requests",
            "oomScoreAdj": -997,
            "oomScoreAdjRange": [-997, -997],
            "file": "overlay/web.yaml",
            "line": 1,
        },
    ]
    rows = invoke("qos", "base", "overlay").stdout.splitlines()
    assert [row.split("  ")[0:1] + row.split()[3:4] for row in rows[1:3]] == [
        ["1", "Deployment/shop/web"],
        ["3", "Deployment/shop/web"],
    ]
    assert "Deployment/shop/web (base/web.yaml:8)" in rows[1]
    assert "Deployment/shop/web (overlay/web.yaml:1)" in rows[2]
    only_template = invoke("qos", "base/web.yaml", "-f", "json", "--output", "out.json")
    assert only_template.stdout == ""
    assert [p["resource"]["kind"] for p in json.loads((here / "out.json").read_text())["pods"]] == [
        "Deployment"
    ]


# -- common options ------------------------------------------------------------------------------------

RBAC_SET = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: app}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bob-reads, namespace: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]
"""

OUTPUT_CASES = [
    ("graph", "set.yaml"),
    ("graph", "set.yaml", "--format", "dot"),
    ("qos", "set.yaml"),
    ("qos", "set.yaml", "--format", "json"),
    ("quota", "set.yaml"),
    ("quota", "set.yaml", "--format", "json"),
    ("schedule", "set.yaml"),
    ("netpol", "set.yaml", "--format", "json"),
    ("rbac", "who-can", "get", "pods", "set.yaml", "-n", "app"),
    ("rbac", "who-can", "get", "pods", "set.yaml", "-n", "app", "--format", "json"),
    ("rbac", "can-i", "--as", "user:bob", "get", "pods", "-n", "app", "set.yaml"),
    ("rbac", "permissions", "user:bob", "set.yaml", "--format", "json"),
    ("rules",),
    ("rules", "--format", "json"),
]


@pytest.mark.parametrize("args", OUTPUT_CASES, ids=[" ".join(a) for a in OUTPUT_CASES])
def test_output_writes_to_the_file_what_stdout_would_show(here: Path, args: tuple[str, ...]) -> None:
    _write(here / "set.yaml", POD + "---\n" + RBAC_SET)
    shown = invoke(*args)
    assert shown.exit_code == 0 and shown.stdout
    written = invoke(*args, "--output", "out.txt")
    assert written.exit_code == 0
    assert written.stdout == ""
    assert (here / "out.txt").read_text() == shown.stdout


def test_output_to_an_unwritable_place_is_a_usage_error(here: Path) -> None:
    _write(here / "set.yaml", POD)
    result = invoke("qos", "set.yaml", "--output", "no/such/dir/out.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("k8slint: error: cannot write no/such/dir/out.txt: ")


@pytest.mark.parametrize("version", ["", "1.037", "1.30.x", "1.99", "banana"])
@pytest.mark.parametrize("engine", [*ENGINES, ("check",)], ids=[*IDS, "check"])
def test_an_invalid_kube_version_is_a_usage_error_everywhere(
    here: Path, engine: tuple[str, ...], version: str
) -> None:
    _write(here / "p.yaml", POD)
    result = invoke(*engine, "p.yaml", "--kube-version", version)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"k8slint: error: --kube-version {version!r} is not supported: "
        "use a Kubernetes minor X.Y from 1.27 to 1.37\n"
    )


@pytest.mark.parametrize("engine", [*ENGINES, ("check",)], ids=[*IDS, "check"])
def test_a_padded_kube_version_in_the_config_is_a_usage_error(here: Path, engine: tuple[str, ...]) -> None:
    _write(here / "p.yaml", POD)
    _write(here / "conf.yaml", "kube-version: '1.037'\n")
    result = invoke(*engine, "p.yaml", "--config", "conf.yaml")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.endswith(
        "conf.yaml: kube-version '1.037' is not supported: use a Kubernetes minor X.Y from 1.27 to 1.37\n"
    )
    assert invoke(*engine, "p.yaml", "--config", "conf.yaml", "--kube-version", "1.30").exit_code in (0, 1)


@pytest.mark.parametrize("engine", ENGINES, ids=IDS)
def test_engines_honour_the_config_excludes(here: Path, engine: tuple[str, ...]) -> None:
    """`exclude:` globs of the config keep files out of every command, as out of `check`."""
    _write(here / "m" / "pod.yaml", POD)
    _write(here / "m" / "vendor" / "bad.yaml", "a: [1\n")
    assert invoke(*engine, "m").exit_code == 2
    _write(here / "conf.yaml", "exclude: ['m/vendor/*']\n")
    result = invoke(*engine, "m", "--config", "conf.yaml")
    assert result.exit_code in (0, 1), result.output  # can-i: 1 is "no"
    assert result.stderr == ""


def test_netpol_explain_takes_neither_a_machine_format_nor_focus(here: Path) -> None:
    _write(here / "set.yaml", POD)
    as_json = invoke("netpol", "set.yaml", "--explain", "default/p", "default/p", "--format", "json")
    assert as_json.exit_code == 2 and as_json.stdout == ""
    assert as_json.stderr == "k8slint: error: --explain prints text: --format json does not apply to it\n"
    focused = invoke("netpol", "set.yaml", "--explain", "default/p", "default/p", "--focus", "default/p")
    assert focused.exit_code == 2 and focused.stdout == ""
    assert focused.stderr == (
        "k8slint: error: --focus does not apply to --explain SRC DST (the pair is the focus)\n"
    )
    plain = invoke("netpol", "set.yaml", "--explain", "default/p", "default/p")
    assert plain.exit_code == 0
    assert plain.stdout.endswith(": a pod can always reach itself: All Connections\n")
