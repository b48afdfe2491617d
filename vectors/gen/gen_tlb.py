#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the cache golden vectors vectors/tlb/gen-*.yaml and the rules
catalogue rules/tlb.yaml.

    python3 vectors/gen/gen_tlb.py          # rewrite the files
    python3 vectors/gen/gen_tlb.py --check  # self-checks only, writes nothing

How the expectations are derived
--------------------------------
Everything below is computed by the Python models in THIS directory, written
from the specification text; never from the C model (model/, policy/, src/)
and never from smmu-nest output.

  * The *fresh* outcome of every translation (the `expect` of a step) is the
    cache-less architecture model of gen_arch.py (stream table, STE/CD
    checks, stage-1/stage-2/nested walks, fault priority, events; see its
    docstring), run on the memory as it is when the translation happens.
    gen_arch keeps STEs and CDs as field maps; this generator stores them as
    the real 64-bit words of IHI0070 G.b §5.2/§5.4 (field positions of
    arch.md §1.1 and §2) and gen_arch reads them back through a decoding
    view, so a `write` step changes an STE or a CD exactly as it changes a
    descriptor.  Two corrections to gen_arch for ATS Translation Requests
    (`kind: atc`): gen_arch answers every faulting request with Completer
    Abort, but IHI0070 §3.9.1.2 gives a Success completion with R = W = 0
    and no event for Address size, Access and Translation faults at either
    stage (CA only for configuration errors), so this file re-runs
    gen_arch's untranslated walk to tell the two apart and writes the denied
    completion as {result: ok, pa: 0, ats-grant: ---}; and split-stage ATS
    (EATS=0b10, §13.6.3), which gen_arch does not model, is computed by this
    file's walker with its caches off: the request is translated and
    permission-checked at both stages but completes with the IPA, and
    ATS-Translated traffic is an IPA translated by stage 2 only.

  * The *served* outcome under the cache mode `max` is computed by this
    file's own walker (class Walker), a second reading of the same walk
    rules with a cache in front of every fetch.  Each cached entry keeps
    its tags (StreamID, SubstreamID, VMID, ASID, nG, input range, level,
    granule) and its payload, plus the list of (address, value) memory
    words it was built from, including the words of every entry used to
    build it (an entry built from a stale entry inherits its staleness).
    Entries, following vectors/SCHEMA.md "Area tlb" and arch.md §4.4/§6.8:
      - STE per StreamID and L1STD per SPLIT span (IHI0070 §4.3.1, §5.1);
        CD per (StreamID, CD index) and L1CD (§4.3.3, §5.3): cached valid or
        not, whenever the fetch did not abort (§4.3, "any reachable
        structure");
      - walk caches: every stage-1 / stage-2 table descriptor read, tagged
        VMID (+ ASID at stage 1), level, granule and the input range the
        descriptor covers (DDI0487 D8.16; IHI0070 §4.4.1.1 note on Leaf=0);
      - TLB: stage-1-only leaves (VA->PA, VMID = STE.S2VMID, arch.md §1.2),
        stage-2 leaves (IPA->PA, also the IPAs of stage-1 tables and of
        CDs in a nested walk), and one combined entry per nested
        translation covering min(stage-1 leaf, stage-2 leaf) (arch.md §6.8)
        which an NH_VA of any address of the stage-1 leaf removes;
      - ATC: per StreamID, PASID and 4 KB page, the completion of an ATS
        Translation Request (IHI0070 §3.9, §4.5.1).
    Faulting translations create no TLB entry (DDI0487 D8.16: Translation,
    Address size and Access flag faults never; Permission faults may, the
    model chooses not to).  `max` keeps an entry until a command REQUIRED
    to remove it (the scope table of arch.md §4.4, IHI0070 §4.3 and §4.4:
    VMID/ASID/global matching, Leaf, TG, TTL, NUM/SCALE ranges of
    §4.4.1.1 with Range = (NUM+1) * 2^SCALE * granule, S2_IPA not removing
    combined entries §4.4.3.1, CFGI_STE removing the CDs cached through the
    StreamID §4.3.1, ATC_INV spans of §4.5.1) has completed at a CMD_SYNC
    (§4.7.3), and a lookup is served by the OLDEST matching entry.
    Commands pending at a translation: the TLBI_NH_*, TLBI_EL2_* and
    ATC_INV ones complete first (commands between two CMD_SYNCs complete in
    any order, §4.7.3): they remove entries that a walk can rebuild from
    entries the others have yet to remove; the others stay pending.

  * The verdict: served and fresh are compared on disposition, PA, IPA,
    stage permissions and event type/S2/CLASS.  When they differ, the
    memory words the served translation depended on that no longer hold
    their value are looked up in the write history: if one changed before
    the last settle point (the end of a `host` or `guest` step, or of a
    `commands` step ending in CMD_SYNC) the verdict is `stale`, otherwise
    `acceptable`.  A difference with no changed word is a bug in this
    generator and stops it.

  * The host's stage-2 change sequence per policy (linux.md §4.1;
    `arm_smmu_tlb_inv_range_domain`, `arm_smmu_tlb_inv_context`): TLBI_S2_IPA
    per granule, or RIL range commands (TG = (log2 page - 10) / 2,
    TTL = 4 - (log2 granule - 3) / (log2 page - 3) for a leaf, NUM/SCALE
    from the page count), CMD_SYNC; for a nest parent TLBI_NH_ALL(VMID)
    + CMD_SYNC (IHI0070 §4.4.3.1); ATC_INV per StreamID of every ATS master,
    full (Size 52) for a master attached through a nested domain from v6.13
    on (linux f27298a82ba0, nested_ats_flush), ranged otherwise (4 KB
    grains, log2 span = fls(start ^ end)), + CMD_SYNC.  flush-all is
    TLBI_S12_VMALL + CMD_SYNC and a full ATC_INV per master.  The planted
    bugs of include/smmu-nest/policy.h change exactly one of these steps.

  * The vIOMMU guest path (linux.md §5, `arm_vsmmu_cache_invalidate`):
    NH_VA/NH_VAA/NH_ALL/NH_ASID get the VMID of the vIOMMU, NSNH_ALL
    becomes NH_ALL(VMID), CFGI_CD/CFGI_CD_ALL/ATC_INV get the vSID replaced
    by the pSID (unknown vSID: EIO), anything else is EIO; batches of at
    most 63 commands, each followed by CMD_SYNC; on EIO at entry k the
    commands already converted in the open batch are not issued
    (linux.md §5 edge case (a)).  seed-v2 has no vIOMMU object.

Each vector's builder states the verdict it intends for every translation;
the generator stops if the model computes another one, if the verdict or
the outcome differs between the policies a vector runs under, or if the
walker with its caches off disagrees with gen_arch.  self_check() adds
hand-derived cases (encodings, range formula, host and guest sequences,
cache scopes, worked verdicts).  Output is deterministic.
"""

import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import gen_arch as ga  # noqa: E402  (the cache-less oracle)

SPEC = "IHI0070 G.b"
S = SPEC + " "
ARM = "DDI0487 M.a.a "
POLICIES = ["seed-v2", "v6.13", "v6.15", "v7.0"]
ATS_FLUSH_POLICIES = ["v6.13", "v6.15", "v7.0"]   # nested_ats_flush, f27298a82ba0
VIOMMU_POLICIES = ["v6.13", "v6.15", "v7.0"]      # d68beb276ba2
BUGS = ["no-nh-all", "no-atc-full", "no-sync-before-nh-all", "partial-range", "vmid-passthrough"]

mask = ga.mask
bit = ga.bit


class GenError(Exception):
    pass


# ---------------------------------------------------------------------------
# STE and CD words (IHI0070 G.b §5.2, §5.4; arch.md §1.1, §2)
# ---------------------------------------------------------------------------
# (name, first bit of the 512-bit structure, width)
STE_FIELDS = [
    ("V", 0, 1), ("Config", 1, 3), ("S1Fmt", 4, 2), ("S1CDMax", 59, 5),
    ("S1DSS", 64, 2), ("S1CIR", 66, 2), ("S1COR", 68, 2), ("S1CSH", 70, 2),
    ("MEV", 83, 1), ("S2FWB", 89, 1), ("S1STALLD", 91, 1), ("EATS", 92, 2),
    ("STRW", 94, 2), ("SHCFG", 108, 2),
    ("S2VMID", 128, 16), ("S2T0SZ", 160, 6), ("S2SL0", 166, 2), ("S2IR0", 168, 2),
    ("S2OR0", 170, 2), ("S2SH0", 172, 2), ("S2TG", 174, 2), ("S2PS", 176, 3),
    ("S2AA64", 179, 1), ("S2ENDI", 180, 1), ("S2AFFD", 181, 1), ("S2PTW", 182, 1),
    ("S2HD", 183, 1), ("S2HA", 184, 1), ("S2S", 185, 1), ("S2R", 186, 1),
]
# address fields, stored in place: (name, dword, high bit, low bit)
STE_ADDRS = [("S1ContextPtr", 0, 55, 6), ("S2TTB", 3, 55, 4)]
CD_FIELDS = [
    ("T0SZ", 0, 6), ("TG0", 6, 2), ("IR0", 8, 2), ("OR0", 10, 2), ("SH0", 12, 2),
    ("EPD0", 14, 1), ("ENDI", 15, 1), ("T1SZ", 16, 6), ("TG1", 22, 2), ("IR1", 24, 2),
    ("OR1", 26, 2), ("SH1", 28, 2), ("EPD1", 30, 1), ("V", 31, 1), ("IPS", 32, 3),
    ("AFFD", 35, 1), ("WXN", 36, 1), ("UWXN", 37, 1), ("TBI0", 38, 1), ("TBI1", 39, 1),
    ("PAN", 40, 1), ("AA64", 41, 1), ("HD", 42, 1), ("HA", 43, 1), ("S", 44, 1),
    ("R", 45, 1), ("A", 46, 1), ("ASET", 47, 1), ("ASID", 48, 16),
    ("MAIR0", 192, 32), ("MAIR1", 224, 32),
]
CD_ADDRS = [("TTB0", 1, 55, 4), ("TTB1", 2, 55, 4)]


def _encode(fields, addrs, d, resolve):
    words = [0] * 8
    byname = {n.lower(): (n, lo, w) for n, lo, w in fields}
    addrname = {n.lower(): (n, dw, hi, lo) for n, dw, hi, lo in addrs}
    for k, v in d.items():
        v = resolve(v, k)
        key = k.lower()
        if key in byname:
            _, lo, w = byname[key]
            if v >> w:
                raise GenError("field %s value %#x too wide" % (k, v))
            words[lo // 64] |= v << (lo % 64)
        elif key in addrname:
            _, dw, hi, lo = addrname[key]
            if v & ~mask(hi, lo):
                raise GenError("address field %s = %#x has bits outside [%d:%d]" % (k, v, hi, lo))
            words[dw] |= v
        else:
            raise GenError("unknown field " + k)
    return words


def _decode(fields, addrs, words):
    d = {}
    for n, lo, w in fields:
        d[n] = (words[lo // 64] >> (lo % 64)) & ((1 << w) - 1)
    for n, dw, hi, lo in addrs:
        d[n] = words[dw] & mask(hi, lo)
    return d


def encode_ste(sc, d):
    return _encode(STE_FIELDS, STE_ADDRS, d, sc.resolve)


def encode_cd(sc, d):
    return _encode(CD_FIELDS, CD_ADDRS, d, sc.resolve)


def decode_ste(words):
    return _decode(STE_FIELDS, STE_ADDRS, words)


def decode_cd(words):
    return _decode(CD_FIELDS, CD_ADDRS, words)


class WordView:
    """Stands in for gen_arch's ste_at / cd_at: decodes the 8 words at a PA
    of the scenario's current memory."""

    def __init__(self, sc, dec):
        self.sc, self.dec = sc, dec

    def get(self, pa, default=None):
        return self.dec([self.sc.mem.get(pa + 8 * i, 0) for i in range(8)])


def prepare(sc):
    """Build the initial memory as SCHEMA.md orders it: tables, stream
    table, CDs (all as real words), then the raw patches."""
    sc.build()
    for pa, fields in sc.ste_at.items():
        for i, w in enumerate(encode_ste(sc, fields)):
            sc.mem[pa + 8 * i] = w
    for pa, fields in sc.cd_at.items():
        for i, w in enumerate(encode_cd(sc, fields)):
            sc.mem[pa + 8 * i] = w
    for addr, words in sc.raw:
        for i, w in enumerate(words):
            sc.mem[addr + 8 * i] = w
    sc.ste_fields = dict(sc.ste_at)
    sc.cd_fields = dict(sc.cd_at)
    return sc


def add_raw(sc, addr, words):
    """A raw memory patch of the initial state (emitted under memory.raw)."""
    sc.raw.append((addr, list(words)))
    for i, w in enumerate(words):
        sc.mem[addr + 8 * i] = w


def install_views(sc):
    sc.ste_at = WordView(sc, decode_ste)
    sc.cd_at = WordView(sc, decode_cd)


# ---------------------------------------------------------------------------
# Descriptors (DDI0487 D8.3; the builder attributes of SCHEMA.md "tables")
# ---------------------------------------------------------------------------
def s2_desc(oa, level, s2ap=3, xn=0, memattr=15, sh=3, af=True):
    return oa | (memattr << 2) | (s2ap << 6) | (sh << 8) | ((1 if af else 0) << 10) | \
        (xn << 53) | (3 if level == 3 else 1)


def s1_desc(oa, level, ap=1, ng=True, attr=0, sh=3, af=True, pxn=False, uxn=False):
    return oa | (attr << 2) | (ap << 6) | (sh << 8) | ((1 if af else 0) << 10) | \
        ((1 if ng else 0) << 11) | ((1 if pxn else 0) << 53) | ((1 if uxn else 0) << 54) | \
        (3 if level == 3 else 1)


def table_walk(sc, tname, ia, stop_level=None):
    """Follow the built table `tname` in memory for ia: (PA of the
    descriptor, level, value) of the leaf, or of the descriptor at
    stop_level."""
    ti = sc.tinfo[tname]
    t = sc.tables[tname]
    g = ti["g"]
    lvl = ti["level"]
    tbl = ti["ttb"]
    ia_bits = 64 - ti["tsz"]
    while True:
        sh = ga.shift(g, lvl)
        if lvl == ti["level"]:
            idx = (ia & ((1 << ia_bits) - 1)) >> sh
        else:
            idx = (ia >> sh) & ((1 << (g - 3)) - 1)
        da = tbl + 8 * idx
        pa = ga.ipa_to_pa(sc, t["s2"], da) if t["s2"] else da
        d = sc.mem.get(pa, 0)
        if stop_level == lvl:
            return pa, lvl, d
        if lvl < 3 and (d & 3) == 3:
            tbl = d & mask(47, g)
            lvl += 1
            continue
        return pa, lvl, d


def ste_pa(sc, sid):
    st = sc.strtab
    if st["format"] == "linear":
        return st["base"] + 64 * sid
    sp = st["split"]
    l1 = [x for x in st["l1"] if x["index"] == sid >> sp][0]
    return l1["l2ptr"] + 64 * (sid & ((1 << sp) - 1))


def ste_word_writes(sc, sid, new_fields):
    """The words that change when the STE of sid becomes new_fields."""
    pa = ste_pa(sc, sid)
    new = encode_ste(sc, new_fields)
    return [(pa + 8 * i, [w]) for i, w in enumerate(new) if sc.mem.get(pa + 8 * i, 0) != w]


def cd_word_writes(sc, cd_pa, new_fields):
    new = encode_cd(sc, new_fields)
    return [(cd_pa + 8 * i, [w]) for i, w in enumerate(new) if sc.mem.get(cd_pa + 8 * i, 0) != w]


# ---------------------------------------------------------------------------
# Commands (IHI0070 G.b chapter 4; field names of SCHEMA.md / cmdq.h)
# ---------------------------------------------------------------------------
CMD_KEYS = {
    "CFGI_STE": ["sid", "leaf"],
    "CFGI_STE_RANGE": ["sid", "range"],
    "CFGI_CD": ["sid", "ssid", "leaf"],
    "CFGI_CD_ALL": ["sid"],
    "TLBI_NH_ALL": ["vmid"],
    "TLBI_NH_ASID": ["vmid", "asid"],
    "TLBI_NH_VA": ["vmid", "asid", "addr", "leaf", "num", "scale", "tg", "ttl"],
    "TLBI_NH_VAA": ["vmid", "addr", "leaf", "num", "scale", "tg", "ttl"],
    "TLBI_EL2_ALL": [],
    "TLBI_EL2_ASID": ["asid"],
    "TLBI_EL2_VA": ["asid", "addr", "leaf", "num", "scale", "tg", "ttl"],
    "TLBI_EL2_VAA": ["addr", "leaf", "num", "scale", "tg", "ttl"],
    "TLBI_S12_VMALL": ["vmid"],
    "TLBI_S2_IPA": ["vmid", "addr", "leaf", "num", "scale", "tg", "ttl"],
    "TLBI_NSNH_ALL": [],
    "ATC_INV": ["sid", "ssv", "ssid", "global", "size", "addr"],
    "SYNC": [],
}


def cmd(op, **kw):
    if op not in CMD_KEYS:
        raise GenError("unknown op " + op)
    c = {"op": op}
    for k in CMD_KEYS[op]:
        if k in kw:
            c[k] = kw.pop(k)
    if kw:
        raise GenError("%s has no field %s" % (op, ", ".join(kw)))
    return c


SYNC = {"op": "SYNC"}
TG_SHIFT = {1: 12, 2: 14, 3: 16}


def tlbi_range(c):
    """The invalidated input range of a TLBI with TG != 0, in bytes
    (IHI0070 §4.4.1.1: Range = ((NUM+1) * 2^SCALE) * Translation_Granule_Size
    from Address), or None for a non-range command."""
    tg = c.get("tg", 0)
    if not tg:
        return None
    gs = TG_SHIFT[tg]
    lo = c["addr"] & ~((1 << 12) - 1)
    return lo, lo + ((c.get("num", 0) + 1) << c.get("scale", 0) << gs)


def tlbi_hits(c, base, size, level, gshift, leaf_entry):
    """Does TLBI c (by address) have to remove an entry covering
    [base, base+size) inserted from `level` of a gshift-granule walk?"""
    rng = tlbi_range(c)
    ttl = c.get("ttl", 0)
    if rng is None:
        a = c["addr"] & ~0xfff
        return base <= a < base + size
    if gshift != TG_SHIFT[c["tg"]]:
        return False                       # TG names another granule
    if ttl:
        if leaf_entry and level != ttl:
            return False                   # TTL names another level
        if not leaf_entry and level >= ttl:
            return False                   # Leaf=0: table levels before TTL only
    lo, hi = rng
    return base < hi and lo < base + size


# ---------------------------------------------------------------------------
# The cache store (what `max` keeps)
# ---------------------------------------------------------------------------
class Entry:
    def __init__(self, kind, seq, deps, **kw):
        self.kind = kind
        self.seq = seq
        self.deps = deps
        self.__dict__.update(kw)

    def covers(self, a):
        return self.ia <= a < self.ia + self.size


LEAF_S1 = ("s1", "nested")


def removes(c, e):
    """Is entry e in the REQUIRED scope of command c (arch.md §4.4)?"""
    op = c["op"]
    k = e.kind
    if op == "CFGI_STE":
        if k == "ste":
            return e.sid == c["sid"]
        if k in ("cd", "l1cd"):
            return e.sid == c["sid"]
        if k == "l1std":
            return not c.get("leaf", False) and e.lo <= c["sid"] < e.hi
        return False
    if op == "CFGI_STE_RANGE":
        r = c.get("range", 0)
        if r >= 31:
            return k in ("ste", "l1std", "cd", "l1cd")
        lo = c["sid"] & ~((2 << r) - 1)
        hi = lo + (2 << r)
        if k in ("ste", "cd", "l1cd"):
            return lo <= e.sid < hi
        if k == "l1std":
            return e.lo < hi and lo < e.hi
        return False
    if op == "CFGI_CD":
        if k == "cd":
            return e.sid == c["sid"] and e.idx == c.get("ssid", 0)
        if k == "l1cd":
            return not c.get("leaf", False) and e.sid == c["sid"] and e.lo <= c.get("ssid", 0) < e.hi
        return False
    if op == "CFGI_CD_ALL":
        return k in ("cd", "l1cd") and e.sid == c["sid"]
    if op == "TLBI_NH_ALL":
        return k in ("s1", "nested", "walk1") and e.vmid == c.get("vmid", 0)
    if op == "TLBI_NH_ASID":
        if k in LEAF_S1:
            return e.vmid == c.get("vmid", 0) and not e.glob and e.asid == c.get("asid", 0)
        if k == "walk1":
            return e.vmid == c.get("vmid", 0) and e.asid == c.get("asid", 0)
        return False
    if op in ("TLBI_NH_VA", "TLBI_NH_VAA"):
        if k not in LEAF_S1 + ("walk1",) or e.vmid != c.get("vmid", 0):
            return False
        if op == "TLBI_NH_VA":
            if k == "walk1" and e.asid != c.get("asid", 0):
                return False
            if k in LEAF_S1 and not e.glob and e.asid != c.get("asid", 0):
                return False
        if k == "walk1":
            return not c.get("leaf", False) and tlbi_hits(c, e.ia, e.size, e.level, e.g, False)
        if k == "nested":   # by the stage-1 leaf it was cut from (arch.md §6.8)
            return tlbi_hits(c, e.s1ia, e.s1size, e.level, e.g, True)
        return tlbi_hits(c, e.ia, e.size, e.level, e.g, True)
    if op == "TLBI_S2_IPA":
        if k == "s2":
            return e.vmid == c.get("vmid", 0) and tlbi_hits(c, e.ia, e.size, e.level, e.g, True)
        if k == "walk2":
            return e.vmid == c.get("vmid", 0) and not c.get("leaf", False) and \
                tlbi_hits(c, e.ia, e.size, e.level, e.g, False)
        return False
    if op == "TLBI_S12_VMALL":
        return k in ("s1", "nested", "walk1", "s2", "walk2") and e.vmid == c.get("vmid", 0)
    if op == "TLBI_NSNH_ALL":
        return k in ("s1", "nested", "walk1", "s2", "walk2")
    if op.startswith("TLBI_EL2_"):
        return False                       # NS-EL2 entries only; we have none
    if op == "ATC_INV":
        if k != "atc" or e.sid != c["sid"]:
            return False
        if c.get("ssv", False) and not (e.ssv and e.ssid == c.get("ssid", 0)):
            return False
        size = c.get("size", 0)
        if size >= 52:
            return True
        span = 1 << (12 + size)
        lo = c.get("addr", 0) & ~(span - 1)
        return lo <= e.page < lo + span
    return False


def fls(x):
    return x.bit_length()


def ffs0(x):
    """__ffs: index of the lowest set bit."""
    return (x & -x).bit_length() - 1


