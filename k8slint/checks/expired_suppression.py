from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class ExpiredSuppression(SourceRule):
    """
    ## What it finds
    A suppression whose expiry date has passed: `k8slint.io/ignore-until: 2025-03-31` on an object,
    or `until:` on a config suppression. From that day on it suppresses nothing, so its findings are
    reported again; this note says why.

    ## Why it matters
    Time-boxed exemptions are how a team accepts a risk for a while; when the time is up, the risk
    must come back into view.

    ## How to fix
    Fix the findings, or renew the exemption with a new date and a reason.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      annotations:
        k8slint.io/ignore: privileged-container
        k8slint.io/ignore-until: "2020-01-31"
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      annotations:
        k8slint.io/ignore: privileged-container
        k8slint.io/ignore-until: "2999-01-31"
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
    ```
    """

    id = "expired-suppression"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "Suppression has expired"
