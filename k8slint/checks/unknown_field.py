from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class UnknownField(SourceRule):
    """
    ## What it finds
    A field the target Kubernetes version's schema does not define (or the CRD's schema, for a
    custom resource), with the closest valid name (`request` -> `requests`, `sepc` -> `spec`). When
    the field exists one level down, the message says the block is probably misindented.
    Produced by the validity engine from the upstream OpenAPI schemas; `status` is not checked.

    ## Why it matters
    `kubectl apply` uses strict server-side field validation by default since 1.27 and rejects the
    object (`strict decoding error: unknown field "spec.template.spec.containers[0].request"`).
    With validation off the field is dropped silently, so the setting you wrote never applies.

    ## How to fix
    Correct the spelling or the indentation.

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
          resource:
            limits:
              memory: 128Mi
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
              memory: 128Mi
    ```
    """

    id = "unknown-field"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Field is not part of the API schema"
    aliases = ("kubeconform:strict",)
