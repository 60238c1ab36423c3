"""The scheduling engine's parts: inventory formats and their errors, the request formula, the
message format, the no-inventory checks and the `schedule` command's contract."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

from k8slint.analysis.context import AnalysisContext, Settings
from k8slint.cli import app
from k8slint.graph.builders import build_graph
from k8slint.model.resource import build_resources
from k8slint.parse.loader import Loader
from k8slint.schedule import messages as m
from k8slint.schedule.inventory import InventoryError, Taint, read_file
from k8slint.schedule.pods import shapes
from k8slint.schedule.simulate import simulate
from k8slint.schedule.static import impossible

runner = CliRunner()


def _ctx(text: str, nodes: str | None = None, version: tuple[int, int] = (1, 37)) -> AnalysisContext:
    loader = Loader()
    loader.load_text(textwrap.dedent(text), "m.yaml")
    graph, build = build_graph(build_resources(loader.result.documents))
    return AnalysisContext(graph, build, Settings(kube_version=version, nodes=nodes))


def _write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


# -- inventory --------------------------------------------------------------------------------------


def test_pool_form_expands_nodes_with_zones_and_hostname(tmp_path):
    path = _write(
        tmp_path,
        "nodes.yaml",
        """\
        pools:
          - name: web
            count: 3
            allocatable: {cpu: "4", memory: 16Gi}
            zones: [a, b]
            labels: {pool: web}
            taints: [{key: k, value: v, effect: NoSchedule}]
        """,
    )
    nodes, notes = read_file(path)
    assert [n.name for n in nodes] == ["web-0", "web-1", "web-2"]
    assert [n.labels["topology.kubernetes.io/zone"] for n in nodes] == ["a", "b", "a"]
    assert nodes[1].labels["kubernetes.io/hostname"] == "web-1"
    assert nodes[0].allocatable == {"cpu": 4000, "memory": 16 * 2**30, "pods": 110}
    assert nodes[0].taints == (Taint("k", "v", "NoSchedule"),)
    assert len(notes) == 1 and notes[0].endswith(
        "nodes.yaml:2: pool web states no pods count: 110 is assumed"
    )


def test_pool_form_errors_name_file_and_line(tmp_path):
    path = _write(
        tmp_path,
        "nodes.yaml",
        """\
        pools:
          - name: web
            count: -1
            allocatable: {cpu: "4"}
          - name: db
            count: 1
            allocatable: {cpu: lots}
            colour: blue
        """,
    )
    with pytest.raises(InventoryError) as err:
        read_file(path)
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert lines[0].endswith(":3: pools.0.count: -1 is less than the minimum of 0")
    assert ":5: pools.1: Additional properties are not allowed ('colour' was unexpected)" in lines[1]
    assert ":7: pools.1.allocatable.cpu: 'lots' is not valid under any of the given schemas" in lines[2]


def test_kubectl_list_uses_allocatable_then_capacity(tmp_path):
    path = _write(
        tmp_path,
        "nodes.yaml",
        """\
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Node
            metadata: {name: a, labels: {kubernetes.io/hostname: a-host}}
            spec: {unschedulable: true}
            status:
              allocatable: {cpu: 3900m, memory: 15Gi, pods: "110"}
              capacity: {cpu: "4", memory: 16Gi, pods: "110"}
          - apiVersion: v1
            kind: Node
            metadata: {name: b}
            status:
              capacity: {cpu: "2", memory: 4Gi}
          - apiVersion: v1
            kind: Node
            metadata: {name: c}
        """,
    )
    nodes, notes = read_file(path)
    assert [n.name for n in nodes] == ["a", "b"]
    assert nodes[0].allocatable["cpu"] == 3900 and nodes[0].unschedulable
    assert nodes[0].labels["kubernetes.io/hostname"] == "a-host"
    assert nodes[1].allocatable == {"cpu": 2000, "memory": 4 * 2**30, "pods": 110}
    assert [n.split(": ", 1)[1] for n in notes] == [
        "Node b has no status.allocatable: its status.capacity is used",
        "Node b states no pods count: the kubelet default 110 is assumed",
        "Node c has no status.allocatable or status.capacity: left out",
    ]


def test_inventory_of_other_kinds_is_an_error(tmp_path):
    path = _write(tmp_path, "nodes.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n")
    with pytest.raises(InventoryError, match=r"nodes.yaml:2: expected Node manifests, a List or pools"):
        read_file(path)


# -- requests -----------------------------------------------------------------------------------------


def test_requests_follow_the_sidecar_formula_with_limits_and_overhead():
    ctx = _ctx(
        """\
        apiVersion: node.k8s.io/v1
        kind: RuntimeClass
        metadata: {name: kata}
        handler: kata
        overhead: {podFixed: {cpu: 250m, memory: 64Mi}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          runtimeClassName: kata
          initContainers:
            - {name: x, image: x, resources: {requests: {cpu: 300m}}}
            - {name: y, image: y, restartPolicy: Always, resources: {limits: {cpu: 50m, memory: 1Gi}}}
          containers:
            - {name: a, image: a, resources: {requests: {cpu: 200m, nvidia.com/gpu: "1"}}}
        """
    )
    (shape,) = shapes(ctx)
    # cpu: max(200m + 50m, 300m) + 250m; memory: the sidecar's limit + overhead
    assert shape.requests == {"cpu": 550, "memory": 2**30 + 64 * 2**20, "nvidia.com/gpu": 1}
    assert [k for k, _ in shape.req_items] == ["cpu", "memory", "nvidia.com/gpu"]
    # scoring's non-zero defaults fill the containers without requests
    assert shape.nz_mem == 2**30 + 200 * 2**20 + 64 * 2**20


# -- messages -----------------------------------------------------------------------------------------


def test_histogram_sorts_whole_entries_as_strings():
    text = m.fit_error(
        12, [("node(s) had untolerated taint(s)", 10), ("Insufficient cpu", 2), ("Too many pods", 2)]
    )
    assert (
        text
        == "0/12 nodes are available: 10 node(s) had untolerated taint(s), 2 Insufficient cpu, 2 Too many pods."
    )


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ((1, 24), "node(s) had taint {k: }, that the pod didn't tolerate"),
        ((1, 27), "node(s) had untolerated taint {k: }"),
        ((1, 33), "node(s) had untolerated taint {k: }"),
        ((1, 34), "node(s) had untolerated taint(s)"),
        ((1, 37), "node(s) had untolerated taint(s)"),
    ],
)
def test_taint_wording_by_version(version, expected):
    assert m.taint_reason(Taint("k", "", "NoSchedule"), version) == expected


def test_post_filter_text_by_version():
    assert m.with_post_filter("0/1 nodes are available: 1 X.", ["preemption: y."], (1, 29)).endswith("y..")
    assert m.with_post_filter("0/1 nodes are available: 1 X.", ["preemption: y."], (1, 30)).endswith(" y.")
    # no PostFilter part before 1.24
    assert m.with_post_filter("0/1 nodes are available: 1 X.", ["preemption: y."], (1, 23)) == (
        "0/1 nodes are available: 1 X."
    )
    # DynamicResources' no-op reason: 1.34 to 1.36 only
    assert [m.dra_prefix(v) for v in ((1, 33), (1, 34), (1, 36), (1, 37))] == [False, True, True, False]
    assert m.preemption_found("n", 2, (1, 36)) is None
    assert m.preemption_found("n", 2, (1, 37)) == (
        "preemption: found a potential placement for pod on node n, preempting 2 victims"
    )


def test_zero_nodes_is_no_fit_error(tmp_path):
    path = _write(tmp_path, "nodes.yaml", "pools: []\n")
    ctx = _ctx(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n", path
    )
    (pod,) = simulate(ctx).pods
    assert pod.message == "no nodes available to schedule pods"


# -- without an inventory -------------------------------------------------------------------------------


def test_impossible_without_inventory():
    ctx = _ctx(
        """\
        apiVersion: v1
        kind: Pod
        metadata: {name: contradiction}
        spec:
          nodeSelector: {disk: ssd}
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions: [{key: disk, operator: NotIn, values: [ssd]}]
                  - matchExpressions: [{key: gen, operator: Gt, values: ["5"]}, {key: gen, operator: Lt, values: ["6"]}]
          containers: [{name: a, image: a}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: satisfiable}
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions: [{key: gen, operator: Gt, values: ["5"]}, {key: gen, operator: Lt, values: ["7"]}]
          containers: [{name: a, image: a}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: huge}
        spec:
          containers: [{name: a, image: a, resources: {requests: {cpu: "96", memory: 1Gi}}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: names}
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchFields:
                      - {key: metadata.name, operator: In, values: [a]}
                      - {key: metadata.name, operator: In, values: [b]}
          containers: [{name: a, image: a}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: zonal}
        spec:
          replicas: 4
          selector: {matchLabels: {app: z}}
          template:
            metadata: {labels: {app: z}}
            spec:
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    - topologyKey: topology.kubernetes.io/zone
                      labelSelector: {matchLabels: {app: z}}
              containers: [{name: a, image: a}]
        """
    )
    found = {
        t.resource.name: why for t, why in impossible(ctx, {"cpu": 64000}, {"topology.kubernetes.io/zone": 3})
    }
    assert set(found) == {"contradiction", "huge", "names", "zonal"}
    # metadata.name fields that no node satisfies: NodeAffinity's PreFilter rejects the pod
    assert found["names"] == (
        "no node can satisfy the pod's node selector and required node affinity (its metadata.name "
        "fields contradict): the message is `0/N nodes are available: pod affinity terms conflict.`"
    )
    assert found["contradiction"] == (
        "no node can satisfy the pod's node selector and required node affinity (no value of disk satisfies "
        "every requirement on it; no integer gen is above 5 and below 6): every node reports "
        "`node(s) didn't match Pod's node affinity/selector`"
    )
    assert found["huge"] == (
        "the pod requests more than the largest node the configuration allows (max-node: cpu 96 > 64): "
        "every node reports `Insufficient cpu`"
    )
    assert found["zonal"].startswith(
        "required anti-affinity against its own pods on topology.kubernetes.io/zone allows one pod per "
        "domain, and the cluster has 3: 1 of its 4 replicas stay Pending"
    )


# -- the command -----------------------------------------------------------------------------------------


def test_schedule_json_contract(tmp_path):
    nodes = _write(
        tmp_path,
        "nodes.yaml",
        "pools:\n  - {name: node, count: 1, allocatable: {cpu: '1', memory: 1Gi, pods: 110}}\n",
    )
    manifests = _write(
        tmp_path,
        "m.yaml",
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: a, image: a, resources: {requests: {cpu: 600m}}}]
        """,
    )
    result = runner.invoke(app, ["schedule", manifests, "--nodes", nodes, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["nodes"] == 1
    assert [(p["resource"], p["replica"], p["node"], p["message"]) for p in data["pods"]] == [
        ({"kind": "Deployment", "namespace": "shop", "name": "web"}, 0, "node-0", None),
        (
            {"kind": "Deployment", "namespace": "shop", "name": "web"},
            1,
            None,
            "0/1 nodes are available: 1 Insufficient cpu. preemption: "
            "0/1 nodes are available: 1 No preemption victims found for incoming pod.",
        ),
    ]
    text = runner.invoke(app, ["schedule", manifests, "--nodes", nodes, "--kube-version", "1.30"])
    assert "1 of 2 pods placed on 1 nodes" in text.stdout
    assert "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes" in text.stdout
    assert "node-0  600m/1 [######....] 60%" in text.stdout


def test_schedule_bad_inventory_exits_2(tmp_path):
    nodes = _write(tmp_path, "nodes.yaml", "pools:\n  - {name: node, count: x, allocatable: {}}\n")
    manifests = _write(tmp_path, "m.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")
    result = runner.invoke(app, ["schedule", manifests, "--nodes", nodes])
    assert result.exit_code == 2
    assert "nodes.yaml:2: pools.0.count: 'x' is not of type 'integer'" in result.stderr
    missing = runner.invoke(app, ["schedule", manifests, "--nodes", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2 and "node inventory not found" in missing.stderr


SIDECAR_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - {name: proxy, image: p, restartPolicy: Always, resources: {requests: {cpu: 500m}}, ports: [{containerPort: 15000, hostPort: 15000}]}
  containers:
    - {name: a, image: a, resources: {requests: {cpu: "1"}}}
"""


@pytest.mark.parametrize(
    ("version", "cpu", "ports"),
    [
        ((1, 28), 1000, ()),
        # requests count from 1.29; NodePorts counts sidecar host ports from 1.33 (newest patch)
        ((1, 29), 1500, ()),
        ((1, 32), 1500, ()),
        ((1, 33), 1500, (("0.0.0.0", "TCP", 15000),)),
        ((1, 37), 1500, (("0.0.0.0", "TCP", 15000),)),
    ],
)
def test_native_sidecars_count_from_1_29(version, cpu, ports):
    (shape,) = shapes(_ctx(SIDECAR_POD, version=version))
    assert shape.requests["cpu"] == cpu
    assert shape.ports == ports


def test_daemonset_tolerations_and_controller_predicate(tmp_path):
    nodes = _write(
        tmp_path,
        "nodes.yaml",
        """\
        pools:
          - {name: cordoned, count: 1, allocatable: {cpu: "2", memory: 1Gi}, unschedulable: true,
             taints: [{key: node.kubernetes.io/unschedulable, effect: NoSchedule}]}
          - {name: no-network, count: 1, allocatable: {cpu: "2", memory: 1Gi},
             taints: [{key: node.kubernetes.io/network-unavailable, effect: NoSchedule}]}
          - {name: dedicated, count: 1, allocatable: {cpu: "2", memory: 1Gi},
             taints: [{key: dedicated, value: db, effect: NoSchedule}]}
        """,
    )
    manifests = """\
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: %s}
    spec:
      template:
        spec:
          hostNetwork: %s
          containers: [{name: a, image: a}]
    """
    ctx = _ctx((manifests % ("plain", "false")) + "---\n" + (manifests % ("host", "true")), nodes)
    placed = {(p.shape.resource.name, p.node) for p in simulate(ctx).pods}
    # cordoned nodes and memory/disk/pid pressure are tolerated; network-unavailable only with
    # hostNetwork; a taint of its own keeps the controller from creating the pod at all
    assert placed == {("plain", "cordoned-0"), ("host", "cordoned-0"), ("host", "no-network-0")}


def test_match_label_keys_spread_counts_one_revision(tmp_path):
    nodes = _write(
        tmp_path,
        "nodes.yaml",
        "pools:\n  - {name: node, count: 2, allocatable: {cpu: '8', memory: 8Gi}, zones: [a, b]}\n",
    )
    deployment = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: %s}
    spec:
      replicas: 2
      template:
        metadata: {labels: {app: web}}
        spec:
          nodeSelector: {kubernetes.io/hostname: node-0}
          topologySpreadConstraints:
            - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule,
               labelSelector: {matchLabels: {app: web}}, matchLabelKeys: [pod-template-hash], nodeAffinityPolicy: Ignore}
          containers: [{name: a, image: a}]
    """
    ctx = _ctx((deployment % "blue") + "---\n" + (deployment % "green"), nodes)
    pods = simulate(ctx).pods
    # each Deployment's pods are counted apart: the first of each fits in zone a, the second would
    # make zone a two ahead of zone b
    assert [(p.shape.resource.name, p.node) for p in pods] == [
        ("blue", "node-0"),
        ("blue", None),
        ("green", "node-0"),
        ("green", None),
    ]
    assert pods[1].message is not None and pods[1].message.startswith(
        "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
        "1 node(s) didn't match pod topology spread constraints."
    )


HOSTILE = """\
apiVersion: v1
kind: Node
metadata: {name: n1, labels: [a, b]}
spec: {taints: {key: x}, unschedulable: "yes"}
status: {allocatable: [1, 2]}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {a: 1, b: null}}
spec: {taints: [null, {key: k, effect: NoSchedule, value: 3}, "x"]}
status: {allocatable: {cpu: lots, memory: 1Gi, pods: null}, capacity: 5}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d1}
spec:
  replicas: "3"
  template:
    metadata: {labels: [x]}
    spec:
      nodeSelector: [a]
      tolerations: {key: x}
      affinity:
        nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [null, "x", {matchExpressions: "y"}]}}
        podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [null, {topologyKey: 3}, {topologyKey: z, labelSelector: [1]}]}
        podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: "x", podAffinityTerm: null}]}
      topologySpreadConstraints: [null, {maxSkew: "1", topologyKey: z, whenUnsatisfiable: DoNotSchedule, minDomains: -3, labelSelector: {}, matchLabelKeys: [1, null]}]
      schedulingGates: [null, {name: 3}]
      priorityClassName: 5
      overhead: [1]
      volumes: [null, {persistentVolumeClaim: "x"}]
      containers:
        - name: a
          image: a
          ports: [null, {hostPort: "80"}, {hostPort: 81, protocol: 5}]
          resources: {requests: {memory: 1Gi}, limits: "x"}
      initContainers: "x"
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  replicas: 2
  ordinals: {start: "x"}
  volumeClaimTemplates: [null, {metadata: {name: 5}}, {metadata: {name: d}, spec: {resources: {requests: {storage: x}}}}]
  template:
    spec:
      containers: [{name: a, image: a}]
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: "x"
"""


def test_hostile_input_never_crashes():
    ctx = _ctx(HOSTILE)
    result = simulate(ctx)
    assert [n.name for n in result.nodes] == ["n2"]
    assert {p.shape.resource.name for p in result.pods} >= {"d1", "s"}
    assert list(impossible(ctx, {"cpu": 1}, {"z": 1})) is not None


def test_preemption_evicts_the_fewest_victims(tmp_path):
    nodes = _write(
        tmp_path, "nodes.yaml", "pools:\n  - {name: node, count: 1, allocatable: {cpu: '3', memory: 4Gi}}\n"
    )
    ctx = _ctx(
        """\
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: high}
        value: 100
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: low}
        value: 5
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: low-a}
        spec:
          nodeName: node-0
          containers: [{name: a, image: a, resources: {requests: {cpu: "1"}}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: low-b}
        spec:
          nodeName: node-0
          priorityClassName: low
          containers: [{name: a, image: a, resources: {requests: {cpu: "1"}}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: vip}
        spec:
          priorityClassName: high
          containers: [{name: a, image: a, resources: {requests: {cpu: "2"}}}]
        """,
        nodes,
    )
    states = {p.shape.resource.name: (p.status, p.node) for p in simulate(ctx).pods}
    # both bound pods are potential victims; one is enough, and the other is reprieved
    assert states["vip"] == ("Scheduled", "node-0")
    assert sorted(states.values()).count(("Preempted", None)) == 1
    assert sorted(states.values()).count(("Bound", "node-0")) == 1


def test_dra_switch(tmp_path):
    nodes = _write(
        tmp_path, "nodes.yaml", "pools:\n  - {name: node, count: 1, allocatable: {cpu: '1', memory: 1Gi}}\n"
    )
    manifests = _write(
        tmp_path,
        "m.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: {x: y}\n  containers: [{name: a, image: a}]\n",
    )
    expected = (
        "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )
    off = runner.invoke(app, ["schedule", manifests, "--nodes", nodes, "--format", "json", "--no-dra"])
    assert json.loads(off.stdout)["pods"][0]["message"] == expected
    on = runner.invoke(
        app, ["schedule", manifests, "--nodes", nodes, "--format", "json", "--kube-version", "1.33", "--dra"]
    )
    assert json.loads(on.stdout)["pods"][0]["message"] == expected.replace(
        "preemption:", "no new claims to deallocate, preemption:"
    )
    # 1.34 to 1.36 print the plugin's no-op reason by default; from 1.37 it carries none
    default = runner.invoke(
        app, ["schedule", manifests, "--nodes", nodes, "--format", "json", "--kube-version", "1.36"]
    )
    assert json.loads(default.stdout)["pods"][0]["message"] == expected.replace(
        "preemption:", "no new claims to deallocate, preemption:"
    )
    forced = runner.invoke(app, ["schedule", manifests, "--nodes", nodes, "--format", "json", "--dra"])
    assert json.loads(forced.stdout)["pods"][0]["message"] == expected


def test_schedule_without_inventory_reports_only_impossible_pods(tmp_path):
    manifests = _write(
        tmp_path,
        "m.yaml",
        """\
        apiVersion: v1
        kind: Pod
        metadata: {name: contradiction}
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions: [{key: a, operator: Exists}, {key: a, operator: DoesNotExist}]
          containers: [{name: a, image: a}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: fine}
        spec:
          containers: [{name: a, image: a}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: gated}
        spec:
          schedulingGates: [{name: g}]
          containers: [{name: a, image: a}]
        """,
    )
    result = runner.invoke(app, ["schedule", manifests, "--format", "json"], env={"HOME": str(tmp_path)})
    data = json.loads(result.stdout)
    assert data["nodes"] == 0
    assert [(p["resource"]["name"], p["status"], p["message"]) for p in data["pods"]] == [
        ("contradiction", "Unschedulable", None),
        ("fine", "Unknown", None),
        ("gated", "SchedulingGated", None),
    ]
    assert "a must both exist and not exist" in data["pods"][0]["note"]


def test_duplicates_and_owned_objects_count_once():
    ctx = _ctx(
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          template: {spec: {containers: [{name: a, image: a}]}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 5
          template: {spec: {containers: [{name: a, image: a}]}}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-6d8f
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: x}]
        spec:
          replicas: 2
          template: {spec: {containers: [{name: a, image: a}]}}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: orphan
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: gone, controller: true, uid: y}]
        spec:
          replicas: 1
          template: {spec: {containers: [{name: a, image: a}]}}
        """
    )
    assert [(s.resource.name, s.count) for s in shapes(ctx)] == [("web", 2), ("orphan", 1)]


def test_text_report_groups_replicas_and_lists_pods_bound_elsewhere(tmp_path):
    nodes = _write(
        tmp_path,
        "nodes.yaml",
        "pools:\n  - {name: node, count: 1, allocatable: {cpu: '1', memory: 1Gi, pods: 2}}\n",
    )
    manifests = _write(
        tmp_path,
        "m.yaml",
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 5
          template: {spec: {containers: [{name: a, image: a}]}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: pinned}
        spec:
          nodeName: elsewhere
          containers: [{name: a, image: a}]
        """,
    )
    out = runner.invoke(app, ["schedule", manifests, "--nodes", nodes]).stdout
    assert out.splitlines()[:6] == [
        "2 of 6 pods placed on 1 nodes",
        "  Deployment/default/web[2..4]: Pending",
        "    0/1 nodes are available: 1 Too many pods. preemption: "
        "0/1 nodes are available: 1 No preemption victims found for incoming pod.",
        "  Pod/default/pinned[0]: Bound",
        "    (bound by spec.nodeName to elsewhere, which is not in the inventory)",
        "",
    ]


def test_pods_limitranger_refuses_are_never_scheduled(tmp_path):
    nodes = _write(
        tmp_path, "nodes.yaml", "pools:\n  - {name: node, count: 1, allocatable: {cpu: '1', memory: 1Gi}}\n"
    )
    ctx = _ctx(
        """\
        apiVersion: v1
        kind: LimitRange
        metadata: {name: lr}
        spec:
          limits:
            - type: Container
              max: {cpu: "2"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: huge}
        spec:
          containers: [{name: a, image: a, resources: {limits: {cpu: "4"}}}]
        """,
        nodes,
    )
    (pod,) = simulate(ctx).pods
    assert (pod.status, pod.message) == ("OutOfScope", None)
    assert pod.note == "never created: LimitRanger refuses it (limit-range-violation)"


def test_schedule_output_file(tmp_path):
    nodes = _write(
        tmp_path, "nodes.yaml", "pools:\n  - {name: node, count: 1, allocatable: {cpu: '1', memory: 1Gi}}\n"
    )
    manifests = _write(
        tmp_path,
        "m.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n",
    )
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["schedule", manifests, "--nodes", nodes, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["pods"][0]["node"] == "node-0"


def test_equal_scores_spread_replicas_by_pod_count(tmp_path):
    # non-zero cpu requests (100m per container) above allocatable make every node score the same;
    # upstream picks at random among the best, so a run of replicas spreads instead of piling up
    nodes = _write(
        tmp_path, "nodes.yaml", "pools:\n  - {name: node, count: 2, allocatable: {cpu: 100m, memory: 1Gi}}\n"
    )
    ctx = _ctx(
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 6
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: a, image: a}]
        """,
        nodes,
    )
    placed = [p.node for p in simulate(ctx).pods]
    assert sorted(placed) == ["node-0"] * 3 + ["node-1"] * 3
