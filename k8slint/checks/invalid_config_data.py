import base64
import binascii
import re
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get

MAX_SIZE = 1024 * 1024
_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
KEY_MSG = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
    "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
)


def _decode(value: str) -> bytes | int:
    """Decode like Go's base64.StdEncoding (which skips CR and LF): bytes, or the failing offset."""
    text = value.replace("\n", "").replace("\r", "")
    for i, char in enumerate(text):
        if not (char.isascii() and (char.isalnum() or char in "+/=")):
            return i
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return len(text) - (len(text) % 4 or 4) if text else 0


class InvalidConfigData(ResourceRule):
    """
    ## What it finds
    ConfigMap and Secret contents the API server (or kubectl) rejects: keys that are not valid
    config keys (alphanumerics, `-`, `_`, `.`, at most 253 characters), data larger than 1 MiB in
    total, and Secret `data` values that are not valid base64. Upstream: ValidateConfigMap,
    ValidateSecret, IsConfigMapKey (pkg/apis/core/validation).

    ## Why it matters
    `data[config/app.yaml]: Invalid value: "config/app.yaml": a valid config key must consist of
    ...`; `illegal base64 data at input byte 4`: the object is rejected.

    ## How to fix
    Rename keys (no `/`), split large configuration, put plain text in `stringData` rather than
    `data`.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
    data:
      password: hunter2!
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
    stringData:
      password: hunter2!
    ```
    """

    id = "invalid-config-data"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "ConfigMap or Secret key, value or size is not valid"
    targets = frozenset({"ConfigMap", "Secret"})

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "":
            return
        total = 0
        fields = ("data", "binaryData") if resource.kind == "ConfigMap" else ("data", "stringData")
        for field in fields:
            entries = get(resource.raw, (field,))
            if not isinstance(entries, dict):
                continue
            for key, value in entries.items():
                if len(key) > 253 or not _KEY.match(key):
                    yield Violation((field, key), f'{field}[{key}]: Invalid value: "{key}": {KEY_MSG}')
                if not isinstance(value, str):
                    continue
                if (resource.kind == "Secret" and field == "data") or field == "binaryData":
                    try:
                        total += len(
                            base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
                        )
                    except (binascii.Error, ValueError) as exc:
                        yield Violation((field, key), f"{field}[{key}]: illegal base64 data: {exc}")
                else:
                    total += len(value.encode())
        if total > MAX_SIZE:
            yield Violation(
                ("metadata",), f"{resource.kind} data: Too long: must have at most {MAX_SIZE} bytes"
            )
