"""Each edge builder, on the smallest set that shows it."""

from __future__ import annotations

from k8slint.graph import EdgeKind, Origin
from k8slint.model.resource import ResourceRef
from tests.harness import run

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      serviceAccountName: web-sa
      priorityClassName: high
      imagePullSecrets: [{name: regcred}]
      volumes:
        - {name: cfg, configMap: {name: web-config}}
        - {name: tls, secret: {secretName: web-tls}}
        - {name: data, persistentVolumeClaim: {claimName: web-data}}
        - name: proj
          projected: {sources: [{configMap: {name: proj-cm}}, {secret: {name: proj-secret}}]}
      containers:
        - name: web
          image: nginx:1.27
          env:
            - {name: A, valueFrom: {configMapKeyRef: {name: env-cm, key: a}}}
            - {name: B, valueFrom: {secretKeyRef: {name: env-secret, key: b}}}
          envFrom: [{configMapRef: {name: from-cm}}, {secretRef: {name: from-secret}}]
"""


def _graph(tmp_path, *docs: str):
    (tmp_path / "set.yaml").write_text("\n---\n".join(docs))
    return run([tmp_path], set()).graph


def _edges(graph, kind):
    return {(e.source.kind, e.source.name, e.target.kind, e.target.name) for e in graph.edges_of(kind)}


def test_pod_references(tmp_path):
    g = _graph(tmp_path, DEPLOY)
    assert _edges(g, EdgeKind.RUNS_AS) == {("Deployment", "web", "ServiceAccount", "web-sa")}
    assert _edges(g, EdgeKind.MOUNTS) == {
        ("Deployment", "web", k, n)
        for k, n in [
            ("ConfigMap", "web-config"),
            ("Secret", "web-tls"),
            ("PersistentVolumeClaim", "web-data"),
            ("ConfigMap", "proj-cm"),
            ("Secret", "proj-secret"),
        ]
    }
    assert _edges(g, EdgeKind.REFERENCES) == {
        ("Deployment", "web", k, n)
        for k, n in [
            ("ConfigMap", "env-cm"),
            ("Secret", "env-secret"),
            ("ConfigMap", "from-cm"),
            ("Secret", "from-secret"),
            ("Secret", "regcred"),
        ]
    }
    assert _edges(g, EdgeKind.USES_CLASS) == {("Deployment", "web", "PriorityClass", "high")}
    assert g.nodes[ResourceRef("", "ConfigMap", "shop", "web-config")].origin is Origin.ABSENT


def test_default_service_account_and_namespace_are_implied(tmp_path):
    g = _graph(
        tmp_path, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b1}]}"
    )
    sa = ResourceRef("", "ServiceAccount", "default", "default")
    ns = ResourceRef("", "Namespace", None, "default")
    assert g.nodes[sa].origin is Origin.IMPLIED and g.nodes[ns].origin is Origin.IMPLIED
    assert _edges(g, EdgeKind.IN_NAMESPACE) == {("Pod", "p", "Namespace", "default")}


def test_service_selects_only_its_namespace(tmp_path):
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: %s}\nspec: {selector: {app: web}, ports: [{port: 80}]}"
    g = _graph(tmp_path, DEPLOY, svc % "shop", svc % "other")
    assert _edges(g, EdgeKind.SELECTS) == {("Service", "web", "Deployment", "web")}
    (edge,) = g.edges_of(EdgeKind.SELECTS)
    assert edge.source.namespace == "shop"


def test_service_without_selector_selects_nothing(tmp_path):
    g = _graph(
        tmp_path,
        DEPLOY,
        "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\nspec: {ports: [{port: 80}]}",
    )
    assert not _edges(g, EdgeKind.SELECTS)


def test_pdb_network_policy_hpa(tmp_path):
    pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: shop}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}"
    netpol = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all, namespace: shop}\nspec: {podSelector: {}}"
    hpa = (
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h, namespace: shop}\n"
        "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 3}"
    )
    g = _graph(tmp_path, DEPLOY, pdb, netpol, hpa)
    assert _edges(g, EdgeKind.GUARDS) == {("PodDisruptionBudget", "p", "Deployment", "web")}
    assert _edges(g, EdgeKind.POLICY_SELECTS) == {("NetworkPolicy", "all", "Deployment", "web")}
    assert _edges(g, EdgeKind.SCALES) == {("HorizontalPodAutoscaler", "h", "Deployment", "web")}
    (scale,) = g.edges_of(EdgeKind.SCALES)
    assert g.nodes[scale.target].origin is Origin.DECLARED


def test_empty_and_omitted_selectors_per_kind(tmp_path):
    """NetworkPolicy: an omitted podSelector is every pod; PDB: {} is every pod in policy/v1 and
    none in policy/v1beta1, an omitted selector none."""
    docs = [
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: omitted, namespace: shop}\n"
        "spec: {policyTypes: [Ingress]}",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: v1-empty, namespace: shop}\n"
        "spec: {maxUnavailable: 1, selector: {}}",
        "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: beta-empty, namespace: shop}\n"
        "spec: {maxUnavailable: 1, selector: {}}",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: none, namespace: shop}\n"
        "spec: {maxUnavailable: 1}",
    ]
    g = _graph(tmp_path, DEPLOY, *docs)
    assert _edges(g, EdgeKind.POLICY_SELECTS) == {("NetworkPolicy", "omitted", "Deployment", "web")}
    assert _edges(g, EdgeKind.GUARDS) == {("PodDisruptionBudget", "v1-empty", "Deployment", "web")}


def test_ingress_routes_class_and_tls(tmp_path):
    ing = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i, namespace: shop}
spec:
  ingressClassName: nginx
  tls: [{hosts: [a.example], secretName: a-tls}]
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
    - host: a.example
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]}
"""
    g = _graph(tmp_path, ing)
    assert _edges(g, EdgeKind.ROUTES_TO) == {
        ("Ingress", "i", "Service", "fallback"),
        ("Ingress", "i", "Service", "web"),
    }
    assert _edges(g, EdgeKind.USES_CLASS) == {("Ingress", "i", "IngressClass", "nginx")}
    assert ("Ingress", "i", "Secret", "a-tls") in _edges(g, EdgeKind.REFERENCES)


