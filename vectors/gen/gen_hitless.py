#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the golden live-update vectors (vectors/hitless/*.yaml) and the
entry-writer rules catalogue (rules/hitless.yaml).

    python3 vectors/gen/gen_hitless.py          # rewrite the files
    python3 vectors/gen/gen_hitless.py --check  # only run the self-checks

How the expectations are derived
--------------------------------
Every figure in the generated files is computed by the small model of the
kernel's entry writer in THIS file, written from the kernel sources as
shared/reference/linux.md §6.1 states them:

  * arm_smmu_get_ste_used() and arm_smmu_get_cd_used(), per policy: MEV in
    both used lists from v6.15 (linux da0c56520e88), S2FWB in the stage-2
    list from v6.13 (linux 67e4fe398513), S2S in the stage-2 list since the
    stall cases of the KUnit suite (present in the v6.13 suite);
  * arm_smmu_get_ste_update_safe() of v7.0: MEV always (linux f3c1d372dbb8),
    EATS_TRANS unless either entry has EATS bit 29 (S1CHK) or S2S
    (linux 7cad80048595), and a safe bit counts only where both entries use
    it (linux 2781f2a930ab); no safe bits before v7.0 and none for CDs;
  * arm_smmu_write_entry() / entry_set(): the critical-qword computation,
    the three paths (0 critical: everything at once; 1 critical: unused
    bits, then the critical qword, then the rest; 2 or more: qword 0 zeroed,
    qwords 1..7, then qword 0), and one sync per entry_set() call that
    changed a qword;
  * the KUnit harness (arm-smmu-v3-test.c, arm_smmu_test_writer_record_syncs):
    a transition is non-hitless when the entry holds qword 0 == 0 at any
    sync.  The harness's other check (at every sync the entry equals the
    initial or the target entry in the bits it uses, ignoring safe bits) is
    recomputed here too and asserted for every KUnit case the kernel runs.

The fixtures of gen-kunit.yaml come from this file's own builders, written
from the KUnit fixture definitions (the S2 fixture's vttbr/vtcr, the CD
fixture's ttbr/tcr/mair, the cdtable fixture's DMA address, S1CDMax 0xFF and
64K-L2 format, the test SMMU's STALLS | ATTR_TYPES_OVR features) and the
kernel's make functions (arm_smmu_make_abort_ste, _bypass_ste,
_cdtable_ste, _s2_domain_ste, _s1_cd, _sva_cd).  The self-check asserts the
fixture qwords of linux.md §6.2 literally, and that the figures computed
under v7.0 equal the kernel's expected sync counts and hitless flags of the
§6.2 table for every case (and, for the cases the v6.13-v6.19 suite also
has, that v6.13 and v6.15 give the same figures, since that suite passed on
those kernels).

It never reads, links or runs the C model (model/, policy/) or the
smmu-nest binary.  If `smmu-nest replay` disagrees with a vector, the
figure is re-derived by hand from the kernel sources; it is never copied
from the C writer.

The torn expectation
--------------------
`torn` (safe/unsafe) needs a model of the SMMU, which this file does not
have.  It is written out (`torn: safe`) only where the reasoning is clear:
a breaking path (every mix the SMMU can fetch has V=0, or is an end of the
transition), and a path without safe-bit relaxations whose two ends are
legal entries (every mix keeps, in the bits the fetching configuration
uses, either the old or the new values).  Elsewhere `torn` is left at its
default (safe) and the comment says why the vector still expects safe and
what a checker might see (a v7.0 mix that differs from the old entry in
EATS or MEV only; a KUnit fixture that is architecturally ILLEGAL).

Output is deterministic: same input, byte-identical files.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "vectors", "hitless")
RULES_PATH = os.path.join(ROOT, "rules", "hitless.yaml")

U64 = (1 << 64) - 1
NQ = 8


def bit(n):
    return 1 << n


def genmask(hi, lo):
    return ((1 << (hi - lo + 1)) - 1) << lo


def prep(mask, val):
    """FIELD_PREP with a run-time value: shifted into place and truncated."""
    shift = (mask & -mask).bit_length() - 1
    return (val << shift) & mask


def get(mask, word):
    shift = (mask & -mask).bit_length() - 1
    return (word & mask) >> shift


# ---------------------------------------------------------------------------
# STE fields (linux.md §1.1)
# ---------------------------------------------------------------------------
STE0_V = bit(0)
STE0_CFG = genmask(3, 1)
STE0_S1FMT = genmask(5, 4)
STE0_S1CTXPTR = genmask(51, 6)
STE0_S1CDMAX = genmask(63, 59)
STE1_S1DSS = genmask(1, 0)
STE1_S1CIR = genmask(3, 2)
STE1_S1COR = genmask(5, 4)
STE1_S1CSH = genmask(7, 6)
STE1_MEV = bit(19)
STE1_S2FWB = bit(25)
STE1_S1STALLD = bit(27)
STE1_EATS = genmask(29, 28)
STE1_STRW = genmask(31, 30)
STE1_SHCFG = genmask(45, 44)
STE2_S2VMID = genmask(15, 0)
STE2_VTCR = genmask(50, 32)
STE2_S2AA64 = bit(51)
STE2_S2ENDI = bit(52)
STE2_S2PTW = bit(54)
STE2_S2S = bit(57)
STE2_S2R = bit(58)
STE3_S2TTB = genmask(51, 4)

VTCR_T0SZ = genmask(5, 0)
VTCR_SL0 = genmask(7, 6)
VTCR_IR0 = genmask(9, 8)
VTCR_OR0 = genmask(11, 10)
VTCR_SH0 = genmask(13, 12)
VTCR_TG = genmask(15, 14)
VTCR_PS = genmask(18, 16)

CFG_ABORT, CFG_BYPASS, CFG_S1_TRANS, CFG_S2_TRANS, CFG_NESTED = 0, 4, 5, 6, 7
S1DSS_TERMINATE, S1DSS_BYPASS, S1DSS_SSID0 = 0, 1, 2
S1C_CACHE_WBRA = 1
SH_ISH = 3
S1FMT_LINEAR, S1FMT_64K_L2 = 0, 2
EATS_TRANS, EATS_S1CHK = 1, 2
SHCFG_INCOMING = 1

# ---------------------------------------------------------------------------
# CD fields (linux.md §1.2)
# ---------------------------------------------------------------------------
CD0_T0SZ = genmask(5, 0)
CD0_TG0 = genmask(7, 6)
CD0_IRGN0 = genmask(9, 8)
CD0_ORGN0 = genmask(11, 10)
CD0_SH0 = genmask(13, 12)
CD0_EPD0 = bit(14)
CD0_EPD1 = bit(30)
CD0_V = bit(31)
CD0_IPS = genmask(34, 32)
CD0_AA64 = bit(41)
CD0_S = bit(44)
CD0_R = bit(45)
CD0_A = bit(46)
CD0_ASET = bit(47)
CD0_ASID = genmask(63, 48)
CD1_TTB0 = genmask(51, 4)

# ---------------------------------------------------------------------------
# Policies: what each kernel's writer has (linux.md §6.1, §7)
# ---------------------------------------------------------------------------
POLICIES = ["seed-v2", "v6.13", "v6.15", "v7.0"]
POLICY = {
    # The seed patch sits on the writer of its base kernel: no MEV, no S2FWB,
    # no update-safe bits.
    "seed-v2": {"mev_used": False, "s2fwb_used": False, "safe": False},
    "v6.13": {"mev_used": False, "s2fwb_used": True, "safe": False},
    "v6.15": {"mev_used": True, "s2fwb_used": True, "safe": False},
    "v7.0": {"mev_used": True, "s2fwb_used": True, "safe": True},
}


def ste_used(pol, e):
    """arm_smmu_get_ste_used() of @pol's kernel."""
    p = POLICY[pol]
    u = [0] * NQ
    u[0] = STE0_V
    if not e[0] & STE0_V:
        return u
    cfg = get(STE0_CFG, e[0])
    u[0] |= STE0_CFG
    if cfg & 1:
        u[0] |= STE0_S1FMT | STE0_S1CTXPTR | STE0_S1CDMAX
        u[1] |= (STE1_S1DSS | STE1_S1CIR | STE1_S1COR | STE1_S1CSH |
                 STE1_S1STALLD | STE1_STRW | STE1_EATS)
        if p["mev_used"]:
            u[1] |= STE1_MEV
        u[2] |= STE2_S2VMID
        if get(STE1_S1DSS, e[1]) == S1DSS_BYPASS:
            u[1] |= STE1_SHCFG
    if cfg & 2:
        u[1] |= STE1_EATS | STE1_SHCFG
        if p["s2fwb_used"]:
            u[1] |= STE1_S2FWB
        if p["mev_used"]:
            u[1] |= STE1_MEV
        u[2] |= (STE2_S2VMID | STE2_VTCR | STE2_S2AA64 | STE2_S2ENDI |
                 STE2_S2PTW | STE2_S2S | STE2_S2R)
        u[3] |= STE3_S2TTB
    if cfg == CFG_BYPASS:
        u[1] |= STE1_SHCFG
    return u


def ste_safe(pol, cur, tgt):
    """arm_smmu_get_ste_update_safe() of @pol's kernel (v7.0 only)."""
    s = [0] * NQ
    if not POLICY[pol]["safe"]:
        return s
    eats_s1chk = prep(STE1_EATS, EATS_S1CHK)
    if not ((cur[1] | tgt[1]) & eats_s1chk) and not ((cur[2] | tgt[2]) & STE2_S2S):
        s[1] |= prep(STE1_EATS, EATS_TRANS)
    s[1] |= STE1_MEV
    return s


