#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the golden vSTE vectors (vectors/vste/*.yaml) and the vSTE rules
catalogue (rules/vste.yaml).

    python3 vectors/gen/gen_vste.py          # rewrite the files
    python3 vectors/gen/gen_vste.py --check  # only run the self-checks

How the expectations are derived
--------------------------------
Every expected outcome in the generated files is computed by the small model
of the four host policies in THIS file, written directly from the sources:

  * the seed patch "[PATCH v2 8/8] iommu/arm-smmu-v3: Support
    IOMMU_DOMAIN_NESTED" (27 Aug 2024; shared/seeds/000_449b4dd7f9ff9dc6.txt):
    arm_smmu_domain_alloc_nesting(), arm_smmu_attach_dev_nested() and
    arm_smmu_make_nested_domain_ste();
  * the merged kernel code as summarised in shared/reference/linux.md §1.1,
    §2.2, §3 and §7 (commits 1e8be08d1c91, f27298a82ba0, 67e4fe398513,
    da0c56520e88, 81c45c62dc3e, a45dd3466302) and the vIOMMU-allocation check
    order of the iommufd core (viommu_alloc era for v6.13/v6.15,
    get_viommu_size era for v7.0);
  * the STE field positions of linux.md §1.1 and IHI0070 G.b §5.2
    (shared/reference/arch.md §1).

It never reads, links or runs the C model (model/, policy/) or the smmu-nest
binary.  If `smmu-nest replay` disagrees with a vector, the expectation is
re-derived by hand from the sources; it is never copied from the model.

The policies, as modelled (steps: viommu = IOMMU_VIOMMU_ALLOC, alloc =
nested IOMMU_HWPT_ALLOC, attach = attaching the device):

  seed-v2  alloc: not nest parent EINVAL (iommufd core); no NESTING
           EOPNOTSUPP; neither CANWBS nor S2FWB EOPNOTSUPP; flags or no
           TRANS_S1 EOPNOTSUPP; parent not paging EINVAL; parent not S2 or on
           another SMMU EINVAL.  vSTE, V=0 included: bits outside
           0xf80fffffffffffff/0x380000ff EIO; Config not 0/4/5 EIO; EATS != 0
           EIO.  attach: PASIDs in use EINVAL.  ATS never.  No MEV.
  v6.13    viommu: parent not a paging HWPT ENOENT; not nest parent EINVAL;
           no NESTING EOPNOTSUPP; other SMMU EINVAL; FORCE_SYNC EOPNOTSUPP;
           neither CANWBS nor S2FWB EOPNOTSUPP.  alloc: flags EOPNOTSUPP;
           V=0 -> zeroed and accepted; else masks EIO, Config EIO, EATS not
           0/1 EIO; enable_ats = Config 5 and EATS 1.  attach: PASIDs EBUSY.
           ATS = enable_ats and device ATS.
  v6.15    v6.13 + MEV in the Config=7 STE + attach without a vDEVICE ENOENT.
  v7.0     viommu order NESTING, FORCE_SYNC, CANWBS/S2FWB, paging (ENOENT),
           nest parent, same SMMU.  vDEVICE needed only by a stored V=1
           Config=5 vSTE.  ATS for a translate vSTE as v6.13; for any other
           accepted vSTE ATS = device ATS (even for abort, linux.md §7).
  Physical STE: V=0 or Config 0 -> abort {1,0,...}; Config 4 -> the parent
  with EATS = ATS; Config 5 -> the parent with EATS = ATS, word 0 = V |
  Config 7 | guest word 0 without Config, word 1 |= guest word 1 without
  EATS (| MEV from v6.15).  Parent words 2..7 always pass through.

SEED_CORE_ORDER (below): seed-v2 is modelled with the iommufd core of the
seed's era in front of the seed driver; the vectors whose seed-v2 errno
depends on those core checks say so in their comments.

The self-checks at the bottom of the file (self_check()) compare the model
with values computed by hand or quoted in linux.md (the §3 worked example,
the KUnit fixtures of §6.2, the nesting masks of §1.1), so a slip in the
generator stops it before it writes anything.  The generator also asserts
that vector ids are unique and that every rule is cited by a vector or
carries a waiver.

