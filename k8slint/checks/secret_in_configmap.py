import math
import re
from collections import Counter
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get

KEY = re.compile(
    r"(?i)(^|[_.\-])(password|passwd|secret|token|api[_-]?key|private[_-]?key|credentials?)($|[_.\-])"
)
PRIVATE_KEY = re.compile(r"-----BEGIN ([A-Z ]+ )?PRIVATE KEY-----")
AWS_KEY = re.compile(r"\bAKIA[0-9A-Z]{16}\b")
TOKEN_SHAPES = re.compile(r"\b(ghp_[A-Za-z0-9]{36}|xox[abp]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20})\b")


def entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def looks_secret(key: str, value: str) -> str | None:
    if PRIVATE_KEY.search(value):
        return "a private key"
    if AWS_KEY.search(value) or TOKEN_SHAPES.search(value):
        return "an access token"
    stripped = value.strip()
    if KEY.search(key) and 16 <= len(stripped) <= 200 and " " not in stripped and entropy(stripped) >= 3.5:
        return "a credential"
    return None


class SecretInConfigMap(ResourceRule):
    """
    ## What it finds
    A ConfigMap value that looks like a credential: a private key block, a cloud access key or
    token of a known shape, or a high-entropy value (at least 16 characters, Shannon entropy 3.5
    bits per character or more) under a key named like a password, token, secret or API key.

    ## Why it matters
    ConfigMaps are readable by far more subjects than Secrets, and are not encrypted at rest.

    ## How to fix
    Move the value to a Secret (kept out of version control) and reference it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    data:
      api_token: 9f8e7d6c5b4a39281706f5e4d3c2b1a0ZyXwVu
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    data:
      api_url: https://api.example.com
    ```
    """

    id = "secret-in-configmap"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "ConfigMap holds a value that looks like a credential"
    aliases = ("polaris:sensitiveConfigmapContent", "trivy:KSV109")
    targets = frozenset({"ConfigMap"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        data = get(resource.raw, ("data",))
        if not isinstance(data, dict):
            return
        for key, value in data.items():
            if isinstance(value, str) and (what := looks_secret(key, value)):
                yield Violation(
                    ("data", key),
                    f"ConfigMap {resource.name} key {key} holds what looks like {what}: use a Secret",
                )