def cd_used(pol, e):
    """arm_smmu_get_cd_used(): the same in every policy."""
    del pol
    u = [0] * NQ
    u[0] = CD0_V
    if not e[0] & CD0_V:
        return u
    u = [U64] * NQ
    if e[0] & CD0_EPD0:
        u[0] &= ~(CD0_T0SZ | CD0_TG0 | CD0_IRGN0 | CD0_ORGN0 | CD0_SH0) & U64
        u[1] &= ~CD1_TTB0 & U64
    return u


def used_of(kind):
    return ste_used if kind == "ste" else cd_used


def safe_of(kind, pol, cur, tgt):
    return ste_safe(pol, cur, tgt) if kind == "ste" else [0] * NQ


class Run:
    """What arm_smmu_write_entry() does for one transition."""

    def __init__(self):
        self.steps = []          # (written mask, entry after the writes)
        self.path = None
        self.critical = 0
        self.critical_mask = 0
        self.warn = []           # qwords where the target sets bits outside its used bits
        self.foreign = False     # either end sets bits outside its own used bits
        self.safe_changed = [0] * NQ   # update-safe bits that differ between the ends

    @property
    def syncs(self):
        return len(self.steps)

    @property
    def hitless(self):
        # KUnit: invalid_entry_written when qword 0 is 0 at any sync.
        return not any(after[0] == 0 for _, after in self.steps)


def write_entry(pol, kind, cur, tgt):
    used = used_of(kind)
    entry = list(cur)
    cur_used = used(pol, entry)
    tgt_used = used(pol, tgt)
    safe = safe_of(kind, pol, entry, tgt)
    r = Run()
    unused_update = [0] * NQ
    for i in range(NQ):
        safe[i] &= tgt_used[i] & cur_used[i]
        if tgt[i] & ~tgt_used[i]:
            r.warn.append(i)
        if (tgt[i] & ~tgt_used[i]) or (entry[i] & ~cur_used[i]):
            r.foreign = True
        r.safe_changed[i] = safe[i] & (entry[i] ^ tgt[i])
        cu = cur_used[i] & ~safe[i]
        unused_update[i] = (entry[i] & cu) | (tgt[i] & ~cu & U64)
        if (unused_update[i] & tgt_used[i]) != tgt[i]:
            r.critical_mask |= 1 << i
    r.critical = bin(r.critical_mask).count("1")

    def entry_set(target, start, n):
        written = 0
        for i in range(start, start + n):
            if entry[i] != target[i]:
                entry[i] = target[i]
                written |= 1 << i
        if written:
            r.steps.append((written, tuple(entry)))

    if r.critical == 1:
        r.path = "hitless"
        ci = r.critical_mask.bit_length() - 1
        unused_update[ci] = entry[ci]
        entry_set(unused_update, 0, NQ)
        entry_set(tgt, ci, 1)
        entry_set(tgt, 0, NQ)
    elif r.critical:
        r.path = "breaking"
        unused_update[0] = 0
        entry_set(unused_update, 0, 1)
        entry_set(tgt, 1, NQ - 1)
        entry_set(tgt, 0, 1)
    else:
        entry_set(tgt, 0, NQ)
        r.path = "no-critical" if r.steps else "noop"
    assert tuple(entry) == tuple(tgt)
    return r


def harness_check(pol, kind, cur, tgt, r, new_harness):
    """The KUnit harness's per-sync check; True when every sync passes it."""
    used = used_of(kind)
    for _, after in r.steps:
        if after[0] == 0:
            continue
        u = used(pol, after)
        if new_harness:
            si = safe_of(kind, pol, after, cur)
            st = safe_of(kind, pol, after, tgt)
            d_init = any((after[i] & (u[i] & ~si[i])) != (cur[i] & (u[i] & ~si[i])) for i in range(NQ))
            d_tgt = any((after[i] & (u[i] & ~st[i])) != (tgt[i] & (u[i] & ~st[i])) for i in range(NQ))
        else:
            d_init = any((after[i] & u[i]) != cur[i] for i in range(NQ))
            d_tgt = any((after[i] & u[i]) != tgt[i] for i in range(NQ))
        if d_init and d_tgt:
            return False
    return True


# ---------------------------------------------------------------------------
# Fixture builders: the kernel's make functions (linux.md §3, §6.2)
# ---------------------------------------------------------------------------
class Smmu:
    def __init__(self, stalls=False, attr_types_ovr=False, e2h=False):
        self.stalls = stalls
        self.attr_types_ovr = attr_types_ovr
        self.e2h = e2h


class Vtcr:
    def __init__(self, tsz, sl, irgn, orgn, sh, tg, ps):
        self.tsz, self.sl, self.irgn, self.orgn = tsz, sl, irgn, orgn
        self.sh, self.tg, self.ps = sh, tg, ps

    def value(self):
        return (prep(VTCR_T0SZ, self.tsz) | prep(VTCR_SL0, self.sl) |
                prep(VTCR_IR0, self.irgn) | prep(VTCR_OR0, self.orgn) |
                prep(VTCR_SH0, self.sh) | prep(VTCR_TG, self.tg) |
                prep(VTCR_PS, self.ps))


def make_abort_ste():
    return (STE0_V | prep(STE0_CFG, CFG_ABORT),) + (0,) * 7


def make_bypass_ste(smmu):
    q1 = prep(STE1_SHCFG, SHCFG_INCOMING) if smmu.attr_types_ovr else 0
    return (STE0_V | prep(STE0_CFG, CFG_BYPASS), q1) + (0,) * 6


def make_cdtable_ste(smmu, cdtab_dma, s1cdmax, s1fmt, ats, stall, s1dss):
    q0 = (STE0_V | prep(STE0_CFG, CFG_S1_TRANS) | prep(STE0_S1FMT, s1fmt) |
          (cdtab_dma & STE0_S1CTXPTR) | prep(STE0_S1CDMAX, s1cdmax))
    q1 = (prep(STE1_S1DSS, s1dss) | prep(STE1_S1CIR, S1C_CACHE_WBRA) |
          prep(STE1_S1COR, S1C_CACHE_WBRA) | prep(STE1_S1CSH, SH_ISH) |
          (STE1_S1STALLD if smmu.stalls and not stall else 0) |
          prep(STE1_EATS, EATS_TRANS if ats else 0))
    if smmu.attr_types_ovr and s1dss == S1DSS_BYPASS:
        q1 |= prep(STE1_SHCFG, SHCFG_INCOMING)
    q2 = 0
    if smmu.e2h:
        q1 |= prep(STE1_STRW, 2)
    else:
        q1 |= prep(STE1_STRW, 0)
        q2 = prep(STE2_S2VMID, 0)       # VMID 0: stage-2 bypass EL1 STEs
    return (q0, q1, q2) + (0,) * 5


def make_s2_domain_ste(smmu, vmid, vttbr, vtcr, ats, stall, s2fwb=False):
    q0 = STE0_V | prep(STE0_CFG, CFG_S2_TRANS)
    q1 = prep(STE1_EATS, EATS_TRANS if ats else 0)
    if s2fwb:
        q1 |= STE1_S2FWB
    if smmu.attr_types_ovr:
        q1 |= prep(STE1_SHCFG, SHCFG_INCOMING)
    q2 = (prep(STE2_S2VMID, vmid) | prep(STE2_VTCR, vtcr.value()) | STE2_S2AA64 |
          STE2_S2PTW | (STE2_S2S if stall else 0) | STE2_S2R)
    q3 = vttbr & STE3_S2TTB
    return (q0, q1, q2, q3) + (0,) * 4


def make_nested_ste(smmu, vste, vmid, vttbr, vtcr, ats, stall, mev):
    """arm_smmu_make_nested_domain_ste() for a valid Config=5 vSTE (linux.md §3)."""
    s2 = make_s2_domain_ste(smmu, vmid, vttbr, vtcr, ats, stall)
    q0 = (STE0_V | prep(STE0_CFG, CFG_NESTED)) | (vste[0] & ~STE0_CFG & U64)
    q1 = s2[1] | (vste[1] & ~STE1_EATS & U64)
    if mev:
        q1 |= STE1_MEV
    return (q0, q1) + s2[2:]


def make_s1_cd(ttbr, tcr, mair, asid, stall_enabled=False):
    q0 = (prep(CD0_T0SZ, tcr["tsz"]) | prep(CD0_TG0, tcr["tg"]) |
          prep(CD0_IRGN0, tcr["irgn"]) | prep(CD0_ORGN0, tcr["orgn"]) |
          prep(CD0_SH0, tcr["sh"]) | CD0_EPD1 | CD0_V | prep(CD0_IPS, tcr["ips"]) |
          CD0_AA64 | (CD0_S if stall_enabled else 0) | CD0_R | CD0_A | CD0_ASET |
          prep(CD0_ASID, asid))
    return (q0, ttbr & CD1_TTB0, 0, mair, 0, 0, 0, 0)


# The host the KUnit SVA fixture stands for: arm_smmu_make_sva_cd() reads
# the CPU's PARange, vabits_actual, PAGE_SIZE and MAIR_EL1, and the pgd's
# physical address.  These are this generator's choices (an arm64 host with
# 4 KB pages, 48-bit VAs and PAs, no MTE); the sync figures do not depend on
# them beyond being non-zero where the kernel's are.
SVA_PARANGE = 5                   # 48-bit PA
SVA_VABITS = 48
SVA_TG0_4K = 0
SVA_MAIR = 0x000000040044ffff     # MT_NORMAL 0xff, MT_NORMAL_TAGGED 0xff, NC 0x44, nGnRnE 0, nGnRE 4
SVA_PGD_PHYS = 0x0000000081234000 # stands for virt_to_phys(sva_mm.pgd)
TCR_RGN_WBWA = 1
TCR_SH_IS = 3


