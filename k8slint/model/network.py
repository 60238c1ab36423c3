"""Services, endpoints, ingress and network policy."""

from __future__ import annotations

from k8slint.model.base import IntOrString, K8sModel, StrMap, alias
from k8slint.model.meta import LabelSelector, ObjectMeta


class ServicePort(K8sModel):
    name: str | None = None
    protocol: str | None = None
    port: int | None = None
    target_port: IntOrString | None = None
    node_port: int | None = None
    app_protocol: str | None = None


class ServiceSpec(K8sModel):
    type: str | None = None
    selector: StrMap | None = None
    ports: list[ServicePort] | None = None
    cluster_ip: str | None = alias("clusterIP")
    cluster_ips: list[str] | None = alias("clusterIPs")
    external_name: str | None = None
    external_ips: list[str] | None = alias("externalIPs")
    load_balancer_ip: str | None = alias("loadBalancerIP")
    external_traffic_policy: str | None = None
    internal_traffic_policy: str | None = None
    publish_not_ready_addresses: bool | None = None
    session_affinity: str | None = None


class Service(K8sModel):
    metadata: ObjectMeta | None = None
    spec: ServiceSpec | None = None


class EndpointPort(K8sModel):
    name: str | None = None
    port: int | None = None
    protocol: str | None = None
    app_protocol: str | None = None


class EndpointAddress(K8sModel):
    ip: str | None = None
    hostname: str | None = None


class EndpointSubset(K8sModel):
    addresses: list[EndpointAddress] | None = None
    not_ready_addresses: list[EndpointAddress] | None = None
    ports: list[EndpointPort] | None = None


class Endpoints(K8sModel):
    metadata: ObjectMeta | None = None
    subsets: list[EndpointSubset] | None = None


class EndpointSlice(K8sModel):
    metadata: ObjectMeta | None = None
    address_type: str | None = None
    endpoints: list[dict[str, object]] | None = None
    ports: list[EndpointPort] | None = None


class ServiceBackendPort(K8sModel):
    name: str | None = None
    number: int | None = None


class IngressServiceBackend(K8sModel):
    name: str | None = None
    port: ServiceBackendPort | None = None


class TypedLocalObjectReference(K8sModel):
    api_group: str | None = None
    kind: str | None = None
    name: str | None = None


class IngressBackend(K8sModel):
    service: IngressServiceBackend | None = None
    resource: TypedLocalObjectReference | None = None
    # networking.k8s.io/v1beta1 and extensions/v1beta1 shape
    service_name: str | None = None
    service_port: IntOrString | None = None


class HTTPIngressPath(K8sModel):
    path: str | None = None
    path_type: str | None = None
    backend: IngressBackend | None = None


class HTTPIngressRuleValue(K8sModel):
    paths: list[HTTPIngressPath] | None = None


class IngressRule(K8sModel):
    host: str | None = None
    http: HTTPIngressRuleValue | None = None


class IngressTLS(K8sModel):
    hosts: list[str] | None = None
    secret_name: str | None = None


class IngressSpec(K8sModel):
    ingress_class_name: str | None = None
    default_backend: IngressBackend | None = None
    backend: IngressBackend | None = None  # v1beta1
    rules: list[IngressRule] | None = None
    tls: list[IngressTLS] | None = None


class Ingress(K8sModel):
    metadata: ObjectMeta | None = None
    spec: IngressSpec | None = None


class IngressClassSpec(K8sModel):
    controller: str | None = None
    parameters: dict[str, object] | None = None


class IngressClass(K8sModel):
    metadata: ObjectMeta | None = None
    spec: IngressClassSpec | None = None


class IPBlock(K8sModel):
    cidr: str | None = None
    except_: list[str] | None = alias("except")


class NetworkPolicyPeer(K8sModel):
    pod_selector: LabelSelector | None = None
    namespace_selector: LabelSelector | None = None
    ip_block: IPBlock | None = None


class NetworkPolicyPort(K8sModel):
    protocol: str | None = None
    port: IntOrString | None = None
    end_port: int | None = None


class NetworkPolicyIngressRule(K8sModel):
    from_: list[NetworkPolicyPeer] | None = alias("from")
    ports: list[NetworkPolicyPort] | None = None


class NetworkPolicyEgressRule(K8sModel):
    to: list[NetworkPolicyPeer] | None = None
    ports: list[NetworkPolicyPort] | None = None


class NetworkPolicySpec(K8sModel):
    pod_selector: LabelSelector | None = None
    policy_types: list[str] | None = None
    ingress: list[NetworkPolicyIngressRule] | None = None
    egress: list[NetworkPolicyEgressRule] | None = None


class NetworkPolicy(K8sModel):
    metadata: ObjectMeta | None = None
    spec: NetworkPolicySpec | None = None
