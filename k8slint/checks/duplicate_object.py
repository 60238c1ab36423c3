from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource, ResourceRef
from k8slint.parse.sourcemap import get


class DuplicateObject(GraphRule):
    """
    ## What it finds
    The same object (API group, kind, namespace and name; the version does not matter) declared
    twice in one file. Objects named by `generateName` are never duplicates. Files are compared
    one by one: two files that declare the same object are almost always alternatives (an
    install bundle and its namespace-scoped variant, a kustomize base and its overlay, an example
    with and without TLS), not meant to be applied together. With `--assume-complete` the whole
    set is one cluster and every repeat is reported.

    ## Why it matters
    `kubectl apply` applies both in turn: the later declaration silently replaces the earlier one
    (with `kubectl create` the second fails with `AlreadyExists`), and `kustomize build` refuses
    the pair (`may not add resource with an already registered id`).

    ## How to fix
    Remove one of the two, or rename it.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data: {mode: fast}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data: {mode: safe}
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data: {mode: fast}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings-safe
    data: {mode: safe}
    ```
    """

    id = "duplicate-object"
    category = Category.REFERENCES
    level = Level.ERROR
    summary = "The same object is declared twice"
    preset = "minimal"

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        first: dict[tuple[str | None, ResourceRef], Resource] = {}
        for resource in ctx.resources:
            name = get(resource.raw, ("metadata", "name"))
            if not isinstance(name, str) or not name:
                continue
            where = None if ctx.settings.assume_complete else resource.doc.file
            earlier = first.setdefault((where, resource.ref), resource)
            if earlier is resource:
                continue
            ref = resource.ref
            shown = f"{ref.kind} {ref.namespace}/{ref.name}" if ref.namespace else f"{ref.kind} {ref.name}"
            at = f"line {earlier.doc.line}" if earlier.doc.file == resource.doc.file else earlier.doc.file
            yield Violation(
                ("metadata", "name"),
                f"{shown} is declared twice (first at {at}): applied in order, this declaration "
                "replaces the first",
                resource=resource,
                related=(RelatedRef(earlier, ("metadata", "name"), f"first declaration of {shown}"),),
            )