def make_sva_cd(smmu_stall_force, asid, mm, stall_enabled=False):
    q0 = (CD0_EPD1 | CD0_V | prep(CD0_IPS, SVA_PARANGE) | CD0_AA64 |
          (CD0_S if stall_enabled else 0) | CD0_R | CD0_A | CD0_ASET |
          prep(CD0_ASID, asid))
    q1 = 0
    if mm:
        q0 |= (prep(CD0_T0SZ, 64 - SVA_VABITS) | prep(CD0_TG0, SVA_TG0_4K) |
               prep(CD0_IRGN0, TCR_RGN_WBWA) | prep(CD0_ORGN0, TCR_RGN_WBWA) |
               prep(CD0_SH0, TCR_SH_IS))
        q1 = SVA_PGD_PHYS & CD1_TTB0
    else:
        q0 |= CD0_EPD0
        if not smmu_stall_force:
            q0 &= ~(CD0_S | CD0_R) & U64
    return (q0, q1, 0, SVA_MAIR, 0, 0, 0, 0)


# --- The KUnit suite's fixtures (arm-smmu-v3-test.c) ----------------------
KUNIT_SMMU = Smmu(stalls=True, attr_types_ovr=True)
KUNIT_CDTAB_DMA = 0xF0F0F0F0F0F0
KUNIT_CDTAB_DMA_2 = 0x4B4B4b4B4B
KUNIT_S1CDMAX = 0xFF
KUNIT_VTTBR = 0xdaedbeefdeadbeef
KUNIT_VTCR = Vtcr(tsz=4, sl=3, irgn=2, orgn=1, sh=3, tg=2, ps=1)
KUNIT_TCR = {"ips": 1, "tg": 2, "sh": 3, "orgn": 1, "irgn": 2, "tsz": 4}
KUNIT_MAIR = 0xabcdef012345678
TEST_ATS, TEST_STALL, TEST_NESTED = 1, 2, 4


def kunit_s2_ste(feat):
    return make_s2_domain_ste(KUNIT_SMMU, 0, KUNIT_VTTBR, KUNIT_VTCR,
                              bool(feat & TEST_ATS), bool(feat & TEST_STALL))


def kunit_cdtable_ste(s1dss, dma, feat):
    ste = list(make_cdtable_ste(KUNIT_SMMU, dma, KUNIT_S1CDMAX, S1FMT_64K_L2,
                                bool(feat & TEST_ATS), bool(feat & TEST_STALL), s1dss))
    if feat & TEST_NESTED:
        s2 = kunit_s2_ste(feat & ~TEST_NESTED)
        ste[0] |= prep(STE0_CFG, CFG_NESTED)
        ste[1] |= STE1_MEV
        ste[2:] = s2[2:]
    return tuple(ste)


K_ABORT = make_abort_ste()
K_BYPASS = make_bypass_ste(KUNIT_SMMU)
K_CDT_SSID0_ATS = kunit_cdtable_ste(S1DSS_SSID0, KUNIT_CDTAB_DMA, TEST_ATS)
K_CDT_S1DSSBYP_ATS = kunit_cdtable_ste(S1DSS_BYPASS, KUNIT_CDTAB_DMA, TEST_ATS)
K_CDT_S1DSSBYP_ATS_2 = kunit_cdtable_ste(S1DSS_BYPASS, KUNIT_CDTAB_DMA_2, TEST_ATS)
K_CDT_SSID0_STALL = kunit_cdtable_ste(S1DSS_SSID0, KUNIT_CDTAB_DMA, TEST_STALL)
K_S2_ATS = kunit_s2_ste(TEST_ATS)
K_S2_STALL = kunit_s2_ste(TEST_STALL)
K_S2_PLAIN = kunit_s2_ste(0)
K_NESTED_S1DSSBYP_ATS = kunit_cdtable_ste(S1DSS_BYPASS, KUNIT_CDTAB_DMA, TEST_ATS | TEST_NESTED)
K_CD_ZERO = (0,) * 8
K_CD_S1_1997 = make_s1_cd(KUNIT_VTTBR, KUNIT_TCR, KUNIT_MAIR, 1997)
K_CD_S1_778 = make_s1_cd(KUNIT_VTTBR, KUNIT_TCR, KUNIT_MAIR, 778)
K_CD_SVA_1997 = make_sva_cd(False, 1997, True)
K_CD_SVA_REL_1997 = make_sva_cd(False, 1997, False)


# --- A realistic host for the nested vectors -----------------------------
# A coherent SMMUv3 with ATTR_TYPES_OVR (so every S2 STE carries
# SHCFG=INCOMING) and no stall model: the PCI masters of an iommufd VM.
HOST_SMMU = Smmu(stalls=False, attr_types_ovr=True)
# The nest parent: 4 KB granule, 48-bit IPA (S2T0SZ 16, start level 0),
# WBWA inner/outer, inner shareable, 48-bit PA; VMID 1; tables at 0x40000000.
HOST_VTCR = Vtcr(tsz=16, sl=2, irgn=1, orgn=1, sh=3, tg=0, ps=5)
PARENT_VMID = 1
PARENT_VTTBR = 0x0000000040000000
# A second nest parent (another VM's stage 2): VMID 2, tables at 0x48000000.
PARENT2_VMID = 2
PARENT2_VTTBR = 0x0000000048000000


def guest_vste(ctxptr=0x80004000, cdmax=8, fmt=S1FMT_LINEAR, s1dss=S1DSS_SSID0, stalld=0):
    """A guest's Config=5 vSTE: a linear CD table of 2^cdmax CDs at an IPA."""
    q0 = (STE0_V | prep(STE0_CFG, CFG_S1_TRANS) | prep(STE0_S1FMT, fmt) |
          (ctxptr & STE0_S1CTXPTR) | prep(STE0_S1CDMAX, cdmax))
    q1 = (prep(STE1_S1DSS, s1dss) | prep(STE1_S1CIR, S1C_CACHE_WBRA) |
          prep(STE1_S1COR, S1C_CACHE_WBRA) | prep(STE1_S1CSH, SH_ISH) |
          (STE1_S1STALLD if stalld else 0))
    return (q0, q1)


def nested(ats, mev=True, vmid=PARENT_VMID, vttbr=PARENT_VTTBR, stall=False, **g):
    return make_nested_ste(HOST_SMMU, guest_vste(**g), vmid, vttbr, HOST_VTCR, ats, stall, mev)


def s2(ats, vmid=PARENT_VMID, vttbr=PARENT_VTTBR, stall=False, s2fwb=False):
    return make_s2_domain_ste(HOST_SMMU, vmid, vttbr, HOST_VTCR, ats, stall, s2fwb)


# ---------------------------------------------------------------------------
# Vectors
# ---------------------------------------------------------------------------
def hx(v):
    return "0x%016x" % v


def q(s):
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow_list(items):
    return "[" + ", ".join(items) + "]"


class Outcome:
    def __init__(self, r, torn_explicit):
        self.syncs = r.syncs
        self.hitless = r.hitless
        self.path = r.path
        self.torn_explicit = torn_explicit

    def key(self):
        return (self.syncs, self.hitless, self.path)

    def flow(self, torn_explicit):
        parts = ["syncs: %d" % self.syncs, "hitless: %s" % ("true" if self.hitless else "false"),
                 "path: %s" % self.path]
        if torn_explicit:
            parts.append("torn: safe")
        return "{" + ", ".join(parts) + "}"


def is_legal_ste(e):
    """Whether an STE built here is a legal one for a plain SMMUv3 (rough:
    flags only the KUnit fixtures' known ILLEGAL fields)."""
    if not e[0] & STE0_V:
        return True
    cfg = get(STE0_CFG, e[0])
    if cfg & 1 and get(STE0_S1CDMAX, e[0]) > 20:
        return False               # S1CDMax above any SSIDSIZE
    if cfg & 2:
        t0sz = get(VTCR_T0SZ, get(STE2_VTCR, e[2]))
        if t0sz < 16:
            return False           # S2T0SZ below the minimum
    return True


def is_legal_cd(e):
    if not e[0] & CD0_V:
        return True
    if not e[0] & CD0_EPD0 and get(CD0_T0SZ, e[0]) < 16:
        return False               # T0SZ below the minimum
    return True


def legal(kind, e):
    return is_legal_ste(e) if kind == "ste" else is_legal_cd(e)


def safe_bits_touched(pol, kind, cur, tgt, r):
    """Whether some step's entry differs from the old one in a bit the
    current configuration uses but the writer treated as update-safe."""
    if kind != "ste" or not POLICY[pol]["safe"]:
        return False
    cu = ste_used(pol, cur)
    tu = ste_used(pol, tgt)
    safe = [s & cu[i] & tu[i] for i, s in enumerate(ste_safe(pol, cur, tgt))]
    if not any(safe):
        return False
    if r.path == "breaking":
        return False
    # in the hitless path the first step writes the safe bits early
    for _, after in r.steps[:1]:
        if any((after[i] ^ cur[i]) & safe[i] for i in range(NQ)):
            return True
    return False


