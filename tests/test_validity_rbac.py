"""API validation of RBAC objects (k8slint.validity.rbac): the API server's error list, defaulting,
and which faults the schema rules already report."""

from __future__ import annotations

from typing import Any

import pytest

from k8slint.validity.rbac import (
    binding_errors,
    go_strings,
    malformed_binding,
    malformed_role,
    role_errors,
)

REF = {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}


def role(raw: Any, namespaced: bool = True) -> list[tuple[str, bool]]:
    return [(e.message, e.covered) for e in role_errors(raw, namespaced)]


def binding(raw: Any, namespaced: bool = True) -> list[tuple[str, bool]]:
    return [(e.message, e.covered) for e in binding_errors(raw, namespaced)]


def test_go_formatting():
    assert go_strings(["/healthz", 'a"b']) == '[]string{"/healthz", "a\\"b"}'


def test_policy_rules():
    assert role({"rules": [{"nonResourceURLs": ["/healthz"], "apiGroups": [""], "verbs": ["get"]}]}) == [
        (
            'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply '
            "to non-resource URLs",
            False,
        ),
        (
            'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both '
            "regular resources and non-resource URLs",
            False,
        ),
    ]
    assert role({"rules": [{"nonResourceURLs": ["/healthz"], "verbs": ["get"]}]}, namespaced=False) == []
    assert role({"rules": [{"verbs": []}, {"resources": ["pods"]}]}) == [
        ("rules[0].verbs: Required value: verbs must contain at least one value", False),
        ("rules[0].apiGroups: Required value: resource rules must supply at least one api group", False),
        ("rules[0].resources: Required value: resource rules must supply at least one resource", False),
        ("rules[1].verbs: Required value: verbs must contain at least one value", True),
        ("rules[1].apiGroups: Required value: resource rules must supply at least one api group", False),
    ]
    # an undecodable field skips the checks that read it
    assert role({"rules": [{"verbs": "get", "apiGroups": [""], "resources": ["pods"]}]}) == []
    assert malformed_role({"rules": [{"verbs": "get"}]}, True) == "rules[0].verbs is not a list of strings"


def test_aggregation_rule():
    assert role({"aggregationRule": {}}, namespaced=False) == [
        (
            "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector "
            "required if aggregationRule is non-nil",
            False,
        )
    ]
    assert role({"aggregationRule": None}, namespaced=False) == []
    assert role({"aggregationRule": {"clusterRoleSelectors": [{}]}}, namespaced=False) == []
    selector = {"matchExpressions": [{"key": "tier", "operator": "Equals"}, {"operator": "Exists"}]}
    assert role({"aggregationRule": {"clusterRoleSelectors": [selector]}}, namespaced=False) == [
        (
            "aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "
            '"Equals": not a valid selector operator',
            False,
        ),
        (
            'aggregationRule.clusterRoleSelectors[0].matchExpressions[1].key: Invalid value: "": '
            "name part must be non-empty",
            True,
        ),
        ('aggregationRule.clusterRoleSelectors[0]: Invalid value: "null": invalid label selector.', False),
    ]
    assert malformed_role({"aggregationRule": {"clusterRoleSelectors": "x"}}, False) is not None


def test_role_ref_defaulting_and_kinds():
    assert binding({"roleRef": {"kind": "ClusterRole", "name": "view"}}) == []
    assert binding({"roleRef": {**REF, "apiGroup": ""}}) == []
    assert binding({"roleRef": {**REF, "apiGroup": "rbac.authorization.k8s.io/v1"}}) == [
        (
            'roleRef.apiGroup: Unsupported value: "rbac.authorization.k8s.io/v1": supported values: '
            '"rbac.authorization.k8s.io"',
            False,
        )
    ]
    assert binding({"roleRef": {**REF, "kind": "", "name": ""}}) == [
        ('roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole"', False),
        ("roleRef.name: Required value", False),
    ]
    # a wrong kind is invalid-field-value's finding, a missing name missing-required-field's
    assert binding({"roleRef": {"kind": "Role"}}, namespaced=False) == [
        ('roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', True),
        ("roleRef.name: Required value", True),
    ]
    assert binding({"roleRef": {**REF, "name": "a%b"}}) == [
        ("roleRef.name: Invalid value: \"a%b\": may not contain '%'", False)
    ]