# ---------------------------------------------------------------------------
# Host stage-2 change sequence (linux.md §4.1) and the vIOMMU path (§5)
# ---------------------------------------------------------------------------
def s2_ipa_cmds(vmid, iova, size, granule, leaf, page_shift, ril):
    """__arm_smmu_tlb_inv_range() for a stage-2 domain."""
    out = []
    end = iova + size
    if not ril:
        a = iova
        while a < end:
            out.append(cmd("TLBI_S2_IPA", vmid=vmid, addr=a, leaf=leaf))
            a += granule
        return out
    tg = page_shift
    num_pages = size >> tg
    tgf = (tg - 10) // 2
    ttl = 0
    if leaf:
        ttl = 4 - ((granule.bit_length() - 1 - 3) // (tg - 3))
    elif (num_pages & 31) == 1:
        num_pages += 1
    a = iova
    while a < end:
        scale = ffs0(num_pages)
        num = (num_pages >> scale) & 31
        out.append(cmd("TLBI_S2_IPA", vmid=vmid, addr=a, leaf=leaf, num=num - 1, scale=scale,
                       tg=tgf, ttl=ttl))
        a += num << (scale + tg)
        num_pages -= num << scale
    return out


def atc_cmds(policy, bug, dom, change):
    out = []
    for m in dom["masters"]:
        if not m.get("ats", False):
            continue
        nested = m.get("nested", True)
        flush = m.get("nested-ats-flush", m.get("ats", False))
        ssid = m.get("ssid", 0)
        full = nested and flush and policy in ATS_FLUSH_POLICIES and bug != "no-atc-full"
        for sid in m["sids"]:
            if full:
                out.append(cmd("ATC_INV", sid=sid, size=52, addr=0))
            elif change["change"] == "flush-all":
                out.append(atc_cmd(sid, ssid, 0, 0))
            else:
                out.append(atc_cmd(sid, ssid, change["iova"], change["size"]))
    return out


def atc_cmd(sid, ssid, iova, size):
    """arm_smmu_atc_inv_to_cmd(): 4 KB grains, span = fls(start ^ end)."""
    kw = {}
    if ssid:
        kw = {"ssv": True, "ssid": ssid}
    if size == 0:
        return cmd("ATC_INV", sid=sid, size=52, addr=0, **kw)
    start = iova >> 12
    end = (iova + size - 1) >> 12
    span = fls(start ^ end)
    start &= ~((1 << span) - 1)
    return cmd("ATC_INV", sid=sid, size=span, addr=start << 12, **kw)


def host_sequence(policy, bug, dom, cfg, change):
    vmid = dom["vmid"]
    seq = []
    if change["change"] == "flush-all":
        seq += [cmd("TLBI_S12_VMALL", vmid=vmid), SYNC]
    else:
        ps = dom.get("page-shift", 12)
        gran = change.get("granule", 1 << ps)
        leaf = change.get("leaf", True)
        size = change["size"]
        if bug == "partial-range":
            size = gran          # the S2_IPA covers the first granule only
        seq += s2_ipa_cmds(vmid, change["iova"], size, gran, leaf, ps, cfg["ril"])
        if dom.get("nest-parent", True) and bug != "no-nh-all":
            if bug != "no-sync-before-nh-all":
                seq.append(SYNC)
            seq += [cmd("TLBI_NH_ALL", vmid=vmid), SYNC]
        else:
            seq.append(SYNC)
    if cfg["ats"]:
        a = atc_cmds(policy, bug, dom, change)
        if a:
            seq += a + [SYNC]
    return seq


def guest_convert(bug, vi, c):
    """arm_vsmmu_convert_user_cmd(): the host command, or None for EIO."""
    op = c["op"]
    if op in ("TLBI_NH_VA", "TLBI_NH_VAA", "TLBI_NH_ALL", "TLBI_NH_ASID"):
        h = dict(c)
        if bug != "vmid-passthrough":
            h["vmid"] = vi["vmid"]
        return h
    if op == "TLBI_NSNH_ALL":
        return cmd("TLBI_NH_ALL", vmid=vi["vmid"])
    if op in ("ATC_INV", "CFGI_CD", "CFGI_CD_ALL"):
        for d in vi["vdevs"]:
            if d["vsid"] == c["sid"]:
                h = dict(c)
                h["sid"] = d["psid"]
                return h
        return None
    return None


def guest_batches(bug, vi, cmds):
    """(list of issued batches, error): 63 commands per batch."""
    batches = []
    for i in range(0, len(cmds), 63):
        chunk = []
        for c in cmds[i:i + 63]:
            h = guest_convert(bug, vi, c)
            if h is None:
                return batches, "EIO"
            chunk.append(h)
        batches.append(chunk)
    return batches, None


# ---------------------------------------------------------------------------
# The simulation of one vector under one policy (cache mode max)
# ---------------------------------------------------------------------------
class Sim:
    def __init__(self, base_sc, policy, bug, domain, viommu):
        self.sc = copy.deepcopy(base_sc)
        install_views(self.sc)
        self.mem = self.sc.mem
        self.cfg = self.sc.cfg()
        self.policy, self.bug, self.domain, self.viommu = policy, bug, domain, viommu
        self.entries = []
        self.seq = 0
        self.pending = []
        self.hist = {}
        self.time = 0
        self.settle = 0

    # memory ----------------------------------------------------------
    def write(self, addr, words):
        for i, w in enumerate(words):
            a = addr + 8 * i
            self.hist.setdefault(a, [(0, self.mem.get(a, 0))]).append((self.time, w))
            self.mem[a] = w

    def change_time(self, addr, v):
        h = self.hist.get(addr, [(0, self.mem.get(addr, 0))])
        last = None
        for i, (_, val) in enumerate(h):
            if val == v:
                last = i
        if last is None:
            return h[-1][0]
        if last == len(h) - 1:
            return None
        return h[last + 1][0]

    # cache -----------------------------------------------------------
    def insert(self, kind, deps, **kw):
        self.seq += 1
        e = Entry(kind, self.seq, list(deps), **kw)
        self.entries.append(e)
        return e

    def lookup(self, kind, pred):
        for e in self.entries:                # oldest first
            if e.kind == kind and pred(e):
                return e
        return None

    def apply(self, c):
        self.entries = [e for e in self.entries if not removes(c, e)]

    def queue(self, c):
        if c["op"] == "SYNC":
            for p in self.pending:           # in queue order (§4.7.3)
                self.apply(p)
            self.pending = []
        else:
            self.pending.append(c)

    def complete_early(self):
        keep = []
        for p in self.pending:
            if p["op"].startswith("TLBI_NH_") or p["op"].startswith("TLBI_EL2_") or p["op"] == "ATC_INV":
                self.apply(p)
            else:
                keep.append(p)
        self.pending = keep

    # one translation -------------------------------------------------
    def translate(self, txn):
        txn = full_txn(txn)
        self.complete_early()
        served, deps = Walker(self).run(txn)
        fresh = fresh_outcome(self, txn)
        nocache, _ = Walker(self, cache=False).run(txn)
        if nocache != fresh:
            raise GenError("walker without caches %r disagrees with gen_arch %r" % (nocache, fresh))
        if key(served) == key(fresh):
            return fresh, "fresh", served
        changed = [(a, v) for a, v in deps if self.mem.get(a, 0) != v]
        if not changed:
            raise GenError("served %r differs from fresh %r but no word changed" % (served, fresh))
        times = [self.change_time(a, v) for a, v in changed]
        verdict = "stale" if min(times) < self.settle else "acceptable"
        return fresh, verdict, served


def full_txn(t):
    return dict({"ssid": None, "write": False, "priv": False, "instr": False,
                 "kind": "untranslated"}, **t)


def split_stage(sim, t):
    """Does this transaction use split-stage ATS (EATS=0b10)?"""
    if t["kind"] not in ("atc", "ats-request", "ats-translated"):
        return False
    try:
        sid = t["sid"]
        st = sim.sc.strtab
        if st["format"] != "linear" or sid >= (1 << st["log2size"]):
            return False
        ste = decode_ste([sim.mem.get(st["base"] + 64 * sid + 8 * i, 0) for i in range(8)])
    except (KeyError, IndexError):
        return False
    return ste["V"] == 1 and ste["Config"] == 7 and ste["EATS"] == 2 and sim.cfg["ats"]


XLATE_FAULTS = ("F_TRANSLATION", "F_ADDR_SIZE", "F_ACCESS", "F_PERMISSION")
ATS_DENIED = {"result": "ok", "pa": 0, "ats-grant": "---"}


def fresh_outcome(sim, t):
    """The cache-less outcome on current memory: gen_arch, except for what it
    does not model (module docstring)."""
    if split_stage(sim, t):
        out, _ = Walker(sim, cache=False).run(t)
        return out
    if t["kind"] in ("atc", "ats-request"):
        r = ga.translate(sim.sc, dict(t, kind="ats-request"))
        if r["result"] == "fault" and r["disposition"] == "ats-ca":
            # IHI0070 §3.9.1.2: an Address size, Access, Translation (or, for
            # a read request, Permission) fault gives a Success completion
            # with R == W == 0 and no event; only configuration errors give CA.
            u = ga.translate(sim.sc, dict(t, kind="untranslated"))
            if u["result"] == "fault" and isinstance(u["event"], dict) and u["event"]["type"] in XLATE_FAULTS:
                return dict(ATS_DENIED)
        if r["result"] == "ok" and r.get("ats-grant", "---") != "---":
            # gen_arch grants per §13.7.1; this walker's completions carry
            # no grant but the denied one, and the cache vectors assert none.
            r = {k: v for k, v in r.items() if k != "ats-grant"}
        return r
    return ga.translate(sim.sc, t)


def key(o):
    """What the oracle compares (SCHEMA.md "The oracle and verdict")."""
    if o["result"] == "ok":
        return ("ok", o.get("pa"), o.get("ipa"), o.get("s1-perm"), o.get("s2-perm"), o.get("ats-grant"))
    ev = o.get("event")
    if ev == "none" or ev is None:
        return ("fault", o["disposition"], "none")
    return ("fault", o["disposition"], ev["type"], ev.get("s2"), ev.get("class"))


ALL = (True,) * 6


class Walker:
    """One translation through the caches (cache=False: a plain walk)."""

    def __init__(self, sim, cache=True):
        self.sim = sim
        self.sc = sim.sc
        self.cache = cache
        self.deps = []

    def read(self, a):
        v = self.sim.mem.get(a, 0)
        self.deps.append((a, v))
        return v

    def use(self, e):
        self.deps.extend(e.deps)
        return e

    def lookup(self, kind, pred):
        if not self.cache:
            return None
        e = self.sim.lookup(kind, pred)
        if e:
            self.use(e)
        return e

    def insert(self, kind, deps, **kw):
        if self.cache:
            self.sim.insert(kind, deps, **kw)

    # ------------------------------------------------------------------
    def run(self, t):
        t = full_txn(t)
        if t["kind"] == "atc":
            return self.atc(t)
        return self.translate(t), self.deps

    def atc(self, t):
        ssv = t["ssid"] is not None
        page = t["addr"] & ~0xfff
        e = self.lookup("atc", lambda e: e.sid == t["sid"] and e.ssv == ssv and
                        (not ssv or e.ssid == t["ssid"]) and e.page == page)
        if e:
            return {"result": "ok", "pa": e.pa + (t["addr"] & 0xfff)}, self.deps
        out = self.translate(dict(t, kind="ats-request"))
        if out["result"] == "ok" and out.get("ats-grant") != "---":
            self.insert("atc", self.deps, sid=t["sid"], ssv=ssv, ssid=t["ssid"] or 0, page=page,
                        pa=out["pa"] & ~0xfff)
        return out, self.deps

    def translate(self, t):
        sc = self.sc
        cfg = self.sim.cfg
        c = ga.Ctx()
        c.sc, c.cfg, c.t, c.log = sc, cfg, t, []
        c.ste, c.cd = {}, {}
        ssv = t["ssid"] is not None
        c.common = {"sid": t["sid"], "ssv": ssv, "ssid": t["ssid"] if ssv else 0}
        c.access = {"rnw": not t["write"], "pnu": bool(t["priv"]),
                    "ind": bool(t["instr"]) and not t["write"]}
        try:
            return self.inner(c, cfg, t, ssv)
        except ga.Fault as f:
            if t["kind"] == "ats-request":
                if f.ev.get("type") in XLATE_FAULTS:
                    return dict(ATS_DENIED)          # §3.9.1.2: Success, R == W == 0
                return {"result": "fault", "disposition": "ats-ca", "event": "none"}
            out = {"result": "fault", "disposition": f.disp}
            out["event"] = f.ev if f.record else "none"
            return out

    # configuration ------------------------------------------------------
    def fetch_ste(self, c, sid, bad_sid):
        st = self.sc.strtab
        e = self.lookup("ste", lambda e: e.sid == sid)
        if e:
            return e.ste, list(e.deps)
        l1deps = []
        if st["format"] == "linear":
            spa = st["base"] + 64 * sid
        else:
            sp = st["split"]
            l1a = st["base"] + 8 * (sid >> sp)
            e1 = self.lookup("l1std", lambda e: e.lo <= sid < e.hi)
            if e1:
                d = e1.word
                l1deps = list(e1.deps)
            else:
                if ga.aborted(self.sc, l1a):
                    ga.cfg_event(c, "F_STE_FETCH", **{"fetch-addr": l1a})
                d = self.read(l1a)
                l1deps = [(l1a, d)]
                lo = (sid >> sp) << sp
                self.insert("l1std", l1deps, lo=lo, hi=lo + (1 << sp), word=d)
            span = d & 0x1f
            if span == 0 or span > 11 or span > sp + 1 or (sid & ((1 << sp) - 1)) >= (1 << (span - 1)):
                bad_sid()
            spa = (d & mask(55, 6)) + 64 * (sid & ((1 << sp) - 1))
        if ga.aborted(self.sc, spa, 64):
            ga.cfg_event(c, "F_STE_FETCH", **{"fetch-addr": spa})
        words = [self.read(spa + 8 * i) for i in range(8)]
        deps = l1deps + [(spa + 8 * i, words[i]) for i in range(8)]
        ste = decode_ste(words)
        self.insert("ste", deps, sid=sid, ste=ste)
        return ste, deps

    def fetch_cd(self, c, ste, ste_deps, idx, sid):
        e = self.lookup("cd", lambda e: e.sid == sid and e.idx == idx)
        if e:
            return e.cd, list(e.deps)
        nested = (ste["Config"] >> 1) & 1
        deps = list(ste_deps)

        def get_pa(ia):
            if nested:
                pa, _, _, d2 = self.s2x(c, ia, "CD", ste, ste_deps)
                return pa, d2
            return ia, []

        base = ste.get("S1ContextPtr", 0)
        fmt = ste.get("S1Fmt", 0)
        if ste.get("S1CDMax", 0) == 0:
            fmt, idx = 0, 0
        if fmt in (0, 3):
            cd_ia = base + 64 * idx
        else:
            sh = 6 if fmt == 1 else 10
            l1_ia = base + 8 * (idx >> sh)
            lo = (idx >> sh) << sh
            e1 = self.lookup("l1cd", lambda e: e.sid == sid and e.lo <= idx < e.hi)
            if e1:
                d = e1.word
                deps += e1.deps
            else:
                l1_pa, d2 = get_pa(l1_ia)
                if ga.aborted(self.sc, l1_pa):
                    ga.cfg_event(c, "F_CD_FETCH", **{"fetch-addr": l1_pa})
                d = self.read(l1_pa)
                l1deps = list(ste_deps) + d2 + [(l1_pa, d)]
                self.insert("l1cd", l1deps, sid=sid, lo=lo, hi=lo + (1 << sh), word=d)
                deps += l1deps
            if not d & 1:
                ga.csub(c)
            cd_ia = (d & mask(55, 12)) + 64 * (idx & ((1 << sh) - 1))
        cd_pa, d2 = get_pa(cd_ia)
        deps += d2
        if ga.aborted(self.sc, cd_pa, 64):
            ga.cfg_event(c, "F_CD_FETCH", **{"fetch-addr": cd_pa})
        words = [self.read(cd_pa + 8 * i) for i in range(8)]
        deps += [(cd_pa + 8 * i, words[i]) for i in range(8)]
        cd = decode_cd(words)
        self.insert("cd", deps, sid=sid, idx=idx, cd=cd)
        return cd, deps

    # stage 2 ------------------------------------------------------------
    def s2_check(self, c, perms, device, ipa, cls, ste):
        if cls in ("CD", "TT"):
            if not perms[0] or (device and ste.get("S2PTW", 0)):
                ga.xlate_fault(c, "F_PERMISSION", True, cls, ipa=ipa,
                               ttrnw=True if cls == "TT" else None)
        elif not ga.allowed(perms, c.t):
            ga.xlate_fault(c, "F_PERMISSION", True, cls, ipa=ipa)

    def s2x(self, c, ipa, cls, ste, ste_deps):
        """Stage-2 translation of ipa: (pa, size, perms, deps)."""
        vmid = ste.get("S2VMID", 0)
        e = self.lookup("s2", lambda e: e.vmid == vmid and e.covers(ipa))
        if e:
            self.s2_check(c, e.perms, e.device, ipa, cls, ste)
            return e.pa + (ipa - e.ia), e.size, e.perms, list(e.deps)
        deps = list(ste_deps)
        gran = ga.TG0_DEC[ste["S2TG"]]
        g = ga.GRAN[gran]
        s = g - 3
        ia_bits = 64 - ste["S2T0SZ"]
        ps = min(ga.PS_BITS[ste.get("S2PS", 0)], ga.PS_BITS[c.cfg["oas"]])
        level = ga.sl0_decode(gran, ste.get("S2SL0", 0), c.cfg)
        if ipa >> ia_bits:
            ga.xlate_fault(c, "F_TRANSLATION", True, cls, ipa=ipa)
        tbl = ste["S2TTB"]
        lvl = level
        while True:
            sh = ga.shift(g, lvl)
            we = self.lookup("walk2", lambda e: e.vmid == vmid and e.level == lvl and e.covers(ipa))
            if we:
                deps += we.deps
                tbl = we.next
                lvl += 1
                continue
            idx = (ipa >> sh) if lvl == level else (ipa >> sh) & ((1 << s) - 1)
            da = tbl + 8 * idx
            if ga.aborted(self.sc, da):
                ga.xlate_fault(c, "F_WALK_EABT", True, cls, fetch=da)
            d = self.read(da)
            deps.append((da, d))
            if not d & 1 or (lvl == 3 and not d & 2) or (lvl < 3 and not d & 2 and not ga.blocks_allowed(g, lvl)):
                ga.xlate_fault(c, "F_TRANSLATION", True, cls, ipa=ipa)
            if lvl < 3 and d & 2:
                nt = d & mask(47, g)
                if nt >> ps:
                    ga.xlate_fault(c, "F_ADDR_SIZE", True, cls, ipa=ipa)
                self.insert("walk2", deps, vmid=vmid, ia=ipa & ~((1 << sh) - 1), size=1 << sh,
                            level=lvl, g=g, next=nt)
                tbl = nt
                lvl += 1
                continue
            if (d & mask(47, sh)) >> ps:
                ga.xlate_fault(c, "F_ADDR_SIZE", True, cls, ipa=ipa)
            oa = (d & mask(47, sh)) | (ipa & ((1 << sh) - 1))
            if not d & bit(10) and not ste.get("S2AFFD", 0):
                ga.xlate_fault(c, "F_ACCESS", True, cls, ipa=ipa)
            perms = ga.s2_perms((d >> 6) & 3, (d >> 53) & 3)
            device = ((d >> 2) & 0xc) == 0
            self.s2_check(c, perms, device, ipa, cls, ste)
            self.insert("s2", deps, vmid=vmid, ia=ipa & ~((1 << sh) - 1), size=1 << sh, level=lvl,
                        g=g, pa=d & mask(47, sh), perms=perms, device=device)
            return oa, 1 << sh, perms, deps

    # stage 1 ------------------------------------------------------------
    def s1_walk(self, c, va, cd_deps, ste, ste_deps, vmid, asid, nested):
        cd = c.cd
        upper = (va >> 55) & 1
        if upper:
            tsz, gran, ttb, epd = cd.get("T1SZ", 0), ga.TG1_DEC.get(cd.get("TG1", 2)), cd.get("TTB1", 0), cd.get("EPD1", 0)
        else:
            tsz, gran, ttb, epd = cd.get("T0SZ", 0), ga.TG0_DEC.get(cd.get("TG0", 0)), cd.get("TTB0", 0), cd.get("EPD0", 0)
        ia_bits = 64 - tsz
        top = va >> ia_bits
        if top != (((1 << tsz) - 1) if upper else 0) or epd:
            ga.xlate_fault(c, "F_TRANSLATION", False, "IN")
        g = ga.GRAN[gran]
        s = g - 3
        ps = min(ga.PS_BITS[cd.get("IPS", 0)], ga.PS_BITS[c.cfg["oas"]])
        level = ga.s1_start_level(g, tsz)
        vlo = va & ((1 << ia_bits) - 1)
        deps = list(cd_deps)
        tbl = ttb
        lvl = level
        while True:
            sh = ga.shift(g, lvl)
            we = self.lookup("walk1", lambda e: e.vmid == vmid and e.asid == asid and e.level == lvl and e.covers(va))
            if we:
                deps += we.deps
                tbl = we.next
                lvl += 1
                continue
            idx = (vlo >> sh) if lvl == level else (vlo >> sh) & ((1 << s) - 1)
            da = tbl + 8 * idx
            if nested:
                da_pa, _, _, d2 = self.s2x(c, da, "TT", ste, ste_deps)
                deps += d2
            else:
                da_pa = da
            if ga.aborted(self.sc, da_pa):
                ga.xlate_fault(c, "F_WALK_EABT", False, "TT", fetch=da_pa)
            d = self.read(da_pa)
            deps.append((da_pa, d))
            if not d & 1 or (lvl == 3 and not d & 2) or (lvl < 3 and not d & 2 and not ga.blocks_allowed(g, lvl)):
                ga.xlate_fault(c, "F_TRANSLATION", False, "IN")
            if lvl < 3 and d & 2:
                nt = d & mask(47, g)
                if nt >> ps:
                    ga.xlate_fault(c, "F_ADDR_SIZE", False, "IN")
                self.insert("walk1", deps, vmid=vmid, asid=asid, ia=va & ~((1 << sh) - 1),
                            size=1 << sh, level=lvl, g=g, next=nt)
                tbl = nt
                lvl += 1
                continue
            if (d & mask(47, sh)) >> ps:
                ga.xlate_fault(c, "F_ADDR_SIZE", False, "IN")
            oa = (d & mask(47, sh)) | (va & ((1 << sh) - 1))
            if not d & bit(10) and not cd.get("AFFD", 0):
                ga.xlate_fault(c, "F_ACCESS", False, "IN")
            perms = ga.s1_perms((d >> 6) & 3, (d >> 53) & 1, (d >> 54) & 1)
            if not ga.allowed(perms, c.t):
                ga.xlate_fault(c, "F_PERMISSION", False, "IN")
            info = {"level": lvl, "g": g, "glob": not (d >> 11) & 1, "base": va & ~((1 << sh) - 1)}
            return oa, 1 << sh, perms, info, deps

    # the transaction ------------------------------------------------------
    def inner(self, c, cfg, t, ssv):
        sc = self.sc
        st = sc.strtab
        sid = t["sid"]
        log2 = min(st["log2size"], cfg["sidsize"])

        def bad_sid():
            if cfg["cr2-recinvsid"]:
                ga.cfg_event(c, "C_BAD_STREAMID")
            raise ga.Fault({"type": "C_BAD_STREAMID"}, "abort", False)

        if sid >> log2:
            bad_sid()
        ste, ste_deps = self.fetch_ste(c, sid, bad_sid)
        c.ste = ste
        kind = t["kind"]
        if ga.ste_illegal(ste, cfg):
            if kind == "ats-request":
                return {"result": "fault", "disposition": "ats-ca", "event": "none"}
            ga.cfg_event(c, "C_BAD_STE")
        conf = ste.get("Config", 0)
        if conf < 4:
            if kind == "ats-request":
                return {"result": "fault", "disposition": "ats-ca", "event": "none"}
            raise ga.Fault({"type": "none"}, "abort", False)
        eats = ste.get("EATS", 0) if cfg["ats"] and conf != 4 else 0
        if kind == "ats-request" and eats == 0:
            ev = {"type": "F_BAD_ATS_TREQ"}
            ev.update(c.common)
            ev["input-addr"] = t["addr"]
            return {"result": "fault", "disposition": "ats-ur", "event": ev}
        if kind == "ats-translated":
            if cfg["cr0-atschk"] and (eats == 0 or conf == 4):
                ev = {"type": "F_TRANSL_FORBIDDEN", "sid": t["sid"], "rnw": not t["write"],
                      "input-addr": t["addr"]}
                return {"result": "fault", "disposition": "abort", "event": ev}
            if eats != 2:
                return {"result": "ok", "pa": t["addr"]}
            # split-stage: the address is an IPA, stage 2 only (§13.6.3)
            pa, s2size, s2perm, _ = self.s2x(c, t["addr"], "IN", ste, ste_deps)
            return {"result": "ok", "pa": pa, "ipa": t["addr"], "page-size": s2size,
                    "s1-perm": ga.perm_str(ALL), "s2-perm": ga.perm_str(s2perm)}
        s1 = conf & 1
        s2 = (conf >> 1) & 1
        nested = bool(s1 and s2)
        if ssv and not s1:
            ga.csub(c)
        use_s1 = bool(s1)
        cd_index = None
        if s1:
            cdmax = ste.get("S1CDMax", 0)
            if cdmax == 0 or cfg["ssidsize"] == 0:
                if ssv:
                    ga.csub(c)
                cd_index = 0
            elif not ssv:
                dss = ste.get("S1DSS", 0)
                if dss in (0, 3):
                    ga.cfg_event_sd(c)
                if dss == 1:
                    use_s1 = False
                else:
                    cd_index = 0
            else:
                if t["ssid"] >> cdmax:
                    ga.csub(c)
                if ste.get("S1DSS", 0) == 2 and t["ssid"] == 0:
                    ga.cfg_event_sd(c)
                cd_index = t["ssid"]
        cd_deps = ste_deps
        if use_s1:
            c.cd, cd_deps = self.fetch_cd(c, ste, ste_deps, cd_index, sid)
            if ga.cd_illegal(c.cd, ste, cfg):
                ga.cfg_event(c, "C_BAD_CD")
        va = t["addr"]
        vmid = ste.get("S2VMID", 0) if cfg["s2p"] else 0
        asid = c.cd.get("ASID", 0)
        split = kind == "ats-request" and eats == 2
        if use_s1:
            kd = "nested" if s2 else "s1"
            e = self.lookup(kd, lambda e: e.vmid == vmid and (e.glob or e.asid == asid) and e.covers(va))
            if e:
                out = self.from_entry(c, e, va, "untranslated" if split else kind, s2)
                # split-stage: the completion carries the stage-1 output (§13.6.3)
                return {"result": "ok", "pa": out["ipa"]} if split else out
        s1perm = ALL
        s2perm = ALL
        if use_s1:
            ipa, s1size, s1perm, info, d1 = self.s1_walk(c, va, cd_deps, ste, ste_deps, vmid, asid, nested)
        else:
            ipa, s1size, d1 = va, None, cd_deps
            ias = ga.PS_BITS[cfg["oas"]]
            if va >> ias:
                ev = {"type": "F_ADDR_SIZE"}
                ev.update(c.common)
                ev.update(c.access)
                ev.update({"s2": False, "class": "IN", "input-addr": va, "stall": False})
                raise ga.Fault(ev, "abort", True)
        if s2:
            pa, s2size, s2perm, d2 = self.s2x(c, ipa, "IN", ste, ste_deps)
        else:
            pa, s2size, d2 = ipa, None, []
        if use_s1:
            if s2:
                size = min(s1size, s2size)
                self.insert("nested", d1 + d2, vmid=vmid, asid=asid, glob=info["glob"],
                            ia=va & ~(size - 1), size=size, s1ia=info["base"], s1size=s1size,
                            level=info["level"], g=info["g"], pa=pa & ~(size - 1),
                            ipa=ipa & ~(size - 1), s1p=s1perm, s2p=s2perm)
            else:
                self.insert("s1", d1, vmid=vmid, asid=asid, glob=info["glob"], ia=info["base"],
                            size=s1size, level=info["level"], g=info["g"],
                            pa=pa & ~(s1size - 1), s1p=s1perm)
        sizes = [x for x in (s1size, s2size) if x]
        out = {"result": "ok", "pa": pa}
        if split:
            # split-stage: translated (and permission-checked) at both stages,
            # but the completion carries the IPA (§13.6.3)
            return {"result": "ok", "pa": ipa}
        if kind == "ats-request":
            return out
        if s1 or s2:
            out["ipa"] = ipa
        if sizes:
            out["page-size"] = min(sizes)
        if s1 or s2:
            out["s1-perm"] = ga.perm_str(s1perm)
            out["s2-perm"] = ga.perm_str(s2perm)
        return out

    def from_entry(self, c, e, va, kind, s2):
        off = va - e.ia
        if not ga.allowed(e.s1p, c.t):
            ga.xlate_fault(c, "F_PERMISSION", False, "IN")
        pa = e.pa + off
        if s2:
            ipa = e.ipa + off
            if not ga.allowed(e.s2p, c.t):
                ga.xlate_fault(c, "F_PERMISSION", True, "IN", ipa=ipa)
            s2p = e.s2p
        else:
            ipa, s2p = pa, ALL
        out = {"result": "ok", "pa": pa}
        if kind == "ats-request":
            return out
        out.update({"ipa": ipa, "page-size": e.size, "s1-perm": ga.perm_str(e.s1p),
                    "s2-perm": ga.perm_str(s2p)})
        return out


# ---------------------------------------------------------------------------
# Vectors: steps, simulation under every policy, YAML
# ---------------------------------------------------------------------------
FILES = {}
FILE_DESC = {}
ALL_IDS = set()
CITED = set()
FLAGS = {
    "BROKEN-HOST": "the host runs with the planted bug named by the vector's `bug`; the vector shows the stale translation it leaves",
    "MID-UPDATE": "a translation runs while the software is still inside its update (before the settle point); the architecture allows the old or the new result",
}
TXN_ORDER = ["sid", "ssid", "addr", "write", "priv", "instr", "kind"]
CMD_ORDER = ["vmid", "asid", "sid", "ssv", "ssid", "addr", "leaf", "num", "scale", "tg", "ttl",
             "range", "global", "size"]


def T(sid, addr, **kw):
    t = {"sid": sid, "addr": addr}
    t.update({k: v for k, v in kw.items() if v is not False and v is not None})
    for k in t:
        if k not in TXN_ORDER:
            raise GenError("bad txn key " + k)
    return t


class Vec:
    def __init__(self, fname, vid, rules, cite, comment, sc, policies=None, bug=None,
                 domain=None, viommu=None, flags=None):
        if not hasattr(sc, "ste_fields"):
            prepare(sc)
        self.fname, self.id, self.comment = fname, vid, comment
        self.rules, self.cite = list(dict.fromkeys(rules)), list(dict.fromkeys(cite))
        self.sc, self.policies, self.bug, self.domain, self.viommu = sc, policies, bug, domain, viommu
        self.flags = list(flags or [])
        if bug and "BROKEN-HOST" not in self.flags:
            self.flags.append("BROKEN-HOST")
        self.steps = []

    # step builders ------------------------------------------------------
    def tr(self, want, t):
        self.steps.append({"k": "translate", "txn": t, "want": want})
        return self

    def wr(self, *writes):
        ws = []
        for a, w in writes:
            ws.append((a, list(w) if isinstance(w, (list, tuple)) else [w]))
        self.steps.append({"k": "write", "writes": ws})
        return self

    def cmds(self, *cs, settle=None):
        self.steps.append({"k": "commands", "cmds": list(cs), "settle": settle})
        return self

    def host(self, change, during=()):
        self.steps.append({"k": "host", "change": change,
                           "during": [{"after": a, "txn": t, "want": w} for a, t, w in during]})
        return self

    def guest(self, *cs, error=None):
        self.steps.append({"k": "guest", "cmds": list(cs), "error": error})
        return self

    # ------------------------------------------------------------------
    def run_policies(self):
        if self.policies:
            return list(self.policies)
        if any(s["k"] == "guest" for s in self.steps):
            return [p for p in POLICIES if p in VIOMMU_POLICIES]
        return list(POLICIES)

    def simulate(self, policy):
        sim = Sim(self.sc, policy, self.bug, self.domain, self.viommu)
        res = []
        for i, st in enumerate(self.steps):
            sim.time = i + 1
            k = st["k"]
            if k == "translate":
                res.append(("t", sim.translate(st["txn"])))
            elif k == "write":
                for a, w in st["writes"]:
                    sim.write(a, w)
                res.append(("w",))
            elif k == "commands":
                for c in st["cmds"]:
                    sim.queue(c)
                if st["cmds"][-1]["op"] == "SYNC" and st["settle"] is not False:
                    sim.settle = sim.time
                res.append(("c",))
            elif k == "host":
                if self.domain is None:
                    raise GenError("host step without domain")
                seq = host_sequence(policy, self.bug, self.domain, sim.cfg, st["change"])
                dres = []
                for n, c in enumerate(seq, 1):
                    sim.queue(c)
                    for d in st["during"]:
                        if d["after"] == n:
                            dres.append(sim.translate(d["txn"]))
                if any(d["after"] > len(seq) or d["after"] < 1 for d in st["during"]):
                    raise GenError("%s: during after beyond the %d commands" % (self.id, len(seq)))
                sim.settle = sim.time
                res.append(("h", [c["op"] for c in seq], dres))
            elif k == "guest":
                batches, err = guest_batches(self.bug, self.viommu, st["cmds"])
                for b in batches:
                    for c in b:
                        sim.queue(c)
                    sim.queue(SYNC)
                sim.settle = sim.time
                if err != st["error"]:
                    raise GenError("%s: guest step error %r, intended %r" % (self.id, err, st["error"]))
                res.append(("g", err))
        return res

    def finish(self):
        assert self.id not in ALL_IDS, self.id
        ALL_IDS.add(self.id)
        for r in self.rules:
            if r not in RULES:
                raise GenError("unknown rule " + r)
            CITED.add(r)
        if self.bug and self.bug not in BUGS:
            raise GenError("bad bug")
        pols = self.run_policies()
        results = {p: self.simulate(p) for p in pols}
        ref = results[pols[0]]

        def summary(res):
            out = []
            for r in res:
                if r[0] == "t":
                    out.append((r[1][0], r[1][1], key(r[1][2])))
                elif r[0] == "h":
                    out.append([(d[0], d[1], key(d[2])) for d in r[2]])
                else:
                    out.append(r)
            return out
        for p in pols[1:]:
            if summary(results[p]) != summary(ref):
                raise GenError("%s: policies %s and %s disagree; restrict `policies`" % (self.id, pols[0], p))
        # check the intended verdicts
        for st, r in zip(self.steps, ref):
            if st["k"] == "translate":
                st["res"] = r[1]
                if r[1][1] != st["want"]:
                    raise GenError("%s: translate %r: verdict %s, intended %s (served %r, fresh %r)" % (
                        self.id, st["txn"], r[1][1], st["want"], r[1][2], r[1][0]))
            elif st["k"] == "host":
                st["seq"] = r[1]
                for d, dr in zip(st["during"], r[2]):
                    d["res"] = dr
                    if dr[1] != d["want"]:
                        raise GenError("%s: during after %d: verdict %s, intended %s (served %r, fresh %r)" % (
                            self.id, d["after"], dr[1], d["want"], dr[2], dr[0]))
        self.results = results
        FILES.setdefault(self.fname, []).append(self)
        return self


# YAML ---------------------------------------------------------------------
def ys(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return ga.num(v)
    if isinstance(v, str):
        import re
        if re.match(r"^[A-Za-z][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$", v) and \
                v.lower() not in ("true", "false", "null", "yes", "no", "on", "off", "y", "n"):
            return v
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, ga.Ref):
        return v.text
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (k, ys(x)) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(ys(x) for x in v) + "]"
    raise GenError("cannot emit %r" % (v,))


def txn_yaml(t):
    return ys({k: t[k] for k in TXN_ORDER if k in t})


def cmd_yaml(c):
    d = {"op": c["op"]}
    for k in CMD_ORDER:
        if k in c:
            d[k] = c[k]
    return ys(d)


def trim(o):
    """The served outcome, as far as the verdict compares it."""
    if o["result"] == "ok":
        d = {"result": "ok", "pa": o["pa"]}
        for k in ("ipa", "ats-grant"):
            if k in o:
                d[k] = o[k]
        return d
    ev = o["event"]
    d = {"result": "fault", "disposition": o["disposition"]}
    if ev == "none":
        d["event"] = "none"
    else:
        d["event"] = {k: ev[k] for k in ("type", "s2", "class") if k in ev}
    return d


def words_yaml(ws, ind):
    if len(ws) <= 4:
        return ys(ws)
    parts = [", ".join(ga.num(w) for w in ws[i:i + 4]) for i in range(0, len(ws), 4)]
    return "[" + (",\n" + " " * (ind + 1)).join(parts) + "]"


def translate_lines(p, first, res, q):
    """first line at p, its sibling keys at q."""
    fresh, verdict, served = res
    L = [p + first,
         q + "expect: " + ys(ga.outcome_yaml(fresh))]
    if verdict != "fresh":
        L.append(q + "verdict: " + verdict)
        L.append(q + "served: " + ys(trim(served)))
    return L


def emit_vector(v):
    L = ["  - id: " + v.id,
         "    rules: [" + ", ".join(v.rules) + "]",
         "    cite: " + ys(v.cite),
         "    comment: " + json.dumps(v.comment, ensure_ascii=False)]
    if v.flags:
        L.append("    flags: [" + ", ".join(v.flags) + "]")
    if v.policies:
        L.append("    policies: [" + ", ".join(v.policies) + "]")
    if v.bug:
        L.append("    bug: " + v.bug)
    L.append("    input:")
    sc = v.sc
    raw, txns = sc.raw, sc.txns
    if sc.aborts:
        raise GenError("aborts are not used by the tlb vectors")
    sc.raw, sc.txns = [], []
    A = ga.emit_input(sc, 6)
    sc.raw, sc.txns = raw, txns
    assert A[-1].strip() == "transactions:"
    A = A[:-1]
    if raw:
        pos = 1 if A and A[0].strip().startswith("smmu:") else 0
        M = ["      memory:", "        raw:"]
        for a, w in raw:
            M.append("          - addr: " + ga.num(a))
            M.append("            words: " + words_yaml(w, 19))
        A = A[:pos] + M + A[pos:]
    L += A
    if v.domain:
        d = v.domain
        L.append("      domain:")
        L.append("        vmid: " + ga.num(d["vmid"]))
        for k in ("page-shift", "nest-parent"):
            if k in d:
                L.append("        %s: %s" % (k, ys(d[k])))
        L.append("        masters:")
        for m in d["masters"]:
            L.append("          - " + ys(m))
    if v.viommu:
        L.append("      viommu:")
        L.append("        vmid: " + ga.num(v.viommu["vmid"]))
        L.append("        vdevs:")
        for dv in v.viommu["vdevs"]:
            L.append("          - " + ys(dv))
    L.append("      steps:")
    p = "        "
    for st in v.steps:
        k = st["k"]
        if k == "translate":
            L += translate_lines(p, "- translate: " + txn_yaml(st["txn"]), st["res"], p + "  ")
        elif k == "write":
            L.append(p + "- write:")
            for a, w in st["writes"]:
                if len(w) <= 4:
                    L.append(p + "    - {addr: %s, words: %s}" % (ga.num(a), ys(w)))
                else:
                    L.append(p + "    - addr: " + ga.num(a))
                    L.append(p + "      words: " + words_yaml(w, len(p) + 13))
        elif k == "commands":
            L.append(p + "- commands:")
            for c in st["cmds"]:
                L.append(p + "    - " + cmd_yaml(c))
            if st["settle"] is not None:
                L.append(p + "  settle: " + ys(st["settle"]))
        elif k == "host":
            L.append(p + "- host: " + ys(st["change"]))
            if st["during"]:
                L.append(p + "  during:")
                for d in st["during"]:
                    L.append(p + "    - after: %d" % d["after"])
                    L += translate_lines(p + "      ", "translate: " + txn_yaml(d["txn"]), d["res"], p + "      ")
        elif k == "guest":
            L.append(p + "- guest:")
            for c in st["cmds"]:
                L.append(p + "    - " + cmd_yaml(c))
            if st["error"]:
                L.append(p + "  error: " + st["error"])
    return L


def write_files(check_only):
    out = {}
    for fname, vecs in sorted(FILES.items()):
        if len(vecs) > 60:
            raise GenError("%s has %d vectors (at most 60)" % (fname, len(vecs)))
        L = ["# Generated by vectors/gen/gen_tlb.py -- do not edit by hand; edit the",
             "# generator and run `python3 vectors/gen/gen_tlb.py`.  Expectations come",
             "# from the generator's own cache model over gen_arch.py's walk model of",
             "# IHI0070 G.b, never from smmu-nest.",
             "schema: 1",
             "area: tlb",
             'spec: "IHI0070 G.b"',
             "description: " + json.dumps(FILE_DESC[fname], ensure_ascii=False),
             "test-count: %d" % len(vecs)]
        used = sorted({f for v in vecs for f in v.flags})
        if used:
            L.append("flags:")
            for f in used:
                L.append("  %s: %s" % (f, json.dumps(FLAGS[f])))
        L.append("vectors:")
        for v in vecs:
            L += emit_vector(v)
        out[os.path.join(ROOT, "vectors", "tlb", "gen-%s.yaml" % fname)] = "\n".join(L) + "\n"
    L = ["# Generated by vectors/gen/gen_tlb.py together with vectors/tlb/gen-*.yaml;",
         "# edit the generator's RULES table.",
         "schema: 1", "rules:"]
    for rid in sorted(RULES):
        r = RULES[rid]
        if rid not in CITED:
            raise GenError("rule not cited: " + rid)
        L.append("  - id: " + rid)
        L.append("    kind: " + r["kind"])
        L.append("    text: " + json.dumps(r["text"], ensure_ascii=False))
        L.append("    sources: " + ys(r["sources"]))
        if r.get("policies"):
            L.append("    policies: [" + ", ".join(r["policies"]) + "]")
        if r.get("choice"):
            L.append("    choice: " + json.dumps(r["choice"], ensure_ascii=False))
    out[os.path.join(ROOT, "rules", "tlb.yaml")] = "\n".join(L) + "\n"
    if check_only:
        return out
    for path, text in out.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return out


# ---------------------------------------------------------------------------
# Rules (one sentence each, our words)
# ---------------------------------------------------------------------------
def R(kind, text, sources, policies=None, choice=None):
    return {"kind": kind, "text": text, "sources": sources, "policies": policies, "choice": choice}


L41 = "linux.md §4.1"
RULES = {
    # retention, completion, oracle
    "arch.tlb.retention": R("arch", "An SMMU may keep any cached configuration, walk or TLB entry until an invalidation whose required scope covers it has completed, and may serve a translation from it even after the memory it came from changed.",
                            [S + "§16.2", S + "§4.3", S + "§4.4", "arch.md §4.4"],
                            choice="Cache mode max keeps every entry the architecture allows until a required invalidation completes at CMD_SYNC and serves the oldest matching entry; lru:4 keeps four per kind and serves the newest."),
    "arch.tlb.sync": R("arch", "Consuming an invalidation command guarantees nothing; it is complete only when a later CMD_SYNC completes.",
                       [S + "§4.7.3", S + "§4.3.8", S + "§4.4"]),
    "arch.tlb.unordered": R("arch", "Invalidations not separated by a CMD_SYNC may complete in any order, so a walk between them may refill an entry from another entry that is about to go.",
                            [S + "§4.7.3", S + "§4.4.3.1"],
                            choice="Under max a translation that runs while commands are pending first completes the pending TLBI_NH_*, TLBI_EL2_* and ATC_INV commands and leaves the others pending."),
    "arch.tlb.mid-update": R("arch", "A translation that runs before the software has completed its invalidation may use the old or the new mapping; only after the settle point must it be the new one.",
                             [S + "§3.21.3", S + "§4.7.3", ARM + "D8.16"]),
    "arch.tlb.no-fault-caching": R("arch", "Translation, Address size and Access flag faults are never cached, so a mapping that was absent needs no invalidation once it is made valid.",
                                   [ARM + "D8.16", "arch.md §6.6"],
                                   choice="Permission faults may be cached; the model caches no faulting translation."),
    # stage 2
    "arch.tlb.s2-ipa": R("arch", "CMD_TLBI_S2_IPA removes the stage-2 entries of its VMID that translate the IPA, and with Leaf=0 also the stage-2 table entries walked to reach it.",
                         [S + "§4.4.3.1", "arch.md §4.4"]),
    "arch.tlb.s2-ipa.combined": R("arch", "CMD_TLBI_S2_IPA need not remove combined stage-1+stage-2 entries of a nested configuration; it must be paired with CMD_TLBI_NH_ALL or CMD_TLBI_NH_VAA, while for a stage-2-only configuration it is sufficient.",
                                  [S + "§4.4.3.1", S + "§16.2.1", ARM + "D8.17.6.1", "arch.md §4.4"]),
    "arch.tlb.s12-vmall": R("arch", "CMD_TLBI_S12_VMALL removes every entry of its VMID at every stage.",
                            [S + "§4.4.3.2"]),
    "arch.tlb.vmid-reuse": R("arch", "Stage-2 configuration is cached per VMID, so pointing an STE at another stage-2 table under the same VMID needs CMD_TLBI_S12_VMALL (CMD_CFGI_STE touches no TLB).",
                             [S + "§5.2.1", S + "§4.3.1", "arch.md §1.4"]),
    "arch.tlb.combined": R("arch", "A combined entry covers the smaller of the stage-1 and stage-2 leaves, and an invalidation by VA of any address of the stage-1 leaf removes every entry cut from it.",
                           ["arch.md §6.8", ARM + "D8.17", S + "§4.4"]),
    # stage 1
    "arch.tlb.nh-all": R("arch", "CMD_TLBI_NH_ALL removes every stage-1 NS-EL1 entry of its VMID, global ones and combined ones included, and no stage-2-only entry.",
                         [S + "§4.4.2.1", "arch.md §4.4"]),
    "arch.tlb.nh-asid": R("arch", "CMD_TLBI_NH_ASID removes the non-global stage-1 entries of one ASID in one VMID; global entries survive it.",
                          [S + "§4.4.2.2"]),
    "arch.tlb.nh-va": R("arch", "CMD_TLBI_NH_VA removes the stage-1 entries of one VMID that translate the address for its ASID or globally.",
                        [S + "§4.4.2.4"]),
    "arch.tlb.nh-vaa": R("arch", "CMD_TLBI_NH_VAA removes the stage-1 entries of one VMID that translate the address for every ASID.",
                         [S + "§4.4.2.3"]),
    "arch.tlb.nsnh-all": R("arch", "CMD_TLBI_NSNH_ALL removes every Non-secure non-EL2 entry at every stage and VMID.",
                           [S + "§4.4.4.1"]),
    "arch.tlb.el2-scope": R("arch", "CMD_TLBI_EL2_* act on NS-EL2 StreamWorld entries only and leave NS-EL1 entries in place.",
                            [S + "§4.4.2.7", S + "§4.4.2.8"]),
    "arch.tlb.vmid-tag": R("arch", "NS-EL1 entries are tagged with STE.S2VMID whenever a stage translates (stage-1-only entries too on an SMMU with stage 2), and an invalidation naming another VMID leaves them.",
                           [S + "§3.17", S + "§5.2", S + "§4.4.2", "arch.md §1.2"]),
    "arch.tlb.asid-tag": R("arch", "ASIDs are scoped by VMID: the same ASID in two VMIDs names two address spaces, and invalidating one leaves the other.",
                           [S + "§3.17", S + "§4.4.2.2"]),
    "arch.tlb.leaf": R("arch", "With Leaf=1 only last-level entries must be removed; a change to a table descriptor needs Leaf=0 to remove the cached walk through it.",
                       [S + "§4.4.2.4", S + "§4.4.3.1", S + "§4.4.1.1"]),
    "arch.tlb.walk-cache": R("arch", "Table descriptors of either stage may be cached, tagged with VMID (and ASID at stage 1), level and the input range they cover.",
                             [S + "§16.2", ARM + "D8.16"]),
    "arch.tlb.range": R("arch", "With TG != 0 a TLBI invalidates the addresses Address <= A < Address + (NUM+1) * 2^SCALE * granule, and nothing outside that range is required.",
                        [S + "§4.4.1.1", "arch.md §4.3"]),
    "arch.tlb.ttl": R("arch", "A non-zero TTL limits the required scope to leaf entries inserted from that level (and, with Leaf=0, table entries of the levels above it).",
                      [S + "§4.4.1.1"]),
    "arch.tlb.tg": R("arch", "A non-zero TG limits the required scope to entries inserted with that translation granule.",
                     [S + "§4.4.1.1"]),
    # configuration caches
    "arch.cfgi.cfgi-ste": R("arch", "CMD_CFGI_STE removes the cached STE of its StreamID and every CD and L1CD cached through it.",
                            [S + "§4.3.1"]),
    "arch.cfgi.cfgi-ste-range": R("arch", "CMD_CFGI_STE_RANGE removes the STEs, the L1STDs walked to them and the CDs cached through a 2^(Range+1) aligned StreamID range, and with Range=31 (CMD_CFGI_ALL) everything.",
                                  [S + "§4.3.2", S + "§4.3.6"]),
    "arch.cfgi.l1std-leaf": R("arch", "A changed L1STD needs CMD_CFGI_STE with Leaf=0 (or a range/all form); Leaf=1 may leave the old L1STD cached.",
                              [S + "§4.3.1", "arch.md §3"]),
    "arch.cfgi.cfgi-cd": R("arch", "CMD_CFGI_CD removes the CD cached from one index of the StreamID's CD table (index 0 for a single CD).",
                           [S + "§4.3.3"]),
    "arch.cfgi.l1cd-leaf": R("arch", "A changed L1CD needs CMD_CFGI_CD with Leaf=0, CMD_CFGI_CD_ALL or CMD_CFGI_STE; Leaf=1 may leave the old L1CD cached.",
                             [S + "§4.3.3", S + "§4.3.4", "arch.md §2.1"]),
    "arch.cfgi.cfgi-cd-all": R("arch", "CMD_CFGI_CD_ALL removes every CD and L1CD cached through its StreamID.",
                               [S + "§4.3.4"]),
    "arch.cfgi.required": R("arch", "Any change to an STE, L1STD, CD or L1CD, even one that was invalid, needs the matching CMD_CFGI_* and a CMD_SYNC before the SMMU must use it.",
                            [S + "§4.3", S + "§3.21.3", "arch.md §4.4"]),
    "arch.cfgi.no-tlb": R("arch", "No CMD_CFGI_* touches the TLB: TTB, ASID or stage-2 fields that TLB entries hold need a TLB invalidation as well.",
                          [S + "§4.3.1", S + "§4.3.3", S + "§5.4.1", "arch.md §1.4"]),
    # ATS
    "arch.atc.inv": R("arch", "CMD_ATC_INV invalidates the device's ATC entries in the 4 KB * 2^Size span aligned around Address (Size 52: all), for one PASID when SSV=1.",
                      [S + "§4.5.1", "arch.md §7"]),
    "arch.atc.order": R("arch", "ATC invalidation must follow the completion of the SMMU TLB invalidation, since an ATS request in between is answered from the SMMU TLB.",
                        [S + "§4.5.1", S + "§3.9.1"]),
    "arch.atc.nested-va": R("arch", "A full-ATS device behind nested translation caches VA->PA completions; a stage-2 change can only be flushed from it by VA or in full, never by the changed IPA.",
                            [S + "§3.9.1", "arch.md §7"]),
    "arch.atc.split-stage": R("arch", "With split-stage ATS (EATS=0b10) a Translation Request is checked at both stages but the completion carries the stage-1 output (IPA), and ATS-Translated traffic is an IPA translated by stage 2 in the SMMU; a change to either stage still needs ATC invalidation.",
                              [S + "§5.2", S + "§13.6.3", S + "§3.9.1"]),
    "arch.atc.denied": R("arch", "An ATS Translation Request that meets an Address size, Access or Translation fault (at either stage) gets a Success completion with R = W = 0 and records no event; configuration errors give Completer Abort; such a completion grants nothing and is not cached.",
                         [S + "§3.9.1.2"],
                         choice="The denied completion is written as an ok outcome with pa 0 and ats-grant ---."),
    # host policies
    "policy.s2inval.sequence": R("policy", "On a stage-2 unmap or remap the kernel issues TLBI_S2_IPA over the change and a CMD_SYNC, then for a nest parent TLBI_NH_ALL(VMID) and a CMD_SYNC, then ATC_INV per ATS master and a CMD_SYNC.",
                                 [L41, "linux.md §4.3", "IHI0070 G.b §4.4.3.1"], POLICIES),
    "policy.s2inval.per-granule": R("policy", "Without range invalidation (SMMU_IDR3.RIL=0) the kernel issues one TLBI_S2_IPA per granule of the change.",
                                    [L41], POLICIES),
    "policy.s2inval.ril": R("policy", "With RIL the kernel encodes TG from the smallest page size, TTL from the leaf granule (0 for a walk flush) and NUM/SCALE from the page count, one command per 5-bit chunk.",
                            [L41], POLICIES),
    "policy.s2inval.nh-all": R("policy", "A nest parent's stage-2 change is followed by TLBI_NH_ALL of its VMID, because TLBI_S2_IPA need not remove combined entries.",
                               [L41, "IHI0070 G.b §4.4.3.1"], POLICIES),
    "policy.s2inval.sync-before-nh-all": R("policy", "The TLBI_S2_IPA batch is completed by a CMD_SYNC before TLBI_NH_ALL is issued, so no walk can refill a combined entry from a stage-2 entry that is still being removed.",
                                           [L41, "IHI0070 G.b §4.7.3", "arch.md §4.4"], POLICIES),
    "policy.s2inval.full-range": R("policy", "The TLBI_S2_IPA commands together cover the whole changed IPA range.",
                                   [L41], POLICIES),
    "policy.s2inval.nested-ats-flush": R("policy", "From v6.13 a master attached through a nested domain with ATS gets a full ATC_INV (SSV=0, Size=52) on any stage-2 change, since its ATC is indexed by VA.",
                                         ["linux f27298a82ba0", L41, "arch.md §7"], ATS_FLUSH_POLICIES),
    "policy.s2inval.ranged-atc": R("policy", "A master attached directly to the stage-2 domain (and, before v6.13, any master) gets a ranged ATC_INV covering the changed IPAs in 4 KB grains.",
                                   [L41], POLICIES),
    "policy.s2inval.flush-all": R("policy", "A flush of the whole domain is TLBI_S12_VMALL and a CMD_SYNC, then a full ATC_INV per ATS master; no TLBI_NH_ALL is needed.",
                                  [L41], POLICIES),
    "policy.viommu.vmid": R("policy", "Guest TLBI_NH_VA/VAA/ALL/ASID are forwarded with the VMID field overwritten by the vIOMMU's VMID; everything else in them passes through.",
                            ["linux.md §5", "IHI0070 G.b §4.3.7"], VIOMMU_POLICIES),
    "policy.viommu.nsnh": R("policy", "A guest TLBI_NSNH_ALL becomes TLBI_NH_ALL of the vIOMMU's VMID.",
                            ["linux.md §5"], VIOMMU_POLICIES),
    "policy.viommu.vsid": R("policy", "Guest CFGI_CD, CFGI_CD_ALL and ATC_INV have their vSID replaced by the device's physical StreamID; an unknown vSID fails the call with EIO.",
                            ["linux.md §5", "IHI0070 G.b §4.3.7"], VIOMMU_POLICIES),
    "policy.viommu.eio": R("policy", "Any other guest command (CFGI_STE, TLBI_S2_IPA, CMD_SYNC, ...) fails the call with EIO, and the commands already converted in the open batch are never issued.",
                           ["linux.md §5"], VIOMMU_POLICIES),
    "policy.viommu.batch": R("policy", "Converted guest commands are issued in batches of at most 63, each followed by a CMD_SYNC.",
                             ["linux.md §5", "linux.md §1.3"], VIOMMU_POLICIES),
}


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------
P = 0x1000
MB2 = 0x200000
SID = 3
VA0 = 0x12345000            # stage-1 pages VA0 + i*P -> IPA0 + i*P (i < 4)
IPA0 = 0x40000000           # stage-2 pages IPA0 + i*P -> PA0 + i*P
PA0 = 0x70000000
NEWPA = 0x7f000000          # where remaps go
BLK_IPA = 0x40200000        # a 2 MB stage-2 block -> BLK_PA
BLK_PA = 0x70200000
BLK_VA = 0x12400000         # stage-1 page -> BLK_IPA + 0x5000 (inside the block)
CD_IPA = ga.CD_IPA          # 0x80000000 -> PA 0x300000 (nested scenarios)
S1_POOL_IPA = 0x80200000    # stage-1 tables of nested scenarios: IPA block -> PA 0x600000
S1_POOL_PA = 0x600000
VMID = 1
ASID = 1


def s1_maps(ng=True):
    m = [{"ia": VA0 + i * P, "oa": IPA0 + i * P, "size": P, "ng": ng} for i in range(4)]
    m += [{"ia": BLK_VA, "oa": BLK_IPA + 0x5000, "size": P, "ng": ng},
          {"ia": BLK_VA + P, "oa": BLK_IPA + 0x6000, "size": P, "ng": ng}]
    return m


def s2_maps():
    return [{"ia": IPA0 + i * P, "oa": PA0 + i * P, "size": P} for i in range(4)] + \
        [{"ia": BLK_IPA, "oa": BLK_PA, "size": MB2}]


def std_nested(smmu=None, ste_kw=None, cd_kw=None, ng=True, s1m=None, s2m=None):
    """Nested (Config 0b111), 4 KB over 4 KB: stage 1 T0SZ 25 with its tables
    at IPAs from 0x80200000, stage 2 S2T0SZ 24 (VMID 1), one CD (ASID 1) at
    IPA 0x80000000; SID 3 in a linear stream table at 0x10000."""
    return ga.nested("4k", 25, s1m if s1m is not None else s1_maps(ng), "4k", 24,
                     s2m if s2m is not None else s2_maps(),
                     cd_kw=cd_kw, ste_kw=ste_kw, smmu=smmu)


def std_s2(smmu=None, ste_kw=None, maps=None):
    """Stage 2 only (Config 0b110, VMID 1), 4 KB, S2T0SZ 24; SID 3."""
    return ga.s2_only("4k", 24, maps if maps is not None else s2_maps(), ste_kw=ste_kw, smmu=smmu)


def std_s1(smmu=None, ste_kw=None, cd_kw=None, ng=True, maps=None):
    """Stage 1 only (Config 0b101), 4 KB, T0SZ 25, tables at PA 0x100000, one
    CD (ASID 1) at PA 0x40000; STE.S2VMID 0; SID 3."""
    m = maps if maps is not None else \
        [{"ia": VA0 + i * P, "oa": PA0 + i * P, "size": P, "ng": ng} for i in range(4)]
    return ga.s1_only("4k", 25, m, cd_kw=cd_kw, ste_kw=ste_kw, smmu=smmu)


def built(sc):
    if not hasattr(sc, "ste_fields"):
        prepare(sc)
    return sc


def s2_leaf(sc, ipa, t="s2"):
    pa, lvl, d = table_walk(built(sc), t, ipa)
    return pa, lvl, d


def s1_leaf(sc, va, t="s1"):
    pa, lvl, d = table_walk(built(sc), t, va)
    return pa, lvl, d


def dom(masters=None, **kw):
    d = {"vmid": VMID}
    d.update(kw)
    d["masters"] = masters if masters is not None else [{"sids": [SID]}]
    return d


def rng(iova, size, **kw):
    c = {"change": "range", "iova": iova, "size": size}
    c.update(kw)
    return c


RIL_RULE = {True: "policy.s2inval.ril", False: "policy.s2inval.per-granule"}
RIL_TXT = {True: "with RIL: one ranged TLBI_S2_IPA (TG 4 KB, TTL of the leaf, NUM/SCALE of the page count)",
           False: "without RIL: one TLBI_S2_IPA per granule"}
C_HOST = [L41, S + "§4.4.3.1", S + "§4.7.3"]


# ---------------------------------------------------------------------------
# Theme: the host's stage-2 change sequence (all four policies, no bug)
# ---------------------------------------------------------------------------
def fam_host():
    F = "host"
    for what in ("unmap", "remap", "ro"):
        for cfgn in ("nested", "s2"):
            for ril in (True, False):
                for blk in (False, True):
                    if what == "ro" and blk:
                        continue
                    sc = std_nested(smmu={"ril": ril}) if cfgn == "nested" else std_s2(smmu={"ril": ril})
                    ipa = BLK_IPA if blk else IPA0
                    addr = (BLK_VA if blk else VA0) if cfgn == "nested" else (BLK_IPA + 0x5000 if blk else IPA0)
                    dpa, lvl, d = s2_leaf(sc, ipa)
                    pa_old = (BLK_PA + 0x5000) if blk else PA0
                    wr = not blk and what == "ro"
                    if what == "unmap":
                        new, after = 0, "a stage-2 F_TRANSLATION"
                    elif what == "remap":
                        new, after = s2_desc(NEWPA, lvl), "PA %#x" % (NEWPA + (0x5000 if blk else 0))
                    else:
                        new, after = s2_desc(PA0, lvl, s2ap=1), "a stage-2 F_PERMISSION for the write (S2AP=01)"
                    change = rng(BLK_IPA, MB2, granule=MB2) if blk else rng(IPA0, P)
                    domain = dom() if cfgn == "nested" else dom([{"sids": [SID], "nested": False}])
                    seq = ("TLBI_S2_IPA ... CMD_SYNC, TLBI_NH_ALL(1) CMD_SYNC")
                    rules = ["policy.s2inval.sequence", RIL_RULE[ril], "arch.tlb.s2-ipa", "arch.tlb.mid-update",
                             "arch.tlb.retention"]
                    if cfgn == "nested":
                        rules += ["policy.s2inval.nh-all", "arch.tlb.s2-ipa.combined", "arch.tlb.nh-all"]
                    leaf = "the level-2 2 MB block at IPA %#x" % BLK_IPA if blk else "the level-3 page at IPA %#x" % IPA0
                    cm = ("%s; the host %s %s (descriptor at PA %#x) and runs its stage-2 sequence (%s; %s, granule %s). "
                          "Before the sequence the cached %s entry still gives PA %#x while memory gives %s: acceptable, "
                          "the update is not complete. After it every entry built from the old descriptor is gone "
                          "(S2_IPA removes the stage-2 entry%s), so the translation is fresh: %s." % (
                              "Nested 4 KB/4 KB, VA %#x -> IPA %#x" % (addr, ipa + (0x5000 if blk else 0)) if cfgn == "nested"
                              else "Stage-2-only STE, IPA %#x" % addr,
                              {"unmap": "zeroes", "remap": "points at PA %#x" % NEWPA, "ro": "makes read-only"}[what],
                              leaf, dpa, seq if cfgn == "nested" else "TLBI_S2_IPA ... CMD_SYNC, TLBI_NH_ALL(1) CMD_SYNC (the domain is also a nest parent)",
                              RIL_TXT[ril], "2 MB" if blk else "4 KB",
                              "combined" if cfgn == "nested" else "stage-2", pa_old, after,
                              ", NH_ALL the combined one" if cfgn == "nested" else "", after))
                    v = Vec(F, "tlb.host.%s.%s.%s.%s" % (what, cfgn, "block" if blk else "page", "ril" if ril else "noril"),
                            rules, C_HOST + ([S + "§4.4.2.1"] if cfgn == "nested" else []), cm, sc, domain=domain,
                            flags=["MID-UPDATE"])
                    v.tr("fresh", T(SID, addr, write=wr))
                    v.wr((dpa, new))
                    v.tr("acceptable", T(SID, addr, write=wr))
                    v.host(change)
                    v.tr("fresh", T(SID, addr, write=wr))
                    if what == "ro":
                        v.tr("fresh", T(SID, addr))
                    v.finish()
    # flush-all
    for cfgn in ("nested", "s2"):
        sc = std_nested() if cfgn == "nested" else std_s2()
        addr = VA0 if cfgn == "nested" else IPA0
        a2 = VA0 + 2 * P if cfgn == "nested" else IPA0 + 2 * P
        dpa, lvl, d = s2_leaf(sc, IPA0)
        v = Vec(F, "tlb.host.flush-all.%s" % cfgn,
                ["policy.s2inval.flush-all", "arch.tlb.s12-vmall", "arch.tlb.mid-update"],
                [L41, S + "§4.4.3.2"],
                "%s; the host remaps IPA %#x and IPA %#x to new PAs and flushes the whole domain (arm_smmu_tlb_inv_context: "
                "TLBI_S12_VMALL(1) + CMD_SYNC). S12_VMALL removes every stage-1, stage-2 and combined entry of VMID 1, "
                "so both translations are fresh afterwards although no TLBI_NH_ALL was issued." % (
                    "Nested 4 KB/4 KB" if cfgn == "nested" else "Stage-2-only STE", IPA0, IPA0 + 2 * P),
                sc, domain=dom() if cfgn == "nested" else dom([{"sids": [SID], "nested": False}]), flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, addr)).tr("fresh", T(SID, a2))
        v.wr((dpa, s2_desc(NEWPA, 3)), (dpa + 16, s2_desc(NEWPA + 2 * P, 3)))
        v.tr("acceptable", T(SID, addr))
        v.host({"change": "flush-all"})
        v.tr("fresh", T(SID, addr)).tr("fresh", T(SID, a2))
        v.finish()
    # table removal: tlb_flush_walk (leaf=false)
    for cfgn in ("nested", "s2"):
        for ril in (True, False):
            sc = std_nested(smmu={"ril": ril}) if cfgn == "nested" else std_s2(smmu={"ril": ril})
            addr = VA0 if cfgn == "nested" else IPA0
            tpa, _, td = table_walk(built(sc), "s2", IPA0, stop_level=2)
            v = Vec(F, "tlb.host.table-removed.%s.%s" % (cfgn, "ril" if ril else "noril"),
                    ["policy.s2inval.sequence", RIL_RULE[ril], "arch.tlb.leaf", "arch.tlb.walk-cache", "arch.tlb.s2-ipa"] +
                    (["arch.tlb.s2-ipa.combined", "policy.s2inval.nh-all"] if cfgn == "nested" else []),
                    C_HOST + [S + "§4.4.1.1"],
                    "%s; the host removes the whole stage-2 level-3 table under IPA %#x (zeroes the level-2 table "
                    "descriptor at PA %#x) and flushes the walk (iova %#x, size 2 MB, granule 4 KB, leaf=false): %s, "
                    "Leaf=0 so the cached level-2 table descriptor goes too. Afterwards IPA %#x is a stage-2 "
                    "F_TRANSLATION at level 2: fresh." % (
                        "Nested 4 KB/4 KB" if cfgn == "nested" else "Stage-2-only STE", IPA0, tpa, IPA0 & ~(MB2 - 1),
                        "one TLBI_S2_IPA per 4 KB granule (512 commands)" if not ril else
                        "one TLBI_S2_IPA with TG 4 KB, TTL 0, NUM 0, SCALE 9 (512 pages)", IPA0),
                    sc, domain=dom() if cfgn == "nested" else dom([{"sids": [SID], "nested": False}]), flags=["MID-UPDATE"])
            v.tr("fresh", T(SID, addr)).wr((tpa, 0)).tr("acceptable", T(SID, addr))
            v.host(rng(IPA0 & ~(MB2 - 1), MB2, granule=P, leaf=False))
            v.tr("fresh", T(SID, addr)).tr("fresh", T(SID, addr + 3 * P))
            v.finish()
    # during: translations while the host invalidates
    for name, cfgn, ril, what, during, txt in (
            ("unmap.nested.noril", "nested", False, "unmap",
             [(1, "acceptable"), (2, "acceptable"), (3, "fresh")],
             "queue: 1 TLBI_S2_IPA, 2 CMD_SYNC, 3 TLBI_NH_ALL, 4 CMD_SYNC. After 1 nothing has completed (S2_IPA is not a "
             "TLBI_NH_* command, so it stays pending): the combined entry serves the old PA (acceptable). After 2 the "
             "stage-2 entry is gone but the combined entry is not (S2_IPA need not remove it): still the old PA, "
             "acceptable. After 3 the translation first completes the pending NH_ALL (commands between two SYNCs may "
             "complete in any order); the walk then finds no stale entry: fresh fault"),
            ("unmap.nested.ril", "nested", True, "unmap",
             [(1, "acceptable"), (2, "acceptable"), (3, "fresh")],
             "the same queue with a ranged TLBI_S2_IPA (TG 4 KB, TTL 3, NUM 0, SCALE 0): acceptable after 1 and 2, "
             "fresh after 3"),
            ("remap.nested.noril", "nested", False, "remap",
             [(2, "acceptable"), (3, "fresh"), (4, "fresh")],
             "remap to %#x: after the first CMD_SYNC the combined entry still gives the old PA (acceptable); once the "
             "NH_ALL is queued the walk rebuilds from memory and gives the new PA (fresh)" % NEWPA),
            ("unmap.s2.not-nest-parent", "s2", False, "unmap", [(1, "acceptable"), (2, "fresh")],
             "a domain that is not a nest parent: the queue is 1 TLBI_S2_IPA, 2 CMD_SYNC, nothing else. After 1 the "
             "stage-2 entry still serves (acceptable); after 2 it is gone: fresh fault")):
        sc = std_nested(smmu={"ril": ril}) if cfgn == "nested" else std_s2(smmu={"ril": ril})
        addr = VA0 if cfgn == "nested" else IPA0
        dpa, lvl, d = s2_leaf(sc, IPA0)
        domain = dom() if cfgn == "nested" else dom([{"sids": [SID], "nested": False}], **{"nest-parent": False})
        v = Vec(F, "tlb.host.during.%s" % name,
                ["policy.s2inval.sequence", "policy.s2inval.sync-before-nh-all", "arch.tlb.mid-update", "arch.tlb.sync",
                 "arch.tlb.unordered", RIL_RULE[ril]] + (["arch.tlb.s2-ipa.combined"] if cfgn == "nested" else []),
                C_HOST + [S + "§4.4.3.1"],
                "%s; the host %s IPA %#x and the device keeps translating while the sequence runs: %s. After the "
                "sequence: fresh." % ("Nested 4 KB/4 KB, VA %#x" % VA0 if cfgn == "nested" else "Stage-2-only STE",
                                      "unmaps" if what == "unmap" else "remaps", IPA0, txt),
                sc, domain=domain, flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, addr)).wr((dpa, 0 if what == "unmap" else s2_desc(NEWPA, 3)))
        v.host(rng(IPA0, P), during=[(a, T(SID, addr), w) for a, w in during])
        v.tr("fresh", T(SID, addr))
        v.finish()
    # two masters on one domain: a nested device and a stage-2-only device
    for ril in (True, False):
        sc = std_nested(smmu={"ril": ril})
        ste2 = {"V": 1, "Config": 6}
        ste2.update(ga.ste_s2f())
        sc.strtab["entries"].append({"sid": 5, "ste": ste2})
        dpa, lvl, d = s2_leaf(sc, IPA0 + P)
        v = Vec(F, "tlb.host.two-masters.%s" % ("ril" if ril else "noril"),
                ["policy.s2inval.sequence", "policy.s2inval.nh-all", RIL_RULE[ril], "arch.tlb.s2-ipa",
                 "arch.tlb.s2-ipa.combined", "arch.tlb.vmid-tag"],
                C_HOST,
                "One stage-2 domain (VMID 1) used by SID 3 through a nested domain and by SID 5 directly (Config "
                "0b110, same stage-2 table and VMID). The host remaps IPA %#x: S2_IPA removes SID 5's stage-2 entry and "
                "the stage-2 entry of SID 3's final IPA, NH_ALL(1) SID 3's combined entry; both devices see PA %#x "
                "afterwards." % (IPA0 + P, NEWPA), sc,
                domain=dom([{"sids": [SID]}, {"sids": [5], "nested": False}]), flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, VA0 + P)).tr("fresh", T(5, IPA0 + P))
        v.wr((dpa, s2_desc(NEWPA, 3)))
        v.tr("acceptable", T(SID, VA0 + P)).tr("acceptable", T(5, IPA0 + P))
        v.host(rng(IPA0 + P, P))
        v.tr("fresh", T(SID, VA0 + P)).tr("fresh", T(5, IPA0 + P))
        v.finish()
    # 16 KB and 64 KB stage-2 granules (page-shift 14, 16)
    for g2, ps in (("16k", 14), ("64k", 16)):
        for ril in (True, False):
            gs = 1 << ps
            s2m = [{"ia": IPA0, "oa": PA0, "size": gs}, {"ia": IPA0 + gs, "oa": PA0 + gs, "size": gs}]
            s1m = [{"ia": VA0, "oa": IPA0 + 0x1000, "size": P, "ng": True},
                   {"ia": VA0 + P, "oa": IPA0 + gs + 0x2000, "size": P, "ng": True}]
            sc = ga.nested("4k", 25, s1m, g2, 24, s2m, smmu={"ril": ril})
            dpa, lvl, d = s2_leaf(sc, IPA0)
            ttl = 4 - ((ps - 3) // (ps - 3))
            v = Vec(F, "tlb.host.granule-%s.%s" % (g2, "ril" if ril else "noril"),
                    ["policy.s2inval.sequence", RIL_RULE[ril], "policy.s2inval.nh-all", "arch.tlb.s2-ipa", "arch.tlb.tg",
                     "arch.tlb.combined"],
                    C_HOST + [S + "§4.4.1.1"],
                    "Nested, 4 KB stage 1 over a %s stage 2 (domain page-shift %d). VA %#x -> IPA %#x -> PA %#x; the "
                    "combined entry is 4 KB (the smaller leaf). The host remaps the %s page at IPA %#x to %#x: %s. "
                    "The stage-2 entry was inserted with the %s granule, which the command's TG names; NH_ALL removes "
                    "the combined entry: fresh afterwards, VA %#x (other page) unchanged." % (
                        g2.upper().replace("K", " KB"), ps, VA0, IPA0 + 0x1000, PA0 + 0x1000, g2, IPA0, NEWPA,
                        ("one TLBI_S2_IPA with TG %d (%s), TTL %d, NUM 0, SCALE 0" % ((ps - 10) // 2, g2, ttl)) if ril
                        else "one TLBI_S2_IPA without range fields", g2, VA0 + P),
                    sc, domain=dom(**{"page-shift": ps}), flags=["MID-UPDATE"])
            v.tr("fresh", T(SID, VA0)).tr("fresh", T(SID, VA0 + P))
            v.wr((dpa, s2_desc(NEWPA, lvl)))
            v.tr("acceptable", T(SID, VA0))
            v.host(rng(IPA0, gs))
            v.tr("fresh", T(SID, VA0)).tr("fresh", T(SID, VA0 + P))
            v.finish()
    # several pages in one change
    for ril in (True, False):
        sc = std_nested(smmu={"ril": ril})
        dpa, lvl, d = s2_leaf(sc, IPA0)
        v = Vec(F, "tlb.host.four-pages.%s" % ("ril" if ril else "noril"),
                ["policy.s2inval.sequence", RIL_RULE[ril], "policy.s2inval.full-range", "policy.s2inval.nh-all",
                 "arch.tlb.range" if ril else "arch.tlb.s2-ipa"],
                C_HOST + [S + "§4.4.1.1"],
                "Nested; the host unmaps the four stage-2 pages IPA %#x..%#x (four consecutive descriptors at PA %#x) "
                "in one change of 16 KB: %s. Every page's stage-2 entry is in range, NH_ALL removes the combined "
                "entries: VA %#x and VA %#x fault afterwards (fresh)." % (
                    IPA0, IPA0 + 3 * P, dpa, "one TLBI_S2_IPA with TG 4 KB, TTL 3, NUM 0, SCALE 2 (4 pages)" if ril
                    else "four TLBI_S2_IPA, one per page", VA0, VA0 + 3 * P),
                sc, domain=dom(), flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, VA0)).tr("fresh", T(SID, VA0 + 3 * P))
        v.wr((dpa, [0, 0, 0, 0]))
        v.tr("acceptable", T(SID, VA0 + 3 * P))
        v.host(rng(IPA0, 4 * P))
        v.tr("fresh", T(SID, VA0)).tr("fresh", T(SID, VA0 + 3 * P))
        v.finish()
    # 33 pages: two RIL chunks (1 page, then 32)
    for ril in (True, False):
        base = 0x48000000
        maps = [{"ia": base + i * P, "oa": 0x78000000 + i * P, "size": P} for i in range(40)]
        sc = std_s2(smmu={"ril": ril}, maps=maps)
        dpa, lvl, d = s2_leaf(sc, base)
        v = Vec(F, "tlb.host.33-pages.%s" % ("ril" if ril else "noril"),
                ["policy.s2inval.sequence", RIL_RULE[ril], "policy.s2inval.full-range", "arch.tlb.range" if ril else "arch.tlb.s2-ipa"],
                C_HOST + [S + "§4.4.1.1"],
                "Stage-2-only STE with 40 pages at IPA %#x; the host unmaps the first 33 (one write of 33 zero "
                "descriptors) as one change. %s. Pages 0, 1 and 32 fault afterwards (fresh); page 33 was not "
                "changed and still translates." % (
                    base, "With RIL the page count 33 = 0b100001 needs two commands: NUM 0 SCALE 0 at page 0, then "
                    "NUM 0 SCALE 5 (32 pages) at page 1" if ril else "Without RIL: 33 TLBI_S2_IPA, one per page"),
                sc, domain=dom([{"sids": [SID], "nested": False}]), flags=["MID-UPDATE"])
        for i in (0, 1, 32, 33):
            v.tr("fresh", T(SID, base + i * P))
        v.wr((dpa, [0] * 33))
        v.tr("acceptable", T(SID, base + 32 * P))
        v.host(rng(base, 33 * P))
        for i in (0, 1, 32, 33):
            v.tr("fresh", T(SID, base + i * P))
        v.finish()



# ---------------------------------------------------------------------------
# Theme: the planted broken variants (each shown STALE)
# ---------------------------------------------------------------------------
VIOMMU = {"vmid": VMID, "vdevs": [{"vsid": 0x10, "psid": SID}]}
ATS_DOM = {"vmid": VMID, "masters": [{"sids": [SID], "ats": True}]}


def fam_bugs():
    F = "bugs"
    # no-nh-all
    for name, cfgn, ril, what in (("unmap.page.ril", "nested", True, "unmap"), ("unmap.page.noril", "nested", False, "unmap"),
                                  ("remap.page", "nested", True, "remap"), ("ro.page", "nested", False, "ro"),
                                  ("unmap.block", "nested", True, "block"),
                                  ("s2-only.ril", "s2", True, "unmap"), ("s2-only.noril", "s2", False, "unmap")):
        sc = std_nested(smmu={"ril": ril}) if cfgn == "nested" else std_s2(smmu={"ril": ril})
        blk = what == "block"
        ipa = BLK_IPA if blk else IPA0
        addr = (BLK_VA if blk else VA0) if cfgn == "nested" else IPA0
        dpa, lvl, d = s2_leaf(sc, ipa)
        new = s2_desc(NEWPA, lvl) if what == "remap" else s2_desc(PA0, lvl, s2ap=1) if what == "ro" else 0
        wr = what == "ro"
        if cfgn == "nested":
            want = "stale"
            cm = ("Nested 4 KB/4 KB; the host %s %s and runs a sequence without TLBI_NH_ALL (bug no-nh-all): %s + "
                  "CMD_SYNC removes the stage-2 entry but TLBI_S2_IPA is not required to remove the combined VA->PA "
                  "entry, which still gives PA %#x after the settle point: STALE." % (
                      {"unmap": "unmaps", "remap": "remaps to %#x" % NEWPA, "ro": "makes read-only", "block": "unmaps"}[what],
                      "the 2 MB block at IPA %#x" % BLK_IPA if blk else "IPA %#x" % IPA0,
                      RIL_TXT[ril], (BLK_PA + 0x5000) if blk else PA0))
            rules = ["policy.s2inval.nh-all", "arch.tlb.s2-ipa.combined", "arch.tlb.retention"]
        else:
            want = "fresh"
            cm = ("The same broken sequence (bug no-nh-all) for a stage-2-only STE: TLBI_S2_IPA is sufficient for "
                  "translations of a stage-2-only configuration (IHI0070 §4.4.3.1), so nothing stale remains; the "
                  "bug only shows on nested devices.")
            rules = ["arch.tlb.s2-ipa.combined", "arch.tlb.s2-ipa", "policy.s2inval.nh-all"]
        v = Vec(F, "tlb.bug.no-nh-all.%s.%s" % (cfgn, name) if cfgn == "nested" else "tlb.bug.no-nh-all.%s" % name,
                rules + [RIL_RULE[ril]], C_HOST, cm, sc, bug="no-nh-all",
                domain=dom() if cfgn == "nested" else dom([{"sids": [SID], "nested": False}]))
        v.tr("fresh", T(SID, addr, write=wr)).wr((dpa, new))
        v.host(rng(BLK_IPA, MB2, granule=MB2) if blk else rng(IPA0, P))
        v.tr(want, T(SID, addr, write=wr))
        v.finish()
    # no-atc-full
    for name, what in (("unmap.page", "unmap"), ("remap.page", "remap"), ("unmap.block", "block")):
        sc = std_nested(ste_kw={"EATS": 1})
        blk = what == "block"
        ipa = BLK_IPA if blk else IPA0
        addr = BLK_VA if blk else VA0
        dpa, lvl, d = s2_leaf(sc, ipa)
        v = Vec(F, "tlb.bug.no-atc-full.%s" % name,
                ["policy.s2inval.nested-ats-flush", "arch.atc.nested-va", "arch.atc.inv", "arch.tlb.retention"] +
                (["arch.atc.denied"] if what != "remap" else []),
                C_HOST + ["linux f27298a82ba0", S + "§3.9.1", S + "§4.5.1"],
                "Nested STE with full ATS (EATS=0b01), the device caches VA %#x -> PA %#x in its ATC. The host %s IPA %#x "
                "and, with bug no-atc-full, sends a ranged ATC_INV for the changed IPA range instead of the full flush "
                "v6.13+ sends for nested ATS masters. The ATC is indexed by VA, so the entry survives and the device "
                "still uses PA %#x after the settle point: STALE (kind atc). A translation through the SMMU itself "
                "(no ATC) is fresh: the SMMU TLBs were invalidated correctly. seed-v2 is left out: it never enables "
                "ATS on a nested master." % (
                    addr, (BLK_PA + 0x5000) if blk else PA0, "remaps" if what == "remap" else "unmaps", ipa,
                    (BLK_PA + 0x5000) if blk else PA0),
                sc, bug="no-atc-full", policies=ATS_FLUSH_POLICIES, domain=ATS_DOM)
        v.tr("fresh", T(SID, addr, kind="atc")).wr((dpa, s2_desc(NEWPA, lvl) if what == "remap" else 0))
        v.host(rng(BLK_IPA, MB2, granule=MB2) if blk else rng(IPA0, P))
        v.tr("stale", T(SID, addr, kind="atc"))
        v.tr("fresh", T(SID, addr))
        v.finish()
    sc = std_s2(ste_kw={"EATS": 1})
    dpa, lvl, d = s2_leaf(sc, IPA0)
    v = Vec(F, "tlb.bug.no-atc-full.s2-only",
            ["policy.s2inval.ranged-atc", "arch.atc.inv", "policy.s2inval.nested-ats-flush"],
            C_HOST + [S + "§4.5.1"],
            "Stage-2-only STE with full ATS attached directly to the domain (nested: false): the device address is "
            "the IPA, so the ranged ATC_INV (Size 0 at IPA %#x) that every policy sends for a non-nested master "
            "hits the ATC entry. Bug no-atc-full only changes nested masters: fresh." % IPA0,
            sc, bug="no-atc-full", policies=ATS_FLUSH_POLICIES,
            domain=dom([{"sids": [SID], "ats": True, "nested": False}]))
    v.tr("fresh", T(SID, IPA0, kind="atc")).wr((dpa, s2_desc(NEWPA, 3)))
    v.host(rng(IPA0, P))
    v.tr("fresh", T(SID, IPA0, kind="atc"))
    v.finish()
    # no-sync-before-nh-all
    for what in ("unmap", "remap"):
        for ril in (True, False):
            sc = std_nested(smmu={"ril": ril})
            dpa, lvl, d = s2_leaf(sc, IPA0)
            new = 0 if what == "unmap" else s2_desc(NEWPA, 3)
            v = Vec(F, "tlb.bug.no-sync-before-nh-all.%s.%s" % (what, "ril" if ril else "noril"),
                    ["policy.s2inval.sync-before-nh-all", "arch.tlb.unordered", "arch.tlb.s2-ipa.combined",
                     "arch.tlb.retention", RIL_RULE[ril]],
                    C_HOST + [S + "§4.7.3"],
                    "Nested; the host %s IPA %#x with bug no-sync-before-nh-all: the queue is 1 TLBI_S2_IPA%s, "
                    "2 TLBI_NH_ALL, 3 CMD_SYNC. The device translates VA %#x after command 2: the two commands may "
                    "complete in any order, and under max the NH_ALL completes first, so the combined entry is gone "
                    "while the stage-2 entry of IPA %#x is still cached; the walk refills a combined entry from it "
                    "(old PA %#x, acceptable inside the update). The CMD_SYNC then removes the stage-2 entry, but the "
                    "refilled combined entry survives: after the sequence VA %#x still gives PA %#x: STALE." % (
                        "unmaps" if what == "unmap" else "remaps to %#x" % NEWPA, IPA0,
                        " (ranged)" if ril else "", VA0, IPA0, PA0, VA0, PA0),
                    sc, bug="no-sync-before-nh-all", domain=dom(), flags=["MID-UPDATE"])
            v.tr("fresh", T(SID, VA0)).wr((dpa, new))
            v.host(rng(IPA0, P), during=[(2, T(SID, VA0), "acceptable")])
            v.tr("stale", T(SID, VA0))
            v.finish()
    sc = std_nested()
    dpa, lvl, d = s2_leaf(sc, IPA0)
    v = Vec(F, "tlb.bug.no-sync-before-nh-all.no-walk-in-window",
            ["policy.s2inval.sync-before-nh-all", "arch.tlb.unordered", "arch.tlb.sync"],
            C_HOST + [S + "§4.7.3"],
            "The same broken queue (TLBI_S2_IPA, TLBI_NH_ALL, CMD_SYNC) with no translation inside it: at the CMD_SYNC "
            "both commands complete, the stage-2 and the combined entries go, and the next translation is fresh. "
            "The missing CMD_SYNC only matters when a walk runs in the window, which is why the other vectors of this "
            "bug translate `during` the sequence.",
            sc, bug="no-sync-before-nh-all", domain=dom())
    v.tr("fresh", T(SID, VA0)).wr((dpa, 0)).host(rng(IPA0, P)).tr("fresh", T(SID, VA0))
    v.finish()
    # partial-range
    for cfgn in ("nested", "s2"):
        for ril in (True, False):
            sc = std_nested(smmu={"ril": ril}) if cfgn == "nested" else std_s2(smmu={"ril": ril})
            dpa, lvl, d = s2_leaf(sc, IPA0)
            a0, a1 = (VA0, VA0 + P) if cfgn == "nested" else (IPA0, IPA0 + P)
            v = Vec(F, "tlb.bug.partial-range.%s.%s" % (cfgn, "ril" if ril else "noril"),
                    ["policy.s2inval.full-range", "arch.tlb.s2-ipa", "arch.tlb.retention", RIL_RULE[ril]] +
                    (["arch.tlb.range"] if ril else []),
                    C_HOST + [S + "§4.4.1.1"],
                    "%s; the host unmaps the two pages IPA %#x and %#x in one 8 KB change, with bug partial-range: the "
                    "TLBI_S2_IPA covers only the first granule (%s). %s The first page faults afterwards (fresh); the "
                    "stage-2 entry of the second page was never invalidated and still gives PA %#x: STALE." % (
                        "Nested 4 KB/4 KB" if cfgn == "nested" else "Stage-2-only STE", IPA0, IPA0 + P,
                        "TG 4 KB, TTL 3, NUM 0, SCALE 0" if ril else "one command at IPA %#x" % IPA0,
                        "NH_ALL removes both combined entries, so the walk for VA %#x reaches the stale stage-2 entry "
                        "of its final IPA." % (VA0 + P) if cfgn == "nested" else "", PA0 + P),
                    sc, bug="partial-range",
                    domain=dom() if cfgn == "nested" else dom([{"sids": [SID], "nested": False}]))
            v.tr("fresh", T(SID, a0)).tr("fresh", T(SID, a1)).wr((dpa, [0, 0]))
            v.host(rng(IPA0, 2 * P))
            v.tr("fresh", T(SID, a0)).tr("stale", T(SID, a1))
            v.finish()
    sc = std_nested()
    dpa, lvl, d = s2_leaf(sc, IPA0)
    v = Vec(F, "tlb.bug.partial-range.one-page",
            ["policy.s2inval.full-range", "arch.tlb.s2-ipa"], C_HOST,
            "Bug partial-range on a one-page change: the first granule is the whole change, so the broken sequence "
            "is the correct one and the translation is fresh.", sc, bug="partial-range", domain=dom())
    v.tr("fresh", T(SID, VA0)).wr((dpa, 0)).host(rng(IPA0, P)).tr("fresh", T(SID, VA0))
    v.finish()
    # vmid-passthrough (guest path)
    for op, c in (("nh-va", cmd("TLBI_NH_VA", vmid=7, asid=ASID, addr=VA0, leaf=True)),
                  ("nh-vaa", cmd("TLBI_NH_VAA", vmid=7, addr=VA0, leaf=True)),
                  ("nh-asid", cmd("TLBI_NH_ASID", vmid=7, asid=ASID)),
                  ("nh-all", cmd("TLBI_NH_ALL", vmid=7))):
        sc = std_nested()
        spa, lvl, d = s1_leaf(sc, VA0)
        v = Vec(F, "tlb.bug.vmid-passthrough.%s" % op,
                ["policy.viommu.vmid", "arch.tlb.vmid-tag", "arch.tlb.retention"],
                ["linux.md §5", S + "§4.3.7", S + "§4.4.2"],
                "Nested; the guest remaps VA %#x to IPA %#x in its stage-1 table (descriptor at PA %#x) and issues "
                "%s with VMID 7 of its own choosing. With bug vmid-passthrough the host forwards VMID 7 instead of "
                "overwriting it with the vIOMMU's VMID 1, so the command matches nothing of this VM: the combined "
                "entry (VMID 1, ASID 1) still gives PA %#x: STALE." % (VA0, IPA0 + 2 * P, spa, c["op"], PA0),
                sc, bug="vmid-passthrough", viommu=VIOMMU)
        v.tr("fresh", T(SID, VA0)).wr((spa, s1_desc(IPA0 + 2 * P, 3)))
        v.guest(c)
        v.tr("stale", T(SID, VA0))
        v.finish()
    sc = std_nested()
    spa, lvl, d = s1_leaf(sc, VA0)
    v = Vec(F, "tlb.bug.vmid-passthrough.same-vmid",
            ["policy.viommu.vmid", "arch.tlb.nh-va"], ["linux.md §5"],
            "Bug vmid-passthrough, but the guest happens to put the host's VMID 1 in its TLBI_NH_VA: the command "
            "removes the combined entry and the translation is fresh. The bug is only visible when the guest's VMID "
            "field differs from the vIOMMU's.", sc, bug="vmid-passthrough", viommu=VIOMMU)
    v.tr("fresh", T(SID, VA0)).wr((spa, s1_desc(IPA0 + 2 * P, 3)))
    v.guest(cmd("TLBI_NH_VA", vmid=VMID, asid=ASID, addr=VA0, leaf=True))
    v.tr("fresh", T(SID, VA0))
    v.finish()



# ---------------------------------------------------------------------------
# Theme: the guest's own invalidations through the vIOMMU (v6.13+)
# ---------------------------------------------------------------------------
C_GUEST = ["linux.md §5", S + "§4.3.7", S + "§4.4.2"]
GUEST_OPS = [
    ("nh-va", lambda: cmd("TLBI_NH_VA", vmid=7, asid=ASID, addr=VA0, leaf=True), "arch.tlb.nh-va", "policy.viommu.vmid"),
    ("nh-vaa", lambda: cmd("TLBI_NH_VAA", vmid=7, addr=VA0, leaf=True), "arch.tlb.nh-vaa", "policy.viommu.vmid"),
    ("nh-asid", lambda: cmd("TLBI_NH_ASID", vmid=7, asid=ASID), "arch.tlb.nh-asid", "policy.viommu.vmid"),
    ("nh-all", lambda: cmd("TLBI_NH_ALL", vmid=7), "arch.tlb.nh-all", "policy.viommu.vmid"),
    ("nsnh-all", lambda: cmd("TLBI_NSNH_ALL"), "arch.tlb.nh-all", "policy.viommu.nsnh"),
]


def guest_s1_change(sc, what):
    spa, lvl, d = s1_leaf(sc, VA0)
    if what == "remap":
        return spa, s1_desc(IPA0 + 2 * P, 3), "remaps VA %#x to IPA %#x" % (VA0, IPA0 + 2 * P)
    if what == "unmap":
        return spa, 0, "unmaps VA %#x" % VA0
    return spa, s1_desc(IPA0, 3, ap=3), "makes VA %#x read-only (AP=11)" % VA0


def fam_guest():
    F = "guest"
    for what in ("remap", "unmap"):
        for name, mk, arule, prule in GUEST_OPS:
            sc = std_nested()
            spa, new, txt = guest_s1_change(sc, what)
            c = mk()
            conv = "TLBI_NH_ALL with VMID 1" if name == "nsnh-all" else "%s with the VMID field overwritten to 1" % c["op"]
            v = Vec(F, "tlb.guest.%s.%s" % (what, name), [prule, arule, "arch.tlb.mid-update", "arch.tlb.combined"],
                    C_GUEST,
                    "Nested (VMID 1, ASID 1, nG=1 pages); the guest %s in its stage-1 table (descriptor at PA %#x, "
                    "reached through IPA) and issues %s%s through the vIOMMU. Before the guest's command the combined "
                    "entry still gives PA %#x (acceptable). The host converts it to %s and issues it with a CMD_SYNC: "
                    "the combined entry goes and the translation is fresh (%s)." % (
                        txt, spa, c["op"], "" if name == "nsnh-all" else " with the guest's own VMID 7", PA0, conv,
                        "PA %#x" % (PA0 + 2 * P) if what == "remap" else "a stage-1 F_TRANSLATION"),
                    sc, viommu=VIOMMU, flags=["MID-UPDATE"])
            v.tr("fresh", T(SID, VA0)).wr((spa, new)).tr("acceptable", T(SID, VA0))
            v.guest(c)
            v.tr("fresh", T(SID, VA0)).tr("fresh", T(SID, VA0 + P))
            v.finish()
    # read-only
    for name, c in (("nh-va", cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True)),
                    ("nh-vaa", cmd("TLBI_NH_VAA", vmid=0, addr=VA0, leaf=True))):
        sc = std_nested()
        spa, new, txt = guest_s1_change(sc, "ro")
        v = Vec(F, "tlb.guest.ro.%s" % name, ["policy.viommu.vmid", "arch.tlb.%s" % name, "arch.tlb.mid-update"],
                C_GUEST + [S + "§4.4"],
                "Nested; the guest %s and issues %s (VMID 0 in the guest's command, address %#x, Leaf=1). A write "
                "before the command is still allowed by "
                "the cached entry (acceptable); after it the write is a stage-1 F_PERMISSION and a read still "
                "translates (fresh)." % (txt, c["op"], c["addr"]),
                sc, viommu=VIOMMU, flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, VA0, write=True)).wr((spa, new)).tr("acceptable", T(SID, VA0, write=True))
        v.guest(c)
        v.tr("fresh", T(SID, VA0, write=True)).tr("fresh", T(SID, VA0))
        v.finish()
    # range NH_VA from the guest
    for num, scale, inside in ((1, 0, 2), (1, 1, 4)):
        sc = std_nested()
        spa, lvl, d = s1_leaf(sc, VA0)
        news = [s1_desc(IPA0 + ((i + 1) % 4) * P, 3) for i in range(4)]
        c = cmd("TLBI_NH_VA", vmid=7, asid=ASID, addr=VA0, leaf=True, tg=1, ttl=3, num=num, scale=scale)
        v = Vec(F, "tlb.guest.range.num%d-scale%d" % (num, scale),
                ["policy.viommu.vmid", "arch.tlb.range", "arch.tlb.ttl", "arch.tlb.nh-va"],
                C_GUEST + [S + "§4.4.1.1"],
                "Nested; the guest rotates its four pages VA %#x..%#x (each now maps the next IPA) and issues one "
                "TLBI_NH_VA with TG 4 KB, TTL 3, NUM %d, SCALE %d: (NUM+1) * 2^SCALE = %d pages from VA %#x "
                "(IHI0070 §4.4.1.1). The pages inside the range are fresh afterwards%s." % (
                    VA0, VA0 + 3 * P, num, scale, inside, VA0,
                    "; VA %#x and %#x lie outside it and their combined entries still give the old PAs: STALE" % (
                        VA0 + 2 * P, VA0 + 3 * P) if inside < 4 else ", which is all four"),
                sc, viommu=VIOMMU)
        for i in range(4):
            v.tr("fresh", T(SID, VA0 + i * P))
        v.wr((spa, news))
        v.guest(c)
        for i in range(4):
            v.tr("fresh" if i < inside else "stale", T(SID, VA0 + i * P))
        v.finish()
    # the guest's own mistakes: wrong ASID; Leaf=1 after a table change
    sc = std_nested()
    spa, new, txt = guest_s1_change(sc, "remap")
    v = Vec(F, "tlb.guest.wrong-asid", ["arch.tlb.nh-va", "arch.tlb.asid-tag", "arch.tlb.retention"], C_GUEST,
            "Nested; the guest remaps VA %#x but issues TLBI_NH_VA for ASID 2, while its CD (and so the cached entry) "
            "uses ASID 1 and the page is non-global: the entry stays and gives PA %#x: STALE; a second NH_VA for ASID 1 "
            "makes it fresh." % (VA0, PA0), sc, viommu=VIOMMU)
    v.tr("fresh", T(SID, VA0)).wr((spa, new))
    v.guest(cmd("TLBI_NH_VA", vmid=0, asid=2, addr=VA0, leaf=True)).tr("stale", T(SID, VA0))
    v.guest(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True)).tr("fresh", T(SID, VA0))
    v.finish()
    for leaf in (True, False):
        sc = std_nested()
        built(sc)
        l2pa, _, l2d = table_walk(sc, "s1", VA0, stop_level=2)
        l3_ipa_new = S1_POOL_IPA + 0xf0000
        l3_pa_new = S1_POOL_PA + 0xf0000
        idx = (VA0 >> 12) & 511
        v = Vec(F, "tlb.guest.table-change.leaf%d" % leaf,
                ["arch.tlb.leaf", "arch.tlb.walk-cache", "arch.tlb.nh-va", "policy.viommu.vmid"],
                C_GUEST + [S + "§4.4.2.4", S + "§4.4.1.1"],
                "Nested; the guest builds a new level-3 table at IPA %#x (PA %#x) in which VA %#x..%#x map IPA %#x, "
                "%#x, %#x, %#x and repoints the level-2 table descriptor (PA %#x) to it, then issues TLBI_NH_VA(VA %#x) with Leaf=%d. %s" % (
                    l3_ipa_new, l3_pa_new, VA0, VA0 + 3 * P, IPA0 + 2 * P, IPA0 + 3 * P, IPA0, IPA0 + P, l2pa, VA0, leaf,
                    "Leaf=1 removes only the last-level (combined) entry; the cached level-2 table descriptor still "
                    "points at the old table, so the walk finds the old page and VA %#x gives PA %#x: STALE." % (VA0, PA0)
                    if leaf else "Leaf=0 also removes the cached table descriptors on the way to VA %#x: fresh, PA %#x." % (
                        VA0, PA0 + 2 * P)),
                sc, viommu=VIOMMU)
        v.tr("fresh", T(SID, VA0))
        v.wr((l3_pa_new + 8 * idx, [s1_desc(IPA0 + ((i + 2) % 4) * P, 3) for i in range(4)]),
             (l2pa, l3_ipa_new | 3))
        v.guest(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=leaf))
        v.tr("stale" if leaf else "fresh", T(SID, VA0))
        v.finish()
    # guest CD changes
    cdpa = ga.CD_IPA_PA
    for name, cmds_, err, want, keep_asid, txt in (
            ("cfgi-cd", [cmd("CFGI_CD", sid=0x10, ssid=0, leaf=True), cmd("TLBI_NH_ASID", vmid=0, asid=ASID)], None,
             "fresh", False, "CFGI_CD (vSID 0x10 -> SID 3) and TLBI_NH_ASID of the old ASID: the CD is refetched with "
             "ASID 2 and the new table: fresh"),
            ("cfgi-cd-all", [cmd("CFGI_CD_ALL", sid=0x10)], None, "fresh", False,
             "CFGI_CD_ALL (vSID 0x10 -> SID 3): the CD is refetched: fresh (the old ASID-1 entries are simply no "
             "longer looked up)"),
            ("no-cfgi-cd", [cmd("TLBI_NH_ASID", vmid=0, asid=ASID)], None, "stale", False,
             "only TLBI_NH_ASID of the old ASID: the cached CD still names ASID 1 and the old table, so the walk "
             "rebuilds the old translation: STALE"),
            ("cfgi-cd-bad-vsid", [cmd("CFGI_CD", sid=0x11, ssid=0, leaf=True)], "EIO", "stale", False,
             "CFGI_CD with vSID 0x11, which has no vDEVICE: the call fails with EIO, nothing is issued: STALE"),
            ("same-asid-no-tlbi", [cmd("CFGI_CD", sid=0x10, ssid=0, leaf=True)], None, "stale", True,
             "keeping ASID 1 and issuing only CFGI_CD: the CD is refetched, but the combined entry tagged ASID 1 "
             "still matches (CFGI_* touch no TLB): STALE")):
        sc = std_nested(s1m=s1_maps())
        sc.table("s1b", 1, "4k", 25, (S1_POOL_IPA + 0x80000, 0x40000),
                 [{"ia": VA0, "oa": IPA0 + 3 * P, "size": P, "ng": True}], s2="s2")
        built(sc)
        newcd = ga.cd_f(t="s1b", ASID=ASID if keep_asid else 2)
        rules = ["policy.viommu.vsid", "arch.cfgi.cfgi-cd", "arch.cfgi.no-tlb", "arch.cfgi.required"]
        if name == "cfgi-cd-all":
            rules.append("arch.cfgi.cfgi-cd-all")
        if err:
            rules.append("policy.viommu.eio")
        v = Vec(F, "tlb.guest.cd.%s" % name, rules, C_GUEST + [S + "§4.3.3"],
                "Nested; the guest rewrites its CD (IPA %#x, PA %#x) to use a new stage-1 table (VA %#x -> IPA %#x) "
                "%s, and issues %s." % (CD_IPA, cdpa, VA0, IPA0 + 3 * P,
                                        "with the same ASID 1" if keep_asid else "and ASID 2", txt),
                sc, viommu=VIOMMU)
        v.tr("fresh", T(SID, VA0)).wr(*cd_word_writes(sc, cdpa, newcd))
        v.guest(*cmds_, error=err)
        v.tr(want, T(SID, VA0))
        if keep_asid:
            v.guest(cmd("TLBI_NH_ASID", vmid=0, asid=ASID)).tr("fresh", T(SID, VA0))
        v.finish()
    # EIO: commands the vIOMMU does not forward
    for name, bad, rule in (("cfgi-ste", cmd("CFGI_STE", sid=0x10, leaf=True), "policy.viommu.eio"),
                            ("sync", SYNC, "policy.viommu.eio"),
                            ("s2-ipa", cmd("TLBI_S2_IPA", vmid=VMID, addr=IPA0, leaf=True), "policy.viommu.eio")):
        sc = std_nested()
        spa, new, txt = guest_s1_change(sc, "remap")
        v = Vec(F, "tlb.guest.eio.%s" % name, [rule, "policy.viommu.batch", "arch.tlb.retention"], C_GUEST,
                "Nested; the guest %s and sends [TLBI_NH_VA(VA %#x), %s] in one call. %s is not on the vIOMMU's "
                "list: the call fails with EIO, and the TLBI_NH_VA, converted but still in the open batch, is never "
                "issued (linux.md §5 edge case (a)): STALE. The guest's retry with the TLBI_NH_VA alone makes it "
                "fresh." % (txt, VA0, bad["op"], bad["op"]), sc, viommu=VIOMMU)
        v.tr("fresh", T(SID, VA0)).wr((spa, new))
        v.guest(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True), bad, error="EIO")
        v.tr("stale", T(SID, VA0))
        v.guest(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True)).tr("fresh", T(SID, VA0))
        v.finish()
    # batches of 63
    for pos, want in ((62, "fresh"), (63, "stale")):
        sc = std_nested()
        spa, new, txt = guest_s1_change(sc, "remap")
        filler = [cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=0x20000000 + i * P, leaf=True) for i in range(pos)]
        cs = filler + [cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True), cmd("CFGI_STE", sid=0x10, leaf=True)]
        v = Vec(F, "tlb.guest.batch.nh-va-at-%d" % pos, ["policy.viommu.batch", "policy.viommu.eio"], C_GUEST,
                "Nested; the guest remaps VA %#x and sends %d commands: %d TLBI_NH_VA for unrelated VAs, the "
                "TLBI_NH_VA for VA %#x at index %d, then CFGI_STE (EIO). The host issues batches of 63 commands, each "
                "with a CMD_SYNC; %s" % (
                    VA0, pos + 2, pos, VA0, pos,
                    "index 62 closes the first batch, which is issued before the CFGI_STE fails: fresh." if want == "fresh"
                    else "index 63 opens the second batch, which the failing CFGI_STE discards: STALE."),
                sc, viommu=VIOMMU)
        v.tr("fresh", T(SID, VA0)).wr((spa, new))
        v.guest(*cs, error="EIO")
        v.tr(want, T(SID, VA0))
        v.finish()
    # global pages: NH_ASID does not remove them
    for name, c, want in (("nh-asid", cmd("TLBI_NH_ASID", vmid=0, asid=ASID), "stale"),
                          ("nh-vaa", cmd("TLBI_NH_VAA", vmid=0, addr=VA0, leaf=True), "fresh")):
        sc = std_nested(ng=False)
        spa, lvl, d = s1_leaf(sc, VA0)
        v = Vec(F, "tlb.guest.global.%s" % name, ["arch.tlb.nh-asid", "arch.tlb.nh-vaa", "policy.viommu.vmid"],
                C_GUEST + [S + "§4.4.2.2", S + "§4.4.2.3"],
                "Nested; the guest's pages are global (nG=0). It remaps VA %#x and issues %s: %s" % (
                    VA0, c["op"], "NH_ASID removes only non-global entries, so the global combined entry stays: STALE."
                    if want == "stale" else "NH_VAA removes entries of every ASID, global ones included: fresh."),
                sc, viommu=VIOMMU)
        v.tr("fresh", T(SID, VA0)).wr((spa, s1_desc(IPA0 + 2 * P, 3, ng=False)))
        v.guest(c).tr(want, T(SID, VA0))
        v.finish()



