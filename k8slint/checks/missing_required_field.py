from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class MissingRequiredField(SourceRule):
    """
    ## What it finds
    A field the schema requires but the object lacks: a Pod without `spec.containers`, a container
    without `name`, a RoleBinding without `roleRef`, a Deployment without `spec.selector`. The
    finding points at the parent that should hold the field. `status` is not checked.

    ## Why it matters
    The API server rejects the object with `Required value`.

    ## How to fix
    Add the field.

    ## Example
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: read
    subjects:
      - kind: User
        name: alice
    ```

    ## Use instead
    ```yaml
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: read
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: view
    subjects:
      - kind: User
        name: alice
    ```
    """

    id = "missing-required-field"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Required field is missing"