It writes vectors/vste/*.yaml and rules/vste.yaml (the rules table is
below, next to the model, so that the two cannot drift apart).

Output is deterministic: same input, byte-identical files.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "vectors", "vste")
RULES_PATH = os.path.join(ROOT, "rules", "vste.yaml")

U64 = (1 << 64) - 1


def bit(n):
    return 1 << n


def genmask(hi, lo):
    return ((1 << (hi - lo + 1)) - 1) << lo


# ---------------------------------------------------------------------------
# STE fields (linux.md §1.1; IHI0070 G.b §5.2 via arch.md §1.1)
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
STE1_SHCFG = genmask(45, 44)
STE2_S2S = bit(57)

CFG_ABORT, CFG_BYPASS, CFG_S1_TRANS, CFG_S2_TRANS, CFG_NESTED = 0, 4, 5, 6, 7
EATS_ABT, EATS_TRANS = 0, 1

# STRTAB_STE_{0,1}_NESTING_ALLOWED, built from the fields.
ALLOWED0 = STE0_V | STE0_CFG | STE0_S1FMT | STE0_S1CTXPTR | STE0_S1CDMAX
ALLOWED1 = (STE1_S1DSS | STE1_S1CIR | STE1_S1COR | STE1_S1CSH |
            STE1_S1STALLD | STE1_EATS)

ABORT_STE = (STE0_V, 0, 0, 0, 0, 0, 0, 0)


def cfg_of(w0):
    return (w0 & STE0_CFG) >> 1


def eats_of(w1):
    return (w1 & STE1_EATS) >> 28


# Names of the STE bits outside the nesting masks (arch.md §1.1, G.b).
def w0_bit_name(b):
    if 52 <= b <= 55:
        return "S1ContextPtr[%d], which G.b defines but the kernel mask, ending at bit 51, excludes" % b
    if 56 <= b <= 58:
        return "RES0"
    raise ValueError(b)


W1_FIELDS = [
    (8, 8, "S2HWU59"), (9, 9, "S2HWU60"), (10, 10, "S2HWU61"),
    (11, 11, "S2HWU62"), (12, 12, "DRE"), (16, 13, "CONT"), (17, 17, "DCP"),
    (18, 18, "PPAR"), (19, 19, "MEV"), (23, 20, "SW_RESERVED"),
    (24, 24, "S1PIE"), (25, 25, "S2FWB"), (26, 26, "S1MPAM"),
    (31, 30, "STRW"), (35, 32, "MemAttr"), (36, 36, "MTCFG"),
    (40, 37, "ALLOCCFG"), (43, 41, "RES0"), (45, 44, "SHCFG"),
    (47, 46, "NSCFG"), (49, 48, "PRIVCFG"), (51, 50, "INSTCFG"),
    (63, 52, "IMPLEMENTATION DEFINED"),
]


def w1_bit_name(b):
    for hi, lo, name in W1_FIELDS:
        if lo <= b <= hi:
            if hi == lo:
                return name
            return "%s[%d]" % (name, b - lo)
    raise ValueError(b)


# ---------------------------------------------------------------------------
# Parents (stage-2-only STEs of the nest-parent domain)
# ---------------------------------------------------------------------------
PARENT_DEFAULT = (0x000000000000000d, 0x0000100000000000, 0x044d359000000001,
                  0x0000000040000000, 0, 0, 0, 0)
# linux.md §6.2 S2 fixture, VMID 0, ATTR_TYPES_OVR (SHCFG=INCOMING), EATS=0.
PARENT_KUNIT = (0x000000000000000d, 0x0000100000000000, 0x0449b6c400000000,
                0x000dbeefdeadbee0, 0, 0, 0, 0)
PARENT_S2FWB = (PARENT_DEFAULT[0], PARENT_DEFAULT[1] | STE1_S2FWB) + PARENT_DEFAULT[2:]
PARENT_STALL = PARENT_DEFAULT[:2] + (PARENT_DEFAULT[2] | STE2_S2S,) + PARENT_DEFAULT[3:]
# linux.md §6.2 "s2 STALL" fixture
PARENT_KUNIT_STALL = (0x000000000000000d, 0x0000100000000000, 0x0649b6c400000000,
                      0x000dbeefdeadbee0, 0, 0, 0, 0)
IMPDEF_W1 = 0xabc << 52           # DW1[63:52] IMPLEMENTATION DEFINED
IMPDEF_W2 = 0xbeef << 16          # DW2[31:16] IMPLEMENTATION DEFINED
PARENT_IMPDEF = (PARENT_DEFAULT[0], PARENT_DEFAULT[1] | IMPDEF_W1,
                 PARENT_DEFAULT[2] | IMPDEF_W2, PARENT_DEFAULT[3],
                 0x0123456789abcdef, 0xfedcba9876543210,
                 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0)

NAMED_PARENTS = {"default": PARENT_DEFAULT, "kunit-s2": PARENT_KUNIT}


def parent_words(p):
    if isinstance(p, str):
        return NAMED_PARENTS[p]
    return tuple(p) + (0,) * (8 - len(p))


# ---------------------------------------------------------------------------
# Host facts
# ---------------------------------------------------------------------------
ENV_KEYS = ["nesting", "trans-s1", "s2fwb", "cmdq-force-sync", "canwbs",
            "ats-supported", "parent-paging", "parent-s2", "parent-same-smmu",
            "parent-nest-parent", "ssids-in-use", "vdevice", "alloc-flags"]
ENV_DEFAULT = {
    "nesting": True, "trans-s1": True, "s2fwb": False,
    "cmdq-force-sync": False, "canwbs": True, "ats-supported": False,
    "parent-paging": True, "parent-s2": True, "parent-same-smmu": True,
    "parent-nest-parent": True, "ssids-in-use": False, "vdevice": True,
    "alloc-flags": 0,
}


def full_env(env):
    e = dict(ENV_DEFAULT)
    for k, v in (env or {}).items():
        if k not in e:
            raise KeyError(k)
        e[k] = v
    return e


POLICIES = ["seed-v2", "v6.13", "v6.15", "v7.0"]

# seed-v2 host-fact order.  The request reaches the seed driver through
# the iommufd core of the seed's era (v6.11): iommufd_hwpt_alloc() refuses a
# pt_id that is not a paging HWPT with EINVAL before anything else, and
# iommufd_hwpt_nested_alloc() refuses flags with EOPNOTSUPP, then a parent
# that is not a nest parent with EINVAL.  Only then do the seed driver's
# checks run, in source order (nesting, CANWBS/S2FWB, flags/TRANS_S1, parent
# paging, parent S2/same SMMU).  True models the core; False leaves the core's
# first two checks out (kept so that seed_core_alternative() can name, in each
# vector's comment, which vectors depend on the core's order; they carry the
# flag SEED-CORE-ORDER).
SEED_CORE_ORDER = True


# ---------------------------------------------------------------------------
# Outcomes and the trace of the rules that decided them
# ---------------------------------------------------------------------------
class Outcome:
    def __init__(self, kind, ste=None, ats=None, errno=None, stage=None):
        self.kind = kind
        self.ste = tuple(ste) if ste is not None else None
        self.ats = ats
        self.errno = errno
        self.stage = stage
        self.rules = []     # rule ids that decided the outcome, in order
        self.why = ""       # one clause of derivation, for the comment
        self.fact = None    # for refusals: the env fact or vSTE check

    def key(self):
        if self.kind == "ok":
            return ("ok", self.ste, self.ats)
        return ("error", self.errno, self.stage)

    def __eq__(self, other):
        return self.key() == other.key()

    def __repr__(self):
        if self.kind == "ok":
            return "ok(%s, ats=%s)" % ([hex(x) for x in self.ste], self.ats)
        return "error(%s, %s)" % (self.errno, self.stage)


def ok(ste, ats):
    return Outcome("ok", ste=ste, ats=ats)


def err(errno, stage):
    return Outcome("error", errno=errno, stage=stage)


class Run:
    """Collects the rules a policy consulted on the way to its outcome."""

    def __init__(self):
        self.rules = []

    def use(self, *rules):
        for r in rules:
            if r not in self.rules:
                self.rules.append(r)

    def refuse(self, errno, stage, rule, fact, why):
        self.use(rule)
        o = err(errno, stage)
        o.rules = list(self.rules)
        o.fact = fact
        o.why = "%s at %s (%s)" % (errno, stage, why)
        return o

    def accept(self, ste, ats, why):
        o = ok(ste, ats)
        o.rules = list(self.rules)
        o.why = why
        return o


# ---------------------------------------------------------------------------
# Physical STE composition (seed patch; linux.md §3)
# ---------------------------------------------------------------------------
def make_s2_domain_ste(parent, ats):
    """arm_smmu_make_s2_domain_ste(): the parent's S2 STE, EATS=TRANS iff ATS."""
    s = list(parent)
    s[1] = (s[1] & ~STE1_EATS & U64) | ((EATS_TRANS << 28) if ats else 0)
    return s


def make_nested_ste(run, stored, parent, ats, mev, extra_rules=()):
    """arm_smmu_make_nested_domain_ste() on the vSTE as the kernel stored it."""
    w0, w1 = stored
    cfg = cfg_of(w0)
    if not (w0 & STE0_V):
        cfg = CFG_ABORT
    if cfg == CFG_S1_TRANS:
        s = make_s2_domain_ste(parent, ats)
        s[0] = STE0_V | (CFG_NESTED << 1) | (w0 & ~STE0_CFG & U64)
        s[1] |= w1
        run.use("policy.compose.s1", "policy.compose.mev")
        if mev:
            s[1] |= STE1_MEV
        kind = "Config=7 STE (guest words 0/1 over the parent)%s" % (
            ", MEV=1" if mev else ", no MEV")
    elif cfg == CFG_BYPASS:
        s = make_s2_domain_ste(parent, ats)
        run.use("policy.compose.bypass")
        kind = "the parent's Config=6 STE (guest word 1 dropped)"
    else:
        s = list(ABORT_STE)
        run.use("policy.compose.abort")
        kind = "the abort STE"
    if ats and cfg in (CFG_S1_TRANS, CFG_BYPASS):
        run.use("policy.ats.eats-field")
    return tuple(x & U64 for x in s), kind


# ---------------------------------------------------------------------------
# The four policies
# ---------------------------------------------------------------------------
def run_seed_v2(vste, parent, env):
    """seed patch: iommufd core nest-parent check, then
    arm_smmu_domain_alloc_nesting(), then arm_smmu_attach_dev_nested()."""
    r = Run()
    checks = [
        (not env["parent-nest-parent"], "EINVAL", "policy.env.seed.nest-parent",
         "parent-nest-parent", "iommufd core: parent not a nest parent"),
        (not env["nesting"], "EOPNOTSUPP", "policy.env.seed.nesting",
         "nesting", "no FEAT_NESTING"),
        (not env["canwbs"] and not env["s2fwb"], "EOPNOTSUPP",
         "policy.env.seed.canwbs-or-fwb", "canwbs", "neither CANWBS nor S2FWB"),
        (env["alloc-flags"] != 0 or not env["trans-s1"], "EOPNOTSUPP",
         "policy.env.seed.flags-or-trans-s1",
         "alloc-flags" if env["alloc-flags"] != 0 else "trans-s1",
         "non-zero flags or no FEAT_TRANS_S1"),
        (not env["parent-paging"], "EINVAL", "policy.env.seed.parent-paging",
         "parent-paging", "parent not a paging domain"),
        (not env["parent-s2"] or not env["parent-same-smmu"], "EINVAL",
         "policy.env.seed.parent-s2-same-smmu",
         "parent-s2" if not env["parent-s2"] else "parent-same-smmu",
         "parent not S2 or on another SMMU"),
    ]
    if SEED_CORE_ORDER:
        # The iommufd core of the seed's era dispatches on the pt_id object
        # type (EINVAL for a non-paging HWPT) and checks the flags
        # (EOPNOTSUPP) before its nest_parent check; see the note at
        # SEED_CORE_ORDER.
        core = [
            (not env["parent-paging"], "EINVAL", "policy.env.seed.parent-paging",
             "parent-paging", "iommufd core: parent id is not a paging HWPT"),
            (env["alloc-flags"] != 0, "EOPNOTSUPP", "policy.env.seed.flags-or-trans-s1",
             "alloc-flags", "iommufd core: non-zero flags"),
        ]
        checks = core + checks
    bad = [c for c in checks if c[0]]
    if len(bad) >= 2:
        r.use("policy.env.seed.order")
    if bad:
        _, errno, rule, fact, why = bad[0]
        return r.refuse(errno, "alloc", rule, fact, why)
    # The facts the seed never consults.
    if env["cmdq-force-sync"] or not env["vdevice"]:
        r.use("policy.env.unchecked")

    w0, w1 = vste
    v0 = not (w0 & STE0_V)
    v0rule = ("policy.vste.v0-checked",) if v0 else ()
    if (w0 & ~ALLOWED0) or (w1 & ~ALLOWED1):
        r.use(*v0rule)
        return r.refuse("EIO", "alloc", "policy.vste.mask", "mask",
                        "bits outside the nesting masks%s" % (", V=0 checked too" if v0 else ""))
    if cfg_of(w0) not in (CFG_ABORT, CFG_BYPASS, CFG_S1_TRANS):
        r.use(*v0rule)
        return r.refuse("EIO", "alloc", "policy.vste.config", "config",
                        "Config %d not abort/bypass/translate%s" % (cfg_of(w0), ", V=0 checked too" if v0 else ""))
    if eats_of(w1) != EATS_ABT:
        r.use(*v0rule)
        return r.refuse("EIO", "alloc", "policy.vste.eats-seed", "eats",
                        "EATS %d, the seed accepts only 0%s" % (eats_of(w1), ", V=0 checked too" if v0 else ""))
    if v0:
        r.use("policy.vste.v0-checked")
    stored = (w0, w1 & ~STE1_EATS & U64)

    if env["ssids-in-use"] or not env["parent-same-smmu"]:
        return r.refuse("EINVAL", "attach", "policy.env.seed.attach-ssids-or-smmu",
                        "ssids-in-use", "PASIDs in use")
    if env["ats-supported"]:
        r.use("policy.ats.never")
    ste, kind = make_nested_ste(r, stored, parent, False, mev=False)
    return r.accept(ste, False, "accepted, %s, ATS off (never in the seed)" % kind)


# vIOMMU-allocation checks: (rule, errno, fact, is_bad(env), why)
VCHK = {
    "paging": ("policy.env.viommu.parent-paging", "ENOENT", "parent-paging",
               lambda e: not e["parent-paging"], "parent id is not a paging HWPT"),
    "nest-parent": ("policy.env.viommu.nest-parent", "EINVAL", "parent-nest-parent",
                    lambda e: not e["parent-nest-parent"], "parent not allocated as nest parent"),
    "nesting": ("policy.env.viommu.nesting", "EOPNOTSUPP", "nesting",
                lambda e: not e["nesting"], "no FEAT_NESTING"),
    "same-smmu": ("policy.env.viommu.same-smmu", "EINVAL", "parent-same-smmu",
                  lambda e: not e["parent-same-smmu"], "parent on another SMMU"),
    "force-sync": ("policy.env.viommu.force-sync", "EOPNOTSUPP", "cmdq-force-sync",
                   lambda e: e["cmdq-force-sync"], "OPT_CMDQ_FORCE_SYNC"),
    "canwbs": ("policy.env.viommu.canwbs-or-fwb", "EOPNOTSUPP", "canwbs",
               lambda e: not e["canwbs"] and not e["s2fwb"], "neither CANWBS nor S2FWB"),
}
# v6.13/v6.15: iommufd core (hwpt lookup, nest_parent) then arm_vsmmu_alloc().
ORDER_V613 = ["paging", "nest-parent", "nesting", "same-smmu", "force-sync", "canwbs"]
# v7.0: get_viommu_size() runs before the core looks the parent up; the
# same-SMMU check moved to arm_vsmmu_init().
ORDER_V70 = ["nesting", "force-sync", "canwbs", "paging", "nest-parent", "same-smmu"]


def run_merged(ver, vste, parent, env):
    r = Run()
    order = ORDER_V70 if ver == "v7.0" else ORDER_V613
    bad = [VCHK[c] for c in order if VCHK[c][3](env)]
    if len(bad) >= 2:
        r.use("policy.env.viommu.order-v7.0" if ver == "v7.0" else "policy.env.viommu.order-v6.13")
    if bad:
        rule, errno, fact, _, why = bad[0]
        return r.refuse(errno, "viommu", rule, fact, why)

    # arm_vsmmu_alloc_domain_nested()
    if env["alloc-flags"] != 0:
        return r.refuse("EOPNOTSUPP", "alloc", "policy.env.alloc-flags",
                        "alloc-flags", "non-zero allocation flags")
    if not env["trans-s1"] or not env["parent-s2"]:
        r.use("policy.env.unchecked")
    w0, w1 = vste
    enable_ats = False
    if not (w0 & STE0_V):
        r.use("policy.vste.v0-sanitised")
        stored = (0, 0)
        vwhy = "V=0 zeroed and accepted"
    else:
        if (w0 & ~ALLOWED0) or (w1 & ~ALLOWED1):
            return r.refuse("EIO", "alloc", "policy.vste.mask", "mask",
                            "bits outside the nesting masks")
        cfg = cfg_of(w0)
        if cfg not in (CFG_ABORT, CFG_BYPASS, CFG_S1_TRANS):
            return r.refuse("EIO", "alloc", "policy.vste.config", "config",
                            "Config %d not abort/bypass/translate" % cfg)
        eats = eats_of(w1)
        if eats not in (EATS_ABT, EATS_TRANS):
            return r.refuse("EIO", "alloc", "policy.vste.eats", "eats",
                            "EATS %d not ABT/TRANS" % eats)
        if eats != EATS_ABT:
            r.use("policy.vste.eats", "policy.vste.eats-stripped")
        if cfg == CFG_S1_TRANS:
            enable_ats = eats == EATS_TRANS
        stored = (w0, w1 & ~STE1_EATS & U64)
        vwhy = "accepted"
    stored_translate = bool(stored[0] & STE0_V) and cfg_of(stored[0]) == CFG_S1_TRANS

    # arm_smmu_attach_dev_nested()
    if env["ssids-in-use"]:
        return r.refuse("EBUSY", "attach", "policy.env.attach-ssids-ebusy",
                        "ssids-in-use", "PASIDs in use")
    if not env["vdevice"]:
        if ver == "v6.13":
            r.use("policy.env.unchecked")
        elif ver == "v6.15":
            return r.refuse("ENOENT", "attach", "policy.env.attach-vdevice-always",
                            "vdevice", "no vDEVICE, needed by every nested attach")
        else:
            if stored_translate:
                return r.refuse("ENOENT", "attach", "policy.env.attach-vdevice-translate-only",
                                "vdevice", "no vDEVICE for a translate vSTE")
            r.use("policy.env.attach-vdevice-translate-only")

    # ATS decision
    guest_eats = eats_of(w1) if (w0 & STE0_V) else 0
    ats_matters = env["ats-supported"] or guest_eats != 0
    if ver == "v7.0" and not stored_translate:
        ats = env["ats-supported"]
        if ats_matters:
            r.use("policy.ats.non-s1-follows-device")
        atswhy = "ATS %s (v7.0: not a translate vSTE, so ATS follows the device)" % ("on" if ats else "off")
    else:
        ats = enable_ats and env["ats-supported"]
        if ats_matters:
            r.use("policy.ats.guest-eats")
        if ats:
            atswhy = "ATS on (EATS=TRANS on a translate vSTE and the device supports ATS)"
        elif enable_ats:
            atswhy = "ATS off (EATS=TRANS on a translate vSTE but the device has no ATS)"
        else:
            atswhy = "ATS off (no EATS=TRANS on a translate vSTE)"
    ste, kind = make_nested_ste(r, stored, parent, ats, mev=(ver in ("v6.15", "v7.0")))
    if ats and ste == ABORT_STE:
        r.use("policy.ats.abort-open-observation")
    return r.accept(ste, ats, "%s, %s, %s" % (vwhy, kind, atswhy))


def evaluate(policy, vste, parent="default", env=None):
    p = parent_words(parent)
    e = full_env(env)
    assert p[0] & STE0_V and cfg_of(p[0]) == CFG_S2_TRANS and eats_of(p[1]) == 0, "bad parent"
    v = (vste[0] & U64, vste[1] & U64)
    if policy == "seed-v2":
        return run_seed_v2(v, p, e)
    return run_merged(policy, v, p, e)


# ---------------------------------------------------------------------------
# Rules catalogue
# ---------------------------------------------------------------------------
MERGED = ["v6.13", "v6.15", "v7.0"]
RULES = [
    # ---- architecture
    dict(id="arch.ste.layout", kind="arch",
         text="The STE is eight little-endian 64-bit words whose fields sit at the bit positions of IHI0070 G.b §5.2.",
         sources=["IHI0070 G.b §5.2", "arch.md §1.1", "linux.md §1.1"],
         waiver="Field positions are checked field by field by the Check unit tests (tests/check_fields.c), not by vectors."),
    dict(id="arch.cd.layout", kind="arch",
         text="The Context Descriptor is eight little-endian 64-bit words whose fields sit at the bit positions of IHI0070 G.b §5.4.",
         sources=["IHI0070 G.b §5.4", "arch.md §2", "linux.md §1.2"],
         waiver="Field positions are checked field by field by the Check unit tests (tests/check_fields.c), not by vectors; the host never writes guest CDs."),
    dict(id="arch.ste.valid", kind="arch",
         text="An STE with V=0 makes the SMMU ignore every other field and record C_BAD_STE, while a valid Config=0 STE aborts without an event.",
         sources=["IHI0070 G.b §5.2", "arch.md §1.2"]),
    dict(id="arch.ste.config-encoding", kind="arch",
         text="STE.Config selects abort (0b000), bypass (0b100), stage-1 only (0b101), stage-2 only (0b110) or nested (0b111) translation, and 0b001 to 0b011 are reserved.",
         sources=["IHI0070 G.b §5.2", "arch.md §1.2"]),
    dict(id="arch.ste.eats-encoding", kind="arch",
         text="STE.EATS 0b00 refuses ATS requests, 0b01 is full ATS, 0b10 is split-stage ATS and 0b11 is full ATS with DPT checks, and it is ignored when no stage translates.",
         sources=["IHI0070 G.b §5.2", "IHI0070 G.b §3.9", "arch.md §1.2", "arch.md §7"]),
    dict(id="arch.ste.s1-fields", kind="arch",
         text="S1Fmt, S1ContextPtr, S1CDMax, S1DSS, S1CIR, S1COR, S1CSH and S1STALLD describe the guest's CD table and how it is fetched.",
         sources=["IHI0070 G.b §5.2", "arch.md §1.2"]),
    dict(id="arch.ste.s1-reserved-encodings", kind="arch",
         text="S1Fmt=0b11, S1DSS=0b11 and S1CSH=0b01 are reserved encodings that the architecture lets behave as another value or be reported as an illegal STE.",
         sources=["IHI0070 G.b §5.2", "IHI0070 G.b §5.2.2", "arch.md §1.2", "arch.md §1.3"],
         choice="The host model does not interpret them: no host policy validates them, so they reach the physical STE unchanged and their effect is left to the SMMU model."),
    dict(id="arch.ste.s1ctxptr-ipa", kind="arch",
         text="With Config=0b11x the S1ContextPtr is an IPA that the SMMU translates through stage 2, so the host can install the guest's pointer as it is.",
         sources=["IHI0070 G.b §5.2", "arch.md §1.2", "arch.md §7"]),
    dict(id="arch.ste.mev", kind="arch",
         text="STE.MEV=1 lets the SMMU merge similar event records, which changes no translation result.",
         sources=["IHI0070 G.b §5.2", "arch.md §1.1", "linux da0c56520e88"]),
    dict(id="arch.ste.impdef", kind="arch",
         text="STE DW1[63:52] and DW2[31:16] are IMPLEMENTATION DEFINED and belong to whoever builds the STE, here the host.",
         sources=["IHI0070 G.b §5.2", "arch.md §1.1"],
         choice="The model treats them as host-owned: the guest may not set them (they are outside the nesting masks) and the parent's values reach bypass and nested STEs unchanged."),
    # ---- vSTE checks
    dict(id="policy.vste.mask", kind="policy",
         text="A vSTE with any bit set outside 0xf80fffffffffffff in word 0 or 0x380000ff in word 1 is refused with EIO when the nested domain is allocated.",
         sources=["seed-v2", "linux 1e8be08d1c91", "linux f27298a82ba0", "linux.md §1.1", "linux.md §2.2"],
         policies=POLICIES),
    dict(id="policy.vste.v0-checked", kind="policy",
         text="The seed patch applies the mask, Config and EATS checks to a V=0 vSTE exactly as to a valid one, and relays an accepted V=0 vSTE as an abort STE.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.vste.v0-sanitised", kind="policy",
         text="The merged code zeroes a V=0 vSTE and accepts it without looking at any other bit, and installs an abort STE for it.",
         sources=["linux 1e8be08d1c91", "linux.md §2.1b", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.vste.config", kind="policy",
         text="A vSTE whose Config is not abort (0), bypass (4) or stage-1 translate (5) is refused with EIO, so reserved, stage-2 and nested Configs never reach the host STE.",
         sources=["seed-v2", "linux 1e8be08d1c91", "linux.md §2.2"], policies=POLICIES),
    dict(id="policy.vste.eats-seed", kind="policy",
         text="The seed patch refuses with EIO every vSTE whose EATS is not 0, even though the mask admits the EATS bits.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.vste.eats", kind="policy",
         text="The merged code accepts EATS 0 (ABT) and 1 (TRANS) and refuses EATS 2 (S1CHK) and 3 with EIO, for every Config of a valid vSTE.",
         sources=["linux f27298a82ba0", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.vste.eats-stripped", kind="policy",
         text="The guest's EATS field is removed from the stored vSTE, so the physical EATS is always the host's own choice.",
         sources=["seed-v2", "linux f27298a82ba0", "linux.md §2.2"], policies=POLICIES),
    dict(id="policy.vste.unvalidated-fields", kind="policy",
         text="Inside the masks no host policy checks the values of S1Fmt, S1ContextPtr, S1CDMax, S1DSS, S1CIR, S1COR, S1CSH or S1STALLD, so they pass to the physical STE unchanged.",
         sources=["linux.md §2.2", "linux 1e8be08d1c91", "seed-v2"], policies=POLICIES),
    # ---- composition
    dict(id="policy.compose.abort", kind="policy",
         text="A V=0 or Config=0 vSTE becomes the abort STE: word 0 is 0x1 and every other word is 0, whatever the parent holds.",
         sources=["seed-v2", "linux 1e8be08d1c91", "linux.md §3"], policies=POLICIES),
    dict(id="policy.compose.bypass", kind="policy",
         text="A bypass vSTE becomes the parent's stage-2 STE (Config=6) with only EATS set by the host, and the guest's word 1 is dropped.",
         sources=["seed-v2", "linux 1e8be08d1c91", "linux.md §3"], policies=POLICIES),
    dict(id="policy.compose.s1", kind="policy",
         text="A stage-1 translate vSTE becomes a Config=7 STE whose word 0 is the guest's word 0 with Config forced to 7, whose word 1 is the parent's word 1 ORed with the guest's word 1 (EATS removed), and whose words 2 to 7 are the parent's.",
         sources=["seed-v2", "linux 1e8be08d1c91", "linux.md §3"], policies=POLICIES),
    dict(id="policy.compose.mev", kind="policy",
         text="From v6.15 the nested Config=7 STE also has MEV (DW1 bit 19) set; the seed patch and v6.13 leave it clear and no policy sets it in bypass or abort STEs.",
         sources=["linux da0c56520e88", "linux.md §3", "linux.md §7"], policies=POLICIES),
    dict(id="policy.compose.parent-passthrough", kind="policy",
         text="Every host-owned bit of the parent (word 1 outside the guest fields, words 2 to 7) reaches the bypass and nested STEs unchanged, and none reaches the abort STE.",
         sources=["linux.md §3", "linux 1e8be08d1c91", "linux 67e4fe398513"], policies=POLICIES),
    # ---- ATS
    dict(id="policy.ats.never", kind="policy",
         text="The seed patch always disables ATS for a nested attach, whatever the device and the vSTE say.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.ats.guest-eats", kind="policy",
         text="For a stage-1 translate vSTE, and for every vSTE before v7.0, the device gets ATS only if the guest set EATS=TRANS on a translate vSTE and the device supports ATS.",
         sources=["linux f27298a82ba0", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.ats.non-s1-follows-device", kind="policy",
         text="From v7.0 an abort, bypass or V=0 vSTE leaves ATS as for a plain stage-2 attach, that is, on exactly when the device supports ATS.",
         sources=["linux a45dd3466302", "linux.md §2.2", "linux.md §7"], policies=["v7.0"]),
    dict(id="policy.ats.abort-open-observation", kind="policy",
         text="From v7.0 an abort or V=0 vSTE on an ATS-capable device enables ATS on the device although the physical STE is abort with EATS=0.",
         sources=["linux a45dd3466302", "linux.md §7"], policies=["v7.0"]),
    dict(id="policy.ats.eats-field", kind="policy",
         text="The host sets the physical EATS to TRANS in the bypass and nested STEs exactly when it enables ATS on the device; the abort STE always has EATS=0.",
         sources=["linux f27298a82ba0", "linux.md §3"], policies=POLICIES),
    # ---- host facts (seed)
    dict(id="policy.env.seed.nest-parent", kind="policy",
         text="In the seed patch the iommufd core refuses with EINVAL a nested allocation whose parent was not allocated as a nest parent.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.env.seed.nesting", kind="policy",
         text="The seed patch refuses the nested allocation with EOPNOTSUPP when the SMMU lacks FEAT_NESTING.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.env.seed.canwbs-or-fwb", kind="policy",
         text="The seed patch refuses the nested allocation with EOPNOTSUPP when the device is not CANWBS and the SMMU lacks S2FWB.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.env.seed.flags-or-trans-s1", kind="policy",
         text="The seed patch refuses the nested allocation with EOPNOTSUPP when it is given flags or the SMMU lacks FEAT_TRANS_S1.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.env.seed.parent-paging", kind="policy",
         text="The seed patch refuses the nested allocation with EINVAL when the parent is not a paging domain.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.env.seed.parent-s2-same-smmu", kind="policy",
         text="The seed patch refuses the nested allocation with EINVAL when the parent is not a stage-2 domain or lives on another SMMU.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.env.seed.attach-ssids-or-smmu", kind="policy",
         text="The seed patch refuses the nested attach with EINVAL when the device has PASIDs attached or the parent is on another SMMU.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    dict(id="policy.env.seed.order", kind="policy",
         text="The seed patch checks nest-parent, FEAT_NESTING, CANWBS/S2FWB, flags/TRANS_S1, parent paging, then parent stage/SMMU, and reports only the first failure.",
         sources=["seed-v2", "linux.md §2.1"], policies=["seed-v2"]),
    # ---- host facts (merged, vIOMMU)
    dict(id="policy.env.viommu.parent-paging", kind="policy",
         text="The merged code refuses the vIOMMU allocation with ENOENT when the parent id is not a paging HWPT.",
         sources=["linux 1e8be08d1c91", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.env.viommu.nest-parent", kind="policy",
         text="The merged code refuses the vIOMMU allocation with EINVAL when the parent was not allocated with IOMMU_HWPT_ALLOC_NEST_PARENT.",
         sources=["linux 1e8be08d1c91", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.env.viommu.nesting", kind="policy",
         text="The merged code refuses the vIOMMU allocation with EOPNOTSUPP when the SMMU lacks FEAT_NESTING.",
         sources=["linux 1e8be08d1c91", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.env.viommu.same-smmu", kind="policy",
         text="The merged code refuses the vIOMMU allocation with EINVAL when the parent lives on another SMMU.",
         sources=["linux 1e8be08d1c91", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.env.viommu.force-sync", kind="policy",
         text="The merged code refuses the vIOMMU allocation with EOPNOTSUPP when the SMMU needs OPT_CMDQ_FORCE_SYNC.",
         sources=["linux 1e8be08d1c91", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.env.viommu.canwbs-or-fwb", kind="policy",
         text="The merged code refuses the vIOMMU allocation with EOPNOTSUPP when the device is not CANWBS and the SMMU lacks S2FWB.",
         sources=["linux 67e4fe398513", "linux.md §2.2", "linux.md §3"], policies=MERGED),
    dict(id="policy.env.viommu.order-v6.13", kind="policy",
         text="In v6.13 and v6.15 the vIOMMU checks run parent paging (ENOENT), nest parent, FEAT_NESTING, same SMMU, FORCE_SYNC, then CANWBS/S2FWB, and only the first failure is reported.",
         sources=["linux 1e8be08d1c91", "linux.md §2.2"], policies=["v6.13", "v6.15"]),
    dict(id="policy.env.viommu.order-v7.0", kind="policy",
         text="In v7.0 the driver's size query runs first, so the vIOMMU checks run FEAT_NESTING, FORCE_SYNC, CANWBS/S2FWB, then parent paging (ENOENT), nest parent and same SMMU, and only the first failure is reported.",
         sources=["linux.md §2.2", "linux.md §0 I-17"], policies=["v7.0"]),
    dict(id="policy.env.alloc-flags", kind="policy",
         text="The merged code refuses with EOPNOTSUPP a nested allocation with non-zero flags, before it looks at the vSTE.",
         sources=["linux 1e8be08d1c91", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.env.attach-ssids-ebusy", kind="policy",
         text="The merged code refuses the nested attach with EBUSY when the device has PASIDs attached, before any vDEVICE check.",
         sources=["linux 1e8be08d1c91", "linux.md §2.1b", "linux.md §2.2"], policies=MERGED),
    dict(id="policy.env.attach-vdevice-always", kind="policy",
         text="In v6.15 every nested attach needs a vDEVICE for the device and fails with ENOENT without one, whatever the vSTE.",
         sources=["linux da0c56520e88", "linux.md §2.2", "linux.md §7"], policies=["v6.15"]),
    dict(id="policy.env.attach-vdevice-translate-only", kind="policy",
         text="From v7.0 only a stage-1 translate vSTE needs a vDEVICE (ENOENT without one); abort, bypass and V=0 vSTEs attach without one.",
         sources=["linux 81c45c62dc3e", "linux 9f0b286fe401", "linux.md §2.2", "linux.md §7"], policies=["v7.0"]),
    dict(id="policy.env.unchecked", kind="policy",
         text="Some host facts are not consulted by some policies: the merged code never checks FEAT_TRANS_S1 or the parent's stage, the seed never checks FORCE_SYNC or vDEVICEs, and v6.13 never checks vDEVICEs.",
         sources=["seed-v2", "linux.md §2.1", "linux.md §2.2"], policies=POLICIES),
    dict(id="policy.env.stage-order", kind="policy",
         text="Host-fact checks of the vIOMMU and allocation steps run before the vSTE checks, and the vSTE checks run before the attach checks, so the earliest failing step decides the errno.",
         sources=["seed-v2", "linux 1e8be08d1c91", "linux.md §2.1", "linux.md §2.2"], policies=POLICIES),
]
RULE_IDS = {r["id"] for r in RULES}

# Citations a vector gets for each rule it checks (first ones suffice).
RULE_CITES = {}
for _r in RULES:
    RULE_CITES[_r["id"]] = _r["sources"]


# ---------------------------------------------------------------------------
# Vector construction
# ---------------------------------------------------------------------------
class Vec:
    def __init__(self, vid, vste, desc, parent="default", env=None,
                 rules=(), flags=(), cites=()):
        self.id = vid
        self.vste = (vste[0] & U64, vste[1] & U64)
        self.desc = desc
        self.parent = parent
        self.env = dict(env or {})
        self.extra_rules = list(rules)
        self.extra_flags = list(flags)
        self.extra_cites = list(cites)
        self.results = {p: evaluate(p, self.vste, parent, self.env) for p in POLICIES}


def count_faults(v):
    """Number of distinct facts/vSTE checks that would refuse the vector
    under some policy, used for the MULTI-FAULT and ORDER flags."""
    facts = set()
    for p in POLICIES:
        o = v.results[p]
        if o.kind == "error":
            facts.add(o.fact)
    return facts


def vector_rules(v):
    rules = []
    for r in v.extra_rules:
        if r not in rules:
            rules.append(r)
    for p in POLICIES:
        for r in v.results[p].rules:
            if r not in rules:
                rules.append(r)
    # order: arch first, then policy, stable within each
    rules = [r for r in rules if r.startswith("arch.")] + [r for r in rules if not r.startswith("arch.")]
    for r in rules:
        assert r in RULE_IDS, (v.id, r)
    return rules


def vector_cites(v, rules):
    cites = list(v.extra_cites)
    for r in rules:
        for c in RULE_CITES[r]:
            if c not in cites:
                cites.append(c)
    return cites


def choose_expect(v):
    """Most common outcome is `expect`; ties go to v7.0's outcome."""
    counts = {}
    for p in POLICIES:
        k = v.results[p].key()
        counts[k] = counts.get(k, 0) + 1
    best = max(counts.values())
    cands = [k for k, n in counts.items() if n == best]
    if v.results["v7.0"].key() in cands:
        common = v.results["v7.0"].key()
    else:
        common = [v.results[p].key() for p in POLICIES if v.results[p].key() in cands][0]
    by = [p for p in POLICIES if v.results[p].key() != common]
    return common, by


def derivation(v):
    """Group the policies by their derivation clause."""
    groups = []
    for p in POLICIES:
        why = v.results[p].why
        for g in groups:
            if g[1] == why:
                g[0].append(p)
                break
        else:
            groups.append([[p], why])
    return "; ".join("%s: %s" % ("/".join(ps), why) for ps, why in groups)


# ---------------------------------------------------------------------------
# YAML emission
# ---------------------------------------------------------------------------
def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hx(x):
    return "0x%016x" % x


def flow_list(xs):
    return "[" + ", ".join(xs) + "]"


def env_flow(env):
    parts = []
    for k in ENV_KEYS:
        if k in env:
            val = env[k]
            if k == "alloc-flags":
                parts.append("%s: 0x%08x" % (k, val))
            else:
                parts.append("%s: %s" % (k, "true" if val else "false"))
    return "{" + ", ".join(parts) + "}"


def outcome_lines(o, indent):
    pad = " " * indent
    if o.kind == "error":
        return ["%sresult: error" % pad, "%serrno: %s" % (pad, o.errno), "%sstage: %s" % (pad, o.stage)]
    return ["%sresult: ok" % pad,
            "%sste: %s" % (pad, flow_list(hx(x) for x in o.ste)),
            "%sats: %s" % (pad, "true" if o.ats else "false")]


def outcome_flow(o):
    if o.kind == "error":
        return "{result: error, errno: %s, stage: %s}" % (o.errno, o.stage)
    return None


def parent_yaml(p):
    if isinstance(p, str):
        return p
    return flow_list(hx(x) for x in p)


class VFile:
    def __init__(self, name, description, flags):
        self.name = name
        self.description = description
        self.flags = flags       # dict name -> explanation
        self.vectors = []

    def add(self, v):
        self.vectors.append(v)
        return v


FLAG_TEXT = {
    "SEED-V0-CHECKED": "the vSTE has V=0; seed-v2 checks its bits like those of a valid vSTE while the merged policies zero it and accept it",
    "RESERVED-VALUE": "the vSTE carries an encoding the architecture reserves; no host policy checks it, so it reaches the physical STE unchanged",
    "ATS-ABORT": "v7.0 enables ATS on the device while the physical STE is abort with EATS=0 (linux.md §7 open observation)",
    "MULTI-FAULT": "more than one check would refuse the request; each policy reports the first failing check in its own order",
    "ORDER": "the policies are refused by different checks for the same input, because they run their checks in different orders or not at all",
    "KERNEL-EXAMPLE": "the expected STE equals a worked example or KUnit fixture value quoted in linux.md",
    "HOST-BITS": "the parent carries host-owned bits (S2FWB, S2S, IMPLEMENTATION DEFINED fields, words 4..7) that must reach bypass and nested STEs unchanged",
    "POLICY-SPLIT": "the policies disagree on the outcome; expect-by-policy lists the ones that differ from expect",
    "SEED-CORE-ORDER": "seed-v2's errno comes from the iommufd core of the seed's era, which refuses a non-paging parent (EINVAL) and non-zero flags (EOPNOTSUPP) before the seed driver's own checks would give another errno (gen_vste.py SEED_CORE_ORDER)",
}


def auto_flags(v):
    flags = list(v.extra_flags)
    keys = {v.results[p].key() for p in POLICIES}
    if len(keys) > 1 and "POLICY-SPLIT" not in flags:
        flags.append("POLICY-SPLIT")
    if not (v.vste[0] & STE0_V) and v.results["seed-v2"].fact in ("mask", "config", "eats") \
            and "SEED-V0-CHECKED" not in flags:
        flags.append("SEED-V0-CHECKED")
    # Different policies refused by different checks: order (or absence) of checks shows.
    if len(count_faults(v)) >= 2 and "ORDER" not in flags:
        flags.append("ORDER")
    for p in POLICIES:
        if "policy.ats.abort-open-observation" in v.results[p].rules and "ATS-ABORT" not in flags:
            flags.append("ATS-ABORT")
    if seed_core_alternative(v) is not None and "SEED-CORE-ORDER" not in flags:
        flags.append("SEED-CORE-ORDER")
    return flags


def seed_core_alternative(v):
    """seed-v2's outcome under the other SEED_CORE_ORDER setting, if it differs."""
    global SEED_CORE_ORDER
    saved = SEED_CORE_ORDER
    SEED_CORE_ORDER = not saved
    try:
        alt = evaluate("seed-v2", v.vste, v.parent, v.env)
    finally:
        SEED_CORE_ORDER = saved
    return alt if alt != v.results["seed-v2"] else None


def emit_file(vf):
    lines = []
    lines.append("# Generated by vectors/gen/gen_vste.py -- do not edit by hand; edit the")
    lines.append("# generator and run `python3 vectors/gen/gen_vste.py`.  Expectations come")
    lines.append("# from the generator's own model of the kernel sources, never from smmu-nest.")
    lines.append("schema: 1")
    lines.append("area: vste")
    lines.append("spec: %s" % q("IHI0070 G.b"))
    lines.append("description: %s" % q(vf.description))
    lines.append("default-policy: v7.0")
    lines.append("test-count: %d" % len(vf.vectors))
    used = []
    per_vec_flags = []
    for v in vf.vectors:
        fl = auto_flags(v)
        per_vec_flags.append(fl)
        for f in fl:
            if f not in used:
                used.append(f)
    if used:
        lines.append("flags:")
        for f in sorted(used):
            lines.append("  %s: %s" % (f, q(FLAG_TEXT[f])))
    lines.append("vectors:")
    for v, fl in zip(vf.vectors, per_vec_flags):
        rules = vector_rules(v)
        cites = vector_cites(v, rules)
        common, by = choose_expect(v)
        lines.append("  - id: %s" % v.id)
        lines.append("    rules: %s" % flow_list(rules))
        lines.append("    cite: %s" % flow_list(q(c) for c in cites))
        alt = seed_core_alternative(v)
        note = ""
        if alt is not None:
            note = " Without the seed-era iommufd core checks in front of the driver, seed-v2 would give %s at %s instead." % (alt.errno, alt.stage)
        lines.append("    comment: %s" % q("%s Derivation: %s.%s" % (v.desc, derivation(v), note)))
        if fl:
            lines.append("    flags: %s" % flow_list(fl))
        lines.append("    input:")
        lines.append("      vste: %s" % flow_list(hx(x) for x in v.vste))
        if v.parent != "default":
            lines.append("      parent: %s" % parent_yaml(v.parent))
        if v.env:
            lines.append("      env: %s" % env_flow(v.env))
        common_o = [v.results[p] for p in POLICIES if v.results[p].key() == common][0]
        lines.append("    expect:")
        lines.extend(outcome_lines(common_o, 6))
        if by:
            lines.append("    expect-by-policy:")
            for p in by:
                o = v.results[p]
                f = outcome_flow(o)
                if f:
                    lines.append("      %s: %s" % (p, f))
                else:
                    lines.append("      %s:" % p)
                    lines.extend(outcome_lines(o, 8))
    return "\n".join(lines) + "\n"


def emit_rules():
    lines = []
    lines.append("# Generated by vectors/gen/gen_vste.py together with vectors/vste/*.yaml;")
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
        if "choice" in r:
            lines.append("    choice: %s" % q(r["choice"]))
        if "waiver" in r:
            lines.append("    waiver: %s" % q(r["waiver"]))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# The vectors
# ---------------------------------------------------------------------------
# A stage-1 translate vSTE: V=1, Config=5, linear CD table at IPA 0x80001000,
# S1DSS=SSID0, CIR/COR=WBRA, CSH=ISH, EATS=0.
S1_W0 = 0x000000008000100b
S1_W1 = 0x00000000000000d6
BYP_W0 = 0x0000000000000009
ABT_W0 = 0x0000000000000001


def with_eats(w1, e):
    return (w1 & ~STE1_EATS & U64) | (e << 28)


def s1_w0(ctxptr=0x80001000, fmt=0, cdmax=0, v=1, cfg=CFG_S1_TRANS):
    return (cdmax << 59) | (ctxptr & STE0_S1CTXPTR) | (fmt << 4) | (cfg << 1) | v


def s1_w1(dss=2, cir=1, cor=1, csh=3, stalld=0, eats=0):
    return dss | (cir << 2) | (cor << 4) | (csh << 6) | (stalld << 27) | (eats << 28)


def build_masks():
    vf = VFile("masks.yaml",
               "Bits outside the nesting masks STRTAB_STE_0_NESTING_ALLOWED (0xf80fffffffffffff) and "
               "STRTAB_STE_1_NESTING_ALLOWED (0x380000ff): every such bit alone on a valid stage-1 "
               "translate vSTE, a few on V=0 vSTEs, and the largest vSTE the masks admit.",
               FLAG_TEXT)
    out0 = [b for b in range(64) if not (ALLOWED0 >> b) & 1]
    out1 = [b for b in range(64) if not (ALLOWED1 >> b) & 1]
    for b in out0:
        vf.add(Vec("vste.mask.w0.bit%d" % b, (S1_W0 | bit(b), S1_W1),
                   "Valid S1-translate vSTE with word-0 bit %d (%s) set; it is outside the word-0 mask." % (b, w0_bit_name(b))))
    for b in out1:
        vf.add(Vec("vste.mask.w1.bit%d" % b, (S1_W0, S1_W1 | bit(b)),
                   "Valid S1-translate vSTE with word-1 bit %d (%s) set; it is outside the word-1 mask." % (b, w1_bit_name(b))))
    v0_w0 = S1_W0 & ~STE0_V
    for w, b in [(0, 52), (0, 55), (0, 58), (1, 8), (1, 19), (1, 25), (1, 30), (1, 44), (1, 63)]:
        name = w0_bit_name(b) if w == 0 else w1_bit_name(b)
        vs = (v0_w0 | bit(b), S1_W1) if w == 0 else (v0_w0, S1_W1 | bit(b))
        vf.add(Vec("vste.mask.v0.w%d.bit%d" % (w, b), vs,
                   "V=0 vSTE (Config=5 fields otherwise valid) with word-%d bit %d (%s) set." % (w, b, name),
                   rules=["arch.ste.valid"]))
    vf.add(Vec("vste.mask.bypass.w1.strw", (BYP_W0, bit(31)),
               "Valid bypass vSTE with STRW=0b10 (EL2) in word 1: still refused, the mask is applied before Config is read.",
               rules=["policy.vste.mask"]))
    vf.add(Vec("vste.mask.abort.w1.mev", (ABT_W0, STE1_MEV),
               "Valid abort vSTE asking for MEV: the guest may not set MEV itself.",
               rules=["policy.vste.mask"]))
    vf.add(Vec("vste.mask.w0.all-outside", (S1_W0 | (~ALLOWED0 & U64), S1_W1),
               "Valid S1-translate vSTE with every word-0 bit outside the mask (52..58) set at once."))
    vf.add(Vec("vste.mask.w1.all-outside", (S1_W0, S1_W1 | (~ALLOWED1 & U64)),
               "Valid S1-translate vSTE with every word-1 bit outside the mask set at once."))
    vf.add(Vec("vste.mask.w1.guest-s2-fields", (S1_W0, S1_W1 | STE1_S2FWB | STE1_SHCFG),
               "Valid S1-translate vSTE trying to set host stage-2 attributes (S2FWB and SHCFG=0b11)."))
    vf.add(Vec("vste.mask.and-config", (s1_w0(cfg=CFG_NESTED) | bit(56), S1_W1),
               "Valid vSTE with both a bit outside the mask and Config=7: either check gives EIO.",
               rules=["policy.vste.config"], flags=["MULTI-FAULT"]))
    allw0 = (ALLOWED0 & ~STE0_CFG) | (CFG_S1_TRANS << 1)
    vf.add(Vec("vste.mask.all-allowed.eats0", (allw0, ALLOWED1 & ~STE1_EATS),
               "Every bit the masks admit set on a valid S1-translate vSTE (Config=5, EATS=0): accepted, guest bits copied into the Config=7 STE.",
               rules=["policy.vste.unvalidated-fields", "arch.ste.s1-reserved-encodings"], flags=["RESERVED-VALUE"]))
    vf.add(Vec("vste.mask.all-allowed.eats1", (allw0, (ALLOWED1 & ~STE1_EATS) | (1 << 28)),
               "Every bit the masks admit set, with EATS=TRANS, on a device without ATS.",
               rules=["policy.vste.unvalidated-fields", "arch.ste.s1-reserved-encodings"], flags=["RESERVED-VALUE"]))
    vf.add(Vec("vste.mask.all-allowed.eats1-ats", (allw0, (ALLOWED1 & ~STE1_EATS) | (1 << 28)),
               "Every bit the masks admit set, with EATS=TRANS, on an ATS-capable device.",
               env={"ats-supported": True},
               rules=["policy.vste.unvalidated-fields", "arch.ste.s1-reserved-encodings"], flags=["RESERVED-VALUE"]))
    return vf


def build_config():
    vf = VFile("config.yaml",
               "Every Config value 0..7 with V=0 and V=1 (stage-1 fields otherwise valid), plus vSTEs that "
               "try to hand the host their own stage-2 or nested configuration.",
               FLAG_TEXT)
    names = {0: "abort", 1: "reserved", 2: "reserved", 3: "reserved", 4: "bypass",
             5: "S1 translate", 6: "S2 translate", 7: "nested"}
    for v in (1, 0):
        for cfg in range(8):
            w0 = s1_w0(cfg=cfg, v=v)
            vf.add(Vec("vste.config.v%d.cfg%d" % (v, cfg), (w0, S1_W1),
                       "V=%d, Config=%d (%s), CD table pointer 0x80001000, S1DSS=SSID0, EATS=0." % (v, cfg, names[cfg]),
                       rules=["arch.ste.config-encoding"] + (["arch.ste.valid"] if v == 0 else [])))
    vf.add(Vec("vste.config.v1.cfg6.s2-only-word0", (0x000000000000000d, 0),
               "The guest hands over a bare stage-2 Config (word 0 = 0xd, the parent's own word 0).",
               rules=["arch.ste.config-encoding"]))
    vf.add(Vec("vste.config.v1.cfg7.full-s1", (s1_w0(cfg=CFG_NESTED, fmt=2, cdmax=10), s1_w1()),
               "The guest asks for Config=7 itself, with a 64K-L2 CD table of 1024 contexts.",
               rules=["arch.ste.config-encoding"]))
    vf.add(Vec("vste.config.v1.cfg4.with-s1-fields", (s1_w0(cfg=CFG_BYPASS, fmt=2, cdmax=10), s1_w1(stalld=1)),
               "Bypass vSTE that still carries stage-1 fields in both words: accepted, the fields are dropped with the guest's word 1 and word 0.",
               rules=["arch.ste.config-encoding"]))
    vf.add(Vec("vste.config.v1.cfg0.with-s1-fields", (s1_w0(cfg=CFG_ABORT, fmt=2, cdmax=10), s1_w1(stalld=1)),
               "Abort vSTE that still carries stage-1 fields: accepted, the abort STE keeps none of them.",
               rules=["arch.ste.config-encoding"]))
    return vf


def build_eats():
    vf = VFile("eats.yaml",
               "Every EATS value 0..3 on valid abort, bypass and S1-translate vSTEs and on V=0 vSTEs, on a "
               "device without ATS and with ATS.",
               FLAG_TEXT)
    for cfg, name, w0 in ((0, "abort", ABT_W0), (4, "bypass", BYP_W0), (5, "s1", S1_W0)):
        for e in range(4):
            vf.add(Vec("vste.eats.v1.%s.eats%d" % (name, e), (w0, with_eats(S1_W1, e)),
                       "Valid %s vSTE (Config=%d) with EATS=%d, device without ATS." % (name, cfg, e),
                       rules=["arch.ste.eats-encoding"]))
    for cfg, name, w0 in ((0, "abort", ABT_W0 & ~1), (4, "bypass", BYP_W0 & ~1), (5, "s1", S1_W0 & ~1)):
        for e in range(4):
            vf.add(Vec("vste.eats.v0.%s.eats%d" % (name, e), (w0, with_eats(S1_W1, e)),
                       "V=0 vSTE with Config=%d and EATS=%d." % (cfg, e),
                       rules=["arch.ste.eats-encoding", "arch.ste.valid"]))
    for e in (2, 3):
        vf.add(Vec("vste.eats.v1.s1.eats%d.ats" % e, (S1_W0, with_eats(S1_W1, e)),
                   "Valid S1-translate vSTE with EATS=%d on an ATS-capable device: refused before ATS is considered." % e,
                   env={"ats-supported": True}, rules=["arch.ste.eats-encoding"]))
    vf.add(Vec("vste.eats.v1.s1.eats1.stripped", (S1_W0, with_eats(S1_W1, 1)),
               "Valid S1-translate vSTE with EATS=TRANS on a device without ATS: the guest's EATS must not reach the physical STE.",
               rules=["policy.vste.eats-stripped", "arch.ste.eats-encoding"]))
    return vf


def build_v0():
    vf = VFile("v0.yaml",
               "V=0 vSTEs carrying garbage: seed-v2 checks them like valid vSTEs, the merged policies zero "
               "them and install an abort STE.",
               FLAG_TEXT)
    pats = [
        ("all-ones", (0xfffffffffffffffe, 0xffffffffffffffff), "every bit except V set in both words"),
        ("w0-ones", (0xfffffffffffffffe, 0), "every word-0 bit except V set, word 1 clear (the README example)"),
        ("w1-ones", (0, 0xffffffffffffffff), "word 0 clear, every word-1 bit set"),
        ("zero", (0, 0), "both words zero"),
        ("aa55", (0xaaaaaaaaaaaaaaaa, 0x5555555555555555), "alternating bit patterns"),
        ("55aa", (0x5555555555555554, 0xaaaaaaaaaaaaaaaa), "the other alternating bit patterns"),
        ("cfg7-s2", (0x000000000000000e, 0x0000100002000000), "Config=7 with stage-2 attributes (SHCFG, S2FWB) in word 1"),
        ("cfg6", (0x000000000000000c, 0), "Config=6, nothing else"),
        ("eats1-abort", (0x0000000080001000, 0x0000000010000000), "Config=0 with EATS=TRANS"),
        ("allowed-only", ((ALLOWED0 & ~STE0_V & ~STE0_CFG) | (CFG_S1_TRANS << 1), ALLOWED1 & ~STE1_EATS),
         "every admitted field set, Config=5, EATS=0: nothing for seed-v2 to refuse"),
        ("ctxptr-only", (0x000fffffffffffc0, 0), "only a CD table pointer"),
        ("impdef-w1", (0, 0xfff0000000000000), "only the word-1 IMPLEMENTATION DEFINED bits"),
    ]
    for name, vs, what in pats:
        vf.add(Vec("vste.v0.%s" % name, vs, "V=0 vSTE: %s." % what, rules=["arch.ste.valid"]))
    g = (0xfffffffffffffffe, 0xffffffffffffffff)
    vf.add(Vec("vste.v0.all-ones.ats", g, "V=0 all-ones vSTE on an ATS-capable device.",
               env={"ats-supported": True}, rules=["arch.ste.valid"]))
    vf.add(Vec("vste.v0.all-ones.kunit-s2", g, "V=0 all-ones vSTE over the KUnit S2 parent: the abort STE keeps nothing of it.",
               parent="kunit-s2", rules=["arch.ste.valid"]))
    vf.add(Vec("vste.v0.all-ones.impdef-parent", g,
               "V=0 all-ones vSTE over a parent with IMPLEMENTATION DEFINED bits and words 4..7: the abort STE keeps nothing of either.",
               parent=PARENT_IMPDEF, rules=["arch.ste.valid", "policy.compose.parent-passthrough"]))
    vf.add(Vec("vste.v0.all-ones.no-vdevice", g, "V=0 all-ones vSTE without a vDEVICE.",
               env={"vdevice": False}, rules=["arch.ste.valid"]))
    vf.add(Vec("vste.v0.zero.no-vdevice", (0, 0), "All-zero vSTE without a vDEVICE.",
               env={"vdevice": False}, rules=["arch.ste.valid"]))
    vf.add(Vec("vste.v0.all-ones.ssids", g, "V=0 all-ones vSTE on a device with PASIDs attached.",
               env={"ssids-in-use": True}, rules=["arch.ste.valid", "policy.env.stage-order"], flags=["MULTI-FAULT"]))
    vf.add(Vec("vste.v0.zero.ssids", (0, 0), "All-zero vSTE on a device with PASIDs attached.",
               env={"ssids-in-use": True}, rules=["arch.ste.valid"]))
    vf.add(Vec("vste.v0.all-ones.alloc-flags", g, "V=0 all-ones vSTE allocated with non-zero flags: the flags are refused first.",
               env={"alloc-flags": 1}, rules=["arch.ste.valid", "policy.env.stage-order"], flags=["MULTI-FAULT"]))
    return vf


BAD_FACTS = [
    ("nesting-off", {"nesting": False}),
    ("trans-s1-off", {"trans-s1": False}),
    ("force-sync", {"cmdq-force-sync": True}),
    ("no-canwbs", {"canwbs": False}),
    ("parent-not-paging", {"parent-paging": False}),
    ("parent-not-s2", {"parent-s2": False}),
    ("parent-other-smmu", {"parent-same-smmu": False}),
    ("parent-not-nest-parent", {"parent-nest-parent": False}),
    ("ssids-in-use", {"ssids-in-use": True}),
    ("no-vdevice", {"vdevice": False}),
    ("alloc-flags", {"alloc-flags": 1}),
]


def build_env():
    vf = VFile("env.yaml",
               "Host facts: each fact alone made wrong under a valid S1-translate vSTE, every pair of wrong "
               "facts (the check order shows), attach-time facts under abort/bypass/V=0 vSTEs, and host "
               "faults combined with bad vSTEs.",
               FLAG_TEXT)
    base = (S1_W0, S1_W1)
    for name, env in BAD_FACTS:
        vf.add(Vec("vste.env.%s" % name, base, "Valid S1-translate vSTE; only %s is wrong." % env_flow(env), env=env))
    vf.add(Vec("vste.env.alloc-flags-all", base, "Valid S1-translate vSTE allocated with every flag bit set.",
               env={"alloc-flags": 0xffffffff}))
    vf.add(Vec("vste.env.alloc-flags-top", base, "Valid S1-translate vSTE allocated with only flag bit 31 set.",
               env={"alloc-flags": 0x80000000}))
    vf.add(Vec("vste.env.s2fwb", base, "SMMU with S2FWB as well as a CANWBS device (S2FWB parent): nothing to refuse.",
               parent=PARENT_S2FWB, env={"s2fwb": True}, rules=["policy.compose.parent-passthrough"], flags=["HOST-BITS"]))
    vf.add(Vec("vste.env.no-canwbs.s2fwb", base,
               "Device not CANWBS but the SMMU has S2FWB (S2FWB parent): S2FWB satisfies the cache gate.",
               parent=PARENT_S2FWB, env={"canwbs": False, "s2fwb": True},
               rules=["policy.env.seed.canwbs-or-fwb", "policy.env.viommu.canwbs-or-fwb",
                      "policy.compose.parent-passthrough"], flags=["HOST-BITS"]))
    vf.add(Vec("vste.env.ats-supported", base, "ATS-capable device, S1-translate vSTE with EATS=0: the guest did not ask for ATS.",
               env={"ats-supported": True}))
    # every pair of wrong facts
    for i in range(len(BAD_FACTS)):
        for j in range(i + 1, len(BAD_FACTS)):
            n1, e1 = BAD_FACTS[i]
            n2, e2 = BAD_FACTS[j]
            env = dict(e1)
            env.update(e2)
            vf.add(Vec("vste.env.pair.%s.%s" % (n1, n2), base,
                       "Valid S1-translate vSTE; two facts wrong at once: %s." % env_flow(env), env=env,
                       flags=["MULTI-FAULT"]))
    # three or more wrong facts
    vf.add(Vec("vste.env.triple.nesting-off.force-sync.parent-not-paging", base,
               "Three vIOMMU facts wrong: v6.13/v6.15 look the parent up first, v7.0 asks the driver first.",
               env={"nesting": False, "cmdq-force-sync": True, "parent-paging": False}, flags=["MULTI-FAULT"]))
    vf.add(Vec("vste.env.triple.no-canwbs.parent-other-smmu.parent-not-nest-parent", base,
               "Three facts wrong: CANWBS gate, parent on another SMMU, parent not a nest parent.",
               env={"canwbs": False, "parent-same-smmu": False, "parent-nest-parent": False}, flags=["MULTI-FAULT"]))
    allbad = {}
    for _, e in BAD_FACTS:
        allbad.update(e)
    vf.add(Vec("vste.env.all-wrong", base, "Every host fact wrong at once: each policy reports its first check.",
               env=allbad, flags=["MULTI-FAULT"]))
    # attach-time facts under the other vSTE kinds
    kinds = [("s1", base, "S1-translate"), ("bypass", (BYP_W0, 0), "bypass"),
             ("abort", (ABT_W0, 0), "abort"), ("v0", (0, 0), "all-zero V=0")]
    for kname, vs, kdesc in kinds:
        vf.add(Vec("vste.env.vdevice.%s" % kname, vs, "%s vSTE attached without a vDEVICE." % kdesc,
                   env={"vdevice": False}))
        vf.add(Vec("vste.env.ssids.%s" % kname, vs, "%s vSTE attached to a device with PASIDs attached." % kdesc,
                   env={"ssids-in-use": True}))
    vf.add(Vec("vste.env.vdevice.bypass-eats1", (BYP_W0, 1 << 28),
               "Bypass vSTE with EATS=TRANS attached without a vDEVICE: EATS does not make it a translate vSTE.",
               env={"vdevice": False}))
    vf.add(Vec("vste.env.vdevice.s1-dss-bypass", (S1_W0, s1_w1(dss=1)),
               "S1-translate vSTE whose S1DSS is bypass, attached without a vDEVICE: it is still a translate vSTE.",
               env={"vdevice": False}))
    vf.add(Vec("vste.env.vdevice.v0-cfg5", (S1_W0 & ~1, S1_W1),
               "V=0 vSTE with Config=5 attached without a vDEVICE: the stored vSTE is zero, not translate.",
               env={"vdevice": False}, rules=["arch.ste.valid"]))
    vf.add(Vec("vste.env.vdevice.bypass.ats", (BYP_W0, 0),
               "Bypass vSTE on an ATS-capable device without a vDEVICE (the GBPA case).",
               env={"vdevice": False, "ats-supported": True}))
    # host faults combined with bad vSTEs
    badmask = (S1_W0, S1_W1 | bit(30))
    badcfg = (s1_w0(cfg=CFG_S2_TRANS), S1_W1)
    combos = [
        ("nesting-off.mask", badmask, {"nesting": False}, "no FEAT_NESTING and a word-1 bit outside the mask"),
        ("force-sync.mask", badmask, {"cmdq-force-sync": True}, "FORCE_SYNC and a word-1 bit outside the mask"),
        ("trans-s1-off.mask", badmask, {"trans-s1": False}, "no FEAT_TRANS_S1 and a word-1 bit outside the mask"),
        ("parent-not-s2.config", badcfg, {"parent-s2": False}, "parent not stage 2 and Config=6"),
        ("alloc-flags.config", badcfg, {"alloc-flags": 1}, "non-zero flags and Config=6"),
        ("ssids.mask", badmask, {"ssids-in-use": True}, "PASIDs in use and a word-1 bit outside the mask"),
        ("no-vdevice.config", badcfg, {"vdevice": False}, "no vDEVICE and Config=6"),
        ("ssids.no-vdevice", base, {"ssids-in-use": True, "vdevice": False}, "PASIDs in use and no vDEVICE"),
        ("ssids.eats2", (S1_W0, with_eats(S1_W1, 2)), {"ssids-in-use": True}, "PASIDs in use and EATS=2"),
        ("parent-not-paging.eats1", (S1_W0, with_eats(S1_W1, 1)), {"parent-paging": False},
         "parent not paging and EATS=TRANS"),
    ]
    for cname, vs, env, what in combos:
        same_stage = cname == "ssids.no-vdevice"
        vf.add(Vec("vste.env.combo.%s" % cname, vs,
                   "%s: %s." % ("Two attach faults together" if same_stage else "Host fault and vSTE fault together", what),
                   env=env, rules=[] if same_stage else ["policy.env.stage-order"], flags=["MULTI-FAULT"]))
    return vf


def build_ats():
    vf = VFile("ats.yaml",
               "ATS decisions: S1-translate, bypass and abort vSTEs with EATS 0 and 1, and V=0 vSTEs, on "
               "devices with and without ATS support.",
               FLAG_TEXT)
    kinds = [
        ("s1-eats0", (S1_W0, S1_W1), "S1-translate vSTE, EATS=0"),
        ("s1-eats1", (S1_W0, with_eats(S1_W1, 1)), "S1-translate vSTE, EATS=TRANS"),
        ("bypass-eats0", (BYP_W0, 0), "bypass vSTE, EATS=0"),
        ("bypass-eats1", (BYP_W0, 1 << 28), "bypass vSTE, EATS=TRANS"),
        ("abort-eats0", (ABT_W0, 0), "abort vSTE, EATS=0"),
        ("abort-eats1", (ABT_W0, 1 << 28), "abort vSTE, EATS=TRANS"),
        ("v0", (0, 0), "all-zero V=0 vSTE"),
        ("v0-eats1", (S1_W0 & ~1, with_eats(S1_W1, 1)), "V=0 vSTE with Config=5 and EATS=TRANS"),
    ]
    for kname, vs, kdesc in kinds:
        for sup in (False, True):
            vf.add(Vec("vste.ats.%s.%s" % (kname, "ats-on" if sup else "ats-off"), vs,
                       "%s on a device %s ATS support." % (kdesc, "with" if sup else "without"),
                       env={"ats-supported": sup}, rules=["arch.ste.eats-encoding"]))
    vf.add(Vec("vste.ats.s1-dss-bypass-eats1.ats-on", (S1_W0, s1_w1(dss=1, eats=1)),
               "S1-translate vSTE with S1DSS=bypass and EATS=TRANS on an ATS-capable device: still a translate vSTE.",
               env={"ats-supported": True}, rules=["arch.ste.eats-encoding"]))
    vf.add(Vec("vste.ats.s1-eats1.ats-on.kunit-s2", (S1_W0, with_eats(S1_W1, 1)),
               "S1-translate vSTE with EATS=TRANS over the KUnit S2 parent on an ATS-capable device.",
               parent="kunit-s2", env={"ats-supported": True}, rules=["arch.ste.eats-encoding"]))
    vf.add(Vec("vste.ats.bypass-eats0.ats-on.kunit-s2", (BYP_W0, 0),
               "Bypass vSTE over the KUnit S2 parent on an ATS-capable device.",
               parent="kunit-s2", env={"ats-supported": True}, rules=["arch.ste.eats-encoding"]))
    vf.add(Vec("vste.ats.s1-eats1.ats-on.no-vdevice", (S1_W0, with_eats(S1_W1, 1)),
               "S1-translate vSTE with EATS=TRANS on an ATS-capable device without a vDEVICE: the attach fails before ATS.",
               env={"ats-supported": True, "vdevice": False}))
    vf.add(Vec("vste.ats.abort-eats0.ats-on.no-vdevice", (ABT_W0, 0),
               "Abort vSTE on an ATS-capable device without a vDEVICE.",
               env={"ats-supported": True, "vdevice": False}))
    return vf


def build_fields():
    vf = VFile("fields.yaml",
               "Every guest stage-1 field on valid S1-translate vSTEs (S1Fmt, S1CDMax, S1ContextPtr, S1DSS, "
               "S1CIR, S1COR, S1CSH, S1STALLD), each with the full expected 8-word STE.",
               FLAG_TEXT)
    base_rules = ["arch.ste.s1-fields", "policy.vste.unvalidated-fields"]
    fmt_names = {0: "linear", 1: "2-level 4KB leaves", 2: "2-level 64KB leaves", 3: "reserved"}
    for fmt in range(4):
        vf.add(Vec("vste.field.s1fmt.%d" % fmt, (s1_w0(fmt=fmt, cdmax=10), S1_W1),
                   "S1Fmt=%d (%s), S1CDMax=10." % (fmt, fmt_names[fmt]),
                   rules=base_rules + (["arch.ste.s1-reserved-encodings"] if fmt == 3 else []),
                   flags=["RESERVED-VALUE"] if fmt == 3 else []))
    for cdmax in (0, 1, 20, 31):
        vf.add(Vec("vste.field.s1cdmax.%d" % cdmax, (s1_w0(cdmax=cdmax), S1_W1),
                   "S1CDMax=%d (%d context descriptors)." % (cdmax, 1 << cdmax), rules=base_rules))
    for name, ptr in (("zero", 0), ("min", 0x40), ("4k", 0x80001000), ("48bit-max", 0x0000ffffffffffc0),
                      ("52bit-max", 0x000fffffffffffc0), ("alternating", 0x000aaaaaaaaaaa80)):
        vf.add(Vec("vste.field.s1ctxptr.%s" % name, (s1_w0(ctxptr=ptr), S1_W1),
                   "S1ContextPtr=0x%x (an IPA; the host does not look at it)." % ptr,
                   rules=base_rules + ["arch.ste.s1ctxptr-ipa"]))
    dss_names = {0: "terminate", 1: "bypass", 2: "SSID0", 3: "reserved"}
    for dss in range(4):
        vf.add(Vec("vste.field.s1dss.%d" % dss, (s1_w0(cdmax=8), s1_w1(dss=dss)),
                   "S1DSS=%d (%s), S1CDMax=8." % (dss, dss_names[dss]),
                   rules=base_rules + (["arch.ste.s1-reserved-encodings"] if dss == 3 else []),
                   flags=["RESERVED-VALUE"] if dss == 3 else []))
    for fname, kw in (("s1cir", "cir"), ("s1cor", "cor"), ("s1csh", "csh")):
        for val in range(4):
            args = dict(cir=0, cor=0, csh=0)
            args[kw] = val
            reserved = fname == "s1csh" and val == 1
            vf.add(Vec("vste.field.%s.%d" % (fname, val), (S1_W0, s1_w1(dss=2, **args)),
                       "%s=%d, the other CD-fetch attributes 0." % (fname.upper(), val),
                       rules=base_rules + (["arch.ste.s1-reserved-encodings"] if reserved else []),
                       flags=["RESERVED-VALUE"] if reserved else []))
    for st in (0, 1):
        vf.add(Vec("vste.field.s1stalld.%d" % st, (S1_W0, s1_w1(stalld=st)),
                   "S1STALLD=%d." % st, rules=base_rules))
    vf.add(Vec("vste.field.all-max", (s1_w0(ctxptr=STE0_S1CTXPTR, fmt=3, cdmax=31), s1_w1(3, 3, 3, 3, 1)),
               "Every guest field at its largest value.",
               rules=base_rules + ["arch.ste.s1-reserved-encodings", "arch.ste.mev"], flags=["RESERVED-VALUE"]))
    vf.add(Vec("vste.field.all-min", (s1_w0(ctxptr=0, fmt=0, cdmax=0), 0),
               "Every guest field zero: a single CD at IPA 0, S1DSS=terminate.",
               rules=base_rules + ["arch.ste.mev"]))
    vf.add(Vec("vste.field.mix.ats", (s1_w0(ctxptr=0x0000123456789a40, fmt=2, cdmax=16), s1_w1(1, 2, 3, 0, 1, eats=1)),
               "A mix of guest fields with EATS=TRANS on an ATS-capable device: guest bits and the host's EATS coexist in word 1.",
               env={"ats-supported": True}, rules=base_rules + ["arch.ste.eats-encoding"]))
    return vf


def build_parents():
    vf = VFile("parents.yaml",
               "The same vSTEs over different parents (default, KUnit S2, S2FWB, stall, and one with "
               "IMPLEMENTATION DEFINED bits and non-zero words 4..7): host-owned bits pass through unchanged.",
               FLAG_TEXT)
    parents = [("default", "default", "the default parent (VMID 1, 4 KB, 48-bit)", []),
               ("kunit-s2", "kunit-s2", "the KUnit S2 fixture parent (VMID 0)", []),
               ("s2fwb", PARENT_S2FWB, "the default parent with S2FWB (DW1 bit 25)", ["HOST-BITS"]),
               ("stall", PARENT_STALL, "the default parent with S2S (DW2 bit 57, a stall-enabled master)", ["HOST-BITS"]),
               ("impdef", PARENT_IMPDEF,
                "the default parent with IMPLEMENTATION DEFINED bits (DW1[63:52]=0xabc, DW2[31:16]=0xbeef) and non-zero words 4..7",
                ["HOST-BITS"])]
    vstes = [("s1-eats0", (S1_W0, S1_W1), {}, "S1-translate vSTE, EATS=0"),
             ("s1-eats1-ats", (S1_W0, with_eats(S1_W1, 1)), {"ats-supported": True},
              "S1-translate vSTE, EATS=TRANS, ATS-capable device"),
             ("s1-stalld", (s1_w0(fmt=2, cdmax=10), s1_w1(stalld=1)), {}, "S1-translate vSTE with S1STALLD=1, 64K-L2 CD table"),
             ("bypass", (BYP_W0, 0), {}, "bypass vSTE"),
             ("bypass-ats", (BYP_W0, 0), {"ats-supported": True}, "bypass vSTE, ATS-capable device"),
             ("abort", (ABT_W0, 0), {}, "abort vSTE"),
             ("v0", (0x000000008000100a, S1_W1), {}, "V=0 vSTE with Config=5 fields")]
    for pname, p, pdesc, pflags in parents:
        for vname, vs, env, vdesc in vstes:
            if pname == "stall" and env.get("ats-supported"):
                # A stall-enabled master is never an ATS (PCI) master, and
                # EATS=0b01 with S2S=1 is an ILLEGAL STE (arch.md §1.2).
                continue
            rules = ["policy.compose.parent-passthrough"]
            if pname == "impdef":
                rules.append("arch.ste.impdef")
            vf.add(Vec("vste.parent.%s.%s" % (pname, vname), vs, "%s over %s." % (vdesc, pdesc),
                       parent=p, env=env, rules=rules, flags=pflags))
    vf.add(Vec("vste.parent.kunit-stall.s1", (S1_W0, S1_W1),
               "S1-translate vSTE over the KUnit \"s2 STALL\" fixture parent.",
               parent=PARENT_KUNIT_STALL, rules=["policy.compose.parent-passthrough"], flags=["HOST-BITS"]))
    vf.add(Vec("vste.parent.kunit-stall.bypass", (BYP_W0, 0),
               "Bypass vSTE over the KUnit \"s2 STALL\" fixture parent: the STE equals the fixture.",
               parent=PARENT_KUNIT_STALL, rules=["policy.compose.parent-passthrough"], flags=["HOST-BITS", "KERNEL-EXAMPLE"]))
    return vf


KUNIT_CDTAB_W0 = 0xf800f0f0f0f0f0eb   # linux.md §6.2 cdtable fixture q0


def build_kernel():
    vf = VFile("kernel-examples.yaml",
               "Worked examples from the kernel and linux.md: the §3 worked example, the KUnit nested, S2 "
               "and abort fixtures, the README's V=0 example and the fixes of linux.md §7.",
               FLAG_TEXT)
    vf.add(Vec("vste.kernel.linux-md-s3", (0x000000008000100b, 0x00000000100000d6),
               "linux.md §3 worked example: S1 translate, linear CD table at IPA 0x80001000, SSID0, WBRA/WBRA/ISH, EATS=TRANS, KUnit S2 parent, ATS-capable device.",
               parent="kunit-s2", env={"ats-supported": True},
               rules=["arch.ste.mev"], flags=["KERNEL-EXAMPLE"], cites=["linux.md §3"]))
    vf.add(Vec("vste.kernel.linux-md-s3.no-ats", (0x000000008000100b, 0x00000000100000d6),
               "The linux.md §3 worked example on a device without ATS: EATS stays 0 in the physical STE.",
               parent="kunit-s2", rules=["policy.vste.eats-stripped"], cites=["linux.md §3"]))
    vf.add(Vec("vste.kernel.kunit-nested-s1dssbypass-ats", (KUNIT_CDTAB_W0, 0x00000000180000d5),
               "KUnit \"nested S1DSS_BYPASS ATS\" fixture (linux.md §6.2): the guest half of the cdtable fixture (64K-L2 table at 0xf0f0f0f0f0c0, S1CDMax=31, S1DSS=bypass, S1STALLD, EATS=TRANS) over the KUnit S2 parent.",
               parent="kunit-s2", env={"ats-supported": True},
               flags=["KERNEL-EXAMPLE"], cites=["linux.md §6.2", "linux a4f976edcb87"]))
    vf.add(Vec("vste.kernel.kunit-nested-ssid0-ats", (KUNIT_CDTAB_W0, 0x00000000180000d6),
               "The KUnit cdtable SSID0 ATS fixture's guest half over the KUnit S2 parent.",
               parent="kunit-s2", env={"ats-supported": True}, cites=["linux.md §6.2"]))
    vf.add(Vec("vste.kernel.kunit-s2-ats.bypass", (BYP_W0, 0),
               "Bypass vSTE over the KUnit S2 parent on an ATS-capable device: on v7.0 the STE equals the KUnit \"s2 ATS\" fixture (a45dd3466302, the GB200 passthrough fix).",
               parent="kunit-s2", env={"ats-supported": True},
               flags=["KERNEL-EXAMPLE"], cites=["linux.md §6.2", "linux a45dd3466302"]))
    vf.add(Vec("vste.kernel.kunit-abort", (ABT_W0, 0),
               "Abort vSTE: the KUnit abort fixture.",
               parent="kunit-s2", flags=["KERNEL-EXAMPLE"], cites=["linux.md §6.2"]))
    vf.add(Vec("vste.kernel.readme-v0-garbage", (0xfffffffffffffffe, 0),
               "README example: V=0 carrying garbage.",
               rules=["arch.ste.valid"]))
    vf.add(Vec("vste.kernel.gbpa-bypass-no-vdevice", (BYP_W0, 0),
               "GBPA case (81c45c62dc3e): the VM turns its vSMMU off and the VMM installs a bypass vSTE before any vDEVICE exists.",
               parent="kunit-s2", env={"vdevice": False}, cites=["linux 81c45c62dc3e"]))
    vf.add(Vec("vste.kernel.gbpa-abort-no-vdevice", (ABT_W0, 0),
               "GBPA case with GBPA.ABORT: an abort vSTE before any vDEVICE exists.",
               parent="kunit-s2", env={"vdevice": False}, cites=["linux 81c45c62dc3e"]))
    vf.add(Vec("vste.kernel.selftest-nested-before-vdevice", (S1_W0, S1_W1),
               "iommufd selftest viommu_alloc_nested_iopf analogue: attaching a translate nested domain before its vDEVICE exists.",
               parent="kunit-s2", env={"vdevice": False}, cites=["linux.md §7"]))
    vf.add(Vec("vste.kernel.kunit-nested-s1dssbypass-ats.no-ats", (KUNIT_CDTAB_W0, 0x00000000180000d5),
               "The KUnit nested S1DSS_BYPASS fixture's vSTE on a device without ATS (the other end of KUnit case 21/22, EATS and MEV differences).",
               parent="kunit-s2", cites=["linux.md §6.2"]))
    return vf


# ---------------------------------------------------------------------------
# Self-checks: hand-computed values, independent of the code paths above
# ---------------------------------------------------------------------------
def expect_ok(policy, vste, ste, ats, parent="default", env=None):
    o = evaluate(policy, vste, parent, env)
    want = ok(tuple(ste) + (0,) * (8 - len(ste)), ats)
    assert o == want, "%s %s: got %r want %r" % (policy, [hex(x) for x in vste], o, want)


def expect_err(policy, vste, errno, stage, parent="default", env=None):
    o = evaluate(policy, vste, parent, env)
    assert o == err(errno, stage), "%s %s: got %r want %s/%s" % (policy, [hex(x) for x in vste], o, errno, stage)


def self_check():
    # linux.md §1.1 masks
    assert ALLOWED0 == 0xf80fffffffffffff
    assert ALLOWED1 == 0x380000ff
    assert [b for b in range(64) if not (ALLOWED0 >> b) & 1] == list(range(52, 59))
    assert len([b for b in range(64) if not (ALLOWED1 >> b) & 1]) == 53

    # linux.md §3 worked example
    ex = (0x000000008000100b, 0x00000000100000d6)
    for p in ("v6.15", "v7.0"):
        expect_ok(p, ex, [0x000000008000100f, 0x00001000100800d6, 0x0449b6c400000000, 0x000dbeefdeadbee0],
                  True, "kunit-s2", {"ats-supported": True})
    expect_ok("v6.13", ex, [0x000000008000100f, 0x00001000100000d6, 0x0449b6c400000000, 0x000dbeefdeadbee0],
              True, "kunit-s2", {"ats-supported": True})
    expect_err("seed-v2", ex, "EIO", "alloc", "kunit-s2", {"ats-supported": True})

    # linux.md §6.2 KUnit "nested S1DSS_BYPASS ATS" fixture
    expect_ok("v7.0", (0xf800f0f0f0f0f0eb, 0x180000d5),
              [0xf800f0f0f0f0f0ef, 0x00001000180800d5, 0x0449b6c400000000, 0x000dbeefdeadbee0],
              True, "kunit-s2", {"ats-supported": True})
    # KUnit "s2 ATS" fixture from a bypass vSTE on v7.0; v6.15 keeps ATS off
    expect_ok("v7.0", (0x9, 0), [0xd, 0x0000100010000000, 0x0449b6c400000000, 0x000dbeefdeadbee0],
              True, "kunit-s2", {"ats-supported": True})
    expect_ok("v6.15", (0x9, 0), [0xd, 0x0000100000000000, 0x0449b6c400000000, 0x000dbeefdeadbee0],
              False, "kunit-s2", {"ats-supported": True})
    # KUnit abort fixture; the "s2 STALL" fixture passes through a bypass vSTE
    for p in POLICIES:
        expect_ok(p, (0x1, 0), [0x1], False, "kunit-s2")
        expect_ok(p, (0x9, 0), [0xd, 0x0000100000000000, 0x0649b6c400000000, 0x000dbeefdeadbee0],
                  False, list(PARENT_KUNIT_STALL))

    # Hand-computed S1 over the default parent
    vs = (0x000000001234500b, 0x0000000000000001)
    expect_ok("v7.0", vs, [0x000000001234500f, 0x0000100000080001, 0x044d359000000001, 0x0000000040000000], False)
    expect_ok("v6.13", vs, [0x000000001234500f, 0x0000100000000001, 0x044d359000000001, 0x0000000040000000], False)
    expect_ok("seed-v2", vs, [0x000000001234500f, 0x0000100000000001, 0x044d359000000001, 0x0000000040000000], False)
    # ... and over the IMPDEF parent: words 4..7 and IMPDEF bits survive
    expect_ok("v7.0", vs, [0x000000001234500f, 0xabc0100000080001, 0x044d3590beef0001, 0x0000000040000000,
                           0x0123456789abcdef, 0xfedcba9876543210, 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0],
              False, list(PARENT_IMPDEF))
    expect_ok("v7.0", (0x1, 0), [0x1], False, list(PARENT_IMPDEF))

    # V=0 garbage
    g = (0xfffffffffffffffe, 0xffffffffffffffff)
    expect_err("seed-v2", g, "EIO", "alloc")
    for p in ("v6.13", "v6.15", "v7.0"):
        expect_ok(p, g, [0x1], False)
    expect_ok("v7.0", g, [0x1], True, env={"ats-supported": True})
    expect_ok("v6.15", g, [0x1], False, env={"ats-supported": True})
    # seed accepts a clean V=0 vSTE and relays it as abort
    expect_ok("seed-v2", (0x000000008000100a, 0xd6), [0x1], False)
    expect_err("seed-v2", (0x000000008000100a, 0x100000d6), "EIO", "alloc")

    # Config and EATS
    for c in (1, 2, 3, 6, 7):
        for p in POLICIES:
            expect_err(p, (0x80001001 | (c << 1), 0xd6), "EIO", "alloc")
    for p in ("v6.13", "v6.15", "v7.0"):
        expect_err(p, (0x8000100b, 0x200000d6), "EIO", "alloc")
        expect_err(p, (0x8000100b, 0x300000d6), "EIO", "alloc")
    expect_ok("v6.13", (0x9, 0x10000000), [0xd, 0x0000100000000000, 0x044d359000000001, 0x40000000], False,
              env={"ats-supported": True})
    expect_ok("v7.0", (0x9, 0x10000000), [0xd, 0x0000100010000000, 0x044d359000000001, 0x40000000], True,
              env={"ats-supported": True})

    # Host-fact order: nesting off + not a nest parent
    two = {"nesting": False, "parent-nest-parent": False}
    expect_err("seed-v2", ex, "EINVAL", "alloc", env=two)
    expect_err("v6.13", ex, "EINVAL", "viommu", env=two)
    expect_err("v6.15", ex, "EINVAL", "viommu", env=two)
    expect_err("v7.0", ex, "EOPNOTSUPP", "viommu", env=two)
    two = {"parent-paging": False, "cmdq-force-sync": True}
    expect_err("seed-v2", ex, "EINVAL", "alloc", env=two)
    expect_err("v6.13", ex, "ENOENT", "viommu", env=two)
    expect_err("v7.0", ex, "EOPNOTSUPP", "viommu", env=two)
    # unchecked facts
    expect_ok("v6.13", (0x1, 0), [0x1], False, env={"trans-s1": False, "parent-s2": False})
    expect_err("seed-v2", (0x1, 0), "EOPNOTSUPP", "alloc", env={"trans-s1": False})
    expect_ok("seed-v2", (0x1, 0), [0x1], False, env={"cmdq-force-sync": True, "vdevice": False})
    # attach: EBUSY before ENOENT; vDEVICE rules
    expect_err("v6.15", (0x1, 0), "EBUSY", "attach", env={"ssids-in-use": True, "vdevice": False})
    expect_err("seed-v2", (0x1, 0), "EINVAL", "attach", env={"ssids-in-use": True})
    expect_err("v6.15", (0x9, 0), "ENOENT", "attach", env={"vdevice": False})
    expect_ok("v7.0", (0x9, 0), [0xd, 0x0000100000000000, 0x044d359000000001, 0x40000000], False,
              env={"vdevice": False})
    expect_err("v7.0", (0x8000100b, 0xd6), "ENOENT", "attach", env={"vdevice": False})
    expect_ok("v6.13", (0x8000100b, 0xd6), [0x8000100f, 0x00001000000000d6, 0x044d359000000001, 0x40000000],
              False, env={"vdevice": False})
    # stage order: host facts, then vSTE, then attach
    expect_err("v6.13", (0x8000100b, 0x400000d6), "EIO", "alloc", env={"ssids-in-use": True})
    expect_err("v6.13", (0x8000100b, 0x400000d6), "EOPNOTSUPP", "alloc", env={"alloc-flags": 1})
    expect_err("v6.13", (0x8000100b, 0x400000d6), "EOPNOTSUPP", "viommu", env={"nesting": False})


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
def build_all():
    return [build_masks(), build_config(), build_eats(), build_v0(), build_env(),
            build_ats(), build_fields(), build_parents(), build_kernel()]


def main(argv):
    self_check()
    files = build_all()
    ids = set()
    cited = set()
    for vf in files:
        for v in vf.vectors:
            assert v.id not in ids, "duplicate id %s" % v.id
            ids.add(v.id)
            cited.update(vector_rules(v))
    for r in RULES:
        assert r["id"] in cited or "waiver" in r, "rule %s is cited by no vector" % r["id"]
    assert len({r["id"] for r in RULES}) == len(RULES)
    total = sum(len(vf.vectors) for vf in files)
    if "--check" in argv:
        print("self-checks passed; %d vectors, %d rules" % (total, len(RULES)))
        return 0
    os.makedirs(OUT_DIR, exist_ok=True)
    os.makedirs(os.path.dirname(RULES_PATH), exist_ok=True)
    for vf in files:
        with open(os.path.join(OUT_DIR, vf.name), "w", encoding="utf-8", newline="\n") as f:
            f.write(emit_file(vf))
    with open(RULES_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write(emit_rules())
    for vf in files:
        print("%-22s %4d vectors" % (vf.name, len(vf.vectors)))
    print("%-22s %4d vectors, %d rules" % ("total", total, len(RULES)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