# ---------------------------------------------------------------------------
# Theme: configuration caches (STE, L1STD, CD, L1CD), VMID and ASID reuse
# ---------------------------------------------------------------------------
C_CFG = [S + "§4.3", S + "§4.3.1", S + "§4.3.3", S + "§4.7.3"]


def s2_ste(t="s2", vmid=VMID):
    d = {"V": 1, "Config": 6}
    d.update(ga.ste_s2f(t=t, S2VMID=vmid))
    return d


def nested_s2b_maps(data_pa):
    return [{"ia": CD_IPA, "oa": ga.CD_IPA_PA, "size": P},
            {"ia": S1_POOL_IPA, "oa": S1_POOL_PA, "size": MB2},
            {"ia": IPA0, "oa": data_pa, "size": P}]


def fam_config():
    F = "config"
    # --- CD changes -----------------------------------------------------
    for cfgn in ("s1", "nested"):
        for name in ("no-cfgi", "cfgi-new-asid", "cfgi-same-asid"):
            if cfgn == "s1":
                sc = std_s1()
                sc.table("s1b", 1, "4k", 25, (0x140000, 0x10000), [{"ia": VA0, "oa": NEWPA, "size": P, "ng": True}])
                cdpa, vmid, newpa = ga.CD_PA, 0, NEWPA
            else:
                sc = std_nested()
                sc.table("s1b", 1, "4k", 25, (S1_POOL_IPA + 0x80000, 0x40000),
                         [{"ia": VA0, "oa": IPA0 + 3 * P, "size": P, "ng": True}], s2="s2")
                cdpa, vmid, newpa = ga.CD_IPA_PA, VMID, PA0 + 3 * P
            built(sc)
            same = name == "cfgi-same-asid"
            newcd = ga.cd_f(t="s1b", ASID=ASID if same else 2)
            ccd = cmd("CFGI_CD", sid=SID, ssid=0, leaf=True)
            rules = ["arch.cfgi.cfgi-cd", "arch.cfgi.required", "arch.tlb.retention"]
            if name == "no-cfgi":
                txt = ("a CMD_SYNC alone settles without CFGI_CD: the cached CD (old TTB0, ASID 1) still serves and VA "
                       "%#x gives the old PA: STALE; CFGI_CD + CMD_SYNC then makes it fresh" % VA0)
            elif name == "cfgi-new-asid":
                txt = ("before any command the cached CD serves (acceptable); CFGI_CD(SID 3, SSID 0) + CMD_SYNC makes the "
                       "SMMU refetch it, the new ASID 2 misses in the TLB and the walk of the new table gives PA %#x: "
                       "fresh" % newpa)
                rules.append("arch.tlb.mid-update")
            else:
                txt = ("the CD keeps ASID 1; CFGI_CD + CMD_SYNC refetches the CD, but the TLB entry tagged (VMID %d, "
                       "ASID 1, VA %#x) still matches, because no CFGI_* touches the TLB: STALE; TLBI_NH_ASID(%d, 1) + "
                       "CMD_SYNC then makes it fresh" % (vmid, VA0, vmid))
                rules += ["arch.cfgi.no-tlb", "arch.tlb.nh-asid"]
            v = Vec(F, "tlb.config.cd.%s.%s" % (cfgn, name), rules, C_CFG + [S + "§5.4.1"],
                    "%s; the CD (PA %#x) is rewritten to a new stage-1 table mapping VA %#x to %#x%s; %s." % (
                        "Stage 1 only" if cfgn == "s1" else "Nested, CD at IPA %#x" % CD_IPA, cdpa, VA0,
                        newpa if cfgn == "s1" else IPA0 + 3 * P, " (same ASID)" if same else " with ASID 2", txt),
                    sc, flags=["MID-UPDATE"] if name == "cfgi-new-asid" else None)
            v.tr("fresh", T(SID, VA0)).wr(*cd_word_writes(sc, cdpa, newcd))
            if name == "no-cfgi":
                v.cmds(SYNC).tr("stale", T(SID, VA0)).cmds(ccd, SYNC).tr("fresh", T(SID, VA0))
            elif name == "cfgi-new-asid":
                v.tr("acceptable", T(SID, VA0)).cmds(ccd, SYNC).tr("fresh", T(SID, VA0))
            else:
                v.cmds(ccd, SYNC).tr("stale", T(SID, VA0))
                v.cmds(cmd("TLBI_NH_ASID", vmid=vmid, asid=ASID), SYNC).tr("fresh", T(SID, VA0))
            v.finish()
    # --- STE becomes abort ----------------------------------------------
    for cfgn in ("nested", "s1", "s2"):
        sc = {"nested": std_nested, "s1": std_s1, "s2": std_s2}[cfgn]()
        built(sc)
        addr = IPA0 if cfgn == "s2" else VA0
        old = sc.ste_fields[ste_pa(sc, SID)]
        new = dict(old, Config=0)
        v = Vec(F, "tlb.config.ste-abort.%s" % cfgn,
                ["arch.cfgi.cfgi-ste", "arch.cfgi.required", "arch.tlb.sync", "arch.tlb.mid-update"], C_CFG,
                "%s STE of SID 3 rewritten to Config 0b000 (abort, no event). Steps: right after the write the cached "
                "STE still translates (acceptable); after a bare CMD_SYNC it is STALE (the software declared the "
                "update complete without CFGI_STE); with CFGI_STE queued but no CMD_SYNC yet it is still STALE "
                "(the command is not complete and the last settle point was the bare CMD_SYNC); after the CMD_SYNC "
                "the SMMU refetches the STE and aborts silently: fresh. No TLB invalidation is needed: with Config "
                "0b000 no TLB entry is looked up." % {"nested": "Nested", "s1": "Stage-1-only", "s2": "Stage-2-only"}[cfgn],
                sc, flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, addr)).wr(*ste_word_writes(sc, SID, new)).tr("acceptable", T(SID, addr))
        v.cmds(SYNC).tr("stale", T(SID, addr))
        v.cmds(cmd("CFGI_STE", sid=SID, leaf=True)).tr("stale", T(SID, addr))
        v.cmds(SYNC).tr("fresh", T(SID, addr))
        v.finish()
    # --- STE points at another CD ----------------------------------------
    for name in ("cfgi-ste", "cfgi-cd-only"):
        sc = std_s1()
        sc.table("s1b", 1, "4k", 25, (0x140000, 0x10000), [{"ia": VA0, "oa": NEWPA, "size": P, "ng": True}])
        sc.cd_table("c2", "single", 0x41000, [{"ssid": 0, "cd": ga.cd_f(t="s1b", ASID=2)}])
        built(sc)
        new = ga.ste_s1(cd="c2")
        v = Vec(F, "tlb.config.ste-new-cd.%s" % name,
                ["arch.cfgi.cfgi-ste", "arch.cfgi.cfgi-cd", "arch.cfgi.required"], C_CFG,
                "Stage 1 only; the STE's S1ContextPtr moves from the CD at %#x (ASID 1) to a CD at %#x (ASID 2, new "
                "table, VA %#x -> %#x). %s" % (
                    ga.CD_PA, 0x41000, VA0, NEWPA,
                    "CFGI_STE + CMD_SYNC: the STE is refetched and the CDs cached through SID 3 go with it: fresh."
                    if name == "cfgi-ste" else
                    "CFGI_CD(SID 3, SSID 0) + CMD_SYNC removes the cached CD, but the cached STE still points at the "
                    "old CD, which is fetched again (ASID 1, old table): STALE; CFGI_STE + CMD_SYNC then makes it "
                    "fresh."), sc)
        v.tr("fresh", T(SID, VA0)).wr(*ste_word_writes(sc, SID, new))
        if name == "cfgi-ste":
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=True), SYNC).tr("fresh", T(SID, VA0))
        else:
            v.cmds(cmd("CFGI_CD", sid=SID, ssid=0, leaf=True), SYNC).tr("stale", T(SID, VA0))
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=True), SYNC).tr("fresh", T(SID, VA0))
        v.finish()
    # --- L1STD ------------------------------------------------------------
    for name in ("leaf1-then-leaf0", "range", "range-other-span", "all", "sync-only"):
        sc = ga.Scenario()
        sc.table("s2", 2, "4k", 24, ga.S2_POOL, [{"ia": IPA0, "oa": PA0, "size": P}])
        sc.table("s2b", 2, "4k", 24, (0x1800000, 0x100000), [{"ia": IPA0, "oa": NEWPA, "size": P}])
        sc.stream_table("2-level", 8, 0x10000, [{"sid": SID, "ste": s2_ste()}], split=6,
                        l1=[{"index": 0, "span": 3, "l2ptr": 0x20000}])
        built(sc)
        add_raw(sc, 0x21000 + 64 * SID, encode_ste(sc, s2_ste("s2b", 2)))
        l1new = 0x21000 | 3
        txt = {"leaf1-then-leaf0": "CFGI_STE(SID 3, Leaf=1) + CMD_SYNC removes the STE but may keep the L1STD: the STE "
                                   "is fetched again through the old L2Ptr (VMID 1, old table): STALE. CFGI_STE(SID 3, "
                                   "Leaf=0) + CMD_SYNC removes the L1STD too: fresh",
               "range": "CFGI_STE_RANGE(SID 0, Range 5) + CMD_SYNC covers SIDs 0..63 and the L1STD walked to them: fresh",
               "range-other-span": "CFGI_STE_RANGE(SID 64, Range 5) + CMD_SYNC covers SIDs 64..127 only: the L1STD "
                                   "and STE of SID 3 stay: STALE; CFGI_STE_RANGE(Range 31), i.e. CFGI_ALL, then makes "
                                   "it fresh",
               "all": "CFGI_ALL (CFGI_STE_RANGE, Range 31) + CMD_SYNC: fresh",
               "sync-only": "a bare CMD_SYNC: the cached STE, fetched through the old L1STD, still serves: STALE"}[name]
        rules = {"leaf1-then-leaf0": ["arch.cfgi.l1std-leaf", "arch.cfgi.cfgi-ste"],
                 "range": ["arch.cfgi.cfgi-ste-range", "arch.cfgi.l1std-leaf"],
                 "range-other-span": ["arch.cfgi.cfgi-ste-range"],
                 "all": ["arch.cfgi.cfgi-ste-range"],
                 "sync-only": ["arch.cfgi.required", "arch.tlb.retention"]}[name]
        v = Vec(F, "tlb.config.l1std.%s" % name, rules + ["arch.tlb.vmid-tag"], C_CFG + [S + "§4.3.2", S + "§5.1"],
                "2-level stream table (SPLIT 6); SID 3's L1STD (index 0, PA 0x10000) is repointed from the L2 array "
                "at 0x20000 (stage 2 only, VMID 1, IPA %#x -> %#x) to one at 0x21000 (stage 2 only, VMID 2, "
                "IPA %#x -> %#x); %s." % (IPA0, PA0, IPA0, NEWPA, txt), sc)
        v.tr("fresh", T(SID, IPA0)).wr((0x10000, l1new))
        if name == "leaf1-then-leaf0":
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=True), SYNC).tr("stale", T(SID, IPA0))
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=False), SYNC).tr("fresh", T(SID, IPA0))
        elif name == "range":
            v.cmds(cmd("CFGI_STE_RANGE", sid=0, range=5), SYNC).tr("fresh", T(SID, IPA0))
        elif name == "range-other-span":
            v.cmds(cmd("CFGI_STE_RANGE", sid=64, range=5), SYNC).tr("stale", T(SID, IPA0))
            v.cmds(cmd("CFGI_STE_RANGE", sid=0, range=31), SYNC).tr("fresh", T(SID, IPA0))
        elif name == "all":
            v.cmds(cmd("CFGI_STE_RANGE", sid=0, range=31), SYNC).tr("fresh", T(SID, IPA0))
        else:
            v.cmds(SYNC).tr("stale", T(SID, IPA0))
        v.finish()
    # --- L1CD -------------------------------------------------------------
    for cfgn, name in (("s1", "leaf1-then-leaf0"), ("s1", "cd-all"), ("s1", "cfgi-ste"), ("nested", "leaf1-then-leaf0")):
        sc = ga.Scenario()
        ssid = 5
        if cfgn == "s1":
            sc.table("s1", 1, "4k", 25, ga.S1_POOL, [{"ia": VA0, "oa": PA0, "size": P, "ng": True}])
            sc.table("s1b", 1, "4k", 25, (0x140000, 0x10000), [{"ia": VA0, "oa": NEWPA, "size": P, "ng": True}])
            sc.cd_table("c", "2level-4k", 0x80000, [{"ssid": ssid, "cd": ga.cd_f()}], l1=[{"index": 0, "l2ptr": 0x90000}])
            ste = ga.ste_s1(cdmax=8)
            newpa = NEWPA
        else:
            sc.table("s2", 2, "4k", 24, ga.S2_POOL, [{"ia": 0, "oa": 0, "size": MB2},
                                                     {"ia": IPA0, "oa": PA0, "size": P},
                                                     {"ia": IPA0 + P, "oa": PA0 + P, "size": P}])
            sc.table("s1", 1, "4k", 25, ga.S1_POOL, [{"ia": VA0, "oa": IPA0, "size": P, "ng": True}], s2="s2")
            sc.table("s1b", 1, "4k", 25, (0x140000, 0x10000), [{"ia": VA0, "oa": IPA0 + P, "size": P, "ng": True}], s2="s2")
            sc.cd_table("c", "2level-4k", 0x80000, [{"ssid": ssid, "cd": ga.cd_f()}], l1=[{"index": 0, "l2ptr": 0x90000}],
                        s2="s2")
            ste = ga.ste_s1(cdmax=8, config=7)
            ste.update(ga.ste_s2f())
            newpa = PA0 + P
        ga.strtab1(sc, ste)
        built(sc)
        add_raw(sc, 0x91000 + 64 * ssid, encode_cd(sc, ga.cd_f(t="s1b", ASID=2)))
        txt = {"leaf1-then-leaf0": "CFGI_CD(SID 3, SSID 5, Leaf=1) + CMD_SYNC removes the CD but may keep the L1CD, so "
                                   "the old CD (ASID 1, old table) is fetched again: STALE. With Leaf=0 the L1CD goes "
                                   "too: fresh",
               "cd-all": "CFGI_CD_ALL(SID 3) + CMD_SYNC removes every CD and L1CD cached through SID 3: fresh",
               "cfgi-ste": "CFGI_STE(SID 3, Leaf=1) + CMD_SYNC also removes the CDs and L1CDs cached through SID 3: fresh"}[name]
        rules = {"leaf1-then-leaf0": ["arch.cfgi.l1cd-leaf", "arch.cfgi.cfgi-cd"],
                 "cd-all": ["arch.cfgi.cfgi-cd-all", "arch.cfgi.l1cd-leaf"],
                 "cfgi-ste": ["arch.cfgi.cfgi-ste", "arch.cfgi.l1cd-leaf"]}[name]
        v = Vec(F, "tlb.config.l1cd.%s.%s" % (cfgn, name), rules, C_CFG + [S + "§4.3.4", S + "§5.3"],
                "%s, 2-level CD table with 4 KB leaves (S1CDMax 8), traffic with SSID 5; the L1CD (index 0, %s 0x80000) "
                "is repointed from the leaf at 0x90000 (CD: ASID 1, VA %#x -> %#x) to one at 0x91000 (CD: ASID 2, "
                "VA %#x -> %#x); %s." % (
                    "Stage 1 only" if cfgn == "s1" else "Nested (CD table at IPAs mapped 1:1 by stage 2)",
                    "PA" if cfgn == "s1" else "IPA", VA0, PA0, VA0, newpa, txt), sc)
        v.tr("fresh", T(SID, VA0, ssid=ssid)).wr((0x80000, 0x91000 | 1))
        if name == "leaf1-then-leaf0":
            v.cmds(cmd("CFGI_CD", sid=SID, ssid=ssid, leaf=True), SYNC).tr("stale", T(SID, VA0, ssid=ssid))
            v.cmds(cmd("CFGI_CD", sid=SID, ssid=ssid, leaf=False), SYNC).tr("fresh", T(SID, VA0, ssid=ssid))
        elif name == "cd-all":
            v.cmds(cmd("CFGI_CD_ALL", sid=SID), SYNC).tr("fresh", T(SID, VA0, ssid=ssid))
        else:
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=True), SYNC).tr("fresh", T(SID, VA0, ssid=ssid))
        v.finish()
    # --- VMID reuse ---------------------------------------------------------
    for cfgn, name in (("nested", "s12-vmall"), ("nested", "nh-all-not-enough"), ("s2", "s12-vmall"), ("s2", "nsnh-all")):
        if cfgn == "nested":
            sc = std_nested()
            sc.table("s2b", 2, "4k", 24, (0x1800000, 0x800000), nested_s2b_maps(NEWPA))
            addr = VA0
        else:
            sc = std_s2()
            sc.table("s2b", 2, "4k", 24, (0x1800000, 0x800000), [{"ia": IPA0, "oa": NEWPA, "size": P}])
            addr = IPA0
        built(sc)
        old = sc.ste_fields[ste_pa(sc, SID)]
        new = dict(old, S2TTB=ga.Ref("tables.s2b"))
        rules = ["arch.tlb.vmid-reuse", "arch.cfgi.no-tlb", "arch.cfgi.cfgi-ste"]
        if name == "s12-vmall":
            rules.append("arch.tlb.s12-vmall")
            txt = ("CFGI_STE + CMD_SYNC refetches the STE, but the TLB entries of VMID 1 built from the old table still "
                   "match: STALE. TLBI_S12_VMALL(1) + CMD_SYNC removes them: fresh")
        elif name == "nsnh-all":
            rules.append("arch.tlb.nsnh-all")
            txt = "CFGI_STE, CMD_SYNC, TLBI_NSNH_ALL, CMD_SYNC removes every stage of every VMID: fresh"
        else:
            rules += ["arch.tlb.nh-all", "arch.tlb.s12-vmall"]
            txt = ("CFGI_STE, CMD_SYNC, TLBI_NH_ALL(1), CMD_SYNC removes the combined entry, but the stage-2 entry of "
                   "IPA %#x (VMID 1, old table) is reused by the new walk: STALE. TLBI_S12_VMALL(1) + CMD_SYNC: fresh" % IPA0)
        v = Vec(F, "tlb.config.vmid-reuse.%s.%s" % (cfgn, name), rules, C_CFG + [S + "§4.4.3.2", S + "§5.2.1"],
                "%s STE of SID 3 (VMID 1) gets a new S2TTB: a second stage-2 table that maps IPA %#x to %#x instead "
                "of %#x, under the same VMID; %s." % ("Nested" if cfgn == "nested" else "Stage-2-only",
                                                     IPA0, NEWPA, PA0, txt), sc)
        v.tr("fresh", T(SID, addr)).wr(*ste_word_writes(sc, SID, new))
        if name == "s12-vmall":
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=True), SYNC).tr("stale", T(SID, addr))
            v.cmds(cmd("TLBI_S12_VMALL", vmid=VMID), SYNC).tr("fresh", T(SID, addr))
        elif name == "nsnh-all":
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=True), SYNC, cmd("TLBI_NSNH_ALL"), SYNC).tr("fresh", T(SID, addr))
        else:
            v.cmds(cmd("CFGI_STE", sid=SID, leaf=True), SYNC, cmd("TLBI_NH_ALL", vmid=VMID), SYNC).tr("stale", T(SID, addr))
            v.cmds(cmd("TLBI_S12_VMALL", vmid=VMID), SYNC).tr("fresh", T(SID, addr))
        v.finish()
    # --- ASID reuse across VMIDs --------------------------------------------
    for name in ("nh-asid-wrong-vmid", "nh-asid-own-vmid", "nh-all-wrong-vmid"):
        sc = ga.Scenario()
        sc.table("s2", 2, "4k", 24, ga.S2_POOL, nested_s2b_maps(PA0)[:2] +
                 [{"ia": IPA0 + i * P, "oa": PA0 + i * P, "size": P} for i in range(3)])
        sc.table("s1", 1, "4k", 25, (S1_POOL_IPA, 0x40000), [{"ia": VA0, "oa": IPA0, "size": P, "ng": True}], s2="s2")
        sc.table("s1v2", 1, "4k", 25, (S1_POOL_IPA + 0x40000, 0x40000),
                 [{"ia": VA0, "oa": IPA0 + P, "size": P, "ng": True}], s2="s2")
        sc.cd_table("c", "single", CD_IPA, [{"ssid": 0, "cd": ga.cd_f()}], s2="s2")
        sc.cd_table("c2", "single", CD_IPA + 0x40, [{"ssid": 0, "cd": ga.cd_f(t="s1v2")}], s2="s2")
        e3 = ga.ste_s1(config=7)
        e3.update(ga.ste_s2f())
        e4 = ga.ste_s1(cd="c2", config=7)
        e4.update(ga.ste_s2f(S2VMID=2))
        sc.stream_table("linear", 6, 0x10000, [{"sid": 3, "ste": e3}, {"sid": 4, "ste": e4}])
        built(sc)
        changer = "s1" if name == "nh-asid-own-vmid" else "s1v2"
        spa, lvl, d = table_walk(sc, changer, VA0)
        base = {"s1": "VM 1 (SID 3, VMID 1)", "s1v2": "VM 2 (SID 4, VMID 2)"}[changer]
        if name == "nh-asid-wrong-vmid":
            first, second = cmd("TLBI_NH_ASID", vmid=1, asid=ASID), cmd("TLBI_NH_ASID", vmid=2, asid=ASID)
            txt = ("the host issues TLBI_NH_ASID(VMID 1, ASID 1): SID 3's entry goes (and is rebuilt unchanged) but "
                   "SID 4's entry (VMID 2, ASID 1) is another address space and stays: STALE. TLBI_NH_ASID(VMID 2, "
                   "ASID 1) then makes it fresh")
        elif name == "nh-asid-own-vmid":
            first, second = cmd("TLBI_NH_ASID", vmid=1, asid=ASID), None
            txt = ("the host issues TLBI_NH_ASID(VMID 1, ASID 1) only: SID 3 is fresh, and SID 4, whose VM changed "
                   "nothing, keeps its cached ASID-1 entry, which is still right: fresh without any command for VMID 2")
        else:
            first, second = cmd("TLBI_NH_ALL", vmid=1), cmd("TLBI_NH_ALL", vmid=2)
            txt = "the host issues TLBI_NH_ALL(VMID 1): SID 4's VMID-2 entry stays: STALE; TLBI_NH_ALL(VMID 2) fixes it"
        v = Vec(F, "tlb.config.asid-reuse.%s" % name,
                ["arch.tlb.asid-tag", "arch.tlb.vmid-tag", "arch.tlb.nh-asid" if "asid" in name else "arch.tlb.nh-all"],
                [S + "§3.17", S + "§4.4.2.1", S + "§4.4.2.2"],
                "Two nested STEs over one stage-2 table: SID 3 with VMID 1 and SID 4 with VMID 2, both guests use "
                "ASID 1 for VA %#x (IPA %#x and %#x). %s remaps VA %#x to IPA %#x; %s." % (
                    VA0, IPA0, IPA0 + P, base, VA0, IPA0 + 2 * P, txt), sc)
        v.tr("fresh", T(3, VA0)).tr("fresh", T(4, VA0)).wr((spa, s1_desc(IPA0 + 2 * P, 3)))
        v.cmds(first, SYNC)
        if name == "nh-asid-own-vmid":
            v.tr("fresh", T(3, VA0)).tr("fresh", T(4, VA0))
        else:
            v.tr("fresh", T(3, VA0)).tr("stale", T(4, VA0))
            v.cmds(second, SYNC).tr("fresh", T(4, VA0))
        v.finish()
    # --- the recommended update procedures, with translations inside --------
    sc = std_s2()
    sc.table("s2b", 2, "4k", 24, (0x1800000, 0x800000), [{"ia": IPA0, "oa": NEWPA, "size": P}])
    built(sc)
    old = sc.ste_fields[ste_pa(sc, SID)]
    spa = ste_pa(sc, SID)
    v0 = dict(old, V=0)
    newf = dict(s2_ste("s2b", 2), V=0)
    v = Vec(F, "tlb.config.procedure.ste", ["arch.cfgi.required", "arch.tlb.mid-update", "arch.cfgi.cfgi-ste"],
            C_CFG + [S + "§3.21.3.1"],
            "The update procedure of IHI0070 §3.21.3.1 on a stage-2-only STE: (1) clear V: before the CFGI the cached "
            "STE still translates (acceptable); CFGI_STE + CMD_SYNC: C_BAD_STE (fresh). (2) with V=0 write the new "
            "fields (VMID 2, new table): the cached invalid STE still gives C_BAD_STE, which is also what memory says "
            "(fresh). (3) set V=1: before the CFGI the SMMU may still use the cached invalid STE (C_BAD_STE against "
            "the new PA %#x: acceptable); CFGI_STE + CMD_SYNC: fresh. VMID 2 has no TLB entries, so no TLBI is "
            "needed." % NEWPA, sc, flags=["MID-UPDATE"])
    cfgi = cmd("CFGI_STE", sid=SID, leaf=True)
    v.tr("fresh", T(SID, IPA0)).wr(*ste_word_writes(sc, SID, v0)).tr("acceptable", T(SID, IPA0))
    v.cmds(cfgi, SYNC).tr("fresh", T(SID, IPA0))
    sc_words = encode_ste(sc, newf)
    v.wr(*[(spa + 8 * i, [w]) for i, w in enumerate(sc_words) if i in (2, 3)]).tr("fresh", T(SID, IPA0))
    v.wr((spa, sc_words[0] | 1)).tr("acceptable", T(SID, IPA0))
    v.cmds(cfgi, SYNC).tr("fresh", T(SID, IPA0))
    v.finish()
    sc = std_s1()
    sc.table("s1b", 1, "4k", 25, (0x140000, 0x10000), [{"ia": VA0, "oa": NEWPA, "size": P, "ng": True}])
    built(sc)
    cdpa = ga.CD_PA
    oldcd = sc.cd_fields[cdpa]
    newcd = ga.cd_f(t="s1b", ASID=2)
    cw = encode_cd(sc, newcd)
    ccd = cmd("CFGI_CD", sid=SID, ssid=0, leaf=True)
    v = Vec(F, "tlb.config.procedure.cd", ["arch.cfgi.required", "arch.tlb.mid-update", "arch.cfgi.cfgi-cd"],
            C_CFG + [S + "§3.21.3.1"],
            "The same procedure for a CD (stage 1 only): clear V (cached CD still translates: acceptable), CFGI_CD + "
            "CMD_SYNC (C_BAD_CD, fresh), write TTB0 of a new table and ASID 2, set V=1 (cached invalid CD: C_BAD_CD "
            "against the new PA %#x, acceptable), CFGI_CD + CMD_SYNC: fresh." % NEWPA, sc, flags=["MID-UPDATE"])
    v.tr("fresh", T(SID, VA0)).wr(*cd_word_writes(sc, cdpa, dict(oldcd, V=0))).tr("acceptable", T(SID, VA0))
    v.cmds(ccd, SYNC).tr("fresh", T(SID, VA0))
    v0w = [w & ~(1 << 31) if i == 0 else w for i, w in enumerate(cw)]
    v.wr(*[(cdpa + 8 * i, [w]) for i, w in enumerate(v0w) if w != sc.mem.get(cdpa + 8 * i, 0) and i != 0] +
         [(cdpa, v0w[0])]).tr("fresh", T(SID, VA0))
    v.wr((cdpa, cw[0])).tr("acceptable", T(SID, VA0))
    v.cmds(ccd, SYNC).tr("fresh", T(SID, VA0))
    v.finish()
    # --- EL2 commands, and the VMID of stage-1-only entries -------------------
    sc = std_s1()
    spa, lvl, d = s1_leaf(sc, VA0)
    v = Vec(F, "tlb.config.el2-all-leaves-el1", ["arch.tlb.el2-scope", "arch.tlb.nh-va", "arch.tlb.unordered"],
            [S + "§4.4.2.7", S + "§4.4.2.4"],
            "Stage 1 only (NS-EL1 StreamWorld, STRW=0b00); the page VA %#x is remapped to %#x. TLBI_EL2_ALL + "
            "CMD_SYNC acts on NS-EL2 entries only: STALE. TLBI_NH_VA(VMID 0, ASID 1) + CMD_SYNC: fresh." % (VA0, NEWPA), sc)
    v.tr("fresh", T(SID, VA0)).wr((spa, s1_desc(NEWPA, 3)))
    v.cmds(cmd("TLBI_EL2_ALL"), SYNC).tr("stale", T(SID, VA0))
    v.cmds(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True), SYNC).tr("fresh", T(SID, VA0))
    v.finish()
    sc = std_s1(ste_kw={"S2VMID": 5})
    spa, lvl, d = s1_leaf(sc, VA0)
    v = Vec(F, "tlb.config.s1-only-vmid", ["arch.tlb.vmid-tag", "arch.tlb.nh-va"], [S + "§5.2", S + "§3.17", S + "§4.4.2"],
            "Stage-1-only STE with S2VMID 5 on an SMMU that implements stage 2: its NS-EL1 entries are tagged VMID 5 "
            "(STE.S2VMID tags stage-1-only entries too). After remapping VA %#x, TLBI_NH_VA(VMID 0, ASID 1) + "
            "CMD_SYNC misses them: STALE; TLBI_NH_VA(VMID 5, ASID 1) + CMD_SYNC: fresh." % VA0, sc)
    v.tr("fresh", T(SID, VA0)).wr((spa, s1_desc(NEWPA, 3)))
    v.cmds(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True), SYNC).tr("stale", T(SID, VA0))
    v.cmds(cmd("TLBI_NH_VA", vmid=5, asid=ASID, addr=VA0, leaf=True), SYNC).tr("fresh", T(SID, VA0))
    v.finish()