class Vec:
    def __init__(self, vid, kind, frm, to, desc, rules, cites, flags=(), kunit=None,
                 built="", policies=None):
        self.id = vid
        self.policies = list(policies or POLICIES)
        self.kind = kind
        self.frm = tuple(frm)
        self.to = tuple(to)
        self.desc = desc
        self.rules = list(rules)
        self.cites = list(cites)
        self.flags = list(flags)
        self.kunit = kunit          # (case number, syncs, hitless, in T-old) or None
        self.built = built
        self.runs = {p: write_entry(p, kind, self.frm, self.to) for p in self.policies}
        self.torn_note = {}
        self.outcomes = {}
        for p in self.policies:
            r = self.runs[p]
            clear = self.torn_clear(p, r)
            self.outcomes[p] = Outcome(r, clear)

    def torn_clear(self, p, r):
        """Whether the torn answer (safe) follows from reasoning alone."""
        if r.path == "breaking":
            self.torn_note[p] = "breaking"
            return True
        if not (legal(self.kind, self.frm) and legal(self.kind, self.to)):
            self.torn_note[p] = "illegal"
            return False
        if r.foreign:
            self.torn_note[p] = "foreign"
            return False
        if safe_bits_touched(p, self.kind, self.frm, self.to, r):
            self.torn_note[p] = "safe-bits"
            return False
        self.torn_note[p] = "used-bits"
        return True


PATH_TEXT = {
    "noop": "no qword changes, nothing is written",
    "no-critical": "no critical qword, every qword written at once",
    "hitless": "one critical qword",
    "breaking": "two or more critical qwords, qword 0 zeroed first",
}


def qwords(mask):
    return ",".join("q%d" % i for i in range(NQ) if mask >> i & 1) or "none"


def describe_run(r):
    s = "%s (%s)" % (r.path, PATH_TEXT[r.path])
    if r.path in ("hitless", "breaking"):
        s += ", critical %s" % qwords(r.critical_mask)
    if r.steps:
        s += "; syncs after writing %s" % " then ".join(qwords(w) for w, _ in r.steps)
    s += "; %s" % ("hitless" if r.hitless else "qword 0 is 0 at a sync, so not hitless")
    return s


TORN_TEXT = {
    "breaking": "torn safe: a breaking path lets the SMMU fetch only V=0 mixes or an end of the transition",
    "used-bits": "torn safe: each step writes only bits the fetching configuration ignores, or the one critical qword, so every mix equals the old or the new entry in the bits its Config uses",
    "safe-bits": "torn left at its default safe: the first step writes update-safe bits (EATS_TRANS, MEV) the old entry uses, so a mix differs from the old entry in those bits only; the kernel holds that harmless (PCI ATS is off while EATS changes, and MEV changes only event merging, IHI0070 §5.2)",
    "illegal": "torn left at its default safe: an end is a KUnit fixture no SMMU accepts (S2T0SZ 4, S1CDMax 31 or CD T0SZ 4), so a checker sees mostly ILLEGAL mixes; the vector checks the writer's figures",
    "foreign": "torn left at its default safe: an end carries MEV, which this kernel neither builds nor counts as used, so a mix may differ from an end in MEV (event merging only, IHI0070 §5.2)",
}


def derivation(v):
    groups = []
    for p in v.policies:
        text = describe_run(v.runs[p])
        if v.runs[p].warn:
            text += "; the target sets bits outside this kernel's used bits in %s (the kernel would WARN)" % qwords(
                sum(1 << i for i in v.runs[p].warn))
        torn = TORN_TEXT[v.torn_note[p]]
        for g in groups:
            if g[1] == text and g[2] == torn:
                g[0].append(p)
                break
        else:
            groups.append([[p], text, torn])
    parts = []
    for ps, text, torn in groups:
        parts.append("%s: %s; %s" % ("/".join(ps), text, torn))
    return "; ".join(parts)


FLAG_TEXT = {
    "KUNIT": "a transition of the kernel's arm-smmu-v3 KUnit suite; the v7.0 sync count and hitless flag are asserted equal to the kernel's expectation (linux.md §6.2)",
    "KUNIT-OLD": "the v6.13-v6.19 KUnit suite has this case too, so the v6.13 and v6.15 figures are asserted equal to the kernel's as well",
    "POLICY-SPLIT": "the policies' writers disagree; expect-by-policy lists the ones that differ from expect",
    "PRE-V7-BREAKING": "the v6.15 writer (and, for entries it builds itself, v6.13's) zeroes V, the C_BAD_STE window that linux 2781f2a930ab fixes; v7.0 updates the entry without it",
    "ILLEGAL-FIXTURE": "an end of the transition is a KUnit fixture that no SMMU accepts (S2T0SZ 4, S1CDMax 31, or CD T0SZ 4); only the writer's figures are meaningful",
    "SAFE-BITS": "under v7.0 the writer relaxes update-safe bits (EATS_TRANS, MEV) that both entries use",
    "FOREIGN-BITS": "under seed-v2 and v6.13 an end carries MEV, which those kernels never build and do not count as used bits; their writer WARNs on such a target and treats its qword as critical",
}


def auto_flags(v):
    fl = list(v.flags)
    keys = {v.outcomes[p].key() for p in v.policies}
    if len(keys) > 1 and "POLICY-SPLIT" not in fl:
        fl.append("POLICY-SPLIT")
    if any(v.torn_note[p] == "illegal" for p in v.policies) and "ILLEGAL-FIXTURE" not in fl:
        fl.append("ILLEGAL-FIXTURE")
    if any(v.runs["v7.0"].safe_changed) and "SAFE-BITS" not in fl:
        fl.append("SAFE-BITS")
    if ("v6.15" in v.runs and v.runs["v6.15"].path == "breaking" and v.runs["v7.0"].path != "breaking" and
            "PRE-V7-BREAKING" not in fl):
        fl.append("PRE-V7-BREAKING")
    if any(v.runs[p].foreign for p in v.policies) and "FOREIGN-BITS" not in fl:
        fl.append("FOREIGN-BITS")
    return fl


def vector_rules(v):
    rules = list(v.rules)

    def add(r):
        if r not in rules:
            rules.append(r)

    add("policy.hitless.sync-per-change")
    for p in v.policies:
        r = v.runs[p]
        add({"noop": "policy.hitless.noop", "no-critical": "policy.hitless.no-critical",
             "hitless": "policy.hitless.one-critical", "breaking": "policy.hitless.breaking"}[r.path])
        if not r.hitless:
            add("policy.hitless.kunit-judge")
    if v.kind == "ste":
        add("policy.hitless.ste-used")
        for p in v.policies:
            if v.runs[p].safe_changed[1] & STE1_MEV:
                add("policy.hitless.safe-mev")
                add("arch.hitless.mev")
            if v.runs[p].safe_changed[1] & prep(STE1_EATS, EATS_TRANS):
                add("policy.hitless.safe-eats")
        if (v.frm[1] | v.to[1]) & STE1_MEV:
            add("policy.hitless.mev-used")
        if (v.frm[1] ^ v.to[1]) & STE1_S2FWB:
            add("policy.hitless.s2fwb-used")
    else:
        add("policy.hitless.cd-used")
    if any(v.runs[p].path == "breaking" for p in v.policies):
        add("arch.hitless.update-procedure")
        add("arch.hitless.v0-ignored")
    if any(v.runs[p].path in ("hitless", "no-critical") for p in v.policies):
        add("arch.hitless.ignored-fields")
        add("arch.hitless.atomicity")
    add("arch.hitless.cfgi-sync")
    return rules


def vector_cites(v, rules):
    cites = list(v.cites)

    def add(c):
        if c not in cites:
            cites.append(c)

    for r in rules:
        for s in RULE_BY_ID[r]["sources"]:
            add(s)
    return cites


def torn_for(v, key):
    """`torn: safe` is written out when the reasoning is clear for every
    policy that shares the outcome @key (expect covers all of them)."""
    return all(v.outcomes[p].torn_explicit for p in v.policies if v.outcomes[p].key() == key)


def choose_expect(v):
    """expect = the v7.0 (default-policy) outcome; the others as exceptions."""
    common = v.outcomes["v7.0"].key()
    by = [p for p in v.policies if v.outcomes[p].key() != common]
    return common, by


class VFile:
    def __init__(self, name, description):
        self.name = name
        self.description = description
        self.vectors = []

    def add(self, v):
        self.vectors.append(v)


def emit_file(vf):
    lines = []
    lines.append("# Generated by vectors/gen/gen_hitless.py -- do not edit by hand; edit the")
    lines.append("# generator and run `python3 vectors/gen/gen_hitless.py`.  Figures come from")
    lines.append("# the generator's own model of the kernel's entry writer, never from smmu-nest.")
    lines.append("schema: 1")
    lines.append("area: hitless")
    lines.append("spec: %s" % q("IHI0070 G.b"))
    lines.append("description: %s" % q(vf.description))
    lines.append("default-policy: v7.0")
    lines.append("test-count: %d" % len(vf.vectors))
    per_vec_flags = [auto_flags(v) for v in vf.vectors]
    used = sorted({f for fl in per_vec_flags for f in fl})
    if used:
        lines.append("flags:")
        for f in used:
            lines.append("  %s: %s" % (f, q(FLAG_TEXT[f])))
    lines.append("vectors:")
    for v, fl in zip(vf.vectors, per_vec_flags):
        rules = vector_rules(v)
        cites = vector_cites(v, rules)
        common, by = choose_expect(v)
        lines.append("  - id: %s" % v.id)
        lines.append("    rules: %s" % flow_list(rules))
        lines.append("    cite: %s" % flow_list(q(c) for c in cites))
        comment = v.desc
        if v.built:
            comment += " " + v.built
        if v.kunit:
            case, ks, kh, old = v.kunit
            comment += (" KUnit case %d expects %d sync%s, %s; asserted equal to the v7.0 figures%s." %
                        (case, ks, "" if ks == 1 else "s", "hitless" if kh else "not hitless",
                         " and, since the v6.13-v6.19 suite has the case, to the v6.13 and v6.15 figures"
                         if old else ""))
        comment += " Derivation (gen_hitless.py writer model): %s." % derivation(v)
        lines.append("    comment: %s" % q(comment))
        if fl:
            lines.append("    flags: %s" % flow_list(fl))
        if v.policies != POLICIES:
            lines.append("    policies: %s" % flow_list(v.policies))
        lines.append("    input:")
        lines.append("      kind: %s" % v.kind)
        lines.append("      from: %s" % flow_list(hx(x) for x in v.frm))
        lines.append("      to: %s" % flow_list(hx(x) for x in v.to))
        lines.append("    expect: %s" % v.outcomes["v7.0"].flow(torn_for(v, common)))
        if by:
            lines.append("    expect-by-policy:")
            for p in by:
                lines.append("      %s: %s" % (p, v.outcomes[p].flow(torn_for(v, v.outcomes[p].key()))))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Rules (rules/hitless.yaml)
