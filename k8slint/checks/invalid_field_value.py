from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class InvalidFieldValue(SourceRule):
    """
    ## What it finds
    A value outside what the schema allows: an enum value the API does not support (in the API
    server's words, `Unsupported value: "always": supported values: "Always", "IfNotPresent",
    "Never"`), or a value breaking a minimum, maximum, length or pattern constraint of the schema.

    ## Why it matters
    The API server rejects the object.

    ## How to fix
    Use one of the supported values; they are case-sensitive.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: Loadbalancer
      selector:
        app: web
      ports:
        - port: 80
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: LoadBalancer
      selector:
        app: web
      ports:
        - port: 80
    ```
    """

    id = "invalid-field-value"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Field value is not allowed by the schema"