def test_rbac_binds_grants_aggregates(tmp_path):
    rb = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
  - {kind: ServiceAccount, name: web-sa}
  - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
  - {kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}
"""
    agg = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-monitoring: "true"}}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: metrics-reader, labels: {rbac.example.com/aggregate-to-monitoring: "true"}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
"""
    g = _graph(tmp_path, rb, agg)
    assert _edges(g, EdgeKind.GRANTS) == {("RoleBinding", "rb", "ClusterRole", "edit")}
    assert _edges(g, EdgeKind.BINDS) == {
        ("RoleBinding", "rb", "ServiceAccount", "web-sa"),
        ("RoleBinding", "rb", "User", "alice"),
        ("RoleBinding", "rb", "Group", "devs"),
    }
    assert _edges(g, EdgeKind.AGGREGATES) == {("ClusterRole", "monitoring", "ClusterRole", "metrics-reader")}
    sa = next(e.target for e in g.edges_of(EdgeKind.BINDS) if e.target.kind == "ServiceAccount")
    assert sa.namespace == "shop"
    edit = ResourceRef("rbac.authorization.k8s.io", "ClusterRole", None, "edit")
    assert g.nodes[edit].origin is Origin.IMPLIED


def test_endpoints_and_storage(tmp_path):
    ep = "apiVersion: v1\nkind: Endpoints\nmetadata: {name: ext, namespace: shop}\nsubsets: []"
    eps = (
        "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: ext-1, namespace: shop, "
        "labels: {kubernetes.io/service-name: ext}}\naddressType: IPv4\nendpoints: []"
    )
    pvc = (
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d, namespace: shop}\n"
        "spec: {storageClassName: fast, volumeName: pv-1, accessModes: [ReadWriteOnce]}"
    )
    g = _graph(tmp_path, ep, eps, pvc)
    assert _edges(g, EdgeKind.BACKS) == {
        ("Endpoints", "ext", "Service", "ext"),
        ("EndpointSlice", "ext-1", "Service", "ext"),
    }
    assert _edges(g, EdgeKind.USES_CLASS) == {("PersistentVolumeClaim", "d", "StorageClass", "fast")}
    assert _edges(g, EdgeKind.CLAIMS) == {("PersistentVolumeClaim", "d", "PersistentVolume", "pv-1")}