# ---------------------------------------------------------------------------
RULES = [
    {"id": "arch.hitless.atomicity", "kind": "arch",
     "text": "The SMMU may fetch an STE or CD at any time while software rewrites it, and only each aligned 64-bit word is single-copy atomic, so a fetch can see any mix of old and new qwords written since the last invalidation completed.",
     "sources": ["IHI0070 G.b §3.21.3", "arch.md §4.4"]},
    {"id": "arch.hitless.update-procedure", "kind": "arch",
     "text": "The safe general procedure for changing a live structure is to make it invalid (V=0), invalidate and sync, write the other fields, then write the word holding V=1 and invalidate again.",
     "sources": ["IHI0070 G.b §3.21.3", "arch.md §4.4"]},
    {"id": "arch.hitless.cfgi-sync", "kind": "arch",
     "text": "A change to an STE or CD takes effect for the SMMU only after a CMD_CFGI_STE or CMD_CFGI_CD naming it has completed at a CMD_SYNC, since the SMMU may cache any structure it can reach, valid or not.",
     "sources": ["IHI0070 G.b §4.3", "IHI0070 G.b §4.7.3", "arch.md §4.4"]},
    {"id": "arch.hitless.ignored-fields", "kind": "arch",
     "text": "Fields that the current Config (or, for a CD, EPD0) makes IGNORED may be changed in place without changing what the SMMU does: stage-2 fields under Config 0b10x, stage-1 fields under Config 0b1x0, TTB0 and the TCR fields of walk 0 under EPD0=1.",
     "sources": ["IHI0070 G.b §5.2", "IHI0070 G.b §5.4", "arch.md §1.2", "arch.md §2"]},
    {"id": "arch.hitless.v0-ignored", "kind": "arch",
     "text": "With V=0 every other field of an STE or CD is IGNORED and a transaction that selects it is terminated with C_BAD_STE or C_BAD_CD, which is what a device sees during a breaking update.",
     "sources": ["IHI0070 G.b §5.2", "IHI0070 G.b §5.4", "arch.md §1.2"]},
    {"id": "arch.hitless.mev", "kind": "arch",
     "text": "STE.MEV only lets the SMMU merge similar event records, and software must cope with merged records even when MEV is 0, so MEV changes no translation.",
     "sources": ["IHI0070 G.b §5.2", "arch.md §5.5", "linux f3c1d372dbb8"]},
    {"id": "arch.hitless.eats-s2s", "kind": "arch",
     "text": "EATS=0b01 with S2S=1 in a Config 0b11x STE is ILLEGAL, so an update that moves EATS and S2S separately could expose a C_BAD_STE mix.",
     "sources": ["IHI0070 G.b §5.2", "arch.md §1.2", "linux 7cad80048595"],
     "waiver": "No Linux policy builds an STE with both EATS=TRANS and S2S (stall masters never have ATS), so no realistic transition shows it; the S2S exclusion of policy.hitless.safe-eats is checked by the generator's self-check."},
    {"id": "policy.hitless.ste-used", "kind": "policy",
     "text": "The writer takes an STE's used bits from its Config: V alone when V=0; the stage-1 fields, STRW, EATS and S2VMID when stage 1 translates (SHCFG too under S1DSS=bypass); EATS, SHCFG, the stage-2 fields and S2TTB when stage 2 translates; SHCFG for bypass.",
     "sources": ["linux 56e1a4cc2588", "linux.md §6.1"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.mev-used", "kind": "policy",
     "text": "From v6.15 MEV is in both the stage-1 and the stage-2 used bits, so an MEV difference alone makes a qword critical unless MEV is update-safe.",
     "sources": ["linux da0c56520e88", "linux.md §6.1", "linux.md §7"],
     "policies": ["v6.15", "v7.0"]},
    {"id": "policy.hitless.s2fwb-used", "kind": "policy",
     "text": "From v6.13 S2FWB is one of the stage-2 used bits, so setting or clearing it on a live stage-2 STE makes qword 1 critical.",
     "sources": ["linux 67e4fe398513", "linux.md §6.1", "linux.md §7"],
     "policies": ["v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.cd-used", "kind": "policy",
     "text": "A CD uses only V when V=0 and all eight qwords otherwise, except that EPD0=1 frees T0SZ, TG0, IRGN0, ORGN0, SH0 and TTB0.",
     "sources": ["linux 56e1a4cc2588", "linux.md §6.1"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.safe-mev", "kind": "policy",
     "text": "From v7.0 MEV is always update-safe: where both entries use it, it is written with the unused bits instead of making its qword critical.",
     "sources": ["linux f3c1d372dbb8", "linux 2781f2a930ab", "linux.md §6.1", "linux.md §7"],
     "policies": ["v7.0"]},
    {"id": "policy.hitless.safe-eats", "kind": "policy",
     "text": "From v7.0 the EATS_TRANS bit is update-safe unless either entry has the S1CHK bit of EATS or S2S set.",
     "sources": ["linux 7cad80048595", "linux 2781f2a930ab", "linux.md §6.1", "linux.md §7"],
     "policies": ["v7.0"]},
    {"id": "policy.hitless.noop", "kind": "policy",
     "text": "When no qword changes the writer writes nothing and issues no sync.",
     "sources": ["linux 56e1a4cc2588", "linux.md §6.1"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.no-critical", "kind": "policy",
     "text": "When no qword is critical (only bits unused by the current entry, or update-safe bits, change) the writer writes every qword at once and syncs once.",
     "sources": ["linux 56e1a4cc2588", "linux 2781f2a930ab", "linux.md §6.1"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.one-critical", "kind": "policy",
     "text": "With exactly one critical qword the writer first writes the bits the current entry ignores, then the critical qword, then the rest of the target, each step followed by a sync only if it changed something.",
     "sources": ["linux 56e1a4cc2588", "linux.md §6.1"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.breaking", "kind": "policy",
     "text": "With two or more critical qwords the writer zeroes qword 0 (V=0), writes qwords 1 to 7, then writes qword 0, syncing after each step that changed something.",
     "sources": ["linux 56e1a4cc2588", "linux.md §6.1"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.sync-per-change", "kind": "policy",
     "text": "Each entry_set() call that changes at least one qword is followed by one CFGI (per stream or CD) and a CMD_SYNC, so a transition costs zero to three syncs.",
     "sources": ["linux 56e1a4cc2588", "linux.md §6.1"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
    {"id": "policy.hitless.kunit-judge", "kind": "policy",
     "text": "The kernel's KUnit harness calls a transition non-hitless when the entry holds qword 0 equal to zero at any sync, whichever path wrote it.",
     "sources": ["linux.md §6.2"],
     "policies": ["seed-v2", "v6.13", "v6.15", "v7.0"]},
]
RULE_BY_ID = {r["id"]: r for r in RULES}


def emit_rules():
    lines = []
    lines.append("# Generated by vectors/gen/gen_hitless.py together with vectors/hitless/*.yaml;")
    lines.append("# edit the generator's RULES table and rerun it.")
    lines.append("schema: 1")
    lines.append("rules:")
    for r in RULES:
        lines.append("  - id: %s" % r["id"])
        lines.append("    kind: %s" % r["kind"])
        lines.append("    text: %s" % q(r["text"]))
        lines.append("    sources: %s" % flow_list(q(s) for s in r["sources"]))
        if "policies" in r:
            lines.append("    policies: %s" % flow_list(r["policies"]))
        if "waiver" in r:
            lines.append("    waiver: %s" % q(r["waiver"]))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# gen-kunit.yaml: every STE and CD transition of the KUnit suite
# ---------------------------------------------------------------------------
KCITE = ["linux.md §6.2"]

# (case, id, kind, from, to, description, syncs, hitless, in T-old)
KUNIT_CASES = [
    (1, "bypass-to-abort", "ste", K_BYPASS, K_ABORT,
     "write_ste_test_bypass_to_abort: the bypass STE (SHCFG=INCOMING) to the abort STE.", 2, True, True),
    (2, "abort-to-bypass", "ste", K_ABORT, K_BYPASS,
     "write_ste_test_abort_to_bypass: the abort STE to the bypass STE.", 2, True, True),
    (3, "cdtable-to-abort", "ste", K_CDT_SSID0_ATS, K_ABORT,
     "write_ste_test_cdtable_to_abort: the CD-table STE (S1DSS=SSID0, ATS) to abort.", 2, True, True),
    (4, "abort-to-cdtable", "ste", K_ABORT, K_CDT_SSID0_ATS,
     "write_ste_test_abort_to_cdtable: abort to the CD-table STE (S1DSS=SSID0, ATS).", 2, True, True),
    (5, "cdtable-to-bypass", "ste", K_CDT_SSID0_ATS, K_BYPASS,
     "write_ste_test_cdtable_to_bypass: the CD-table STE (S1DSS=SSID0, ATS) to bypass.", 3, True, True),
    (6, "bypass-to-cdtable", "ste", K_BYPASS, K_CDT_SSID0_ATS,
     "write_ste_test_bypass_to_cdtable: bypass to the CD-table STE (S1DSS=SSID0, ATS).", 3, True, True),
    (7, "cdtable-s1dss-change.ssid0-to-bypass", "ste", K_CDT_SSID0_ATS, K_CDT_S1DSSBYP_ATS,
     "write_ste_test_cdtable_s1dss_change, first transition: S1DSS=SSID0 to S1DSS=bypass on the CD-table STE.", 1, True, True),
    (7, "cdtable-s1dss-change.bypass-to-ssid0", "ste", K_CDT_S1DSSBYP_ATS, K_CDT_SSID0_ATS,
     "write_ste_test_cdtable_s1dss_change, second transition: S1DSS=bypass back to S1DSS=SSID0.", 1, True, True),
    (8, "s1dssbypass-to-stebypass", "ste", K_CDT_S1DSSBYP_ATS, K_BYPASS,
     "write_ste_test_s1dssbypass_to_stebypass: the CD-table STE with S1DSS=bypass to the bypass STE.", 2, True, True),
    (9, "stebypass-to-s1dssbypass", "ste", K_BYPASS, K_CDT_S1DSSBYP_ATS,
     "write_ste_test_stebypass_to_s1dssbypass: the bypass STE to the CD-table STE with S1DSS=bypass.", 2, True, True),
    (10, "s2-to-abort", "ste", K_S2_ATS, K_ABORT,
     "write_ste_test_s2_to_abort: the S2 STE (ATS) to abort.", 2, True, True),
    (11, "abort-to-s2", "ste", K_ABORT, K_S2_ATS,
     "write_ste_test_abort_to_s2: abort to the S2 STE (ATS).", 2, True, True),
    (12, "s2-to-bypass", "ste", K_S2_ATS, K_BYPASS,
     "write_ste_test_s2_to_bypass: the S2 STE (ATS) to bypass.", 2, True, True),
    (13, "bypass-to-s2", "ste", K_BYPASS, K_S2_ATS,
     "write_ste_test_bypass_to_s2: bypass to the S2 STE (ATS).", 2, True, True),
    (14, "s1-to-s2", "ste", K_CDT_SSID0_ATS, K_S2_ATS,
     "write_ste_test_s1_to_s2: the CD-table STE (S1DSS=SSID0, ATS) to the S2 STE (ATS).", 3, True, True),
    (15, "s2-to-s1", "ste", K_S2_ATS, K_CDT_SSID0_ATS,
     "write_ste_test_s2_to_s1: the S2 STE (ATS) to the CD-table STE (S1DSS=SSID0, ATS).", 3, True, True),
    (16, "non-hitless", "ste", K_CDT_SSID0_ATS, K_CDT_S1DSSBYP_ATS_2,
     "write_ste_test_non_hitless: the CD-table STE (S1DSS=SSID0, table 0xF0F0F0F0F0F0) to one with S1DSS=bypass and table 0x4B4B4B4B4B: S1ContextPtr and S1DSS change together.", 3, False, True),
    (17, "cd-s1-clear.zero-to-s1", "cd", K_CD_ZERO, K_CD_S1_1997,
     "write_cd_test_s1_clear, first transition: the all-zero CD to the S1 CD (ASID 1997).", 2, False, True),
    (17, "cd-s1-clear.s1-to-zero", "cd", K_CD_S1_1997, K_CD_ZERO,
     "write_cd_test_s1_clear, second transition: the S1 CD (ASID 1997) to the all-zero CD.", 2, False, True),
    (18, "cd-s1-change-asid.778-to-1997", "cd", K_CD_S1_778, K_CD_S1_1997,
     "write_cd_test_s1_change_asid, first transition: the S1 CD with ASID 778 to ASID 1997.", 1, True, True),
    (18, "cd-s1-change-asid.1997-to-778", "cd", K_CD_S1_1997, K_CD_S1_778,
     "write_cd_test_s1_change_asid, second transition: ASID 1997 back to 778.", 1, True, True),
    (19, "s1-to-s2-stall", "ste", K_CDT_SSID0_STALL, K_S2_STALL,
     "write_ste_test_s1_to_s2_stall: the CD-table STE of a stall master to its S2 STE (S2S=1).", 3, True, True),
    (20, "s2-to-s1-stall", "ste", K_S2_STALL, K_CDT_SSID0_STALL,
     "write_ste_test_s2_to_s1_stall: the S2 STE of a stall master (S2S=1) to its CD-table STE.", 3, True, True),
    (21, "nested-s1dssbypass-to-s1bypass", "ste", K_NESTED_S1DSSBYP_ATS, K_S2_PLAIN,
     "write_ste_test_nested_s1dssbypass_to_s1bypass: the nested STE (S1DSS=bypass, ATS, MEV) to the plain S2 STE (no ATS), the guest switching its vSTE from translate to bypass; the kernel expects an additional sync to clear the ignored EATS and MEV bits.", 3, True, False),
    (22, "nested-s1bypass-to-s1dssbypass", "ste", K_S2_PLAIN, K_NESTED_S1DSSBYP_ATS,
     "write_ste_test_nested_s1bypass_to_s1dssbypass: the plain S2 STE (no ATS) to the nested STE (S1DSS=bypass, ATS, MEV).", 2, True, False),
    (23, "cd-sva-clear.zero-to-sva", "cd", K_CD_ZERO, K_CD_SVA_1997,
     "write_cd_test_sva_clear, first transition: the all-zero CD to the SVA CD (ASID 1997).", 2, False, True),
    (23, "cd-sva-clear.sva-to-zero", "cd", K_CD_SVA_1997, K_CD_ZERO,
     "write_cd_test_sva_clear, second transition: the SVA CD (ASID 1997) to the all-zero CD.", 2, False, True),
    (24, "cd-sva-release.sva-to-release", "cd", K_CD_SVA_1997, K_CD_SVA_REL_1997,
     "write_cd_test_sva_release, first transition: the SVA CD to the SVA-release CD (mm=NULL: EPD0=1, R=0, TTB0 cleared).", 2, True, True),
    (24, "cd-sva-release.release-to-sva", "cd", K_CD_SVA_REL_1997, K_CD_SVA_1997,
     "write_cd_test_sva_release, second transition: the SVA-release CD back to the SVA CD.", 2, True, True),
]

SVA_NOTE = ("The SVA CD is built as arm_smmu_make_sva_cd() builds it on a host this generator chooses "
            "(4 KB pages, 48-bit VAs, PARange 48 bits, MAIR_EL1 0x000000040044ffff, pgd at PA 0x81234000); "
            "the kernel's test takes these from the CPU it runs on.")


def build_kunit():
    vf = VFile("gen-kunit.yaml",
               "Every STE and CD transition of the kernel's arm-smmu-v3 KUnit suite (linux.md §6.2, cases 1 to 24, "
               "both directions where the kernel tests both), built from the suite's own fixtures; v7.0 figures equal "
               "the kernel's expectations, the other policies' are computed by the same writer model.")
    for case, name, kind, frm, to, desc, ks, kh, old in KUNIT_CASES:
        flags = ["KUNIT"] + (["KUNIT-OLD"] if old else []) + (["PRE-V7-BREAKING"] if case in (21, 22) else [])
        built = SVA_NOTE if "sva" in name else ""
        vf.add(Vec("hitless.kunit.%s" % name, kind, frm, to, "KUnit case %d, %s" % (case, desc),
                   rules=[], cites=KCITE + (["linux a4f976edcb87", "linux 2781f2a930ab"] if case in (21, 22) else []),
                   flags=flags, kunit=(case, ks, kh, old), built=built))
    return vf


# ---------------------------------------------------------------------------
# gen-nested.yaml: live updates of nested STEs, as iommufd makes them
# ---------------------------------------------------------------------------
NCITE = ["linux.md §3", "linux.md §6.1"]

BUILT_V7 = ("Entries built as linux.md §3 composes them (the nest parent's S2 STE: VMID 1, 4 KB granule, "
            "48-bit IPA, tables at 0x40000000, SHCFG=INCOMING; the guest's vSTE words over it, MEV=1 as v6.15 "
            "and later set it).")
BUILT_V613 = ("Entries built as the v6.13 kernel composes them (no MEV in the nested STE; otherwise as linux.md §3 "
              "over the same nest parent).")


def build_nested():
    vf = VFile("gen-nested.yaml",
               "Live updates of nested STEs as iommufd makes them (linux.md §3): nested to stage 2 and back, "
               "nested to abort and back, ATS switched on and off, VMID and S2TTB changes, S1ContextPtr and S1DSS "
               "changes, each under every policy's writer; the pre-v7.0 nested case breaking under v6.13 and v6.15 "
               "and hitless under v7.0.")
    ssid0, dssbyp, dssterm = S1DSS_SSID0, S1DSS_BYPASS, S1DSS_TERMINATE

    def add(vid, frm, to, desc, rules=(), cites=(), flags=(), built=BUILT_V7, policies=None):
        vf.add(Vec("hitless.nested.%s" % vid, "ste", frm, to, desc, rules=list(rules),
                   cites=NCITE + list(cites), flags=flags, built=built, policies=policies))

    # --- nested <-> stage 2: the guest switches its vSTE between translate and bypass
    pairs = [
        ("ssid0.ats-to-s2.ats", nested(True, s1dss=ssid0), s2(True),
         "the nested STE (S1DSS=SSID0, EATS=TRANS) and the parent's S2 STE with ATS kept on, as v7.0 does for a bypass vSTE on an ATS device (linux a45dd3466302)",
         ["linux a45dd3466302"], []),
        ("ssid0.ats-to-s2.no-ats", nested(True, s1dss=ssid0), s2(False),
         "the nested STE (S1DSS=SSID0, EATS=TRANS) and the parent's S2 STE with ATS off, as v6.13 to v6.19 do for a bypass vSTE",
         [], []),
        ("ssid0.no-ats-to-s2.no-ats", nested(False, s1dss=ssid0), s2(False),
         "the nested STE (S1DSS=SSID0, no ATS) and the parent's S2 STE (no ATS)", [], []),
        ("s1dssbypass.ats-to-s2.no-ats", nested(True, s1dss=dssbyp), s2(False),
         "the nested STE (S1DSS=bypass, EATS=TRANS) and the parent's S2 STE with ATS off: KUnit cases 21 and 22 with real entries, the update whose V=0 window gave the guest a C_BAD_STE before v7.0",
         ["linux 2781f2a930ab"], ["PRE-V7-BREAKING"]),
        ("s1dssbypass.no-ats-to-s2.no-ats", nested(False, s1dss=dssbyp), s2(False),
         "the nested STE (S1DSS=bypass, no ATS) and the parent's S2 STE (no ATS): only MEV separates the two in qword 1",
         ["linux 2781f2a930ab"], []),
    ]
    for name, a, b, what, cites, flags in pairs:
        add("to-s2.%s" % name, a, b, "Nested to stage 2 (guest vSTE translate to bypass): %s." % what,
            cites=cites, flags=flags)
        back = name.replace("-to-s2.", "-from-s2.")
        add("from-s2.%s" % back, b, a, "Stage 2 to nested (guest vSTE bypass to translate): %s." % what,
            cites=cites, flags=flags)
    # the same with the v6.13 build (no MEV)
    for name, a, b, what in [
        ("s1dssbypass.ats-to-s2.no-ats", nested(True, mev=False, s1dss=dssbyp), s2(False),
         "the nested STE (S1DSS=bypass, EATS=TRANS) and the S2 STE with ATS off: EATS alone still makes qword 1 critical before v7.0"),
        ("ssid0.no-ats-to-s2.no-ats", nested(False, mev=False, s1dss=ssid0), s2(False),
         "the nested STE (S1DSS=SSID0, no ATS) and the S2 STE (no ATS): without MEV only qword 0 is critical"),
    ]:
        add("v613-build.to-s2.%s" % name, a, b, "Nested to stage 2, %s." % what, built=BUILT_V613)
        back = name.replace("-to-s2.", "-from-s2.")
        add("v613-build.from-s2.%s" % back, b, a, "Stage 2 to nested, %s." % what, built=BUILT_V613)

    # --- nested <-> abort: the guest aborts the stream (vSTE Config 0 or V=0)
    for name, a, what in [
        ("ats", nested(True), "the nested STE (S1DSS=SSID0, EATS=TRANS)"),
        ("no-ats", nested(False), "the nested STE (S1DSS=SSID0, no ATS)"),
    ]:
        add("to-abort.%s" % name, a, make_abort_ste(),
            "Nested to abort (guest vSTE translate to abort or V=0): %s to the abort STE." % what)
        add("from-abort.%s" % name, make_abort_ste(), a,
            "Abort to nested (guest vSTE abort to translate): the abort STE to %s." % what)
    add("v613-build.to-abort.ats", nested(True, mev=False), make_abort_ste(),
        "Nested to abort, the nested STE (S1DSS=SSID0, EATS=TRANS) to the abort STE.", built=BUILT_V613)
    add("v613-build.from-abort.ats", make_abort_ste(), nested(True, mev=False),
        "Abort to nested, the abort STE to the nested STE (S1DSS=SSID0, EATS=TRANS).", built=BUILT_V613)

    # --- ATS switched on and off on a live entry
    add("ats.on", nested(False), nested(True),
        "ATS switched on for a nested STE (S1DSS=SSID0): EATS 0 to TRANS, nothing else changes (the kernel enables PCI ATS after the STE is written).",
        cites=["linux 7cad80048595"])
    add("ats.off", nested(True), nested(False),
        "ATS switched off for a nested STE (S1DSS=SSID0): EATS TRANS to 0 (the kernel disables PCI ATS before the STE is written).",
        cites=["linux 7cad80048595"])
    add("ats.on.s1dssbypass", nested(False, s1dss=dssbyp), nested(True, s1dss=dssbyp),
        "ATS switched on for a nested STE with S1DSS=bypass.", cites=["linux 7cad80048595"])
    add("ats.s2.on", s2(False), s2(True),
        "ATS switched on for the parent's S2 STE (a bypass vSTE on v7.0, or a plain S2 attach).",
        cites=["linux 7cad80048595", "linux a45dd3466302"])
    add("ats.s2.off", s2(True), s2(False),
        "ATS switched off for the parent's S2 STE.", cites=["linux 7cad80048595"])
    add("ats.on.v613-build", nested(False, mev=False), nested(True, mev=False),
        "ATS switched on for a nested STE without MEV.", built=BUILT_V613)
    add("ats.off.with-s1dss-change", nested(True, s1dss=ssid0), nested(False, s1dss=dssbyp),
        "ATS switched off while the guest changes S1DSS from SSID0 to bypass: both in qword 1, so one critical qword.",
        cites=["linux 7cad80048595"])

    # --- VMID and S2TTB
    add("vmid.change", nested(True, vmid=PARENT_VMID), nested(True, vmid=PARENT2_VMID),
        "S2VMID change on a live nested STE (qword 2 only), the stage-2 tables unchanged.")
    add("vmid.change.s2", s2(True, vmid=PARENT_VMID), s2(True, vmid=PARENT2_VMID),
        "S2VMID change on the parent's S2 STE.")
    add("s2ttb.change", nested(True, vttbr=PARENT_VTTBR), nested(True, vttbr=PARENT2_VTTBR),
        "S2TTB change on a live nested STE (qword 3 only): new stage-2 tables, same VMID (the TLB still needs invalidating after the CFGI, IHI0070 §5.2.1).")
    add("s2ttb.change.s2", s2(False, vttbr=PARENT_VTTBR), s2(False, vttbr=PARENT2_VTTBR),
        "S2TTB change on the parent's S2 STE.")
    add("reparent", nested(True), nested(True, vmid=PARENT2_VMID, vttbr=PARENT2_VTTBR),
        "The nested STE moved to another nest parent: S2VMID and S2TTB change together, two critical qwords.")
    add("reparent.s2", s2(False), s2(False, vmid=PARENT2_VMID, vttbr=PARENT2_VTTBR),
        "The S2 STE moved to another domain: S2VMID and S2TTB change together.")

    # --- S1ContextPtr and S1DSS
    add("s1ctxptr.change", nested(True, ctxptr=0x80004000), nested(True, ctxptr=0x80008000),
        "The guest moves its CD table (S1ContextPtr 0x80004000 to 0x80008000, qword 0 only).")
    add("s1ctxptr.change.with-s1dss", nested(True, ctxptr=0x80004000, s1dss=ssid0),
        nested(True, ctxptr=0x80008000, s1dss=dssbyp),
        "The guest moves its CD table and changes S1DSS (SSID0 to bypass) at once: qwords 0 and 1, the shape of KUnit case 16 on a nested STE.")
    for a_name, a, b_name, b in [("ssid0", ssid0, "bypass", dssbyp), ("bypass", dssbyp, "ssid0", ssid0),
                                 ("ssid0", ssid0, "terminate", dssterm), ("terminate", dssterm, "ssid0", ssid0),
                                 ("bypass", dssbyp, "terminate", dssterm)]:
        add("s1dss.%s-to-%s" % (a_name, b_name), nested(True, s1dss=a), nested(True, s1dss=b),
            "S1DSS %s to %s on a live nested STE (ATS on); SHCFG stays INCOMING from the stage-2 half." % (a_name, b_name))
    add("s1dss.ssid0-to-bypass.no-ats", nested(False, s1dss=ssid0), nested(False, s1dss=dssbyp),
        "S1DSS SSID0 to bypass on a live nested STE without ATS.")

    # --- MEV, S1STALLD and no change
    add("mev.set", nested(True, mev=False), nested(True, mev=True),
        "MEV set on a live nested STE (qword 1 only), the only difference between the v6.13 and the v6.15 build.",
        cites=["linux da0c56520e88", "linux f3c1d372dbb8"])
    add("stall.to-s2", nested(False, stall=True), s2(False, stall=True),
        "Nested to stage 2 for a stall master (S2S=1, no ATS): EATS_TRANS is not update-safe with S2S, but EATS does not change; MEV does.",
        cites=["linux 7cad80048595"])
    add("s2fwb.set", s2(False), s2(False, s2fwb=True),
        "S2FWB set on the parent's S2 STE (qword 1 only), as when FEAT_S2FWB gives a nest parent the "
        "IO_PGTABLE_QUIRK_ARM_S2FWB.  seed-v2 is left out: the seed's base kernel predates S2FWB "
        "(67e4fe398513, v6.13) and never builds it.",
        cites=["linux 67e4fe398513"], policies=["v6.13", "v6.15", "v7.0"])
    add("s2fwb.clear", s2(False, s2fwb=True), s2(False),
        "S2FWB cleared on the parent's S2 STE (qword 1 only).  seed-v2 is left out as for s2fwb.set "
        "(with the seed base's used bits, which lack S2FWB, this would be a no-critical write).",
        cites=["linux 67e4fe398513"], policies=["v6.13", "v6.15", "v7.0"])
    add("noop", nested(True), nested(True),
        "The nested STE rewritten with itself: nothing changes, nothing is written.")
    return vf


# ---------------------------------------------------------------------------
# Self-checks
# ---------------------------------------------------------------------------
def words(e):
    return [hx(x) for x in e]


def expect_fixture(e, q0, q1, q2, q3):
    want = (q0, q1, q2, q3, 0, 0, 0, 0)
    assert tuple(e) == want, "fixture %r != linux.md §6.2 %r" % (words(e), words(want))


def self_check():
    # linux.md §6.2 fixture qwords, literally.
    expect_fixture(K_ABORT, 0x0000000000000001, 0, 0, 0)
    expect_fixture(K_BYPASS, 0x0000000000000009, 0x0000100000000000, 0, 0)
    expect_fixture(K_CDT_SSID0_ATS, 0xf800f0f0f0f0f0eb, 0x00000000180000d6, 0, 0)
    expect_fixture(K_CDT_S1DSSBYP_ATS, 0xf800f0f0f0f0f0eb, 0x00001000180000d5, 0, 0)
    expect_fixture(K_S2_ATS, 0x000000000000000d, 0x0000100010000000, 0x0449b6c400000000, 0x000dbeefdeadbee0)
    expect_fixture(K_S2_STALL, 0x000000000000000d, 0x0000100000000000, 0x0649b6c400000000, 0x000dbeefdeadbee0)
    expect_fixture(K_NESTED_S1DSSBYP_ATS, 0xf800f0f0f0f0f0ef, 0x00001000180800d5, 0x0449b6c400000000,
                   0x000dbeefdeadbee0)
    # Hand-computed from the field positions: the CD fixture with ASID 1997
    # (T0SZ 4, TG0 2, IRGN0 2, ORGN0 1, SH0 3, EPD1, V, IPS 1, AA64, R, A, ASET).
    assert K_CD_S1_1997[0] == 0x07cde201c0003684, hx(K_CD_S1_1997[0])
    assert K_CD_S1_1997[1] == 0x000dbeefdeadbee0 and K_CD_S1_1997[3] == 0x0abcdef012345678
    assert K_CD_S1_778[0] == 0x030ae201c0003684, hx(K_CD_S1_778[0])
    # The stall cdtable STE: no S1STALLD, no EATS; the plain S2 STE.
    expect_fixture(K_CDT_SSID0_STALL, 0xf800f0f0f0f0f0eb, 0x00000000000000d6, 0, 0)
    expect_fixture(K_S2_PLAIN, 0x000000000000000d, 0x0000100000000000, 0x0449b6c400000000, 0x000dbeefdeadbee0)
    # The nest parent of the nested vectors equals the vste area's `default`
    # parent (hand-decoded: VMID 1, VTCR 0x53590, S2AA64, S2PTW, S2R).
    assert s2(False) == (0xd, 0x0000100000000000, 0x044d359000000001, 0x40000000, 0, 0, 0, 0), words(s2(False))
    # linux.md §3 worked example composition over the KUnit parent (VMID 0).
    ex = make_nested_ste(KUNIT_SMMU, (0x000000008000100b, 0x00000000100000d6), 0, KUNIT_VTTBR, KUNIT_VTCR,
                         True, False, True)
    assert ex[:4] == (0x000000008000100f, 0x00001000100800d6, 0x0449b6c400000000, 0x000dbeefdeadbee0), words(ex)

    # Every KUnit case: v7.0 figures equal the kernel's; the harness's
    # per-sync check passes; the T-old cases also under v6.13 and v6.15.
    for case, name, kind, frm, to, _, ks, kh, old in KUNIT_CASES:
        r = write_entry("v7.0", kind, frm, to)
        assert (r.syncs, r.hitless) == (ks, kh), "case %d %s: v7.0 gives %d/%s, kernel %d/%s" % (
            case, name, r.syncs, r.hitless, ks, kh)
        assert harness_check("v7.0", kind, frm, to, r, True), "case %d %s: harness check" % (case, name)
        assert not r.warn, "case %d: target outside used bits" % case
        if old:
            for p in ("v6.13", "v6.15"):
                ro = write_entry(p, kind, frm, to)
                assert (ro.syncs, ro.hitless) == (ks, kh), "case %d %s under %s: %d/%s" % (
                    case, name, p, ro.syncs, ro.hitless)
                assert harness_check(p, kind, frm, to, ro, False), "case %d %s under %s: old harness" % (
                    case, name, p)
    # linux.md §6.2: without get_update_safe both nested cases are breaking, 3 syncs.
    for p in ("seed-v2", "v6.13", "v6.15"):
        for frm, to in ((K_NESTED_S1DSSBYP_ATS, K_S2_PLAIN), (K_S2_PLAIN, K_NESTED_S1DSSBYP_ATS)):
            r = write_entry(p, "ste", frm, to)
            assert (r.path, r.syncs, r.hitless) == ("breaking", 3, False), (p, r.path, r.syncs)
    # Hand-traced: case 21 under v7.0 writes qword 1 (EATS, MEV cleared) first.
    r = write_entry("v7.0", "ste", K_NESTED_S1DSSBYP_ATS, K_S2_PLAIN)
    assert r.path == "hitless" and r.critical_mask == 1
    assert [w for w, _ in r.steps] == [0b10, 0b1, 0b10]
    assert r.steps[0][1][1] == 0x00001000080000d5, hx(r.steps[0][1][1])
    # The breaking path zeroes all of qword 0 (not only V): case 16.
    r = write_entry("v7.0", "ste", K_CDT_SSID0_ATS, K_CDT_S1DSSBYP_ATS_2)
    assert r.path == "breaking" and r.steps[0] == (0b1, (0,) + K_CDT_SSID0_ATS[1:])
    # update-safe: EATS_TRANS not safe when S2S or S1CHK is involved.
    stall_n = (0xf, 0, STE2_S2S, 0, 0, 0, 0, 0)
    assert ste_safe("v7.0", stall_n, stall_n)[1] == STE1_MEV
    s1chk = (0xf, prep(STE1_EATS, EATS_S1CHK), 0, 0, 0, 0, 0, 0)
    assert ste_safe("v7.0", s1chk, K_S2_PLAIN)[1] == STE1_MEV
    assert ste_safe("v7.0", K_S2_PLAIN, K_S2_ATS)[1] == STE1_MEV | bit(28)
    assert ste_safe("v6.15", K_S2_PLAIN, K_S2_ATS) == [0] * NQ
    # S2FWB: used from v6.13 (a lone S2FWB change is one critical qword), not in the seed's base.
    fwb = s2(False, s2fwb=True)
    assert fwb[1] == 0x0000100002000000, hx(fwb[1])
    assert write_entry("v6.13", "ste", s2(False), fwb).path == "hitless"
    assert write_entry("v6.13", "ste", fwb, s2(False)).path == "hitless"
    # ... the seed's writer: a target bit outside the used bits is critical (WARN), a
    # current one is not.
    assert write_entry("seed-v2", "ste", s2(False), fwb).path == "hitless"
    assert write_entry("seed-v2", "ste", fwb, s2(False)).path == "no-critical"
    # noop
    r = write_entry("v6.13", "ste", K_S2_ATS, K_S2_ATS)
    assert r.path == "noop" and r.syncs == 0 and r.hitless


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
def build_all():
    return [build_kunit(), build_nested()]


def main(argv):
    self_check()
    files = build_all()
    ids = set()
    cited = set()
    for vf in files:
        for v in vf.vectors:
            assert v.id not in ids, "duplicate id %s" % v.id
            ids.add(v.id)
            for r in vector_rules(v):
                assert r in RULE_BY_ID, "%s cites unknown rule %s" % (v.id, r)
                cited.add(r)
    for r in RULES:
        assert r["id"] in cited or "waiver" in r, "rule %s is cited by no vector" % r["id"]
    assert len(RULE_BY_ID) == len(RULES)
    total = sum(len(vf.vectors) for vf in files)
    if "--check" in argv:
        print("self-checks passed; %d vectors, %d rules" % (total, len(RULES)))
        return 0
    os.makedirs(OUT_DIR, exist_ok=True)
    for vf in files:
        with open(os.path.join(OUT_DIR, vf.name), "w", encoding="utf-8", newline="\n") as f:
            f.write(emit_file(vf))
    with open(RULES_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write(emit_rules())
    for vf in files:
        print("%-18s %4d vectors" % (vf.name, len(vf.vectors)))
    print("%-18s %4d vectors, %d rules" % ("total", total, len(RULES)))
    if "--table" in argv:
        print_table(files)
    return 0


def print_table(files):
    for vf in files:
        for v in vf.vectors:
            cells = ["%d%s%s" % (v.runs[p].syncs, "h" if v.runs[p].hitless else "-",
                                 {"noop": "0", "no-critical": "n", "hitless": "h", "breaking": "b"}[v.runs[p].path])
                     if p in v.runs else "." for p in POLICIES]
            print("%-58s %s" % (v.id, " ".join("%-5s" % c for c in cells)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