# ---------------------------------------------------------------------------
# Theme: address-based invalidation: ranges, TTL, TG, Leaf, block split
# ---------------------------------------------------------------------------
C_RANGE = [S + "§4.4.1.1", S + "§4.4.3.1", S + "§4.4.2.4"]
RB_IPA = 0x44000000
RB_PA = 0x74000000
RB_VA = 0x13000000
VA_2M = 0x12600000          # a 2 MB aligned VA (TTL 2 needs Address[20:12] = 0)


def range_case(F, vid, kind, start, num, scale, extra_rules=()):
    n = (num + 1) << scale
    pages = 16
    if kind == "s2":
        sc = std_s2(maps=[{"ia": RB_IPA + i * P, "oa": RB_PA + i * P, "size": P} for i in range(pages)])
        base, leaf_t = RB_IPA, "s2"
        c = cmd("TLBI_S2_IPA", vmid=VMID, addr=base + start * P, leaf=True, tg=1, ttl=3, num=num, scale=scale)
    else:
        sc = std_s1(maps=[{"ia": RB_VA + i * P, "oa": RB_PA + i * P, "size": P, "ng": True} for i in range(pages)])
        base, leaf_t = RB_VA, "s1"
        if kind == "s1":
            c = cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=base + start * P, leaf=True, tg=1, ttl=3, num=num, scale=scale)
        else:
            c = cmd("TLBI_NH_VAA", vmid=0, addr=base + start * P, leaf=True, tg=1, ttl=3, num=num, scale=scale)
    dpa, lvl, d = table_walk(built(sc), leaf_t, base)
    checks = []
    if start > 0:
        checks.append((start - 1, "stale"))
    checks += [(start, "fresh"), (start + n - 1, "fresh")]
    if start + n < pages:
        checks.append((start + n, "stale"))
    checks = list(dict.fromkeys(checks))
    v = Vec(F, vid, ["arch.tlb.range", "arch.tlb.ttl", {"s2": "arch.tlb.s2-ipa", "s1": "arch.tlb.nh-va",
                                                       "s1a": "arch.tlb.nh-vaa"}[kind]] + list(extra_rules),
            C_RANGE,
            "%s, 16 pages at %#x; all are remapped (one write of 16 descriptors), then %s with TG 4 KB, TTL 3, "
            "NUM %d, SCALE %d at page %d + CMD_SYNC. Range = (NUM+1) * 2^SCALE * 4 KB = %d pages (IHI0070 "
            "§4.4.1.1), pages %d..%d: those are fresh, %s." % (
                "Stage-2-only STE" if kind == "s2" else "Stage-1-only STE", base, c["op"], num, scale, start, n,
                start, start + n - 1,
                " and ".join("page %d just %s the range is STALE" % (p_, "below" if p_ < start else "above")
                             for p_, w in checks if w == "stale")),
            sc)
    for p_, w in checks:
        v.tr("fresh", T(SID, base + p_ * P))
    v.wr((dpa, [(NEWPA + i * P) | (d & 0xfff) for i in range(pages)]))
    v.cmds(c, SYNC)
    for p_, w in checks:
        v.tr(w, T(SID, base + p_ * P))
    v.finish()


