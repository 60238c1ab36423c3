import re
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items, text

SECRET_NAME = re.compile(
    r"(?i)(password|passwd|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)"
)
# names that hold a reference to a secret, not the secret
REFERENCE_NAME = re.compile(r"(?i)(_NAME|_FILE|_PATH|_DIR|_URL|_URI|_REF|_ENABLED|_TTL|_LENGTH|_TYPE|_ID)$")
# an all-caps identifier such as SECRET or GOOGLE_API_KEY_VAL is a placeholder to be substituted
CAPS_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*$")
PLACEHOLDER = re.compile(
    r"^(\$\(.*\)|\$\{.*\}|<.*>|changeme|change-me|xxx+|\*+|true|false|yes|no|none|null|\d{1,5}|/.*|.*\.(key|pem|crt|json|txt))$",
    re.IGNORECASE,
)


class SecretInEnv(ContainerRule):
    """
    ## What it finds
    An environment variable whose name looks like a credential (`password`, `secret`, `token`,
    `api_key`, `private_key`, `credential`, `access_key`) with a literal `value` in the manifest.
    Values that are clearly not secrets are skipped: references (`$(VAR)`, `${VAR}`), placeholders
    (`<password>`, `changeme`, all-caps identifiers such as `SECRET` or `API_KEY_VALUE`), booleans,
    short numbers and file paths (`/etc/secret/token`); so are names that point at a secret rather
    than hold one (`*_NAME`, `*_FILE`, `*_PATH`, `*_URL`, `*_ID`, ...).

    ## Why it matters
    The secret is now in version control, in every rendered manifest and in the object anyone with
    read access to the workload can see.

    ## How to fix
    Move it to a Secret and use `valueFrom.secretKeyRef` (or an external secret store).

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - {name: DB_PASSWORD, value: "s3cr3t-Pa55"}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
    ```
    """

    id = "secret-in-env"
    category = Category.SECURITY
    level = Level.WARNING
    summary = "Credential written as a literal environment variable"
    aliases = ("kube-linter:env-var-secret", "polaris:sensitiveContainerEnvVar", "checkov:CKV_K8S_35")
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        for i, env in enumerate(items(get(container.resource.raw, container.path), "env")):
            name, value = text(env, "name"), text(env, "value")
            if (
                name
                and value
                and SECRET_NAME.search(name)
                and not REFERENCE_NAME.search(name)
                and not PLACEHOLDER.match(value.strip())
                and not CAPS_PLACEHOLDER.match(value.strip())
            ):
                yield Violation(
                    (*container.path, "env", i, "value"),
                    f'container "{container.name}" sets {name} to a literal value: use a Secret (valueFrom.secretKeyRef)',
                )
