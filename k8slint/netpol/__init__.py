"""NetworkPolicy connectivity: which workloads can talk to which, on which ports.

The engine reads NetworkPolicies, AdminNetworkPolicies and BaselineAdminNetworkPolicies
(policy.networking.k8s.io/v1alpha1), computes the allowed connections between workloads and
external address ranges over equivalence classes of pods, and prints them in the connlist
notation of np-guard's netpol-analyzer."""
