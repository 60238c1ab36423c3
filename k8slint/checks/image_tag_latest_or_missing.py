import fnmatch
from collections.abc import Iterator

from pydantic import Field

from k8slint.analysis.context import AnalysisContext
from k8slint.analysis.workloads import ContainerView
from k8slint.engine.rule import ContainerRule, RuleOptions, Violation
from k8slint.findings import Category, Level


def split_image(image: str) -> tuple[str, str | None, str | None]:
    """(repository, tag, digest) of an image reference; a registry port is not a tag."""
    digest = None
    if "@" in image:
        image, digest = image.split("@", 1)
    tag = None
    slash = image.rfind("/")
    colon = image.rfind(":")
    if colon > slash:
        image, tag = image[:colon], image[colon + 1 :]
    return image, tag, digest


class ImageTagOptions(RuleOptions):
    allowed_images: list[str] = Field(
        default_factory=list,
        alias="allowed-images",
        description="Image globs allowed without a tag or with latest (e.g. `registry.local/dev/*`).",
    )


class ImageTagLatestOrMissing(ContainerRule):
    """
    ## What it finds
    A container (init, sidecar and ephemeral containers included) whose image has no tag and no
    digest, or the tag `latest`. An image pinned by digest passes whatever its tag. A registry port
    (`registry.local:5000/app`) is not a tag. Images that a kustomization in the set retags
    (`images: [{name: app, newTag: 1.2.3}]`) and placeholders such as `<image>` or `${IMAGE}` are
    not reported.

    ## Why it matters
    `latest` (and an absent tag, which means `latest`) moves: two nodes can run different code for
    the same pod template, and a rollback does not roll the image back.

    ## How to fix
    Pin a version tag, or better a digest (`image: nginx:1.27.3@sha256:...`).

    ## Options
    - `allowed-images` (list of globs): images allowed without a tag or with `latest`, e.g. a local
      development registry: `rules: {image-tag-latest-or-missing: {options: {allowed-images: ["dev/*"]}}}`.

    ## Example
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
              image: nginx:latest
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
              image: nginx:1.27.3
    ```
    """

    id = "image-tag-latest-or-missing"
    category = Category.RELIABILITY
    level = Level.WARNING
    summary = "Container image is untagged or uses the latest tag"
    aliases = ("kube-linter:latest-tag", "kube-score:container-image-tag", "polaris:tagNotSpecified")
    preset = "default"
    Options = ImageTagOptions

    def check(self, container: ContainerView, ctx: AnalysisContext) -> Iterator[Violation]:
        image = container.model.image
        if not image or any(c in image for c in "<>${} "):
            return  # absent (a validity matter) or a placeholder, not an image reference
        repository, tag, digest = split_image(image)
        if digest is not None or repository in ctx.image_overrides:
            return  # pinned, or a kustomization in the set sets its tag
        assert isinstance(self.options, ImageTagOptions)
        if any(fnmatch.fnmatchcase(image, glob) for glob in self.options.allowed_images):
            return
        path = (*container.path, "image")
        if tag is None:
            yield Violation(
                path, f'container "{container.name}" image "{image}" has no tag, so it runs :latest'
            )
        elif tag == "latest":
            yield Violation(
                path, f'container "{container.name}" uses image "{image}": pin a version or digest'
            )
