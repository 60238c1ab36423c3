from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class DeprecatedApi(SourceRule):
    """
    ## What it finds
    An apiVersion that the target Kubernetes version still serves but has deprecated, with the
    version that removes it (for example flowcontrol.apiserver.k8s.io/v1beta3 in 1.29 to 1.31).

    ## Why it matters
    The manifest stops working when the cluster is upgraded to the removing version.

    ## How to fix
    Move to the replacement apiVersion now.

    ## Example
    ```yaml
    # with --kube-version 1.30
    apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
    kind: FlowSchema
    metadata:
      name: example
    ```

    ## Use instead
    ```yaml
    apiVersion: flowcontrol.apiserver.k8s.io/v1
    kind: FlowSchema
    metadata:
      name: example
    spec:
      priorityLevelConfiguration:
        name: global-default
    ```
    """

    id = "deprecated-api"
    category = Category.VALIDITY
    level = Level.WARNING
    summary = "API version is deprecated and will be removed"
    examples_replayable = False  # needs --kube-version below 1.32; the fixture sets it
