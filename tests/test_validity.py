"""The validity engine's facts: per-version schemas, API lifecycle by target version, CRD schema
conversion, --crds and --strict-crds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from k8slint.cli import app
from k8slint.validity.crds import CrdIndex
from k8slint.validity.schemas import for_version

runner = CliRunner()
FLOW_V1BETA3 = (
    "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\n"
    "spec: {priorityLevelConfiguration: {name: global-default}}\n"
)


def rules_for(text: str, *args: str) -> list[tuple[str, int]]:
    result = runner.invoke(app, ["check", "-", "-f", "json", "--fail-on", "never", *args], input=text)
    assert result.exit_code == 0, result.output
    return [(f["rule"], f["line"]) for f in json.loads(result.output)["findings"]]


@pytest.mark.parametrize("minor", range(27, 38))
def test_every_supported_version_has_schemas(minor):
    schemas = for_version(1, minor)
    for key in (
        "apps/v1/Deployment",
        "v1/Pod",
        "v1/Service",
        "batch/v1/CronJob",
        "rbac.authorization.k8s.io/v1/Role",
    ):
        assert key in schemas.kinds
    validator = schemas.validator("v1", "Pod")
    assert not list(
        validator.iter_errors(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "p"},
                "spec": {"containers": [{"name": "a", "image": "b"}]},
            }
        )
    )


def test_the_target_version_decides_removed_and_deprecated():
    assert rules_for(FLOW_V1BETA3, "--kube-version", "1.28") == []
    assert rules_for(FLOW_V1BETA3, "--kube-version", "1.30") == [("deprecated-api", 1)]
    assert rules_for(FLOW_V1BETA3, "--kube-version", "1.32") == [("removed-api", 1)]


def test_recursive_definitions_are_cut():
    schemas = for_version(1, 37)
    crd = schemas.resolved(schemas.kinds["apiextensions.k8s.io/v1/CustomResourceDefinition"])
    assert json.dumps(crd)  # finite


def test_crd_conversion_semantics():
    index = CrdIndex()
    index.add(
        {
            "spec": {
                "group": "example.com",
                "names": {"kind": "Thing"},
                "versions": [
                    {
                        "name": "v1",
                        "served": True,
                        "schema": {
                            "openAPIV3Schema": {
                                "type": "object",
                                "properties": {
                                    "spec": {
                                        "type": "object",
                                        "properties": {
                                            "port": {"x-kubernetes-int-or-string": True},
                                            "note": {"type": "string", "nullable": True},
                                            "free": {
                                                "type": "object",
                                                "x-kubernetes-preserve-unknown-fields": True,
                                            },
                                            "inner": {
                                                "type": "object",
                                                "x-kubernetes-embedded-resource": True,
                                                "properties": {"spec": {"type": "object"}},
                                            },
                                        },
                                    }
                                },
                            }
                        },
                    }
                ],
            }
        }
    )
    import jsonschema

    (schema,) = index.schemas_for("example.com", "v1", "Thing")
    ok = {
        "apiVersion": "example.com/v1",
        "kind": "Thing",
        "metadata": {"name": "x"},
        "spec": {
            "port": "http",
            "note": None,
            "free": {"a": 1},
            "inner": {"apiVersion": "v1", "kind": "Pod", "metadata": {}, "spec": {}},
        },
    }
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(ok))
    bad = {**ok, "spec": {**ok["spec"], "port": 1.5, "extra": 1}}
    messages = [e.validator for e in jsonschema.Draft202012Validator(schema).iter_errors(bad)]
    assert sorted(messages) == ["additionalProperties", "anyOf"]
    assert index.serves("example.com", "v1", "Thing") and not index.serves("example.com", "v2", "Thing")


CR = "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\nspec: {colour: red}\n"
CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Thing, plural: things}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {color: {type: string}}}
"""


def test_crds_option_and_strict_crds(tmp_path):
    assert rules_for(CR) == [("custom-resource-without-schema", 2)]
    (tmp_path / "crds").mkdir()
    (tmp_path / "crds" / "thing.yaml").write_text(CRD)
    assert rules_for(CR, "--crds", str(tmp_path / "crds")) == [("unknown-field", 4)]
    result = runner.invoke(app, ["check", "-", "--strict-crds"], input=CR)
    assert result.exit_code == 1 and "error custom-resource-without-schema" in result.output


def test_misindentation_hints():
    pod = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: b\n"
        "  image: c\n"
    )
    result = runner.invoke(app, ["check", "-", "-f", "json", "--select", "unknown-field"], input=pod)
    (finding,) = json.loads(result.output)["findings"]
    assert 'unknown field "image" in spec: it belongs under "containers"' in finding["message"]
