from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get, items, text


class DuplicateEnvVar(ContainerRule):
    """
    ## What it finds
    The same environment variable name twice in one container's `env`.

    ## Why it matters
    The API server accepts it and the last value wins, silently: the first definition is dead code
    that readers trust. Merge tools (kustomize, Helm) often produce it.

    ## How to fix
    Keep one definition.

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
            - {name: LOG_LEVEL, value: info}
            - {name: LOG_LEVEL, value: debug}
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
            - {name: LOG_LEVEL, value: debug}
    ```
    """

    id = "duplicate-env-var"
    category = Category.RELIABILITY
    level = Level.WARNING
    summary = "Environment variable defined twice in a container"
    aliases = (
        "kube-linter:duplicate-env-var",
        "kube-score:environment-variable-key-duplication",
        "kubescape:C-0295",
    )
    preset = "default"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        seen: dict[str, int] = {}
        for i, env in enumerate(items(get(container.resource.raw, container.path), "env")):
            name = text(env, "name")
            if name is None:
                continue
            if name in seen:
                yield Violation(
                    (*container.path, "env", i, "name"),
                    f'container "{container.name}" defines {name} again (first at env[{seen[name]}]): the last value wins',
                )
            else:
                seen[name] = i
