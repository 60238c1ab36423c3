"""What the API server rejects in a Role, ClusterRole, RoleBinding or ClusterRoleBinding: the object
as decoded (an absent field is its zero value) and defaulted (pkg/apis/rbac/v1 defaults.go: an empty
roleRef.apiGroup, and the apiGroup of a User or Group subject, become rbac.authorization.k8s.io),
then ValidateRole / ValidateClusterRole / ValidateRoleBinding / ValidateClusterRoleBinding
(pkg/apis/rbac/validation/validation.go) with the label selector checks of
apimachinery/pkg/apis/meta/v1/validation. Object metadata is left to the name and label rules.

Errors read as the API server prints them (apimachinery/pkg/util/validation/field/errors.go):
``rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to
non-resource URLs``. Each carries ``covered`` when the schema rules (missing-required-field,
invalid-field-type, invalid-field-value) already report the same fault, so that invalid-rbac reports the rest only.

A field of the wrong type makes the object undecodable (invalid-field-type reports it):
``malformed_role`` / ``malformed_binding`` name the first such field, and the checks that depend on
it are skipped. Either way the object is never stored, so it grants nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from k8slint.parse.sourcemap import Path, dotted
from k8slint.validity import names

RBAC_GROUP = "rbac.authorization.k8s.io"
REQUIRED = "Required value"
INVALID = "Invalid value"
UNSUPPORTED = "Unsupported value"
FORBIDDEN = "Forbidden"

_RULE_FIELDS = ("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs")
_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One entry of the API server's error list."""

    path: Path  # the field, as upstream names it
    type: str  # REQUIRED | INVALID | UNSUPPORTED | FORBIDDEN
    value: str | None  # the bad value as Go prints it; None where upstream omits it
    detail: str = ""
    at: Path | None = None  # where it is written, when finer than ``path`` (a matchLabels key)
    covered: bool = False  # already reported by missing-required-field, invalid-field-type or -value

    @property
    def location(self) -> Path:
        return self.at if self.at is not None else self.path

    @property
    def message(self) -> str:
        body = self.type if self.value is None else f"{self.type}: {self.value}"
        if self.detail:
            body += f": {self.detail}"
        return f"{dotted(self.path)}: {body}"

    @property
    def reason(self) -> str:
        """The short form: the field and the validator's own explanation, when it gives one."""
        if self.detail and self.type != UNSUPPORTED:
            return f"{dotted(self.path)}: {self.detail}"
        return self.message


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_quote(value: str) -> str:
    """Go's %q for a string (strconv.Quote)."""
    out = []
    for char in value:
        code = ord(char)
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif char == " " or char.isprintable():
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def go_strings(values: list[str]) -> str:
    """Go's %#v for a []string."""
    return "[]string{" + ", ".join(go_quote(v) for v in values) + "}"


def _supported(values: tuple[str, ...]) -> str:
    return "supported values: " + ", ".join(go_quote(v) for v in values)


# -- decoding ------------------------------------------------------------------------------------


