from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class InvalidQuantity(SourceRule):
    """
    ## What it finds
    A resource quantity (requests, limits, quotas, capacities, ...) that does not follow the
    Kubernetes quantity grammar: `250m`, `0.5`, `64Mi`, `1Gi`, `1e3` are valid; `1GB`, `64MB`,
    `1.5.0` and `""` are not.

    ## Why it matters
    The API server rejects the object: `quantities must match the regular expression
    '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`.

    ## How to fix
    Use binary suffixes (`Ki`, `Mi`, `Gi`) or decimal ones (`k`, `M`, `G`); `MB` is not a unit.

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
          resources:
            limits:
              memory: 512MB
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
          resources:
            limits:
              memory: 512Mi
    ```
    """

    id = "invalid-quantity"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Resource quantity is malformed"
