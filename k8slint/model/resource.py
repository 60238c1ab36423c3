"""Resources: a document read as a Kubernetes object, with identity and a typed model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import ValidationError

from k8slint.model.base import K8sModel
from k8slint.model.kinds import CLUSTER_SCOPED, is_builtin, model_for, split_api_version
from k8slint.parse.documents import Document
from k8slint.parse.sourcemap import Path, dotted, get

DEFAULT_NAMESPACE = "default"


class ResourceRef(NamedTuple):
    """The identity of an object (or of an implied one) in the set. Version-independent."""

    group: str
    kind: str
    namespace: str | None
    name: str

    def __str__(self) -> str:
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.kind} {where}"


@dataclass(frozen=True, slots=True)
class ModelIssue:
    """A part of an object that its typed model could not accept."""

    rule: str  # "invalid-field-type" | "invalid-quantity"
    path: Path
    message: str


@dataclass(eq=False, slots=True)
class Resource:
    """One object of the set."""

    ref: ResourceRef
    api_version: str
    doc: Document
    model: K8sModel | None
    namespaced: bool | None  # None when the kind's scope is unknown
    issues: list[ModelIssue] = field(default_factory=list)
    # the typed pod template of a custom workload (a kind with a pod template at spec.template)
    template: K8sModel | None = None

    @property
    def raw(self) -> Any:
        return self.doc.data

    @property
    def kind(self) -> str:
        return self.ref.kind

    @property
    def name(self) -> str:
        return self.ref.name

    @property
    def namespace(self) -> str | None:
        return self.ref.namespace

    @property
    def labels(self) -> dict[str, str]:
        labels = get(self.doc.data, ("metadata", "labels"))
        return labels if isinstance(labels, dict) else {}

    @property
    def annotations(self) -> dict[str, str]:
        annotations = get(self.doc.data, ("metadata", "annotations"))
        return annotations if isinstance(annotations, dict) else {}

    def identity(self) -> tuple[str, str, str | None, str]:
        """(apiVersion, kind, namespace, name) as findings report it."""
        return self.api_version, self.ref.kind, self.ref.namespace, self.ref.name


_EXPECTED = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "string_type": "a string",
    "bool_type": "a boolean",
    "bool_parsing": "a boolean",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "float_type": "a number",
}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'a string ("{shown}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _hint(expected: str, value: Any) -> str:
    if expected == "a string" and isinstance(value, bool):
        return ": YAML reads unquoted yes/no/on/off/true/false as booleans, quote it"
    if expected == "a string" and isinstance(value, (int, float)):
        return f': quote it ("{value}")'
    if expected == "an integer" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return ": remove the quotes"
    return ""


_UNIT_FIXES = {"KB": "Ki", "MB": "Mi", "GB": "Gi", "TB": "Ti", "kb": "Ki", "mb": "Mi", "gb": "Gi", "K": "k"}


def _unit_hint(value: Any) -> str:
    if isinstance(value, str):
        text = value.replace(" ", "")
        for wrong, right in _UNIT_FIXES.items():
            if text.endswith(wrong) and text[: -len(wrong)].replace(".", "", 1).isdigit():
                return f" (did you mean {text[: -len(wrong)]}{right}?)"
        if text != value:
            return f" (remove the space: {text})"
    return ""


def _issue_from(error: Any, prefix: Path) -> ModelIssue:
    loc = prefix + tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = error["type"]
    value = error.get("input")
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        if message.startswith("quantities must match"):
            shown = value if isinstance(value, str) else _describe(value)
            return ModelIssue(
                "invalid-quantity",
                loc,
                f'{dotted(loc)}: Invalid value: "{shown}": {message}{_unit_hint(value)}',
            )
        return ModelIssue(
            "invalid-field-type", loc, f"{dotted(loc)}: {_describe(value)} is not valid: {message}"
        )
    expected = _EXPECTED.get(kind)
    if expected is None:
        return ModelIssue("invalid-field-type", loc, f"{dotted(loc)}: {error['msg']}")
    return ModelIssue(
        "invalid-field-type",
        loc,
        f"{dotted(loc)} must be {expected}, not {_describe(value)}{_hint(expected, value)}",
    )


def _without(data: Any, loc: tuple[Any, ...]) -> Any:
    """A copy of ``data`` with the value at ``loc`` removed (copies only along the path)."""
    if not loc:
        return None
    head, rest = loc[0], loc[1:]
    if isinstance(data, dict) and head in data:
        copy = dict(data)
        if rest:
            copy[head] = _without(data[head], rest)
        else:
            del copy[head]
        return copy
    if isinstance(data, list) and isinstance(head, int) and 0 <= head < len(data):
        copy_list = list(data)
        if rest:
            copy_list[head] = _without(data[head], rest)
        else:
            del copy_list[head]
        return copy_list
    return data


def validate_lenient(
    model: type[K8sModel], data: Any, prefix: Path = ()
) -> tuple[K8sModel | None, list[ModelIssue]]:
    """Validate, dropping each part the model rejects, so the rest stays usable.

    ``prefix`` is the path of ``data`` inside its document, for the issues' paths.
    """
    issues: list[ModelIssue] = []
    seen: set[tuple[Any, ...]] = set()
    for _ in range(8):
        try:
            return model.model_validate(data), issues
        except ValidationError as exc:
            errors = exc.errors()
        # Drop deepest and last first, so removing a list item never shifts another error's index.
        errors.sort(
            key=lambda e: [(isinstance(p, int), p if isinstance(p, int) else 0, str(p)) for p in e["loc"]],
            reverse=True,
        )
        for error in errors:
            loc = tuple(error["loc"])
            if loc not in seen:
                seen.add(loc)
                issues.append(_issue_from(error, prefix))
            data = _without(data, loc)
    issues.sort(key=lambda i: [str(p) for p in i.path])
    return None, issues


class ScopeIndex:
    """Which kinds are namespaced: built-ins from the table, custom kinds from CRDs in the set."""

    def __init__(self) -> None:
        self._custom: dict[tuple[str, str], bool] = {}

    def add_crd(self, data: Any) -> None:
        group = get(data, ("spec", "group"))
        kind = get(data, ("spec", "names", "kind"))
        scope = get(data, ("spec", "scope"))
        if isinstance(group, str) and isinstance(kind, str) and scope in ("Namespaced", "Cluster"):
            self._custom[(group, kind)] = scope == "Namespaced"

    def namespaced(self, group: str, kind: str, data: Any) -> bool | None:
        if (group, kind) in self._custom:
            return self._custom[(group, kind)]
        if is_builtin(group, kind):
            return kind not in CLUSTER_SCOPED
        # Unknown custom kind: it says so itself if it carries a namespace.
        return True if get(data, ("metadata", "namespace")) else None


def build_resource(doc: Document, scopes: ScopeIndex) -> Resource:
    data = doc.data
    api_version: str = data["apiVersion"]
    kind: str = data["kind"]
    group, _ = split_api_version(api_version)
    meta = data.get("metadata")
    name = ""
    namespace: str | None = None
    if isinstance(meta, dict):
        raw_name = meta.get("name") or meta.get("generateName")
        name = raw_name if isinstance(raw_name, str) else ""
        raw_ns = meta.get("namespace")
        namespace = raw_ns if isinstance(raw_ns, str) and raw_ns else None
    namespaced = scopes.namespaced(group, kind, data)
    if namespaced:
        namespace = namespace or DEFAULT_NAMESPACE
    elif namespaced is False:
        namespace = None
    model_cls = model_for(group, kind)
    model: K8sModel | None = None
    issues: list[ModelIssue] = []
    template: K8sModel | None = None
    if model_cls is not None:
        model, issues = validate_lenient(model_cls, data)
    elif _carries_pod_template(data):
        from k8slint.model.pod import PodTemplateSpec

        template, issues = validate_lenient(PodTemplateSpec, data["spec"]["template"], ("spec", "template"))
    ref = ResourceRef(group, kind, namespace, name)
    return Resource(ref, api_version, doc, model, namespaced, issues, template)


# Keys only a pod spec has: a custom kind's spec.template.spec with one of them is a pod template
# (Argo Rollouts, OpenShift DeploymentConfigs, Knative Services, ...). Other kinds also call
# their templates spec.template (Cluster API's MachineDeployment), so a bare `spec` is not enough.
POD_SPEC_KEYS = frozenset(
    {
        "containers",
        "initContainers",
        "ephemeralContainers",
        "volumes",
        "hostNetwork",
        "hostPID",
        "hostIPC",
        "serviceAccountName",
        "serviceAccount",
        "nodeSelector",
        "tolerations",
        "restartPolicy",
        "dnsPolicy",
        "priorityClassName",
        "imagePullSecrets",
        "terminationGracePeriodSeconds",
        "shareProcessNamespace",
    }
)


def _carries_pod_template(data: Any) -> bool:
    spec = get(data, ("spec", "template", "spec"))
    return isinstance(spec, dict) and not POD_SPEC_KEYS.isdisjoint(spec)


def build_resources(docs: list[Document]) -> list[Resource]:
    scopes = ScopeIndex()
    for doc in docs:
        if doc.data.get("kind") == "CustomResourceDefinition":
            scopes.add_crd(doc.data)
    return [build_resource(doc, scopes) for doc in docs]
