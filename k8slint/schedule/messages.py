"""Reason strings of the filter plugins and the FitError text (pkg/scheduler/framework/types.go
``FitError.Error``), with the differences between Kubernetes minors."""

from __future__ import annotations

from collections.abc import Iterable

from k8slint.schedule.inventory import Taint

UNSCHEDULABLE = "node(s) were unschedulable"
NODE_NAME = "node(s) didn't match the requested node name"
NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector"
NODE_AFFINITY_CONFLICT = "pod affinity terms conflict"
NODE_PORTS = "node(s) didn't have free ports for the requested pod ports"
TOO_MANY_PODS = "Too many pods"
PV_NODE_AFFINITY = "node(s) didn't match PersistentVolume's node affinity"
PV_NOT_AVAILABLE = "node(s) didn't find available persistent volumes to bind"
VOLUME_ZONE = "node(s) had no available volume zone"
SPREAD = "node(s) didn't match pod topology spread constraints"
SPREAD_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)"
POD_AFFINITY = "node(s) didn't match pod affinity rules"
POD_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules"
EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
PREFILTER_ABSENT = "node(s) didn't satisfy plugin(s) [{}]"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
NEVER = "not eligible due to preemptionPolicy=Never."
NO_CLAIMS = "no new claims to deallocate"
NO_NODES = "no nodes available to schedule pods"

Version = tuple[int, int]


def insufficient(resource: str) -> str:
    return f"Insufficient {resource}"


def taint_reason(taint: Taint, version: Version) -> str:
    """TaintToleration's reason: with the taint up to 1.34.1, without from 1.34.2 and 1.35 (the
    newest patch of a minor is assumed, so 1.34 prints the short form)."""
    if version <= (1, 24):
        return f"node(s) had taint {{{taint.key}: {taint.value}}}, that the pod didn't tolerate"
    if version <= (1, 33):
        return f"node(s) had untolerated taint {{{taint.key}: {taint.value}}}"
    return "node(s) had untolerated taint(s)"


def fit_unresolvable(version: Version) -> bool:
    """From 1.34 a request above the node's allocatable is UnschedulableAndUnresolvable."""
    return version >= (1, 34)


def prefilter_result(version: Version) -> bool:
    """NodeAffinity's PreFilter narrows the nodes to its ``metadata.name In`` list from 1.24
    (PreFilterResult); before, its Filter rejects every other node."""
    return version >= (1, 24)


def absent_status(version: Version) -> bool:
    """Nodes left out by a PreFilterResult count in the histogram as
    ``node(s) didn't satisfy plugin(s) [NodeAffinity]`` from 1.32 (NodeToStatus' absent-nodes
    status); in the newest patches of 1.27 to 1.31 they are not counted at all (an absent node is
    UnschedulableAndUnresolvable without a reason)."""
    return version >= (1, 32)


def dra_prefix(version: Version) -> bool:
    """DynamicResources is in the default profile from 1.34 (DRA GA) and reports, for a pod without
    claims, that it has no claims to deallocate; from 1.37 that no-op outcome carries no reason
    (kubernetes#140222)."""
    return (1, 34) <= version < (1, 37)


def post_filter_text(version: Version) -> bool:
    """The PostFilter (preemption) part of the message exists from 1.24 (kubernetes#107775)."""
    return version >= (1, 24)


def preemption_found(node: str, victims: int, version: Version) -> str | None:
    """DefaultPreemption's message when it nominates a node (from 1.37, kubernetes#140180); the
    FailedScheduling text of the preemptor's failed attempt then ends with it."""
    if version < (1, 37):
        return None
    return f"preemption: found a potential placement for pod on node {node}, preempting {victims} victims"


def fit_error(total: int, reasons: Iterable[tuple[str, int]], prefilter: str = "") -> str:
    """``0/<total> nodes are available: <histogram>.``: each entry "<count> <reason>", sorted as
    plain strings (sort.Strings), joined with ", "."""
    msg = f"0/{total} nodes are available:"
    if prefilter:
        return f"{msg} {prefilter}."
    entries = sorted(f"{count} {reason}" for reason, count in reasons if count > 0)
    if entries:
        msg += " " + ", ".join(entries) + "."
    return msg


def with_post_filter(message: str, post: list[str], version: Version) -> str:
    """Append the PostFilter plugins' messages (", "-joined); up to 1.29 an extra period followed;
    before 1.24 the message had no PostFilter part."""
    if not post or not post_filter_text(version):
        return message
    out = f"{message} {', '.join(post)}"
    if version <= (1, 29):
        out += "."
    return out