def fam_range():
    F = "range"
    for start, num, scale in ((0, 1, 0), (0, 2, 0), (0, 0, 2), (0, 2, 1), (2, 0, 1), (4, 3, 1)):
        range_case(F, "tlb.range.s2-ipa.start%d-num%d-scale%d" % (start, num, scale), "s2", start, num, scale)
    for start, num, scale in ((0, 1, 0), (3, 1, 1)):
        range_case(F, "tlb.range.nh-va.start%d-num%d-scale%d" % (start, num, scale), "s1", start, num, scale)
    range_case(F, "tlb.range.nh-vaa.start1-num0-scale3", "s1a", 1, 0, 3)
    # TTL naming the wrong level
    for name, kind, addr_t, wrong, right, lvl_txt in (
            ("s2.page", "s2", IPA0, 2, 3, "a level-3 page"),
            ("s2.block", "s2", BLK_IPA, 3, 2, "a level-2 2 MB block"),
            ("s1.page", "s1", VA_2M, 2, 3, "a level-3 page"),
            ("nested.page", "nested", VA_2M, 2, 3, "a level-3 stage-1 page (combined entry)")):
        if kind == "s2":
            sc = std_s2()
            dpa, lvl, d = s2_leaf(sc, addr_t)
            xaddr = addr_t + (0x5000 if lvl == 2 else 0)
            new = s2_desc(NEWPA, lvl)
            mk = lambda ttl: cmd("TLBI_S2_IPA", vmid=VMID, addr=addr_t, leaf=True, tg=1, ttl=ttl, num=0, scale=0)
        elif kind == "s1":
            sc = std_s1(maps=[{"ia": VA_2M, "oa": PA0, "size": P, "ng": True}])
            dpa, lvl, d = s1_leaf(sc, VA_2M)
            xaddr, new = VA_2M, s1_desc(NEWPA, 3)
            mk = lambda ttl: cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA_2M, leaf=True, tg=1, ttl=ttl, num=0, scale=0)
        else:
            sc = std_nested(s1m=[{"ia": VA_2M, "oa": IPA0, "size": P, "ng": True}])
            dpa, lvl, d = s1_leaf(sc, VA_2M)
            xaddr, new = VA_2M, s1_desc(IPA0 + P, 3)
            mk = lambda ttl: cmd("TLBI_NH_VA", vmid=VMID, asid=ASID, addr=VA_2M, leaf=True, tg=1, ttl=ttl, num=0, scale=0)
        v = Vec(F, "tlb.range.ttl.%s" % name, ["arch.tlb.ttl", "arch.tlb.retention"] +
                (["arch.tlb.combined"] if kind == "nested" else []), C_RANGE,
                "%s; the entry for %#x comes from %s, which is then remapped. %s with TG 4 KB and TTL %d (a leaf at "
                "level %d) is only required to remove leaves inserted from level %d: STALE. The same command with "
                "TTL %d: fresh." % ({"s2": "Stage-2-only STE", "s1": "Stage-1-only STE", "nested": "Nested"}[kind],
                                    xaddr, lvl_txt, mk(0)["op"], wrong, wrong, wrong, right), sc)
        v.tr("fresh", T(SID, xaddr)).wr((dpa, new))
        v.cmds(mk(wrong), SYNC).tr("stale", T(SID, xaddr))
        v.cmds(mk(right), SYNC).tr("fresh", T(SID, xaddr))
        v.finish()
    # TG naming another granule
    for name, gran, wrong, right in (("s2.4k", "4k", 2, 1), ("s2.16k", "16k", 1, 2), ("s2.64k", "64k", 2, 3),
                                     ("s1.4k", "s1", 3, 1)):
        if gran == "s1":
            sc = std_s1(maps=[{"ia": VA_2M, "oa": PA0, "size": P, "ng": True}])
            dpa, lvl, d = s1_leaf(sc, VA_2M)
            xaddr, new = VA_2M, s1_desc(NEWPA, 3)
            mk = lambda tg: cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA_2M, leaf=True, tg=tg, ttl=3, num=0, scale=0)
            gtxt = "4 KB"
        else:
            gs = 1 << ga.GRAN[gran]
            sc = ga.s2_only(gran, 24, [{"ia": IPA0, "oa": PA0, "size": gs}])
            dpa, lvl, d = s2_leaf(sc, IPA0)
            xaddr, new = IPA0, s2_desc(NEWPA, lvl)
            mk = lambda tg: cmd("TLBI_S2_IPA", vmid=VMID, addr=IPA0, leaf=True, tg=tg, ttl=3, num=0, scale=0)
            gtxt = gran.upper().replace("K", " KB")
        names = {1: "4 KB", 2: "16 KB", 3: "64 KB"}
        v = Vec(F, "tlb.range.tg.%s" % name, ["arch.tlb.tg", "arch.tlb.retention"], C_RANGE,
                "%s with a %s granule; the level-3 entry for %#x is remapped. %s with TG %d (%s), TTL 3, NUM 0, "
                "SCALE 0 is only required to remove entries inserted with a %s granule: STALE. With TG %d (%s): "
                "fresh." % ("Stage-1-only STE" if gran == "s1" else "Stage-2-only STE", gtxt, xaddr, mk(0)["op"],
                            wrong, names[wrong], names[wrong], right, names[right]), sc)
        v.tr("fresh", T(SID, xaddr)).wr((dpa, new))
        v.cmds(mk(wrong), SYNC).tr("stale", T(SID, xaddr))
        v.cmds(mk(right), SYNC).tr("fresh", T(SID, xaddr))
        v.finish()
    # a non-range address inside a block; an NH_VA of another page of a stage-1 block
    sc = std_s2()
    dpa, lvl, d = s2_leaf(sc, BLK_IPA)
    v = Vec(F, "tlb.range.s2-ipa.inside-block", ["arch.tlb.s2-ipa"], [S + "§4.4", S + "§4.4.3.1"],
            "Stage-2-only STE; the 2 MB block at IPA %#x is remapped to %#x. A TLBI_S2_IPA without range fields at "
            "IPA %#x (not the block's base) matches the block entry, which contains it (IHI0070 §4.4: the low "
            "address bits are ignored as the entry's size needs): fresh for IPA %#x." % (
                BLK_IPA, NEWPA, BLK_IPA + 0x123000, BLK_IPA + 0x5000), sc)
    v.tr("fresh", T(SID, BLK_IPA + 0x5000)).wr((dpa, s2_desc(NEWPA, 2)))
    v.cmds(cmd("TLBI_S2_IPA", vmid=VMID, addr=BLK_IPA + 0x123000, leaf=True), SYNC)
    v.tr("fresh", T(SID, BLK_IPA + 0x5000))
    v.finish()
    blk_ipa2 = 0x40400000
    s2m = [{"ia": blk_ipa2 + i * P, "oa": 0x74400000 + i * P, "size": P} for i in range(8)] + \
        [{"ia": blk_ipa2 + MB2 + i * P, "oa": 0x74800000 + i * P, "size": P} for i in range(8)]
    sc = std_nested(s1m=[{"ia": VA_2M, "oa": blk_ipa2, "size": MB2, "ng": True}], s2m=s2m)
    spa, lvl, d = s1_leaf(sc, VA_2M)
    v = Vec(F, "tlb.range.nh-va.splinter", ["arch.tlb.combined", "arch.tlb.nh-va"], [S + "§4.4.2.4", "arch.md §6.8"],
            "Nested; stage 1 maps VA %#x with a 2 MB block onto IPAs that stage 2 maps with 4 KB pages, so the combined "
            "entry for VA %#x is a 4 KB splinter of the stage-1 block. The block is moved to IPA %#x and "
            "TLBI_NH_VA is issued for VA %#x, another page of the block: it must remove every entry cut from that "
            "stage-1 block (arch.md §6.8): fresh, PA %#x." % (
                VA_2M, VA_2M + 0x5000, blk_ipa2 + MB2, VA_2M + P, 0x74805000), sc)
    v.tr("fresh", T(SID, VA_2M + 0x5000)).wr((spa, s1_desc(blk_ipa2 + MB2, 2)))
    v.cmds(cmd("TLBI_NH_VA", vmid=VMID, asid=ASID, addr=VA_2M + P, leaf=True), SYNC)
    v.tr("fresh", T(SID, VA_2M + 0x5000))
    v.finish()
    # block split
    SPLIT_T = 0x1900000
    for name, ril, change, want, txt in (
            ("whole-block.ril", True, rng(BLK_IPA, MB2, granule=MB2), "fresh",
             "the host invalidates the old leaf as what it was, a 2 MB leaf: one TLBI_S2_IPA with TG 4 KB, TTL 2, "
             "NUM 0, SCALE 9, which removes the level-2 block entry; NH_ALL removes the combined entries: fresh"),
            ("whole-block.noril", False, rng(BLK_IPA, MB2, granule=MB2), "fresh",
             "without RIL one TLBI_S2_IPA at the block (granule 2 MB): the block entry contains it: fresh"),
            ("page-only.ril", True, rng(BLK_IPA + 0x5000, P), "stale",
             "the host invalidates only the remapped 4 KB page: with RIL the command carries TTL 3 (a level-3 leaf), "
             "and the cached entry is the level-2 block, which TTL 3 does not require to remove. NH_ALL removes the "
             "combined entry, the walk meets the stale block entry again: STALE"),
            ("page-only.noril", False, rng(BLK_IPA + 0x5000, P), "fresh",
             "the host invalidates only the remapped 4 KB page; without RIL the command has no TTL and the block entry "
             "contains the address: fresh")):
        sc = std_nested(smmu={"ril": ril})
        dpa, lvl, d = s2_leaf(sc, BLK_IPA)
        l3 = [s2_desc(BLK_PA + i * P, 3) for i in range(512)]
        l3[5] = s2_desc(NEWPA + 0x5000, 3)
        v = Vec(F, "tlb.range.block-split.%s" % name,
                ["arch.tlb.ttl", "arch.tlb.s2-ipa", "policy.s2inval.sequence", RIL_RULE[ril], "arch.tlb.s2-ipa.combined"],
                C_RANGE + [L41],
                "Nested; stage 2 maps IPA %#x with a 2 MB block. The host splits it: it writes a level-3 table at PA "
                "%#x mapping the same 512 pages except page 5 (IPA %#x), which now goes to %#x, and replaces the block "
                "descriptor (PA %#x) with a table descriptor. Then %s. VA %#x (page 6, unchanged) is fresh either "
                "way." % (BLK_IPA, SPLIT_T, BLK_IPA + 0x5000, NEWPA + 0x5000, dpa, txt, BLK_VA + P), sc, domain=dom())
        v.tr("fresh", T(SID, BLK_VA)).tr("fresh", T(SID, BLK_VA + P))
        v.wr((SPLIT_T, l3), (dpa, SPLIT_T | 3))
        v.host(change)
        v.tr(want, T(SID, BLK_VA)).tr("fresh", T(SID, BLK_VA + P))
        v.finish()
    sc = std_nested()
    dpa, lvl, d = s2_leaf(sc, BLK_IPA)
    l3 = [s2_desc(BLK_PA + i * P, 3) for i in range(512)]
    l3[5] = s2_desc(NEWPA + 0x5000, 3)
    v = Vec(F, "tlb.range.block-split.unmap-then-map",
            ["arch.tlb.no-fault-caching", "policy.s2inval.sequence", "arch.tlb.s2-ipa"], C_RANGE + [L41, ARM + "D8.16"],
            "Nested; the split done the way the kernel can do it: unmap the 2 MB block at IPA %#x (descriptor zeroed, "
            "host sequence with granule 2 MB: the translation faults, fresh), then write the level-3 table at PA %#x "
            "(page 5 -> %#x) and the table descriptor. No invalidation follows the map: the fault was never cached, "
            "so the walk reads the new table: fresh." % (BLK_IPA, SPLIT_T, NEWPA + 0x5000), sc, domain=dom())
    v.tr("fresh", T(SID, BLK_VA)).wr((dpa, 0)).host(rng(BLK_IPA, MB2, granule=MB2)).tr("fresh", T(SID, BLK_VA))
    v.wr((SPLIT_T, l3), (dpa, SPLIT_T | 3)).tr("fresh", T(SID, BLK_VA)).tr("fresh", T(SID, BLK_VA + P))
    v.finish()
    # Leaf=1 after changing a table descriptor
    for name in ("s2.removed", "s2.repointed", "s1.removed", "s2.removed.ttl"):
        if name.startswith("s2"):
            sc = std_s2()
            built(sc)
            tpa, _, td = table_walk(sc, "s2", IPA0, stop_level=2)
            xaddr = IPA0
            mk = lambda leaf: cmd("TLBI_S2_IPA", vmid=VMID, addr=IPA0, leaf=leaf)
        else:
            sc = std_s1()
            built(sc)
            tpa, _, td = table_walk(sc, "s1", VA0, stop_level=2)
            xaddr = VA0
            mk = lambda leaf: cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=leaf)
        writes = [(tpa, 0)]
        what = "zeroes the level-2 table descriptor (PA %#x) above %#x" % (tpa, xaddr)
        if name == "s2.repointed":
            newt = 0x1a00000
            idx = (IPA0 >> 12) & 511
            writes = [(newt + 8 * idx, [s2_desc(NEWPA + i * P, 3) for i in range(4)]), (tpa, newt | 3)]
            what = "repoints the level-2 table descriptor (PA %#x) to a new level-3 table at %#x that maps IPA %#x to %#x" % (
                tpa, newt, IPA0, NEWPA)
        if name == "s2.removed.ttl":
            first = cmd("TLBI_S2_IPA", vmid=VMID, addr=IPA0, leaf=False, tg=1, ttl=2, num=0, scale=0)
            second = cmd("TLBI_S2_IPA", vmid=VMID, addr=IPA0, leaf=False, tg=1, ttl=3, num=0, scale=0)
            txt = ("TLBI_S2_IPA with Leaf=0 and TTL 2 removes table entries of the levels before 2 only (IHI0070 "
                   "§4.4.1.1 note), not the level-2 table descriptor: STALE. Leaf=0 with TTL 3 covers levels 0-2: fresh")
        else:
            first, second = mk(True), mk(False)
            txt = ("%s with Leaf=1 removes only the last-level entry; the walk cache still holds the level-2 table "
                   "descriptor and the walk reaches the old level-3 table: STALE. With Leaf=0: fresh" % first["op"])
        v = Vec(F, "tlb.range.leaf.%s" % name, ["arch.tlb.leaf", "arch.tlb.walk-cache"] +
                (["arch.tlb.ttl"] if name.endswith("ttl") else []), C_RANGE,
                "%s; the software %s. %s." % ("Stage-2-only STE" if name.startswith("s2") else "Stage-1-only STE",
                                             what, txt), sc)
        v.tr("fresh", T(SID, xaddr)).wr(*writes)
        v.cmds(first, SYNC).tr("stale", T(SID, xaddr))
        v.cmds(second, SYNC).tr("fresh", T(SID, xaddr))
        v.finish()



