from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.checks.image_tag_latest_or_missing import split_image
from k8slint.engine.rule import ContainerRule, Violation
from k8slint.findings import Category, Level


class ImageNotDigestPinned(ContainerRule):
    """
    ## What it finds
    A container image referenced by tag rather than by digest (`@sha256:...`).

    ## Why it matters
    Tags can be moved: the same manifest can run different code tomorrow, and a registry
    compromise changes what runs. A digest names exactly one image.

    ## How to fix
    Pin the digest (`image: nginx:1.27.3@sha256:...`); renovate-style tools keep it current.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27.3
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
          image: nginx:1.27.3@sha256:4f4d8b5e1e2a9f1f0a1b3c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7
    ```
    """

    id = "image-not-digest-pinned"
    category = Category.SECURITY
    level = Level.NOTE
    summary = "Container image is not pinned by digest"
    aliases = ("checkov:CKV_K8S_43", "kubescape:C-0306")
    preset = "strict"

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        image = container.model.image
        if image and not any(c in image for c in "<>${} ") and split_image(image)[2] is None:
            yield Violation(
                (*container.path, "image"),
                f'container "{container.name}" image {image} is not pinned by digest',
            )
