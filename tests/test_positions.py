"""Every field knows its file, line and column (1-based), whatever the YAML style."""

from __future__ import annotations

import json

from k8slint.parse.loader import iter_documents, load
from k8slint.parse.sourcemap import dotted, locate, value_position

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports: [{containerPort: 80, name: http}]
"""


def test_block_and_flow_positions():
    (doc,) = iter_documents(POD)
    assert locate(doc.data, ("spec", "containers", 0, "image")) == (8, 7, True)
    assert locate(doc.data, ("spec", "containers", 0, "ports", 0, "name")) == (9, 35, True)
    assert value_position(doc.data, ("spec", "containers", 0, "image")) == (8, 14)
    assert (doc.line, doc.column) == (1, 1)


def test_missing_path_falls_back_to_nearest_ancestor():
    (doc,) = iter_documents(POD)
    assert locate(doc.data, ("spec", "containers", 0, "securityContext", "privileged")) == (7, 7, False)
    assert locate(doc.data, ("spec", "containers", 5)) == (6, 3, False)


def test_multi_document_positions():
    docs = list(
        iter_documents(
            "---\n" + POD + "---\n# comment\n---\n" + POD.replace("name: web\nspec", "name: two\nspec")
        )
    )
    assert [d.index for d in docs] == [0, 2]
    assert docs[1].line == 14
    assert locate(docs[1].data, ("spec", "containers", 0, "image"))[:2] == (21, 7)


def test_list_items_keep_their_own_positions():
    text = "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        f"  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: cm{i}\n" for i in range(3)
    )
    docs = list(iter_documents(text))
    assert [d.data["metadata"]["name"] for d in docs] == ["cm0", "cm1", "cm2"]
    assert [(d.line, d.item) for d in docs] == [(4, 0), (8, 1), (12, 2)]
    assert locate(docs[2].data, ("metadata", "name"))[:2] == (15, 7)


def test_custom_list_kind():
    text = "apiVersion: v1\nkind: ServiceList\nitems:\n  - {apiVersion: v1, kind: Service, metadata: {name: a}}\n"
    (doc,) = iter_documents(text)
    assert doc.data["kind"] == "Service" and doc.line == 4


def test_anchors_and_aliases_point_at_the_anchor():
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n"
        "    - &c\n      name: a\n      image: nginx:1\n    - *c\n"
    )
    (doc,) = iter_documents(text)
    assert locate(doc.data, ("spec", "containers", 1, "image"))[:2] == (9, 7)
    assert doc.data["spec"]["containers"][1]["name"] == "a"


def test_json_input_positions(tmp_path):
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": {"k": "v"}}
    path = tmp_path / "cm.json"
    path.write_text(json.dumps(obj, indent=2))
    (doc,) = load([str(path)]).documents
    assert locate(doc.data, ("data", "k"))[:2] == (8, 5)


def test_dotted_paths():
    assert dotted(("spec", "containers", 0, "env", 3, "value")) == "spec.containers[0].env[3].value"