# ---------------------------------------------------------------------------
# Theme: ATS and the device ATC
# ---------------------------------------------------------------------------
C_ATS = [S + "§3.9.1", S + "§4.5.1", "arch.md §7"]


def fam_ats():
    F = "ats"
    # nested, full ATS, host sequence of v6.13+
    for name, what, ril in (("unmap.page.ril", "unmap", True), ("remap.page.noril", "remap", False),
                            ("unmap.block.ril", "block", True)):
        sc = std_nested(ste_kw={"EATS": 1}, smmu={"ril": ril})
        blk = what == "block"
        ipa = BLK_IPA if blk else IPA0
        addr = BLK_VA if blk else VA0
        dpa, lvl, d = s2_leaf(sc, ipa)
        v = Vec(F, "tlb.ats.host.nested.%s" % name,
                ["policy.s2inval.nested-ats-flush", "policy.s2inval.sequence", "arch.atc.nested-va", "arch.atc.order",
                 "arch.atc.inv", RIL_RULE[ril], "arch.tlb.mid-update"] + (["arch.atc.denied"] if what != "remap" else []),
                C_ATS + [L41, "linux f27298a82ba0"],
                "Nested STE with full ATS (EATS=0b01); the device's ATC caches VA %#x -> PA %#x (kind atc). The host "
                "%s IPA %#x; before its sequence the ATC still answers (acceptable). v6.13+ run TLBI_S2_IPA, "
                "CMD_SYNC, TLBI_NH_ALL(1), CMD_SYNC, then a full ATC_INV (SID 3, Size 52) for the nested ATS master "
                "and a CMD_SYNC, in that order: the ATC miss goes to the SMMU, whose TLBs are clean: fresh. seed-v2 "
                "is left out: it never enables ATS on a nested attach." % (
                    addr, (BLK_PA + 0x5000) if blk else PA0, "remaps" if what == "remap" else "unmaps", ipa),
                sc, policies=ATS_FLUSH_POLICIES, domain=ATS_DOM, flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, addr, kind="atc")).wr((dpa, s2_desc(NEWPA, lvl) if what == "remap" else 0))
        v.tr("acceptable", T(SID, addr, kind="atc"))
        v.host(rng(BLK_IPA, MB2, granule=MB2) if blk else rng(IPA0, P))
        v.tr("fresh", T(SID, addr, kind="atc")).tr("fresh", T(SID, addr))
        v.finish()
    # commands by hand
    NH = cmd("TLBI_NH_ALL", vmid=VMID)
    S2I = cmd("TLBI_S2_IPA", vmid=VMID, addr=IPA0, leaf=True)
    for name, cs, atc_want, smmu_want, txt in (
            ("no-atc-inv", [S2I, SYNC, NH, SYNC], "stale", "fresh",
             "TLBI_S2_IPA, CMD_SYNC, TLBI_NH_ALL, CMD_SYNC and no ATC_INV: the SMMU is clean (fresh through the "
             "SMMU) but the ATC still answers with the old PA: STALE"),
            ("atc-inv-by-ipa", [S2I, SYNC, NH, SYNC, cmd("ATC_INV", sid=SID, addr=IPA0, size=0), SYNC], "stale", "fresh",
             "the SMMU invalidation, then ATC_INV for the changed IPA (Size 0): the ATC is indexed by the device's "
             "address, the VA, so the entry survives: STALE"),
            ("atc-inv-by-va", [S2I, SYNC, NH, SYNC, cmd("ATC_INV", sid=SID, addr=VA0, size=0), SYNC], "fresh", "fresh",
             "the SMMU invalidation, then ATC_INV for VA %#x (Size 0): fresh" % VA0),
            ("atc-inv-full", [S2I, SYNC, NH, SYNC, cmd("ATC_INV", sid=SID, addr=0, size=52), SYNC], "fresh", "fresh",
             "the SMMU invalidation, then ATC_INV with Size 52 (everything): fresh")):
        sc = std_nested(ste_kw={"EATS": 1})
        dpa, lvl, d = s2_leaf(sc, IPA0)
        v = Vec(F, "tlb.ats.nested.%s" % name, ["arch.atc.nested-va", "arch.atc.inv", "arch.tlb.s2-ipa.combined"],
                C_ATS, "Nested STE with full ATS; the device caches VA %#x -> PA %#x; IPA %#x is remapped to %#x and the "
                "host issues %s." % (VA0, PA0, IPA0, NEWPA, txt), sc)
        v.tr("fresh", T(SID, VA0, kind="atc")).wr((dpa, s2_desc(NEWPA, 3)))
        v.cmds(*cs)
        v.tr(atc_want, T(SID, VA0, kind="atc")).tr(smmu_want, T(SID, VA0))
        v.finish()
    sc = std_nested(ste_kw={"EATS": 1})
    dpa, lvl, d = s2_leaf(sc, IPA0)
    v = Vec(F, "tlb.ats.nested.atc-inv-first", ["arch.atc.order", "arch.atc.inv", "arch.tlb.retention"],
            C_ATS + [S + "§4.5.1"],
            "Nested, full ATS; IPA %#x is remapped to %#x and the software gets the order wrong: ATC_INV (Size 52) + "
            "CMD_SYNC first. The device's next request misses in the ATC and is answered from the SMMU's still stale "
            "combined entry, refilling the ATC with PA %#x: STALE. The SMMU invalidation that follows (S2_IPA, SYNC, "
            "NH_ALL, SYNC) does not reach the ATC: still STALE through the ATC, fresh through the SMMU. A second "
            "ATC_INV + CMD_SYNC: fresh." % (IPA0, NEWPA, PA0), sc)
    v.tr("fresh", T(SID, VA0, kind="atc")).wr((dpa, s2_desc(NEWPA, 3)))
    v.cmds(cmd("ATC_INV", sid=SID, addr=0, size=52), SYNC).tr("stale", T(SID, VA0, kind="atc"))
    v.cmds(S2I, SYNC, NH, SYNC).tr("stale", T(SID, VA0, kind="atc")).tr("fresh", T(SID, VA0))
    v.cmds(cmd("ATC_INV", sid=SID, addr=0, size=52), SYNC).tr("fresh", T(SID, VA0, kind="atc"))
    v.finish()
    # ATC_INV not separated from the SMMU invalidation by a CMD_SYNC (§4.5.1, §4.7.3)
    for sync_between in (False, True):
        sc = std_nested(ste_kw={"EATS": 1})
        dpa, lvl, d = s2_leaf(sc, IPA0)
        S12 = cmd("TLBI_S12_VMALL", vmid=VMID)
        ATC = cmd("ATC_INV", sid=SID, addr=0, size=52)
        first = [S12, SYNC, ATC] if sync_between else [S12, ATC]
        v = Vec(F, "tlb.ats.nested.atc-inv-%s" % ("after-sync" if sync_between else "same-batch"),
                ["arch.atc.order", "arch.tlb.unordered", "arch.atc.inv"], C_ATS + [S + "§4.5.1", S + "§4.7.3"],
                "Nested, full ATS; IPA %#x is remapped to %#x. The software queues %s, and the device asks again "
                "before the final CMD_SYNC (acceptable: the update is not complete). %s" % (
                    IPA0, NEWPA,
                    "TLBI_S12_VMALL, CMD_SYNC, ATC_INV (Size 52)" if sync_between else
                    "TLBI_S12_VMALL and ATC_INV (Size 52) with no CMD_SYNC between them",
                    "The TLBI completed at the first CMD_SYNC, so the request that refills the ATC walks the new "
                    "stage 2; after the final CMD_SYNC the ATC is fresh." if sync_between else
                    "Commands between two CMD_SYNCs complete in any order: under max the ATC_INV completes first, the "
                    "request misses in the ATC and is answered from the still cached combined entry (old PA %#x), "
                    "which the ATC keeps; the final CMD_SYNC completes the TLBI, which never reaches the ATC: "
                    "STALE. IHI0070 §4.5.1 asks for a CMD_SYNC between the two." % PA0), sc, flags=["MID-UPDATE"])
        v.tr("fresh", T(SID, VA0, kind="atc")).wr((dpa, s2_desc(NEWPA, 3)))
        v.cmds(*first, settle=False).tr("acceptable" if not sync_between else "fresh", T(SID, VA0, kind="atc"))
        v.cmds(SYNC).tr("stale" if not sync_between else "fresh", T(SID, VA0, kind="atc"))
        v.finish()
    # stage 1 only with ATS
    for name, cs, want, txt in (
            ("nh-va-and-atc-inv", [cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True), SYNC,
                                   cmd("ATC_INV", sid=SID, addr=VA0, size=0), SYNC], "fresh",
             "the sequence of IHI0070 §4.5.1: TLBI_NH_VA, CMD_SYNC, ATC_INV(VA, Size 0), CMD_SYNC: fresh"),
            ("nh-va-only", [cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True), SYNC], "stale",
             "TLBI_NH_VA + CMD_SYNC only: broadcast or explicit TLBIs never reach the ATC: STALE")):
        sc = std_s1(ste_kw={"EATS": 1})
        spa, lvl, d = s1_leaf(sc, VA0)
        v = Vec(F, "tlb.ats.s1-only.%s" % name, ["arch.atc.inv", "arch.atc.order", "arch.tlb.nh-va"],
                C_ATS + [S + "§4.5.1"],
                "Stage 1 only with full ATS; the device caches VA %#x -> PA %#x; the page is remapped to %#x and the "
                "software issues %s." % (VA0, PA0, NEWPA, txt), sc)
        v.tr("fresh", T(SID, VA0, kind="atc")).wr((spa, s1_desc(NEWPA, 3)))
        v.cmds(*cs).tr(want, T(SID, VA0, kind="atc"))
        v.finish()
    # stage 2 only with ATS, attached directly: ranged ATC_INV by IPA suffices
    for ril in (True, False):
        sc = std_s2(ste_kw={"EATS": 1}, smmu={"ril": ril})
        dpa, lvl, d = s2_leaf(sc, IPA0 + P)
        v = Vec(F, "tlb.ats.host.s2-only.%s" % ("ril" if ril else "noril"),
                ["policy.s2inval.ranged-atc", "policy.s2inval.sequence", "arch.atc.inv", RIL_RULE[ril]],
                C_ATS + [L41],
                "Stage-2-only STE with full ATS, attached directly to the domain (nested: false): the device address is "
                "the IPA. The host remaps IPA %#x; its sequence ends with a ranged ATC_INV (SID 3, address %#x, Size 0) "
                "which covers the device's entry: fresh; IPA %#x, not in the span, keeps its (still right) entry." % (
                    IPA0 + P, IPA0 + P, IPA0),
                sc, domain=dom([{"sids": [SID], "ats": True, "nested": False}]))
        v.tr("fresh", T(SID, IPA0, kind="atc")).tr("fresh", T(SID, IPA0 + P, kind="atc"))
        v.wr((dpa, s2_desc(NEWPA, 3))).host(rng(IPA0 + P, P))
        v.tr("fresh", T(SID, IPA0 + P, kind="atc")).tr("fresh", T(SID, IPA0, kind="atc"))
        v.finish()
    # ATC_INV spans
    for name, addr, size, wants in (("size1-aligned", IPA0, 1, ["fresh", "fresh", "stale"]),
                                    ("size1-unaligned", IPA0 + P, 1, ["fresh", "fresh", "stale"]),
                                    ("size2", IPA0 + P, 2, ["fresh", "fresh", "fresh"])):
        sc = std_s2(ste_kw={"EATS": 1})
        dpa, lvl, d = s2_leaf(sc, IPA0)
        span = 1 << (12 + size)
        lo = addr & ~(span - 1)
        v = Vec(F, "tlb.ats.atc-inv.%s" % name, ["arch.atc.inv"], [S + "§4.5.1"],
                "Stage-2-only STE with full ATS; the ATC holds pages IPA %#x, %#x and %#x, all three are remapped and "
                "the SMMU TLB is invalidated (TLBI_S12_VMALL + CMD_SYNC). ATC_INV(address %#x, Size %d) covers 4 KB * "
                "2^%d = %#x bytes aligned to their size: %#x..%#x; pages inside are fresh, %s." % (
                    IPA0, IPA0 + P, IPA0 + 2 * P, addr, size, size, span, lo, lo + span - 1,
                    "page %#x outside it is STALE" % (IPA0 + 2 * P) if wants[2] == "stale" else "which is all three"),
                sc)
        for k in range(3):
            v.tr("fresh", T(SID, IPA0 + k * P, kind="atc"))
        v.wr((dpa, [s2_desc(NEWPA + k * P, 3) for k in range(3)]))
        v.cmds(cmd("TLBI_S12_VMALL", vmid=VMID), SYNC, cmd("ATC_INV", sid=SID, addr=addr, size=size), SYNC)
        for k in range(3):
            v.tr(wants[k], T(SID, IPA0 + k * P, kind="atc"))
        v.finish()
    # PASIDs
    for name, ssid_inv, want in (("other-pasid", 2, "stale"), ("same-pasid", 1, "fresh")):
        sc = ga.Scenario()
        sc.table("s1", 1, "4k", 25, ga.S1_POOL, [{"ia": VA0, "oa": PA0, "size": P, "ng": True}])
        sc.table("s1b", 1, "4k", 25, (0x140000, 0x10000), [{"ia": VA0, "oa": PA0 + P, "size": P, "ng": True}])
        sc.cd_table("c", "linear", 0x80000, [{"ssid": 1, "cd": ga.cd_f()}, {"ssid": 2, "cd": ga.cd_f(t="s1b", ASID=2)}])
        ga.strtab1(sc, ga.ste_s1(cdmax=2, EATS=1, S1DSS=1))
        spa, lvl, d = s1_leaf(sc, VA0)
        v = Vec(F, "tlb.ats.pasid.%s" % name, ["arch.atc.inv", "arch.tlb.nh-va"], [S + "§4.5.1", S + "§3.9"],
                "Stage 1 only, linear CD table: PASID 1 uses ASID 1, PASID 2 uses ASID 2, both map VA %#x. The "
                "device caches VA %#x for both PASIDs; PASID 1's page is remapped, TLBI_NH_VA(ASID 1) + CMD_SYNC, "
                "then ATC_INV with SSV=1, SubstreamID %d + CMD_SYNC. %s" % (
                    VA0, VA0, ssid_inv, "That invalidates PASID 2's translations only: PASID 1's entry is STALE "
                    "(PASID 2's is fresh)." if want == "stale" else "PASID 1's entry goes: fresh; PASID 2 is untouched "
                    "and still right."), sc)
        v.tr("fresh", T(SID, VA0, ssid=1, kind="atc")).tr("fresh", T(SID, VA0, ssid=2, kind="atc"))
        v.wr((spa, s1_desc(NEWPA, 3)))
        v.cmds(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True), SYNC,
               cmd("ATC_INV", sid=SID, ssv=True, ssid=ssid_inv, addr=VA0, size=0), SYNC)
        v.tr(want, T(SID, VA0, ssid=1, kind="atc")).tr("fresh", T(SID, VA0, ssid=2, kind="atc"))
        v.finish()
    # guest changes on a nested ATS device
    for name, cs, err, want, txt in (
            ("nh-va-and-atc-inv", [cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True),
                                   cmd("ATC_INV", sid=0x10, addr=VA0, size=0)], None, "fresh",
             "[TLBI_NH_VA, ATC_INV(vSID 0x10, VA, Size 0)]: the host forwards both (VMID forced to 1, vSID -> SID 3) "
             "and closes the batch with a CMD_SYNC: fresh"),
            ("nh-va-only", [cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True)], None, "stale",
             "[TLBI_NH_VA] only: the SMMU is clean but the ATC is not: STALE"),
            ("atc-inv-bad-vsid", [cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True),
                                  cmd("ATC_INV", sid=0x22, addr=VA0, size=0)], "EIO", "stale",
             "[TLBI_NH_VA, ATC_INV(vSID 0x22)]: no vDEVICE has vSID 0x22, the call fails with EIO and the batch is "
             "never issued: STALE")):
        sc = std_nested(ste_kw={"EATS": 1})
        spa, new, gtxt = guest_s1_change(sc, "remap")
        v = Vec(F, "tlb.ats.guest.%s" % name,
                ["policy.viommu.vsid", "policy.viommu.vmid", "arch.atc.inv"] + (["policy.viommu.eio"] if err else []),
                C_ATS + ["linux.md §5", "linux.md §4.3"],
                "Nested STE with full ATS (the guest's vSTE asked for EATS=0b01); the guest %s and sends %s. The "
                "guest owns its stage 1, so it must flush its device's ATC itself (linux.md §4.3)." % (gtxt, txt),
                sc, viommu=VIOMMU)
        v.tr("fresh", T(SID, VA0, kind="atc")).wr((spa, new))
        v.guest(*cs, error=err)
        v.tr(want, T(SID, VA0, kind="atc"))
        v.finish()
    # split-stage ATS
    for name in ("guest-s1", "host-s2"):
        sc = std_nested(ste_kw={"EATS": 2}, smmu={"cr0-atschk": True})
        if name == "guest-s1":
            spa, new, gtxt = guest_s1_change(sc, "remap")
            v = Vec(F, "tlb.ats.split-stage.guest-s1",
                    ["arch.atc.split-stage", "arch.atc.inv", "policy.viommu.vsid"], C_ATS + [S + "§13.6.3", "linux.md §5"],
                    "Nested STE with split-stage ATS (EATS=0b10, CR0.ATSCHK=1): a Translation Request returns the "
                    "stage-1 output, so the ATC caches VA %#x -> IPA %#x. The guest %s: [TLBI_NH_VA] alone leaves the "
                    "ATC entry (STALE); [ATC_INV(vSID 0x10, VA, Size 0)] then makes it fresh (IPA %#x)." % (
                        VA0, IPA0, gtxt, IPA0 + 2 * P), sc, viommu=VIOMMU)
            v.tr("fresh", T(SID, VA0, kind="atc")).wr((spa, new))
            v.guest(cmd("TLBI_NH_VA", vmid=0, asid=ASID, addr=VA0, leaf=True)).tr("stale", T(SID, VA0, kind="atc"))
            v.guest(cmd("ATC_INV", sid=0x10, addr=VA0, size=0)).tr("fresh", T(SID, VA0, kind="atc"))
            v.finish()
        else:
            dpa, lvl, d = s2_leaf(sc, IPA0)
            v = Vec(F, "tlb.ats.split-stage.host-s2",
                    ["arch.atc.split-stage", "policy.s2inval.sequence", "arch.tlb.s2-ipa", "arch.atc.denied"],
                    C_ATS + [S + "§13.6.3", L41, S + "§3.9.1.2"],
                    "Nested STE with split-stage ATS: the device's ATC holds VA %#x -> IPA %#x and its ATS-Translated "
                    "traffic to IPA %#x is translated by stage 2 in the SMMU (a stage-2 TLB entry). The host unmaps "
                    "IPA %#x: before its sequence the cached stage-2 entry still gives PA %#x (acceptable); after it "
                    "the translated access is a stage-2 F_TRANSLATION (fresh). The completion held in the ATC was "
                    "also derived from stage 2 (a split-stage Translation Request is permission-checked at both stages, "
                    "IHI0070 §13.6.3, §3.9.1), so the host's full ATC_INV removes it, and a new request now gets "
                    "Success with R = W = 0 (IHI0070 §3.9.1.2), shown as pa 0 with ats-grant ---: fresh." % (
                        VA0, IPA0, IPA0, IPA0, PA0),
                    sc, policies=ATS_FLUSH_POLICIES, domain=ATS_DOM, flags=["MID-UPDATE"])
            v.tr("fresh", T(SID, VA0, kind="atc")).tr("fresh", T(SID, IPA0, kind="ats-translated"))
            v.wr((dpa, 0)).tr("acceptable", T(SID, IPA0, kind="ats-translated"))
            v.host(rng(IPA0, P))
            v.tr("fresh", T(SID, IPA0, kind="ats-translated")).tr("fresh", T(SID, VA0, kind="atc"))
            v.finish()



