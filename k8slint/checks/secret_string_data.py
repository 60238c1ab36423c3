from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get


class SecretInManifest(ResourceRule):
    """
    ## What it finds
    A Secret whose values are in the manifest: `stringData` (plain text) or `data` (base64, which
    is an encoding, not encryption). Secrets with no values (filled in by a controller) and
    service-account token Secrets are not reported.

    ## Why it matters
    Whoever can read the repository, or any rendered manifest, reads the secret.

    ## How to fix
    Keep secret values out of version control: Sealed Secrets, SOPS, External Secrets, or the
    Secrets Store CSI driver.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
    stringData:
      password: hunter2
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Secret
    metadata:
      name: db-token
      annotations:
        kubernetes.io/service-account.name: db
    type: kubernetes.io/service-account-token
    ```
    """

    id = "secret-in-manifest"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Secret values are committed in the manifest"
    aliases = ("polaris:sensitiveConfigmapContent",)
    targets = frozenset({"Secret"})
    preset = "default"

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        if resource.ref.group != "" or get(resource.raw, ("type",)) == "kubernetes.io/service-account-token":
            return
        for field, how in (
            ("stringData", "in plain text"),
            ("data", "base64-encoded, which is not encryption"),
        ):
            values = get(resource.raw, (field,))
            if isinstance(values, dict) and any(isinstance(v, str) and v.strip() for v in values.values()):
                yield Violation(
                    (field,),
                    f"Secret {resource.name} holds its values {how}: keep them out of version control",
                )
                return
