from collections.abc import Iterator

from k8slint.analysis.admission import admit
from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.quota import describe, evaluate, guarded
from k8slint.engine.rule import GraphRule, RelatedRef, Violation
from k8slint.findings import Category, Level
from k8slint.parse.sourcemap import get


class QuotaMustSpecify(GraphRule):
    """
    ## What it finds
    Pods refused by the ResourceQuota admission plugin because a ResourceQuota of their namespace
    that matches them (its scopes included) tracks `cpu`, `memory`, `requests.cpu`,
    `requests.memory`, `limits.cpu` or `limits.memory`, and a container or init container does not
    set that request or limit, even after API defaulting (a limit without a request makes the
    request equal to it) and the namespace's LimitRange defaults. A bare Pod is refused; a
    workload is accepted but its controller can create none of its pods. One finding per
    container at fault, with the upstream reason verbatim
    (`failed quota: q: must specify limits.cpu for: c1,c2; requests.memory for: c1`). Pods with
    pod-level resources are exempt, as upstream. The finding is a note when the quota and the pod
    lie in different directory trees; `--assume-complete` makes it an error.

    ## Why it matters
    No pod of the workload is ever created: a BestEffort pod (no requests, no limits) in a
    namespace whose quota tracks memory is the common case.

    ## How to fix
    Set the request or limit on every container, or add a LimitRange with `default` and
    `defaultRequest` to the namespace.

    ## Example
    ```yaml
    apiVersion: v1
    kind: ResourceQuota
    metadata:
      name: team
    spec:
      hard:
        limits.memory: 4Gi
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ResourceQuota
    metadata:
      name: team
    spec:
      hard:
        limits.memory: 4Gi
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            limits: {memory: 256Mi}
    ```
    """

    id = "quota-must-specify"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "A ResourceQuota refuses pods whose containers set no request or limit it tracks"

    def check(self, ctx: AnalysisContext) -> Iterator[Violation]:
        templates = {id(t.resource): t for t in ctx.templates}
        for ns in evaluate(ctx):
            for rejection in ns.rejected:
                template = templates.get(id(rejection.resource))
                if rejection.kind != "must-specify" or template is None:
                    continue
                q = rejection.quota
                faulty = {c for names in rejection.missing.values() for c in names}
                message = describe(ctx, rejection)
                for c in admit(ctx, template).containers:
                    if c.view.name not in faulty:
                        continue
                    lacks = sorted(n for n, names in rejection.missing.items() if c.view.name in names)
                    resources = (*c.view.path, "resources")
                    where = (
                        resources if isinstance(get(template.resource.raw, resources), dict) else c.view.path
                    )
                    yield Violation(
                        where,
                        message,
                        rejection.resource,
                        tuple(
                            RelatedRef(
                                q.resource, ("spec", "hard", n), f'ResourceQuota "{q.name}" tracks {n}'
                            )
                            for n in lacks
                        ),
                        downgrade=None if guarded(ctx, rejection) else Level.NOTE,
                    )
