"""Predictive scheduling: place every replica of every workload on a node inventory as the default
kube-scheduler profile would, and explain each pod that stays Pending with the FailedScheduling
message `kubectl describe pod` would show (docs/scheduling.md)."""
