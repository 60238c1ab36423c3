"""Typed views of Kubernetes objects (pydantic), resource identity, and quantities."""