# ---------------------------------------------------------------------------
# Self-checks: hand-derived cases
# ---------------------------------------------------------------------------
def self_check():
    # STE / CD words (IHI0070 §5.2, §5.4 field positions, computed by hand)
    sc = ga.Scenario()
    ste = {"V": 1, "Config": 6, "S2VMID": 1, "S2T0SZ": 24, "S2SL0": 1, "S2TG": 0, "S2PS": 5,
           "S2AA64": 1, "S2R": 1, "S2TTB": 0x1000000}
    w = encode_ste(sc, ste)
    assert w == [0xd, 0, 0x040d005800000001, 0x1000000, 0, 0, 0, 0], [hex(x) for x in w]
    assert {k: v for k, v in decode_ste(w).items() if v} == {k: v for k, v in ste.items() if v}
    w = encode_ste(sc, {"V": 1, "Config": 7, "S1ContextPtr": 0x80001000, "S1CDMax": 4, "S1DSS": 1, "EATS": 1})
    assert w[0] == 0x200000008000100f and w[1] == 0x10000001, [hex(x) for x in w]
    cd = {"V": 1, "T0SZ": 25, "EPD1": 1, "IPS": 5, "AA64": 1, "R": 1, "A": 1, "TTB0": 0x100000, "ASID": 1}
    w = encode_cd(sc, cd)
    assert w == [0x00016205c0000019, 0x100000, 0, 0, 0, 0, 0, 0], [hex(x) for x in w]
    for bad in ({"Config": 8}, {"S2TTB": 0x1008}, {"Nope": 1}):
        try:
            encode_ste(sc, bad)
        except GenError:
            pass
        else:
            raise AssertionError("encoded %r" % bad)
    # descriptor placement of the standard nested scenario (SCHEMA.md "tables")
    sc = std_nested()
    assert s2_leaf(sc, IPA0) == (0x1005000, 3, PA0 | 0x7ff)
    # stage-1 tables at IPA 0x80200000 (L1), 0x80201000 (L2), 0x80202000 (L3); VA0's L3 index is 0x145;
    # the pool's IPA block maps to PA 0x600000.  AP=01, SH=11, AF, nG, page: 0xf43
    assert s1_leaf(sc, VA0) == (0x602a28, 3, IPA0 | 0xf43)
    assert s2_leaf(sc, BLK_IPA)[1:] == (2, BLK_PA | 0x7fd)
    # range formula (IHI0070 §4.4.1.1): (NUM+1) * 2^SCALE * granule
    c = cmd("TLBI_S2_IPA", vmid=1, addr=0x10000, leaf=True, tg=1, ttl=3, num=2, scale=1)
    assert tlbi_range(c) == (0x10000, 0x16000)
    assert tlbi_range(dict(c, tg=3, num=0, scale=0)) == (0x10000, 0x20000)
    assert tlbi_range(cmd("TLBI_S2_IPA", vmid=1, addr=0x10000, leaf=True)) is None
    assert tlbi_hits(c, 0x15000, 0x1000, 3, 12, True) and not tlbi_hits(c, 0x16000, 0x1000, 3, 12, True)
    assert not tlbi_hits(c, 0x10000, 0x1000, 2, 12, True)            # TTL 3, leaf at level 2
    assert not tlbi_hits(dict(c, tg=2), 0x10000, 0x1000, 3, 12, True)  # TG 16 KB, 4 KB entry
    assert tlbi_hits(dict(c, ttl=3), 0x0, 0x40000000, 1, 12, False)   # Leaf=0, table at level 1 < TTL
    assert not tlbi_hits(dict(c, ttl=2), 0x0, 0x200000, 2, 12, False)
    # linux.md §4.1 range encoding
    ops = s2_ipa_cmds(1, 0x48000000, 33 * P, P, True, 12, True)
    assert [(x["addr"], x["num"], x["scale"], x["tg"], x["ttl"]) for x in ops] == \
        [(0x48000000, 0, 0, 1, 3), (0x48001000, 0, 5, 1, 3)]
    assert [(x["num"], x["scale"], x["ttl"]) for x in s2_ipa_cmds(1, 0x40000000, P, P, False, 12, True)] == [(0, 1, 0)]
    assert [(x["num"], x["scale"], x["ttl"]) for x in s2_ipa_cmds(1, BLK_IPA, MB2, MB2, True, 12, True)] == [(0, 9, 2)]
    assert [(x["tg"], x["ttl"]) for x in s2_ipa_cmds(1, 0, 0x4000, 0x4000, True, 14, True)] == [(2, 3)]
    assert [(x["tg"], x["ttl"]) for x in s2_ipa_cmds(1, 0, 1 << 29, 1 << 29, True, 16, True)] == [(3, 2)]
    assert len(s2_ipa_cmds(1, 0, MB2, P, False, 12, False)) == 512
    assert atc_cmd(3, 0, 0x40001000, 0x2000) == {"op": "ATC_INV", "sid": 3, "addr": 0x40000000, "size": 2}
    assert atc_cmd(3, 0, 0x40000000, 0x1000)["size"] == 0
    assert atc_cmd(3, 5, 0, 0) == {"op": "ATC_INV", "sid": 3, "ssv": True, "ssid": 5, "addr": 0, "size": 52}
    cfg = dict(ga.SMMU_DEFAULT, ril=False)
    d = {"vmid": 1, "masters": [{"sids": [3], "ats": True}]}
    ch = rng(IPA0, P)

    def ops_of(pol, bug):
        return [x["op"] + ("/%d" % x["size"] if x["op"] == "ATC_INV" else "") for x in host_sequence(pol, bug, d, cfg, ch)]
    full = ["TLBI_S2_IPA", "SYNC", "TLBI_NH_ALL", "SYNC", "ATC_INV/52", "SYNC"]
    assert ops_of("v7.0", None) == full and ops_of("v6.13", None) == full
    assert ops_of("seed-v2", None) == full[:4] + ["ATC_INV/0", "SYNC"]
    assert ops_of("v7.0", "no-atc-full") == full[:4] + ["ATC_INV/0", "SYNC"]
    assert ops_of("v7.0", "no-nh-all") == ["TLBI_S2_IPA", "SYNC", "ATC_INV/52", "SYNC"]
    assert ops_of("v7.0", "no-sync-before-nh-all") == ["TLBI_S2_IPA", "TLBI_NH_ALL", "SYNC", "ATC_INV/52", "SYNC"]
    assert len(host_sequence("v7.0", "partial-range", d, cfg, rng(IPA0, 4 * P))) == len(full)
    assert len(host_sequence("v7.0", None, d, cfg, rng(IPA0, 4 * P))) == len(full) + 3
    assert [x["op"] for x in host_sequence("v7.0", None, d, cfg, {"change": "flush-all"})] == \
        ["TLBI_S12_VMALL", "SYNC", "ATC_INV", "SYNC"]
    # vIOMMU conversion (linux.md §5)
    vi = {"vmid": 9, "vdevs": [{"vsid": 0x10, "psid": 3}]}
    assert guest_convert(None, vi, cmd("TLBI_NH_VA", vmid=7, asid=1, addr=VA0, leaf=True))["vmid"] == 9
    assert guest_convert("vmid-passthrough", vi, cmd("TLBI_NH_VA", vmid=7, asid=1, addr=VA0))["vmid"] == 7
    assert guest_convert(None, vi, cmd("TLBI_NSNH_ALL")) == {"op": "TLBI_NH_ALL", "vmid": 9}
    assert guest_convert(None, vi, cmd("ATC_INV", sid=0x10, size=52))["sid"] == 3
    assert guest_convert(None, vi, cmd("CFGI_CD", sid=0x11, ssid=0)) is None
    assert guest_convert(None, vi, cmd("CFGI_STE", sid=0x10)) is None and guest_convert(None, vi, SYNC) is None
    b, e = guest_batches(None, vi, [cmd("TLBI_NH_ALL", vmid=0)] * 64)
    assert [len(x) for x in b] == [63, 1] and e is None
    b, e = guest_batches(None, vi, [cmd("TLBI_NH_ALL", vmid=0)] * 64 + [SYNC])
    assert [len(x) for x in b] == [63] and e == "EIO"
    # required scopes (arch.md §4.4)
    E = Entry
    glob = E("nested", 1, [], vmid=1, asid=1, glob=True, ia=VA0, size=P, s1ia=VA0, s1size=P, level=3, g=12)
    ng = E("nested", 2, [], vmid=1, asid=1, glob=False, ia=VA0, size=P, s1ia=VA0, s1size=P, level=3, g=12)
    s2e = E("s2", 3, [], vmid=1, ia=IPA0, size=P, level=3, g=12)
    splinter = E("nested", 4, [], vmid=1, asid=1, glob=False, ia=VA0, size=P, s1ia=VA0 & ~(MB2 - 1), s1size=MB2,
                 level=2, g=12)
    assert not removes(cmd("TLBI_NH_ASID", vmid=1, asid=1), glob) and removes(cmd("TLBI_NH_ASID", vmid=1, asid=1), ng)
    assert not removes(cmd("TLBI_NH_ASID", vmid=2, asid=1), ng)
    assert removes(cmd("TLBI_NH_VA", vmid=1, asid=2, addr=VA0, leaf=True), glob)
    assert not removes(cmd("TLBI_S2_IPA", vmid=1, addr=IPA0, leaf=False), ng)
    assert removes(cmd("TLBI_S2_IPA", vmid=1, addr=IPA0, leaf=True), s2e)
    assert not removes(cmd("TLBI_NH_ALL", vmid=1), s2e) and removes(cmd("TLBI_S12_VMALL", vmid=1), s2e)
    assert removes(cmd("TLBI_NH_VA", vmid=1, asid=1, addr=VA0 & ~(MB2 - 1), leaf=True), splinter)
    assert not removes(cmd("TLBI_EL2_ALL"), glob)
    l1 = E("l1std", 5, [], lo=0, hi=64)
    assert not removes(cmd("CFGI_STE", sid=3, leaf=True), l1) and removes(cmd("CFGI_STE", sid=3, leaf=False), l1)
    assert removes(cmd("CFGI_STE_RANGE", sid=0, range=5), l1) and not removes(cmd("CFGI_STE_RANGE", sid=64, range=5), l1)
    cde = E("cd", 6, [], sid=3, idx=5)
    l1cd = E("l1cd", 7, [], sid=3, lo=0, hi=64)
    assert removes(cmd("CFGI_STE", sid=3, leaf=True), cde) and removes(cmd("CFGI_STE", sid=3, leaf=True), l1cd)
    assert not removes(cmd("CFGI_CD", sid=3, ssid=5, leaf=True), l1cd)
    assert removes(cmd("CFGI_CD", sid=3, ssid=5, leaf=False), l1cd)
    atc = E("atc", 8, [], sid=3, ssv=True, ssid=1, page=0x12345000, pa=0)
    assert removes(cmd("ATC_INV", sid=3, addr=0x12344000, size=1), atc)
    assert not removes(cmd("ATC_INV", sid=3, addr=0x12346000, size=1), atc)
    assert not removes(cmd("ATC_INV", sid=3, ssv=True, ssid=2, size=52), atc)
    # a worked verdict: no-sync-before-nh-all refills the combined entry
    sc = std_nested()
    built(sc)
    sim = Sim(sc, "v7.0", "no-sync-before-nh-all", dom(), None)
    sim.time = 1
    assert sim.translate(T(SID, VA0))[1] == "fresh"
    sim.time = 2
    sim.write(0x1005000, [0])
    sim.time = 3
    seq = host_sequence("v7.0", "no-sync-before-nh-all", dom(), sim.cfg, rng(IPA0, P))
    assert [x["op"] for x in seq] == ["TLBI_S2_IPA", "TLBI_NH_ALL", "SYNC"]
    sim.queue(seq[0])
    sim.queue(seq[1])
    fresh, verdict, served = sim.translate(T(SID, VA0))
    assert verdict == "acceptable" and served["pa"] == PA0 and fresh["event"]["type"] == "F_TRANSLATION"
    assert [p["op"] for p in sim.pending] == ["TLBI_S2_IPA"]
    sim.queue(seq[2])
    sim.settle = 3
    assert not [e for e in sim.entries if e.kind == "s2" and e.ia == IPA0]
    sim.time = 4
    assert sim.translate(T(SID, VA0))[1] == "stale"
    # the same translation under a correct sequence is fresh
    sim = Sim(sc, "v7.0", None, dom(), None)
    sim.time = 1
    sim.translate(T(SID, VA0))
    sim.time = 2
    sim.write(0x1005000, [0])
    sim.time = 3
    for c in host_sequence("v7.0", None, dom(), sim.cfg, rng(IPA0, P)):
        sim.queue(c)
        if c["op"] == "TLBI_NH_ALL":
            assert sim.translate(T(SID, VA0))[1] == "fresh"
    # ATS denial (IHI0070 §3.9.1.2)
    sc = std_nested(ste_kw={"EATS": 1})
    built(sc)
    sim = Sim(sc, "v7.0", None, None, None)
    sim.write(0x1005000, [0])
    assert sim.translate(T(SID, VA0, kind="atc"))[0] == ATS_DENIED
    assert not [e for e in sim.entries if e.kind == "atc"]


