"""k8slint: a static analyzer and policy linter for Kubernetes manifests."""

__version__ = "0.1.0"
