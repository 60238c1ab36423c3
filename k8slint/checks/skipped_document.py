from k8slint.engine.rule import SourceRule
from k8slint.findings import Category, Level


class SkippedDocument(SourceRule):
    """
    ## What it finds
    A document or file that is not a Kubernetes object and is skipped: a Helm values file, a
    kubeconfig, a Kustomization or kustomize Component, a kustomize patch named by a kustomization
    in the set, a docker-compose file, an empty file.

    ## Why it matters
    It tells you what was not analyzed, so that a clean result means what it says. This is a note.

    ## How to fix
    Nothing to fix. For kustomize, lint the built output: `kubectl kustomize dir | k8slint check -`.

    ## Example
    ```yaml
    replicaCount: 2
    image:
      repository: nginx
    ```

    ## Use instead
    ```yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: app
    ```
    """

    id = "skipped-document"
    category = Category.HYGIENE
    level = Level.NOTE
    summary = "Document is not a Kubernetes object and was skipped"