def main():
    check = "--check" in sys.argv
    self_check()
    FILE_DESC.update({
        "bugs": "Each planted broken variant of the host (bug: no-nh-all, no-atc-full, no-sync-before-nh-all, partial-range, vmid-passthrough) shown STALE under max, next to the cases where the same bug leaves nothing stale.",
        "guest": "A guest's stage-1 and CD changes with its own invalidations through the vIOMMU (linux.md §5): VMID overwrite, NSNH_ALL to NH_ALL, vSID to pSID, EIO for the rest, 63-command batches.",
        "config": "Configuration caches (STE, L1STD, CD, L1CD) with and without the CFGI commands and their Leaf forms, update procedures with translations inside them, VMID reuse, ASID reuse across VMIDs, EL2 commands.",
        "range": "Address-based TLBIs: range boundaries (NUM/SCALE), TTL naming the wrong level, TG naming the wrong granule, Leaf after a table change, combined-entry splinters and a stage-2 block split.",
        "ats": "Devices with ATS: full ATS behind nested, stage-1-only and stage-2-only STEs, the host's ATC step per policy, ATC_INV spans and PASIDs, wrong order, the guest's own ATC_INV, and split-stage ATS.",
        "host": "The host's stage-2 change sequence (linux.md §4.1) under nesting and for stage-2-only devices: unmap, remap, permission downgrade, table removal, flush-all, other granules, multi-page ranges and translations during the sequence. Every real policy leaves no stale entry.",
    })
    fam_host()
    fam_bugs()
    fam_guest()
    fam_config()
    fam_range()
    fam_ats()
    out = write_files(check)
    n = sum(len(v) for v in FILES.values())
    for f, v in sorted(FILES.items()):
        print("tlb/gen-%s.yaml: %d" % (f, len(v)))
    print("total vectors: %d, rules: %d" % (n, len(RULES)))


if __name__ == "__main__":
    main()
