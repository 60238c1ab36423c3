from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class InvalidFieldType(SourceRule):
    """
    ## What it finds
    A field whose value has the wrong JSON type for the API: a string where an integer is expected,
    a boolean where a string is expected (YAML 1.1 reads unquoted `yes`, `no`, `on`, `off`, `true`
    and `false` as booleans), a list where an object is expected.

    ## Why it matters
    The API server decodes JSON strictly and rejects the object: `cannot unmarshal bool into Go
    struct field EnvVar.spec.template.spec.containers.env.value of type string`.

    ## How to fix
    Quote values that must be strings; remove quotes from numbers.

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
            - name: DEBUG
              value: yes
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
            - name: DEBUG
              value: "yes"
    ```
    """

    id = "invalid-field-type"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "Field value has the wrong type"
