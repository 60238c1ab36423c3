"""IPv4 address sets as interval sets, and np-guard's partition of the address space into
disjoint blocks (``netset.DisjointIPBlocks``): blocks are added smallest first, each new block
carving its overlaps with the blocks already listed."""

from __future__ import annotations

import ipaddress

from k8slint.netpol.conn import intersect, normalize, subtract

IPSet = tuple[tuple[int, int], ...]
ALL_IPS: IPSet = ((0, 2**32 - 1),)


class CIDRError(ValueError):
    pass


def parse_cidr(text: object) -> IPSet:
    """An IPv4 CIDR (host bits allowed, as Go's net.ParseCIDR does); CIDRError otherwise, and
    for IPv6 (which the engine leaves out)."""
    if not isinstance(text, str) or "/" not in text:
        raise CIDRError(f"invalid CIDR {text!r}")
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise CIDRError(f"invalid CIDR {text!r}") from None
    if net.version != 4:
        raise CIDRError(f"IPv6 CIDR {text} is not analyzed")
    return ((int(net.network_address), int(net.broadcast_address)),)


def ip_block(cidr: object, excepts: object) -> IPSet:
    block = parse_cidr(cidr)
    holes: list[tuple[int, int]] = []
    for e in excepts if isinstance(excepts, list) else []:
        try:
            holes.extend(parse_cidr(e))
        except CIDRError:
            continue
    return subtract(block, normalize(holes))


def split(block: IPSet) -> list[IPSet]:
    return [(iv,) for iv in block]


def subset(a: IPSet, b: IPSet) -> bool:
    return subtract(a, b) == ()


def overlaps(a: IPSet, b: IPSet) -> bool:
    return intersect(a, b) != ()


def _size(block: IPSet) -> int:
    return sum(hi - lo + 1 for lo, hi in block)


def disjoint_blocks(blocks: list[IPSet]) -> list[IPSet]:
    """The partition of ``blocks`` plus the whole address space, as np-guard computes it."""
    items = sorted([*blocks, ALL_IPS], key=_size)
    result: list[IPSet] = []
    for new in items:
        to_add: list[IPSet] = []
        for idx, old in enumerate(result):
            if not old or old[0][0] > new[-1][1] or old[-1][1] < new[0][0]:
                continue  # bounds apart: no overlap
            common = intersect(old, new)
            if not common:
                continue
            new = subtract(new, common)
            if old != common:
                to_add.append(common)
                result[idx] = subtract(old, common)
            if not new:
                break
        result.extend(split(new))
        result.extend(to_add)
    return [b for b in result if b] or [ALL_IPS]


def _ip(n: int) -> str:
    return str(ipaddress.IPv4Address(n))


def block_text(block: IPSet) -> str:
    """np-guard's range notation: ``first-last`` per interval, joined by ``", "``."""
    return ", ".join(f"{_ip(lo)}-{_ip(hi)}" for lo, hi in block)


def contains_ip(block: IPSet, address: str) -> bool:
    try:
        n = int(ipaddress.IPv4Address(address))
    except ValueError:
        return False
    return any(lo <= n <= hi for lo, hi in block)
