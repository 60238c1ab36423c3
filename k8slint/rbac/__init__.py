"""RBAC reachability: the authorizer's decisions over a manifest set, with escalation closed
transitively. See docs/rbac.md."""
