from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import pod_template
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import dotted, get, items
from k8slint.validity import names

RBAC = {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}
# kinds whose names follow ValidateObjectMeta's NameIsDNSSubdomain (the rest are not checked)
SUBDOMAIN = {
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "ReplicationController",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "Ingress",
    "IngressClass",
    "NetworkPolicy",
    "Node",
    "PriorityClass",
    "StorageClass",
    "PodDisruptionBudget",
    "LimitRange",
    "ResourceQuota",
    "Endpoints",
    "EndpointSlice",
    "PodTemplate",
}


def name_errors(kind: str, group: str, name: str) -> list[str]:
    if kind == "Namespace" and group == "":
        return names.dns1123_label(name)
    if kind == "Service" and group == "":
        return names.dns1035_label(name)
    if kind in RBAC and group == "rbac.authorization.k8s.io":
        return names.path_segment(name)
    if kind == "HorizontalPodAutoscaler":
        return names.path_segment(name)
    if kind in SUBDOMAIN:
        errors = names.dns1123_subdomain(name)
        if kind == "CronJob" and len(name) > 52:
            errors.append("must be no more than 52 characters")
        return errors
    return []


class InvalidName(ResourceRule):
    """
    ## What it finds
    Names the API server rejects, with its own messages: object names (a DNS-1123 subdomain for
    most kinds, a DNS-1123 label for Namespaces, a DNS-1035 label for Services, a path segment for
    RBAC objects and HPAs, at most 52 characters for CronJobs), container and volume names (DNS-1123
    labels), and the namespace of every namespaced object, custom resources included (a DNS-1123
    label). Custom resources' names are not checked. Upstream: ValidateObjectMeta with the kind's
    name function, ValidateServiceName, ValidateNamespaceName, validateContainers, ValidateVolumes.

    ## Why it matters
    `metadata.name: Invalid value: "Web_App": a lowercase RFC 1123 subdomain must consist of ...`:
    the object is rejected.

    ## How to fix
    Use lower-case letters, digits and `-` (and `.` where a subdomain is allowed).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: 1-web
    spec:
      selector: {app: web}
      ports: [{port: 80}]
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web-1
    spec:
      selector: {app: web}
      ports: [{port: 80}]
    ```
    """

    id = "invalid-name"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Name is not valid for its kind"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        name = get(resource.raw, ("metadata", "name"))
        if isinstance(name, str) and name:
            errors = name_errors(resource.kind, resource.ref.group, name)
            if errors:
                yield Violation(
                    ("metadata", "name"), f'metadata.name: Invalid value: "{name}": {"; ".join(errors)}'
                )
        namespace = get(resource.raw, ("metadata", "namespace"))
        # ValidateObjectMeta: a namespace name is a DNS-1123 label, for every namespaced kind
        ns_errors = (
            names.dns1123_label(namespace) if resource.namespaced and isinstance(namespace, str) else []
        )
        if namespace and ns_errors:
            yield Violation(
                ("metadata", "namespace"),
                f'metadata.namespace: Invalid value: "{namespace}": {"; ".join(ns_errors)}',
            )
        template = pod_template(resource)
        spec = template.raw_spec if template else None
        if not isinstance(spec, dict) or template is None:
            return
        for group in ("containers", "initContainers", "ephemeralContainers"):
            for i, c in enumerate(items(spec, group)):
                value = c.get("name") if isinstance(c, dict) else None
                if isinstance(value, str) and (errors := names.dns1123_label(value)):
                    path = (*template.spec_path, group, i, "name")
                    yield Violation(path, f'{dotted(path)}: Invalid value: "{value}": {"; ".join(errors)}')
        for i, v in enumerate(items(spec, "volumes")):
            value = v.get("name") if isinstance(v, dict) else None
            if isinstance(value, str) and (errors := names.dns1123_label(value)):
                path = (*template.spec_path, "volumes", i, "name")
                yield Violation(path, f'{dotted(path)}: Invalid value: "{value}": {"; ".join(errors)}')
