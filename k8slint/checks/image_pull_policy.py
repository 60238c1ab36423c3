from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.checks.image_tag_latest_or_missing import split_image
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class ImagePullPolicyNotAlways(ContainerRule):
    """
    ## What it finds
    A container whose effective `imagePullPolicy` is not `Always`. When the field is left out the
    API server defaults it: `Always` for an untagged or `:latest` image, `IfNotPresent` otherwise;
    k8slint applies that default. Images pinned by digest are not reported (a digest cannot change).

    ## Why it matters
    With `IfNotPresent` a node keeps running whatever it pulled first under a tag, even if the tag
    was moved, and a private image cached on a node can be run by pods without pull credentials.

    ## How to fix
    Pin images by digest, or set `imagePullPolicy: Always`.

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
          imagePullPolicy: Always
    ```
    """

    id = "image-pull-policy-not-always"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container image is not pulled on every start"
    aliases = ("kube-score:container-image-pull-policy", "polaris:pullPolicyNotAlways", "checkov:CKV_K8S_15")
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        image = container.model.image
        if not image:
            return
        _, tag, digest = split_image(image)
        if digest is not None:
            return
        policy = container.model.image_pull_policy
        effective = policy or ("Always" if tag in (None, "latest") else "IfNotPresent")
        if effective != "Always":
            where = (*container.path, "imagePullPolicy") if policy else (*container.path, "image")
            how = f"is {policy}" if policy else "defaults to IfNotPresent for a tagged image"
            yield Violation(where, f'container "{container.name}" imagePullPolicy {how}')
