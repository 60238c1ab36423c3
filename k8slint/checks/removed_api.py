from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class RemovedApi(SourceRule):
    """
    ## What it finds
    An apiVersion that the target Kubernetes version (`--kube-version`, default the newest) no
    longer serves, per the official deprecation guide: the extensions/v1beta1 and
    apps/v1beta1/v1beta2 workloads (1.16); the v1beta1 Ingress, CRD, RBAC, webhook, PriorityClass,
    storage, coordination and CSR APIs (1.22); batch/v1beta1 CronJob, policy/v1beta1
    PodDisruptionBudget and PodSecurityPolicy, autoscaling/v2beta1, discovery/v1beta1,
    events/v1beta1 and node/v1beta1 (1.25); autoscaling/v2beta2 and flowcontrol v1beta1 (1.26);
    storage/v1beta1 CSIStorageCapacity (1.27); flowcontrol v1beta2 (1.29) and v1beta3 (1.32). The
    message names the replacement and the version that removed it.

    ## Why it matters
    The API server of that version rejects the object: `no matches for kind "Deployment" in version
    "extensions/v1beta1"`. PodSecurityPolicy has no replacement API: use Pod Security Standards.

    ## How to fix
    Move to the replacement apiVersion and adapt the fields that changed with it (for Ingress,
    `serviceName`/`servicePort` became `service.name`/`service.port`).

    ## Example
    ```yaml
    apiVersion: extensions/v1beta1
    kind: Deployment
    metadata:
      name: web
    ```

    ## Use instead
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27
    ```
    """

    id = "removed-api"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "API version was removed in the target Kubernetes version"
    aliases = ("kube-linter:no-extensions-v1beta", "polaris:deprecatedApiVersion")