def test_custom_workload_is_a_pod_template(tmp_path):
    rollout = """\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: r-sa, containers: [{name: a, image: "b:1"}]}
"""
    svc = (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}}"
    )
    g = _graph(tmp_path, rollout, svc)
    assert _edges(g, EdgeKind.SELECTS) == {("Service", "web", "Rollout", "r")}
    assert _edges(g, EdgeKind.RUNS_AS) == {("Rollout", "r", "ServiceAccount", "r-sa")}


def test_networkx_view(tmp_path):
    g = _graph(tmp_path, DEPLOY)
    nx_graph = g.nx
    assert nx_graph.number_of_nodes() == len(g.nodes)
    assert nx_graph.number_of_edges() == len(g.edges)


PROMETHEUS_SET = """\
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec: {replicas: 2}
---
apiVersion: v1
kind: Service
metadata: {name: prometheus-k8s, namespace: monitoring}
spec:
  selector: {app.kubernetes.io/name: prometheus, prometheus: k8s}
  ports: [{name: web, port: 9090, targetPort: web}]
---
apiVersion: v1
kind: Service
metadata: {name: prometheus-other, namespace: monitoring}
spec:
  selector: {app.kubernetes.io/name: prometheus, prometheus: other}
  ports: [{name: web, port: 9090, targetPort: web}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: prometheus-k8s, namespace: monitoring}
spec:
  minAvailable: 1
  selector: {matchLabels: {operator.prometheus.io/name: k8s}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: grafana, namespace: monitoring}
spec:
  selector: {matchLabels: {app: grafana}}
  template:
    metadata: {labels: {app: grafana}}
    spec: {containers: [{name: c, image: "grafana/grafana:11.0.0"}]}
---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: {name: main}
spec: {replicas: 3}
---
apiVersion: v1
kind: Service
metadata: {name: alertmanager-main}
spec:
  selector: {app.kubernetes.io/name: alertmanager, alertmanager: main}
  ports: [{name: web, port: 9093, targetPort: web}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: other}
spec:
  selector: {matchLabels: {app: other}}
  template:
    metadata: {labels: {app: other}}
    spec: {containers: [{name: c, image: "nginx:1.27"}]}
"""


def test_prometheus_operator_pod_labels(tmp_path):
    """The Prometheus operator's pods carry fixed labels (app.kubernetes.io/name, the kind's own
    label, operator.prometheus.io/name): a selector they satisfy names an operator's pods, a
    note; a custom resource of unknown scope without a namespace is in default."""
    from k8slint.findings import Level
    from tests.harness import findings

    (tmp_path / "set.yaml").write_text(PROMETHEUS_SET)
    found = findings([tmp_path], {"service-selects-nothing", "pdb-selects-nothing"})
    levels = {(f.rule, f.message.split(" selects")[0]): f.level for f in found}
    assert levels == {
        ("service-selects-nothing", "Service prometheus-k8s"): Level.NOTE,
        ("service-selects-nothing", "Service prometheus-other"): Level.WARNING,
        ("pdb-selects-nothing", "PodDisruptionBudget prometheus-k8s"): Level.NOTE,
        ("service-selects-nothing", "Service alertmanager-main"): Level.NOTE,
    }