@pytest.mark.parametrize(
    ("subject", "namespaced", "expected"),
    [
        ({"kind": "User", "name": "jane"}, False, []),  # apiGroup defaulted
        ({"kind": "Group", "name": "devs", "apiGroup": ""}, False, []),
        ({"kind": "ServiceAccount", "name": "web"}, True, []),
        (
            {"kind": "ServiceAccount", "name": "web"},
            False,
            [("subjects[0].namespace: Required value", False)],
        ),
        (
            {
                "kind": "ServiceAccount",
                "name": "web",
                "namespace": "app",
                "apiGroup": "rbac.authorization.k8s.io",
            },
            False,
            [
                (
                    'subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
                    False,
                )
            ],
        ),
        (
            {"kind": "User", "name": "jane", "apiGroup": "v1"},
            True,
            [
                (
                    'subjects[0].apiGroup: Unsupported value: "v1": supported values: "rbac.authorization.k8s.io"',
                    False,
                )
            ],
        ),
        (
            {"kind": "", "name": "jane"},
            True,
            [
                (
                    'subjects[0].kind: Unsupported value: "": supported values: "ServiceAccount", "User", "Group"',
                    False,
                )
            ],
        ),
        (
            {"kind": "Robot", "name": "jane"},
            True,
            [
                (
                    'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", '
                    '"Group"',
                    True,
                )
            ],
        ),
        ({"kind": "Group", "name": ""}, True, [("subjects[0].name: Required value", False)]),
        ({"kind": "Group"}, True, [("subjects[0].name: Required value", True)]),
    ],
)
def test_subjects(subject, namespaced, expected):
    assert binding({"roleRef": REF, "subjects": [subject]}, namespaced) == expected


def test_service_account_name_is_a_subdomain():
    [(message, covered)] = binding({"roleRef": REF, "subjects": [{"kind": "ServiceAccount", "name": "Web"}]})
    assert message.startswith('subjects[0].name: Invalid value: "Web": a lowercase RFC 1123 subdomain')
    assert not covered


def test_malformed_binding():
    assert malformed_binding({"roleRef": REF, "subjects": [{"kind": "User", "name": 5}]}) == (
        "subjects[0].name is not a string"
    )
    assert binding({"roleRef": REF, "subjects": [{"kind": "User", "name": 5}]}) == []
    assert malformed_binding({"roleRef": REF, "subjects": None}) is None
    assert binding([]) == []


def test_nulls():
    # a null required field is invalid-field-type's finding; a null roleRef decodes to the zero value
    assert role({"rules": [{"verbs": None, "apiGroups": None, "resources": ["pods"]}]}) == [
        ("rules[0].verbs: Required value: verbs must contain at least one value", True),
        ("rules[0].apiGroups: Required value: resource rules must supply at least one api group", False),
    ]
    assert binding({"roleRef": None}) == [
        ('roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole"', False),
        ("roleRef.name: Required value", False),
    ]
    assert binding({"roleRef": {**REF, "name": None}, "subjects": [{"kind": None, "name": "x"}]}) == [
        ("roleRef.name: Required value", True),
        (
            'subjects[0].kind: Unsupported value: "": supported values: "ServiceAccount", "User", "Group"',
            True,
        ),
    ]
    selector = {"matchExpressions": [{"key": "a", "operator": None}]}
    assert role({"aggregationRule": {"clusterRoleSelectors": [selector]}}, namespaced=False) == [
        (
            'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "": '
            "not a valid selector operator",
            True,
        ),
        ('aggregationRule.clusterRoleSelectors[0]: Invalid value: "null": invalid label selector.', True),
    ]


def test_go_quote():
    from k8slint.validity.rbac import go_quote

    assert go_quote('a\tb\x01\x7f"\\é') == '"a\\tb\\x01\\x7f\\"\\\\é"'
    assert go_quote("\u2028") == '"\\u2028"'