def _string_list(raw: dict[Any, Any], key: str) -> list[str] | None:
    """The field as a list of strings ([] when absent or null); None when it cannot be decoded."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return value


def _string(raw: dict[Any, Any], key: str) -> str | None:
    """The field as a string ("" when absent or null); None when it cannot be decoded."""
    value = raw.get(key)
    if value is None:
        return ""
    return value if isinstance(value, str) else None


def _selector_malformed(selector: Any) -> bool:
    if selector is None:
        return False
    if not isinstance(selector, dict):
        return True
    labels = selector.get("matchLabels")
    if labels is not None and (
        not isinstance(labels, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in labels.items())
    ):
        return True
    exprs = selector.get("matchExpressions")
    if exprs is None:
        return False
    if not isinstance(exprs, list):
        return True
    for expr in exprs:
        if not isinstance(expr, dict) or _string(expr, "key") is None or _string(expr, "operator") is None:
            return True
        if _string_list(expr, "values") is None:
            return True
    return False


def malformed_role(raw: Any, namespaced: bool) -> str | None:
    """The first field of a Role (``namespaced``) or ClusterRole that cannot be decoded, or None."""
    if not isinstance(raw, dict):
        return "not a mapping"
    aggregation = raw.get("aggregationRule") if not namespaced else None
    if aggregation is not None:
        selectors = aggregation.get("clusterRoleSelectors") if isinstance(aggregation, dict) else []
        if (
            not isinstance(aggregation, dict)
            or (selectors is not None and not isinstance(selectors, list))
            or any(_selector_malformed(s) for s in selectors or [])
        ):
            return "aggregationRule.clusterRoleSelectors is not a list of label selectors"
    rules = raw.get("rules")
    if rules is None:
        return None
    if not isinstance(rules, list):
        return "rules is not a list"
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            return f"rules[{index}] is not a mapping"
        for key in _RULE_FIELDS:
            if _string_list(rule, key) is None:
                return f"rules[{index}].{key} is not a list of strings"
    return None


def malformed_binding(raw: Any) -> str | None:
    """The first field of a RoleBinding or ClusterRoleBinding that cannot be decoded, or None."""
    if not isinstance(raw, dict):
        return "not a mapping"
    ref = raw.get("roleRef")
    if not isinstance(ref, dict):
        return "roleRef is not a mapping"
    for key in ("apiGroup", "kind", "name"):
        if _string(ref, key) is None:
            return f"roleRef.{key} is not a string"
    subjects = raw.get("subjects")
    if subjects is None:
        return None
    if not isinstance(subjects, list):
        return "subjects is not a list"
    for index, subject in enumerate(subjects):
        if not isinstance(subject, dict):
            return f"subjects[{index}] is not a mapping"
        for key in ("kind", "apiGroup", "name", "namespace"):
            if _string(subject, key) is None:
                return f"subjects[{index}].{key} is not a string"
    return None


# -- roles ---------------------------------------------------------------------------------------


def role_errors(raw: Any, namespaced: bool) -> Iterator[FieldError]:
    """ValidateRole (``namespaced``) or ValidateClusterRole, in upstream order; the parts that
    cannot be decoded are skipped."""
    if not isinstance(raw, dict):
        return
    rules = raw.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, dict):
            yield from policy_rule_errors(rule, namespaced, ("rules", index))
    if not namespaced:
        yield from _aggregation_errors(raw.get("aggregationRule"))


def policy_rule_errors(rule: dict[Any, Any], namespaced: bool, base: Path) -> Iterator[FieldError]:
    """ValidatePolicyRule."""
    fields = {key: _string_list(rule, key) for key in _RULE_FIELDS}
    verbs, groups, resources, names_, urls = (fields[key] for key in _RULE_FIELDS)
    if verbs is not None and not verbs:
        yield FieldError(
            (*base, "verbs"),
            REQUIRED,
            None,
            "verbs must contain at least one value",
            covered=rule.get("verbs") is None,  # required in the schema
        )
    if urls is None:
        return
    if urls:
        value = go_strings(urls)
        if namespaced:
            detail = "namespaced rules cannot apply to non-resource URLs"
            yield FieldError((*base, "nonResourceURLs"), INVALID, value, detail)
        if groups or resources or names_:
            detail = "rules cannot apply to both regular resources and non-resource URLs"
            yield FieldError((*base, "nonResourceURLs"), INVALID, value, detail)
        return
    if groups is not None and not groups:
        detail = "resource rules must supply at least one api group"
        yield FieldError((*base, "apiGroups"), REQUIRED, None, detail)
    if resources is not None and not resources:
        detail = "resource rules must supply at least one resource"
        yield FieldError((*base, "resources"), REQUIRED, None, detail)


def _aggregation_errors(aggregation: Any) -> Iterator[FieldError]:
    if not isinstance(aggregation, dict):
        return  # absent or null: not aggregated (another type: undecodable)
    base: Path = ("aggregationRule", "clusterRoleSelectors")
    selectors = aggregation.get("clusterRoleSelectors")
    if selectors is None or selectors == []:
        detail = "at least one clusterRoleSelector required if aggregationRule is non-nil"
        yield FieldError(base, REQUIRED, None, detail)
        return
    if not isinstance(selectors, list):
        return
    for index, selector in enumerate(selectors):
        if _selector_malformed(selector) or not isinstance(selector, dict):
            continue
        errors = list(label_selector_errors(selector, (*base, index)))
        yield from errors
        if errors:
            # metav1.LabelSelectorAsSelector fails on the same faults; the nil selector prints "null"
            covered = all(e.covered for e in errors)
            yield FieldError((*base, index), INVALID, '"null"', "invalid label selector.", covered=covered)


def label_selector_errors(selector: dict[Any, Any], base: Path) -> Iterator[FieldError]:
    """ValidateLabelSelector (values checked, as on create) over a decodable selector."""
    labels = selector.get("matchLabels")
    path: Path = (*base, "matchLabels")
    for key, value in (labels if isinstance(labels, dict) else {}).items():
        for detail in names.qualified_name(key):
            yield FieldError(path, INVALID, go_quote(key), detail, at=(*path, key))
        for detail in names.label_value(value):
            yield FieldError(path, INVALID, go_quote(value), detail, at=(*path, key))
    exprs = selector.get("matchExpressions")
    for index, expr in enumerate(exprs if isinstance(exprs, list) else []):
        if not isinstance(expr, dict):
            continue
        path = (*base, "matchExpressions", index)
        operator = _string(expr, "operator") or ""
        key = _string(expr, "key") or ""
        values = _string_list(expr, "values") or []
        if operator in ("In", "NotIn"):
            if not values:
                detail = "must be specified when `operator` is 'In' or 'NotIn'"
                yield FieldError((*path, "values"), REQUIRED, None, detail)
        elif operator in ("Exists", "DoesNotExist"):
            if values:
                detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                yield FieldError((*path, "values"), FORBIDDEN, None, detail)
        else:
            yield FieldError(
                (*path, "operator"),
                INVALID,
                go_quote(operator),
                "not a valid selector operator",
                covered=expr.get("operator") is None,  # required in the schema
            )
        for detail in names.qualified_name(key):
            yield FieldError((*path, "key"), INVALID, go_quote(key), detail, covered=expr.get("key") is None)
        for i, value in enumerate(values):
            for detail in names.label_value(value):
                yield FieldError((*path, "values", i), INVALID, go_quote(value), detail)


# -- bindings ------------------------------------------------------------------------------------


def binding_errors(raw: Any, namespaced: bool) -> Iterator[FieldError]:
    """ValidateRoleBinding (``namespaced``) or ValidateClusterRoleBinding on the defaulted object, in
    upstream order; the parts that cannot be decoded are skipped."""
    if not isinstance(raw, dict):
        return
    ref = raw.get("roleRef")
    if ref is None or isinstance(ref, dict):  # null decodes to the zero value
        yield from _role_ref_errors(ref, namespaced, "roleRef" not in raw)
    subjects = raw.get("subjects")
    for index, subject in enumerate(subjects if isinstance(subjects, list) else []):
        if isinstance(subject, dict):
            yield from subject_errors(subject, namespaced, ("subjects", index))


def _role_ref_errors(raw_ref: dict[Any, Any] | None, namespaced: bool, absent: bool) -> Iterator[FieldError]:
    # an absent roleRef is reported by missing-required-field; so are its absent kind and name, and
    # invalid-field-type reports a null kind or name (a null roleRef is reported by neither)
    ref = raw_ref if raw_ref is not None else {}

    def reported(key: str) -> bool:
        return absent or (raw_ref is not None and _unset(ref, key))

    group = _string(ref, "apiGroup")
    if group and group != RBAC_GROUP:  # "" is defaulted to the RBAC group
        yield FieldError(("roleRef", "apiGroup"), UNSUPPORTED, go_quote(group), _supported((RBAC_GROUP,)))
    kind = _string(ref, "kind")
    allowed = ("Role", "ClusterRole") if namespaced else ("ClusterRole",)
    if kind is not None and kind not in allowed:
        yield FieldError(
            ("roleRef", "kind"),
            UNSUPPORTED,
            go_quote(kind),
            _supported(allowed),
            covered=reported("kind") or bool(kind),  # invalid-field-value: a wrong kind
        )
    name = _string(ref, "name")
    if name is not None and not name:
        yield FieldError(("roleRef", "name"), REQUIRED, None, covered=reported("name"))
    elif name:
        for detail in names.path_segment(name):
            yield FieldError(("roleRef", "name"), INVALID, go_quote(name), detail)


def _unset(node: dict[Any, Any], key: str) -> bool:
    """A required field left out (missing-required-field) or null (invalid-field-type)."""
    return node.get(key) is None


def subject_errors(subject: dict[Any, Any], namespaced: bool, base: Path) -> Iterator[FieldError]:
    """ValidateRoleBindingSubject on the defaulted subject."""
    name = _string(subject, "name")
    if name is not None and not name:
        yield FieldError((*base, "name"), REQUIRED, None, covered=subject.get("name") is None)
    kind = _string(subject, "kind")
    group = _string(subject, "apiGroup")
    if kind is None:
        return
    if kind == "ServiceAccount":
        for detail in names.dns1123_subdomain(name) if name else []:
            yield FieldError((*base, "name"), INVALID, go_quote(name), detail)
        if group:
            yield FieldError((*base, "apiGroup"), UNSUPPORTED, go_quote(group), _supported(("",)))
        namespace = _string(subject, "namespace")
        if not namespaced and namespace is not None and not namespace:
            yield FieldError((*base, "namespace"), REQUIRED, None)
    elif kind in ("User", "Group"):
        if group and group != RBAC_GROUP:  # "" is defaulted to the RBAC group
            yield FieldError((*base, "apiGroup"), UNSUPPORTED, go_quote(group), _supported((RBAC_GROUP,)))
    else:
        yield FieldError(
            (*base, "kind"),
            UNSUPPORTED,
            go_quote(kind),
            _supported(("ServiceAccount", "User", "Group")),
            covered=subject.get("kind") is None or bool(kind),  # invalid-field-value: a wrong kind
        )
