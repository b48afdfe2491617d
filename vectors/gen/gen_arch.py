#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the architecture golden vectors vectors/{ste,cd,walk}/gen-*.yaml
and the rules catalogue rules/arch.yaml.

    python3 vectors/gen/gen_arch.py          # rewrite the files
    python3 vectors/gen/gen_arch.py --check  # self-checks only, writes nothing

How the expectations are derived
--------------------------------
Every expected outcome is computed by the small SMMUv3 model in THIS file,
written from the specification text, never from the C model (model/*.c,
policy/*.c) and never from smmu-nest output:

  * stream table lookup, linear and 2-level (IHI0070 G.b §3.3.1, §5.1,
    §6.3.24/25; arch.md §3): LOG2SIZE vs SIDSIZE, SPLIT, L1STD Span rules,
    C_BAD_STREAMID (only with CR2.RECINVSID), F_STE_FETCH on an abort;
  * the STE validity rules we exercise, transcribed from the SteIllegal()
    pseudocode of §5.2.2: V, Config vs S1P/S2P, EATS vs S2S/Config/NS1ATS,
    STRW, S1STALLD vs STALL_MODEL, S1CDMax vs SSIDSIZE, S1Fmt vs CD2L,
    S1ContextPtr range (stage-1 only), S2S vs STALL_MODEL, S2AA64 vs TTF,
    S2TG supported, S2TTB within S2PS, S2T0SZ range (StES2T0SZInvalid),
    S2SL0/S2T0SZ/S2TG consistency (DDI0487 D8.2 / arch.md §6.3), 8-bit VMID;
  * substream handling (§5.2 S1CDMax/S1DSS, §7.3.7, §7.3.9) and CD fetch:
    single, linear, 2-level with 4 KB / 64 KB leaves (§5.3), the IPAs of
    L1CDs/CDs translated by stage 2 when Config is 0b11x (faults: stage 2,
    CLASS=CD), F_CD_FETCH on an external abort;
  * the CD validity rules of CdIllegal() (§5.4.2): V, S vs S1STALLD and
    STALL_MODEL, A vs TERM_MODEL, AA64 vs TTF, 8-bit ASID, TxSZ range,
    TGx supported, TTBx within the effective IPS; disabled halves unchecked;
  * VMSAv8-64 walks (DDI0487 D8.2, D8.3, D8.4; arch.md §6): stage 1 start
    level from TxSZ, stage 2 from S2SL0 with concatenated start tables,
    table/block/page descriptors, address-size checks per descriptor output
    against the effective IPS / S2PS, AF, the Direct permission tables
    D8-65 (stage 1, two ELs) and S2AP/XN (stage 2), nested walks whose
    stage-1 table addresses are IPAs translated by stage 2 (CLASS=TT);
  * fault priority (§7.3.22) and the event record fields (§7.3.3-§7.3.16);
  * A/R/S (§3.12, §5.5): CD.{A,R,S} for stage-1 faults, STE.{S2R,S2S} with
    an implicit A=1 for stage-2 faults; all other faults abort and record.

The translation-table placement follows vectors/SCHEMA.md ("tables"), so
the model knows where every descriptor lives (for FetchAddr, for the IPA of
a stage-1 descriptor, and for abort ranges that hit exactly one
descriptor).  Where the spec leaves a choice (IMPLEMENTATION DEFINED or
CONSTRAINED UNPREDICTABLE) the vector is `result: acceptable` and lists the
permitted outcomes; the model here does not pick one.

self_check() compares the model with hand-computed cases before anything is
written.  Output is deterministic.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

SPEC = "IHI0070 G.b"
ARM = "DDI0487 M.a.a"


def bit(n):
    return 1 << n


def mask(hi, lo):
    return ((1 << (hi - lo + 1)) - 1) << lo


def align_up(x, a):
    return (x + a - 1) // a * a


GRAN = {"4k": 12, "16k": 14, "64k": 16}
TG0_ENC = {"4k": 0, "64k": 1, "16k": 2}
TG0_DEC = {0: "4k", 1: "64k", 2: "16k"}
TG1_ENC = {"16k": 1, "4k": 2, "64k": 3}
TG1_DEC = {1: "16k", 2: "4k", 3: "64k"}
PS_BITS = [32, 36, 40, 42, 44, 48, 52, 56]

SMMU_DEFAULT = {
    "s2p": True, "s1p": True, "ttf": 2, "httu": 0, "hyp": True, "ats": True,
    "ns1ats": False, "asid16": True, "vmid16": True, "cd2l": True,
    "ttendian": 0, "stall-model": 0, "term-model": False, "st-level": 1,
    "sidsize": 16, "ssidsize": 20, "fwb": False, "stt": False, "ril": True,
    "xnx": False, "oas": 5, "gran4k": True, "gran16k": True, "gran64k": True,
    "cr0-atschk": False, "cr2-recinvsid": True, "cr2-e2h": False,
}
# Keys we always write explicitly when we depend on them and the header
# defaults may not pin them (stall-model, term-model): see emit().


class GenError(Exception):
    pass


# ---------------------------------------------------------------------------
# Granule geometry (DDI0487 D8.2; arch.md §6.1-§6.3)
# ---------------------------------------------------------------------------
def shift(g, level):
    return g + (g - 3) * (3 - level)


def s1_start_level(g, tsz):
    ia = 64 - tsz
    return 4 - (ia - 4) // (g - 3)


def s2_default_start(g, tsz):
    lvl = s1_start_level(g, tsz)
    ia = 64 - tsz
    if lvl == 0 and ia - shift(g, 0) <= 4:
        return 1
    return lvl


def sl0_encode(gran, level):
    if gran == "4k":
        return {2: 0, 1: 1, 0: 2, 3: 3}[level]
    return {3: 0, 2: 1, 1: 2, 0: 3}[level]


def sl0_decode(gran, sl0, smmu):
    """Start level for S2SL0, or None when the encoding is not usable."""
    if gran == "4k":
        lvl = {0: 2, 1: 1, 2: 0, 3: 3}[sl0]
        if lvl == 3 and not smmu["stt"]:
            return None
        return lvl
    if gran == "16k":
        lvl = {0: 3, 1: 2, 2: 1, 3: 0}[sl0]
        if lvl == 0:
            return None        # needs DS (52-bit), not implemented here
        return lvl
    if sl0 == 3:
        return None            # 64 KB: reserved
    return {0: 3, 1: 2, 2: 1}[sl0]


def blocks_allowed(g, level):
    if level == 3:
        return True
    if g == 12:
        return level in (1, 2)
    return level == 2          # 16 KB and 64 KB without 52-bit addressing


def start_table_bytes(g, tsz, level):
    ia = 64 - tsz
    return (1 << max(0, ia - shift(g, level))) * 8


# ---------------------------------------------------------------------------
# Scenario: what a vector's input holds, in Python form
# ---------------------------------------------------------------------------
class Ref:
    """A reference (tables.NAME, cds.NAME, ...) written unquoted."""

    def __init__(self, text):
        self.text = text


class Scenario:
    def __init__(self, smmu=None):
        self.smmu = dict(smmu or {})
        self.tables = {}          # name -> spec dict (ordered)
        self.cds = {}             # name -> spec dict
        self.strtab = None
        self.raw = []             # (addr, [words])
        self.aborts = []          # (addr, size)
        self.txns = []
        self.built = None

    # builders --------------------------------------------------------
    def table(self, name, stage, gran, tsz, pool, mappings, start_level=None, s2=None):
        self.tables[name] = dict(stage=stage, gran=gran, tsz=tsz, pool=pool,
                                 mappings=mappings, start_level=start_level, s2=s2)
        self.built = None

    def cd_table(self, name, fmt, base, entries, l1=None, s2=None):
        self.cds[name] = dict(format=fmt, base=base, entries=entries, l1=l1 or [], s2=s2)
        self.built = None

    def stream_table(self, fmt, log2size, base, entries, split=None, l1=None):
        self.strtab = dict(format=fmt, log2size=log2size, base=base, entries=entries,
                           split=split, l1=l1 or [])
        self.built = None

    def txn(self, sid, addr, ssid=None, write=False, priv=False, instr=False, kind=None):
        t = dict(sid=sid, addr=addr, ssid=ssid, write=write, priv=priv, instr=instr,
                 kind=kind or "untranslated")
        self.txns.append(t)
        return t

    def cfg(self):
        c = dict(SMMU_DEFAULT)
        c.update(self.smmu)
        return c

    # build the memory image ------------------------------------------
    def build(self):
        if self.built is not None:
            return self.built
        mem = {}
        info = {}
        order = sorted(self.tables, key=lambda n: 0 if self.tables[n]["stage"] == 2 else 1)
        for name in order:
            info[name] = build_table(self, name, mem, info)
        self.tinfo = info
        st = self.strtab
        self.ste_at = {}
        if st:
            if st["format"] == "2-level":
                for l in st["l1"]:
                    a = st["base"] + 8 * l["index"]
                    if "raw" in l:
                        mem[a] = l["raw"]
                    else:
                        mem[a] = (l["l2ptr"] & mask(55, 6)) | l["span"]
            for e in st["entries"]:
                sid = e["sid"]
                if st["format"] == "linear":
                    a = st["base"] + 64 * sid
                else:
                    sp = st["split"]
                    l1 = [l for l in st["l1"] if l["index"] == sid >> sp][0]
                    a = l1["l2ptr"] + 64 * (sid & ((1 << sp) - 1))
                self.ste_at[a] = e["ste"]
                mem[a] = 1 if self.resolve_ste(e["ste"]).get("V") else 0  # marker only
        self.cd_at = {}
        for name, c in self.cds.items():
            xl = (lambda ia: ipa_to_pa(self, c["s2"], ia)) if c["s2"] else (lambda a: a)
            if c["format"].startswith("2level"):
                for l in c["l1"]:
                    a = xl(c["base"] + 8 * l["index"])
                    if "raw" in l:
                        mem[a] = l["raw"]
                    else:
                        mem[a] = (l["l2ptr"] & mask(55, 12)) | (1 if l.get("v", True) else 0)
            for e in c["entries"]:
                ssid = e["ssid"]
                if c["format"] in ("single", "linear"):
                    ia = c["base"] + 64 * ssid
                else:
                    sh = 6 if c["format"] == "2level-4k" else 10
                    l1 = [l for l in c["l1"] if l["index"] == ssid >> sh][0]
                    ia = l1["l2ptr"] + 64 * (ssid & ((1 << sh) - 1))
                self.cd_at[xl(ia)] = e["cd"]
        for addr, words in self.raw:
            for i, w in enumerate(words):
                mem[addr + 8 * i] = w
        self.mem = mem
        self.built = True
        return True

    def resolve(self, v, field=None):
        if not isinstance(v, Ref):
            return v
        parts = v.text.split(".")
        if parts[0] == "tables":
            ti = self.tinfo[parts[1]]
            what = parts[2] if len(parts) > 2 else "ttb"
            if what == "ttb":
                return ti["ttb"]
            if what == "sl0":
                return sl0_encode(ti["gran"], ti["level"])
            if what == "tsz":
                return ti["tsz"]
            if what == "tg":
                return TG1_ENC[ti["gran"]] if field == "TG1" else TG0_ENC[ti["gran"]]
        if parts[0] == "cds":
            c = self.cds[parts[1]]
            what = parts[2] if len(parts) > 2 else "base"
            if what == "base":
                return c["base"]
            if what == "fmt":
                return {"single": 0, "linear": 0, "2level-4k": 1, "2level-64k": 2}[c["format"]]
        raise GenError("bad ref " + v.text)

    def resolve_ste(self, d):
        return {k: self.resolve(v, k) for k, v in d.items()}


def ipa_to_pa(sc, s2name, ipa):
    t = sc.tables[s2name]
    for m in t["mappings"]:
        if m["ia"] <= ipa < m["ia"] + m["size"]:
            return m["oa"] + (ipa - m["ia"])
    raise GenError("IPA %#x not mapped by %s" % (ipa, s2name))


def build_table(sc, name, mem, info):
    t = sc.tables[name]
    g = GRAN[t["gran"]]
    s = g - 3
    tsz = t["tsz"]
    ia_bits = 64 - tsz
    if t["stage"] == 1:
        level = s1_start_level(g, tsz)
    else:
        level = t["start_level"] if t["start_level"] is not None else s2_default_start(g, tsz)
    sbytes = start_table_bytes(g, tsz, level)
    base, size = t["pool"]
    ttb = align_up(base, max(64, sbytes))
    nxt = align_up(ttb + sbytes, 1 << g)
    tabs = {}                 # (table addr) -> {index: desc}

    def write(addr, val):
        pa = ipa_to_pa(sc, t["s2"], addr) if t["s2"] else addr
        mem[pa] = val

    upper = False
    for m in t["mappings"]:
        ia, oa, msz = m["ia"], m["oa"], m["size"]
        if ia >> 63:
            upper = True
        va = ia & ((1 << ia_bits) - 1)
        tbl = ttb
        lvl = level
        while True:
            sh = shift(g, lvl)
            if lvl == level:
                idx = va >> sh
            else:
                idx = (va >> sh) & ((1 << s) - 1)
            daddr = tbl + 8 * idx
            if (1 << sh) == msz:
                if t["stage"] == 1:
                    attrs = (m.get("attr-indx", 0) << 2) | (m.get("ap", 1) << 6) | \
                        (m.get("sh", 3) << 8) | ((1 if m.get("af", True) else 0) << 10) | \
                        ((1 if m.get("ng") else 0) << 11) | ((1 if m.get("pxn") else 0) << 53) | \
                        ((1 if m.get("uxn") else 0) << 54)
                else:
                    attrs = (m.get("memattr", 15) << 2) | (m.get("s2ap", 3) << 6) | \
                        (m.get("sh", 3) << 8) | ((1 if m.get("af", True) else 0) << 10) | \
                        (m.get("xn", 0) << 53)
                d = oa | attrs | (3 if lvl == 3 else 1)
                tabs.setdefault(tbl, {})[idx] = d
                write(daddr, d)
                break
            cur = tabs.get(tbl, {}).get(idx)
            if cur is None:
                new = nxt
                nxt += 1 << g
                if new + (1 << g) > base + size:
                    raise GenError("pool exhausted in " + name)
                cur = new | 3
                tabs.setdefault(tbl, {})[idx] = cur
                write(daddr, cur)
            tbl = cur & mask(47, g)
            lvl += 1
    return dict(ttb=ttb, level=level, gran=t["gran"], tsz=tsz, g=g, upper=upper)


# ---------------------------------------------------------------------------
# The model: one transaction
# ---------------------------------------------------------------------------
class Fault(Exception):
    def __init__(self, ev, disp="abort", record=True):
        Exception.__init__(self, ev["type"])
        self.ev = ev
        self.disp = disp
        self.record = record


class Ctx:
    pass


def aborted(sc, pa, n=8):
    for a, sz in sc.aborts:
        if pa < a + sz and a < pa + n:
            return True
    return False


def rd(sc, pa):
    return sc.mem.get(pa, 0)


def perm_str(p):
    return "".join(c if p[i] else "-" for i, c in enumerate("rwxrwx"))


def s1_perms(ap, pxn, uxn):
    pr = True
    pw = ap in (0, 1)
    ur = ap in (1, 3)
    uw = ap == 1
    px = (not pxn) and not uw
    ux = not uxn
    return (pr, pw, px, ur, uw, ux)


def s2_perms(s2ap, xn):
    r = bool(s2ap & 1)
    w = bool(s2ap & 2)
    x = not (xn & 2)
    return (r, w, x, r, w, x)


def allowed(perms, t):
    off = 0 if t["priv"] else 3
    if t["write"]:
        return perms[off + 1]
    if t["instr"]:
        return perms[off + 2]
    return perms[off]


def xlate_fault(c, typ, s2, cls, ipa=None, ttrnw=None, fetch=None):
    ev = {"type": typ}
    ev.update(c.common)
    ev.update(c.access)
    ev["s2"] = s2
    ev["class"] = cls
    ev["input-addr"] = c.t["addr"]
    if s2 and ipa is not None:
        ev["ipa"] = ipa & mask(55, 12)
    if ttrnw is not None:
        ev["ttrnw"] = ttrnw
    if fetch is not None:
        ev["fetch-addr"] = fetch & mask(55, 3)
    if typ == "F_WALK_EABT":
        ev["stall"] = False
        raise Fault(ev, "abort", True)
    # A/R/S (§5.5): stage 1 from the CD, stage 2 from the STE (A=1)
    if s2:
        a, r, s = True, c.ste.get("S2R", 0) == 1, c.ste.get("S2S", 0) == 1
    else:
        a, r, s = c.cd.get("A", 0) == 1, c.cd.get("R", 0) == 1, c.cd.get("S", 0) == 1
    if s:
        ev["stall"] = True
        raise Fault(ev, "stall", True)
    ev["stall"] = False
    raise Fault(ev, "abort" if a else "razwi", r)


def s2_walk(c, ipa, cls):
    """Stage-2 translation of ipa for cls; returns (pa, size, perms, device)."""
    sc, ste = c.sc, c.ste
    gran = TG0_DEC[ste["S2TG"]]
    g = GRAN[gran]
    s = g - 3
    tsz = ste["S2T0SZ"]
    ia_bits = 64 - tsz
    ps = min(PS_BITS[ste.get("S2PS", 0)], PS_BITS[c.cfg["oas"]])
    level = sl0_decode(gran, ste.get("S2SL0", 0), c.cfg)
    if ipa >> ia_bits:
        xlate_fault(c, "F_TRANSLATION", True, cls, ipa=ipa)
    tbl = ste["S2TTB"]
    lvl = level
    while True:
        sh = shift(g, lvl)
        idx = (ipa >> sh) if lvl == level else (ipa >> sh) & ((1 << s) - 1)
        da = tbl + 8 * idx
        c.log.append(("s2", cls, lvl, da))
        if aborted(sc, da):
            xlate_fault(c, "F_WALK_EABT", True, cls, fetch=da)
        d = rd(sc, da)
        if not d & 1 or (lvl == 3 and not d & 2) or (lvl < 3 and not d & 2 and not blocks_allowed(g, lvl)):
            xlate_fault(c, "F_TRANSLATION", True, cls, ipa=ipa)
        if lvl < 3 and d & 2:
            nt = d & mask(47, g)
            if nt >> ps:
                xlate_fault(c, "F_ADDR_SIZE", True, cls, ipa=ipa)
            tbl = nt
            lvl += 1
            continue
        oa = (d & mask(47, sh)) | (ipa & ((1 << sh) - 1))
        if (d & mask(47, sh)) >> ps:
            xlate_fault(c, "F_ADDR_SIZE", True, cls, ipa=ipa)
        if not d & bit(10) and not ste.get("S2AFFD", 0):
            xlate_fault(c, "F_ACCESS", True, cls, ipa=ipa)
        perms = s2_perms((d >> 6) & 3, (d >> 53) & 3)
        device = ((d >> 2) & 0xc) == 0
        if cls in ("CD", "TT"):
            if not perms[0] or (device and ste.get("S2PTW", 0)):
                xlate_fault(c, "F_PERMISSION", True, cls, ipa=ipa,
                            ttrnw=True if cls == "TT" else None)
        elif not getattr(c, "ats", False) and not allowed(perms, c.t):
            xlate_fault(c, "F_PERMISSION", True, cls, ipa=ipa)
        return oa, 1 << sh, perms


def s1_walk(c, va):
    sc, cd = c.sc, c.cd
    upper = (va >> 55) & 1
    if upper:
        tsz, gran, ttb, epd = cd.get("T1SZ", 0), TG1_DEC.get(cd.get("TG1", 2)), cd.get("TTB1", 0), cd.get("EPD1", 0)
    else:
        tsz, gran, ttb, epd = cd.get("T0SZ", 0), TG0_DEC.get(cd.get("TG0", 0)), cd.get("TTB0", 0), cd.get("EPD0", 0)
    ia_bits = 64 - tsz
    top = va >> ia_bits
    if top != (((1 << tsz) - 1) if upper else 0) or epd:
        xlate_fault(c, "F_TRANSLATION", False, "IN")
    g = GRAN[gran]
    s = g - 3
    ps = min(PS_BITS[cd.get("IPS", 0)], PS_BITS[c.cfg["oas"]])
    level = s1_start_level(g, tsz)
    vlo = va & ((1 << ia_bits) - 1)
    tbl = ttb
    lvl = level
    while True:
        sh = shift(g, lvl)
        idx = (vlo >> sh) if lvl == level else (vlo >> sh) & ((1 << s) - 1)
        da = tbl + 8 * idx
        if c.nested:
            da_pa, _, _ = s2_walk(c, da, "TT")
        else:
            da_pa = da
        c.log.append(("s1", "TT", lvl, da_pa))
        if aborted(sc, da_pa):
            xlate_fault(c, "F_WALK_EABT", False, "TT", fetch=da_pa)
        d = rd(sc, da_pa)
        if not d & 1 or (lvl == 3 and not d & 2) or (lvl < 3 and not d & 2 and not blocks_allowed(g, lvl)):
            xlate_fault(c, "F_TRANSLATION", False, "IN")
        if lvl < 3 and d & 2:
            nt = d & mask(47, g)
            if nt >> ps:
                xlate_fault(c, "F_ADDR_SIZE", False, "IN")
            tbl = nt
            lvl += 1
            continue
        if (d & mask(47, sh)) >> ps:
            xlate_fault(c, "F_ADDR_SIZE", False, "IN")
        oa = (d & mask(47, sh)) | (va & ((1 << sh) - 1))
        if not d & bit(10) and not cd.get("AFFD", 0):
            xlate_fault(c, "F_ACCESS", False, "IN")
        perms = s1_perms((d >> 6) & 3, (d >> 53) & 1, (d >> 54) & 1)
        if not getattr(c, "ats", False) and not allowed(perms, c.t):
            xlate_fault(c, "F_PERMISSION", False, "IN")
        return oa, 1 << sh, perms


def ste_illegal(ste, cfg):
    """SteIllegal() of IHI0070 G.b §5.2.2, for the fields we use."""
    if not ste.get("V", 0):
        return "V=0"
    conf = ste.get("Config", 0)
    if conf < 4:
        return None
    s1 = conf & 1
    s2 = (conf >> 1) & 1
    if s1 and not cfg["s1p"]:
        return "Config 0b1x1 without S1P"
    if s2 and not cfg["s2p"]:
        return "Config 0b11x without S2P"
    eats = ste.get("EATS", 0)
    if cfg["ats"] and conf != 4:
        if eats == 2 and (conf != 7 or ste.get("S2S", 0) or cfg["ns1ats"]):
            return "EATS=0b10 not usable"
        if eats == 1 and ste.get("S2S", 0) and s2:
            return "EATS=0b01 with S2S=1 and stage 2"
    strw_used = conf == 5
    if strw_used and ste.get("STRW", 0) & 1:
        return "STRW reserved"
    if s1:
        if ste.get("S1STALLD", 0) and cfg["stall-model"] != 0:
            return "S1STALLD with STALL_MODEL != 0b00"
        if cfg["ssidsize"] and ste.get("S1CDMax", 0) > cfg["ssidsize"]:
            return "S1CDMax > SSIDSIZE"
        if cfg["ssidsize"] and ste.get("S1CDMax", 0) and not cfg["cd2l"] and ste.get("S1Fmt", 0) in (1, 2):
            return "S1Fmt 2-level without CD2L"
        if not s2 and ste.get("S1ContextPtr", 0) >> PS_BITS[cfg["oas"]]:
            return "S1ContextPtr out of range"
    if s2:
        if ste.get("S2S", 0) and cfg["stall-model"] == 1:
            return "S2S with terminate-only model"
        if cfg["stall-model"] == 2 and not ste.get("S2S", 0):
            return "stall forced, S2S=0"
        if ste.get("S2AA64", 0) and not cfg["ttf"] & 2:
            return "AArch64 tables unsupported"
        if not ste.get("S2AA64", 0) and not cfg["ttf"] & 1:
            return "AArch32 tables unsupported"
        tg = ste.get("S2TG", 0)
        gran = TG0_DEC.get(tg)
        if gran is None or not cfg["gran" + gran]:
            return "S2TG unsupported"
        pa = min(PS_BITS[ste.get("S2PS", 0)], PS_BITS[cfg["oas"]])
        if ste.get("S2TTB", 0) >> min(pa, 48):
            return "S2TTB out of range"
        tsz = ste.get("S2T0SZ", 0)
        ias = PS_BITS[cfg["oas"]]
        tmax = (48 if gran != "64k" else 47) if cfg["stt"] else 39
        tmin = max(12 if gran == "64k" else 16, 64 - ias)
        if tsz < tmin or tsz > tmax:
            return "S2T0SZ out of range"
        g = GRAN[gran]
        lvl = sl0_decode(gran, ste.get("S2SL0", 0), cfg)
        ia = 64 - tsz
        if lvl is None or not (shift(g, lvl) < ia <= shift(g, lvl) + (g - 3) + 4):
            return "S2SL0/S2T0SZ/S2TG inconsistent"
        if not cfg["vmid16"] and ste.get("S2VMID", 0) >> 8:
            return "8-bit VMID overflow"
    return None


def cd_illegal(cd, ste, cfg):
    """CdIllegal() of IHI0070 G.b §5.4.2, for the fields we use."""
    if not cd.get("V", 0):
        return "V=0"
    if ste.get("S1STALLD", 0) and cd.get("S", 0):
        return "S with S1STALLD"
    if cfg["term-model"] and not cd.get("A", 0):
        return "A=0 with TERM_MODEL"
    if cfg["stall-model"] == 1 and cd.get("S", 0):
        return "S without stall support"
    if cfg["stall-model"] == 2 and not cd.get("S", 0):
        return "stall forced, S=0"
    if not cd.get("AA64", 0):
        if not cfg["ttf"] & 1:
            return "AArch32 tables unsupported"
    elif not cfg["ttf"] & 2:
        return "AArch64 tables unsupported"
    if not cfg["asid16"] and cd.get("ASID", 0) >> 8:
        return "8-bit ASID overflow"
    ips = min(PS_BITS[cd.get("IPS", 0)], PS_BITS[cfg["oas"]])
    for half in (0, 1):
        if cd.get("EPD%d" % half, 0):
            continue
        tsz = cd.get("T%dSZ" % half, 0)
        gran = (TG0_DEC if half == 0 else TG1_DEC).get(cd.get("TG%d" % half, 0))
        tmax = (48 if gran != "64k" else 47) if cfg["stt"] else 39
        tmin = 12 if gran == "64k" else 16
        if tsz < tmin or tsz > tmax:
            return "T%dSZ out of range" % half
        if gran is None or not cfg["gran" + gran]:
            return "TG%d unsupported" % half
        if cd.get("TTB%d" % half, 0) >> min(ips, 48):
            return "TTB%d out of range" % half
    return None


def translate(sc, t):
    """The outcome of transaction t, as an expectation dict."""
    sc.build()
    cfg = sc.cfg()
    c = Ctx()
    c.sc, c.cfg, c.t, c.log = sc, cfg, t, []
    c.ste, c.cd = {}, {}
    # An ATS Translation Request is not refused for its access: the walk
    # gives the permissions, and the completion grants what they allow.
    c.ats = t["kind"] == "ats-request"
    ssv = t["ssid"] is not None
    c.common = {"sid": t["sid"], "ssv": ssv, "ssid": t["ssid"] if ssv else 0}
    c.access = {"rnw": not t["write"], "pnu": bool(t["priv"]),
                "ind": bool(t["instr"]) and not t["write"]}
    try:
        return translate_inner(c, sc, cfg, t, ssv)
    except Fault as f:
        if t["kind"] == "ats-request":
            # ATS requests report only F_BAD_ATS_TREQ (§7.3.22); a
            # translation-related fault is a Success with R=W=0
            # (§3.9.1.2), every other error a Completer Abort.
            ev = f.ev if isinstance(f.ev, dict) else {}
            if ev.get("type") in ("F_TRANSLATION", "F_ADDR_SIZE", "F_ACCESS", "F_PERMISSION"):
                return {"result": "ok", "pa": 0, "ats-grant": "---"}
            return {"result": "fault", "disposition": "ats-ca", "event": "none"}
        out = {"result": "fault", "disposition": f.disp}
        out["event"] = f.ev if f.record else "none"
        return out


def cfg_event(c, typ, **extra):
    ev = {"type": typ}
    ev.update(c.common)
    ev.update(extra)
    raise Fault(ev, "abort", True)


def translate_inner(c, sc, cfg, t, ssv):
    st = sc.strtab
    sid = t["sid"]
    if st is None:
        raise GenError("no stream table")
    log2 = min(st["log2size"], cfg["sidsize"])

    def bad_sid():
        if cfg["cr2-recinvsid"]:
            cfg_event(c, "C_BAD_STREAMID")
        raise Fault({"type": "C_BAD_STREAMID"}, "abort", False)

    if sid >> log2:
        bad_sid()
    if st["format"] == "linear":
        ste_pa = st["base"] + 64 * sid
    else:
        sp = st["split"]
        l1a = st["base"] + 8 * (sid >> sp)
        if aborted(sc, l1a):
            cfg_event(c, "F_STE_FETCH", **{"fetch-addr": l1a})
        d = rd(sc, l1a)
        span = d & 0x1f
        if span == 0 or span > 11 or span > sp + 1 or (sid & ((1 << sp) - 1)) >= (1 << (span - 1)):
            bad_sid()
        ste_pa = (d & mask(55, 6)) + 64 * (sid & ((1 << sp) - 1))
    if aborted(sc, ste_pa, 64):
        cfg_event(c, "F_STE_FETCH", **{"fetch-addr": ste_pa})
    ste = sc.resolve_ste(sc.ste_at.get(ste_pa, {}))
    c.ste = ste
    kind = t["kind"]
    why = ste_illegal(ste, cfg)
    if why:
        if kind == "ats-request":
            return {"result": "fault", "disposition": "ats-ca", "event": "none"}
        cfg_event(c, "C_BAD_STE")
    conf = ste.get("Config", 0)
    if conf < 4:
        if kind == "ats-request":
            return {"result": "fault", "disposition": "ats-ca", "event": "none"}
        raise Fault({"type": "none"}, "abort", False)
    eats = ste.get("EATS", 0) if cfg["ats"] and conf != 4 else 0
    if kind == "ats-request":
        if eats == 0:
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
    s1 = conf & 1
    s2 = (conf >> 1) & 1
    c.nested = bool(s1 and s2)
    if ssv and not s1:
        csub(c)
    use_s1 = bool(s1)
    cd_index = None
    if s1:
        cdmax = ste.get("S1CDMax", 0)
        if cdmax == 0 or cfg["ssidsize"] == 0:
            if ssv:
                csub(c)
            cd_index = 0
        elif not ssv:
            dss = ste.get("S1DSS", 0)
            if dss in (0, 3):
                cfg_event_sd(c)
            if dss == 1:
                use_s1 = False
            else:
                cd_index = 0
        else:
            if t["ssid"] >> cdmax:
                csub(c)
            if ste.get("S1DSS", 0) == 2 and t["ssid"] == 0:
                cfg_event_sd(c)
            cd_index = t["ssid"]
    if use_s1:
        c.cd = fetch_cd(c, ste, cd_index, cfg)
        why = cd_illegal(c.cd, ste, cfg)
        if why:
            cfg_event(c, "C_BAD_CD")
    # the walk
    va = t["addr"]
    s1perm = (True,) * 6
    s2perm = (True,) * 6
    if use_s1:
        ipa, s1size, s1perm = s1_walk(c, va)
    else:
        ipa, s1size = va, None
        ias = PS_BITS[cfg["oas"]]
        if va >> ias:
            # stage 1 bypassed and the address beyond IAS (or OAS with both
            # stages bypassed): stage-1 F_ADDR_SIZE, CLASS=IN, always abort.
            ev = {"type": "F_ADDR_SIZE"}
            ev.update(c.common)
            ev.update(c.access)
            ev.update({"s2": False, "class": "IN", "input-addr": va, "stall": False})
            raise Fault(ev, "abort", True)
    if s2:
        pa, s2size, s2perm = s2_walk(c, ipa, "IN")
    else:
        pa, s2size = ipa, None
    sizes = [x for x in (s1size, s2size) if x]
    out = {"result": "ok", "pa": pa}
    if kind == "ats-request":
        grant = ats_grant(ste, t, s1perm, s2perm)
        if grant == "---":
            return {"result": "ok", "pa": 0, "ats-grant": grant}
        out["ats-grant"] = grant
        return out
    if s1 or s2:
        out["ipa"] = ipa
    if sizes:
        out["page-size"] = min(sizes)
    if s1 or s2:
        out["s1-perm"] = perm_str(s1perm)
        out["s2-perm"] = perm_str(s2perm)
    return out


def ats_grant(ste, t, s1perm, s2perm):
    """TC.{R, W, Exe} of an ATS Translation Completion: the pseudocode of
    IHI0070 G.b §13.7.1, from the combined permissions of both stages."""
    pasid = t["ssid"] is not None
    exe = bool(t["instr"]) and pasid        # no PASID: no Exe, no Priv
    priv = bool(t["priv"]) and pasid
    privcfg, instcfg = ste.get("PRIVCFG", 0), ste.get("INSTCFG", 0)
    if privcfg >= 2:
        priv = privcfg == 3
    o = 0 if priv else 3
    r = s1perm[o] and s2perm[o]
    w = s1perm[o + 1] and s2perm[o + 1]
    x = s1perm[o + 2] and s2perm[o + 2]
    if instcfg == 3:        # every read is a fetch: an XO page grants R
        tc_r, tc_x = x, exe and x
    elif instcfg == 2:      # Data: X taken as R
        tc_r, tc_x = r, exe and r
    else:                   # as the request says: X implies R, XO grants nothing
        tc_r, tc_x = r, exe and r and x
    return ("r" if tc_r else "-") + ("w" if w else "-") + ("x" if tc_x else "-")


def csub(c):
    ev = {"type": "C_BAD_SUBSTREAMID", "sid": c.t["sid"], "ssid": c.t["ssid"] or 0, "ssv": False}
    raise Fault(ev, "abort", True)


def cfg_event_sd(c):
    ev = {"type": "F_STREAM_DISABLED", "sid": c.t["sid"], "ssv": False, "ssid": 0}
    raise Fault(ev, "abort", True)


def fetch_cd(c, ste, idx, cfg):
    sc = c.sc
    nested = (ste["Config"] >> 1) & 1

    def get_pa(ia):
        if nested:
            pa, _, _ = s2_walk(c, ia, "CD")
            return pa
        return ia

    base = ste.get("S1ContextPtr", 0)
    fmt = ste.get("S1Fmt", 0)
    if ste.get("S1CDMax", 0) == 0:
        fmt, idx = 0, 0
    if fmt in (0, 3):
        cd_ia = base + 64 * idx
    else:
        sh = 6 if fmt == 1 else 10
        l1_ia = base + 8 * (idx >> sh)
        l1_pa = get_pa(l1_ia)
        c.log.append(("l1cd", "CD", 0, l1_pa))
        if aborted(sc, l1_pa):
            cfg_event(c, "F_CD_FETCH", **{"fetch-addr": l1_pa})
        d = rd(sc, l1_pa)
        if not d & 1:
            csub(c)
        cd_ia = (d & mask(55, 12)) + 64 * (idx & ((1 << sh) - 1))
    cd_pa = get_pa(cd_ia)
    c.log.append(("cd", "CD", 0, cd_pa))
    if aborted(sc, cd_pa, 64):
        cfg_event(c, "F_CD_FETCH", **{"fetch-addr": cd_pa})
    return sc.resolve_ste(sc.cd_at.get(cd_pa, {}))


# ---------------------------------------------------------------------------
# YAML emission
# ---------------------------------------------------------------------------
def num(v):
    return "0x%x" % v if v > 9 else str(v)


def scalar(v):
    if isinstance(v, Ref):
        return v.text
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return num(v)
    return json.dumps(v, ensure_ascii=False)


def flow(d):
    if d == "none":
        return "none"
    if isinstance(d, dict):
        return "{" + ", ".join("%s: %s" % (k, flow(v)) for k, v in d.items()) + "}"
    if isinstance(d, list):
        return "[" + ", ".join(flow(v) for v in d) + "]"
    return scalar(d)


def ste_yaml(d):
    return flow(d)


EV_ORDER = ["type", "sid", "ssv", "ssid", "stall", "pnu", "ind", "rnw", "s2", "class",
            "ttrnw", "input-addr", "ipa", "fetch-addr"]


def outcome_yaml(o):
    o = dict(o)
    if o["result"] == "acceptable":
        return {"result": "acceptable", "any-of": [outcome_yaml(a) for a in o["any-of"]]}
    if o["result"] == "fault" and isinstance(o.get("event"), dict):
        ev = o["event"]
        o["event"] = {k: ev[k] for k in EV_ORDER if k in ev}
    return o


def emit_input(sc, ind):
    sc.build()
    L = []
    p = " " * ind
    if sc.smmu:
        L.append(p + "smmu: " + flow(sc.smmu))
    if sc.raw or sc.aborts:
        L.append(p + "memory:")
        if sc.raw:
            L.append(p + "  raw:")
            for a, w in sc.raw:
                L.append(p + "    - " + flow({"addr": a, "words": w}))
        if sc.aborts:
            L.append(p + "  aborts:")
            for a, s in sc.aborts:
                L.append(p + "    - " + flow({"addr": a, "size": s}))
    if sc.tables:
        L.append(p + "tables:")
        for n, t in sc.tables.items():
            L.append(p + "  %s:" % n)
            L.append(p + "    stage: %d" % t["stage"])
            L.append(p + "    granule: " + t["gran"])
            L.append(p + "    tsz: %d" % t["tsz"])
            if t["start_level"] is not None:
                L.append(p + "    start-level: %d" % t["start_level"])
            L.append(p + "    pool: " + flow({"base": t["pool"][0], "size": t["pool"][1]}))
            if t["s2"]:
                L.append(p + "    s2: " + t["s2"])
            if t["mappings"]:
                L.append(p + "    mappings:")
                for m in t["mappings"]:
                    L.append(p + "      - " + flow(m))
            else:
                L.append(p + "    mappings: []")
    if sc.cds:
        L.append(p + "cds:")
        for n, c in sc.cds.items():
            L.append(p + "  %s:" % n)
            L.append(p + "    format: " + c["format"])
            L.append(p + "    base: " + num(c["base"]))
            if c["s2"]:
                L.append(p + "    s2: " + c["s2"])
            if c["l1"]:
                L.append(p + "    l1:")
                for l in c["l1"]:
                    L.append(p + "      - " + flow(l))
            L.append(p + "    entries:")
            for e in c["entries"]:
                L.append(p + "      - ssid: %s" % num(e["ssid"]))
                L.append(p + "        cd: " + flow(e["cd"]))
    st = sc.strtab
    if st:
        L.append(p + "stream-table:")
        L.append(p + "  format: " + st["format"])
        L.append(p + "  log2size: %d" % st["log2size"])
        if st["split"] is not None:
            L.append(p + "  split: %d" % st["split"])
        L.append(p + "  base: " + num(st["base"]))
        if st["l1"]:
            L.append(p + "  l1:")
            for l in st["l1"]:
                L.append(p + "    - " + flow(l))
        if st["entries"]:
            L.append(p + "  entries:")
            for e in st["entries"]:
                L.append(p + "    - sid: %s" % num(e["sid"]))
                L.append(p + "      ste: " + ste_yaml(e["ste"]))
        else:
            L.append(p + "  entries: []")
    L.append(p + "transactions:")
    for t in sc.txns:
        L.append(p + "  - sid: %s" % num(t["sid"]))
        if t["ssid"] is not None:
            L.append(p + "    ssid: %s" % num(t["ssid"]))
        L.append(p + "    addr: %s" % num(t["addr"]))
        for k in ("write", "priv", "instr"):
            if t[k]:
                L.append(p + "    %s: true" % k)
        if t["kind"] != "untranslated":
            L.append(p + "    kind: " + t["kind"])
        L.append(p + "    expect: " + flow(outcome_yaml(t["expect"])))
    return L


# ---------------------------------------------------------------------------
# Vector collection
# ---------------------------------------------------------------------------
FILES = {}        # (area, file) -> dict(description, vectors)
ALL_IDS = set()
CITED = set()


def add(area, fname, vid, rules, cite, comment, sc, flags=None, acceptable=None):
    """Compute each transaction's expectation with the model (or take an
    explicit `acceptable` list for IMPLEMENTATION DEFINED cases)."""
    assert vid not in ALL_IDS, vid
    ALL_IDS.add(vid)
    rules = list(dict.fromkeys(rules))
    for r in rules:
        assert r in RULES or r in EXTERNAL_RULES, r
        CITED.add(r)
    for i, t in enumerate(sc.txns):
        if acceptable and i in acceptable:
            t["expect"] = {"result": "acceptable", "any-of": acceptable[i]}
        elif "expect" not in t:
            t["expect"] = translate(sc, t)
    FILES.setdefault((area, fname), []).append(dict(
        id=vid, rules=rules, cite=cite, comment=comment, sc=sc, flags=flags or []))


FILE_DESC = {}
FLAGS = {
    "IMPDEF": "the architecture lets the implementation choose; the expectation lists every permitted outcome",
    "FAULT-ORDER": "two faults could apply; the comment says which one the priority rules of IHI0070 §7.3.22 pick and why",
}


def write_files(check_only):
    out = {}
    for (area, fname), vecs in sorted(FILES.items()):
        L = ["# Generated by vectors/gen/gen_arch.py -- do not edit by hand; edit the",
             "# generator and run `python3 vectors/gen/gen_arch.py`.  Expectations come",
             "# from the generator's own model of IHI0070 G.b and DDI0487 D8, never from",
             "# smmu-nest.",
             "schema: 1",
             "area: " + area,
             'spec: "IHI0070 G.b"',
             "description: " + json.dumps(FILE_DESC[(area, fname)], ensure_ascii=False),
             "test-count: %d" % len(vecs)]
        used = sorted({f for v in vecs for f in v["flags"]})
        if used:
            L.append("flags:")
            for f in used:
                L.append("  %s: %s" % (f, json.dumps(FLAGS[f])))
        L.append("vectors:")
        for v in vecs:
            L.append("  - id: " + v["id"])
            L.append("    rules: [" + ", ".join(v["rules"]) + "]")
            L.append("    cite: " + flow(v["cite"]))
            L.append("    comment: " + json.dumps(v["comment"], ensure_ascii=False))
            if v["flags"]:
                L.append("    flags: [" + ", ".join(v["flags"]) + "]")
            L.append("    input:")
            L.extend(emit_input(v["sc"], 6))
        path = os.path.join(ROOT, "vectors", area, "gen-%s.yaml" % fname)
        out[path] = "\n".join(L) + "\n"
    # rules
    L = ["# Generated by vectors/gen/gen_arch.py together with",
         "# vectors/{ste,cd,walk}/gen-*.yaml; edit the generator's RULES table.",
         "schema: 1", "rules:"]
    for rid in sorted(RULES):
        r = RULES[rid]
        assert rid in CITED, "rule not cited: " + rid
        L.append("  - id: " + rid)
        L.append("    kind: arch")
        L.append("    text: " + json.dumps(r[0], ensure_ascii=False))
        L.append("    sources: " + flow(r[1]))
        if len(r) > 2 and r[2]:
            L.append("    choice: " + json.dumps(r[2], ensure_ascii=False))
    out[os.path.join(ROOT, "rules", "arch.yaml")] = "\n".join(L) + "\n"
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
S = SPEC + " "
A = ARM + " "
# Rules that other catalogues already define (rules/vste.yaml, rules/walk.yaml);
# our vectors cite them, rules/arch.yaml does not repeat them.
EXTERNAL_RULES = {"arch.ste.valid", "arch.walk.s2.concat", "arch.walk.nested.page-size"}
RULES = {
    "arch.strtab.linear": ("A linear stream table holds 2^LOG2SIZE STEs of 64 bytes and the STE of StreamID n sits at base + 64*n.", [S + "§3.3.1", S + "§6.3.25"]),
    "arch.strtab.2level": ("A 2-level stream table indexes its L1STDs with StreamID[..:SPLIT] and the L2 array named by L1STD.L2Ptr with StreamID[SPLIT-1:0].", [S + "§3.3.1", S + "§5.1"]),
    "arch.strtab.sid-range": ("A StreamID at or above 2^LOG2SIZE (LOG2SIZE capped by IDR1.SIDSIZE) is out of range: C_BAD_STREAMID when CR2.RECINVSID=1, else a silent abort.", [S + "§6.3.25", S + "§7.3.3"]),
    "arch.strtab.l1std-span": ("An L1STD with Span 0, a reserved Span, Span > SPLIT+1, or a StreamID[SPLIT-1:0] at or above 2^(Span-1) makes the StreamID out of range.", [S + "§5.1", S + "§7.3.3"]),
    "arch.strtab.fetch-abort": ("An external abort on the fetch of an L1STD or STE ends the transaction with F_STE_FETCH carrying the PA fetched.", [S + "§7.3.4"]),
    "arch.ste.config": ("Config 0b000 to 0b011 abort silently, 0b100 bypasses both stages, 0b101 translates stage 1, 0b110 stage 2 and 0b111 both.", [S + "§5.2", S + "§5.2.2"]),
    "arch.ste.illegal.stage-unsupported": ("A Config that enables a stage the SMMU does not implement (IDR0.S1P/S2P) makes the STE ILLEGAL.", [S + "§5.2.2"]),
    "arch.ste.illegal.s2t0sz": ("S2T0SZ below MAX(16, 64-IAS) (12 for 64 KB) or above 39 (without STT) makes the STE ILLEGAL.", [S + "§5.2.2 STES2T0SZInvalid"]),
    "arch.ste.illegal.s2sl0": ("An S2SL0 that is reserved for the granule or inconsistent with S2T0SZ (more than 16 concatenated tables, or a start level that the IPA size does not reach) makes the STE ILLEGAL.", [S + "§5.2.2", A + "D8.2.2", "arch.md §6.3"]),
    "arch.ste.illegal.s2tg": ("An S2TG that names an unimplemented or reserved granule makes the STE ILLEGAL.", [S + "§5.2.2"]),
    "arch.ste.illegal.s2ttb": ("An S2TTB with bits at or above the effective S2PS makes the STE ILLEGAL instead of causing a walk fault.", [S + "§5.2.2", S + "§7.3.14"]),
    "arch.ste.illegal.s2aa64": ("S2AA64 selecting a table format that IDR0.TTF does not support makes the STE ILLEGAL.", [S + "§5.2.2"]),
    "arch.ste.illegal.stall": ("S2S=1 with a terminate-only stall model, and S1STALLD=1 with a stall model other than 0b00, make the STE ILLEGAL.", [S + "§5.2.2", S + "§3.12"]),
    "arch.ste.illegal.cdmax": ("S1CDMax above IDR1.SSIDSIZE, or a 2-level S1Fmt without IDR0.CD2L, makes the STE ILLEGAL.", [S + "§5.2.2"]),
    "arch.ste.illegal.strw": ("A reserved STRW value (0bx1) is ILLEGAL when STRW is used, that is for Config 0b101.", [S + "§5.2.2"]),
    "arch.ste.illegal.eats": ("EATS=0b01 with S2S=1 and stage 2 enabled, and EATS=0b10 outside Config 0b111 or with S2S=1, make the STE ILLEGAL when ATS is implemented.", [S + "§5.2", S + "§5.2.2"]),
    "arch.ste.illegal.vmid": ("With 8-bit VMIDs a non-zero S2VMID[15:8] makes a stage-2 STE ILLEGAL.", [S + "§5.2.2"]),
    "arch.ste.s1ctxptr-range": ("With stage 1 only, an S1ContextPtr beyond the OAS makes the STE ILLEGAL; with stage 2 enabled it is an IPA and the implementation may report C_BAD_STE or a stage-2 fault on the CD fetch.", [S + "§5.2.2", S + "§3.4.3", "arch.md §6.7"], "smmu-nest reports C_BAD_STE for an IPA beyond the IAS (model/strtab.c); the vectors accept either outcome, so other implementations may choose the stage-2 fault."),
    "arch.ste.s1dss": ("With S1CDMax>0, S1DSS says what happens to traffic without a SubstreamID: 0b00 terminate with F_STREAM_DISABLED, 0b01 bypass stage 1, 0b10 use CD 0 and refuse SubstreamID 0.", [S + "§5.2", S + "§7.3.7"]),
    "arch.ste.bypass-addr-size": ("When stage 1 is bypassed an input address above the IAS (or the OAS with both stages bypassed) is a stage-1 F_ADDR_SIZE, CLASS=IN, always aborted.", [S + "§3.4", S + "§7.3.14"]),
    "arch.ste.config-abort-no-event": ("A valid STE with Config 0b0xx terminates traffic without recording an event.", [S + "§5.2", S + "§7.3.7"]),
    "arch.ats.bad-treq": ("An ATS Translation Request to a stream whose effective EATS is 0b00 (Config 0b100 included) gets UR and records F_BAD_ATS_TREQ.", [S + "§7.3.6", S + "§3.9"]),
    "arch.ats.transl-forbidden": ("With CR0.ATSCHK=1, ATS-Translated traffic on a stream with EATS=0b00 or Config 0b100 is aborted with F_TRANSL_FORBIDDEN; with ATSCHK=0 it bypasses translation.", [S + "§7.3.8", S + "§3.9.1.3"]),
    "arch.ats.grant": ("An ATS Translation Completion grants R, W and Exe from the combined permissions of every stage, as the pseudocode of §13.7.1 computes them under STE.INSTCFG and PRIVCFG: without a PASID there is no Exe and the request is unprivileged; an execute-only page grants nothing unless INSTCFG is Instruction, which grants R from X.", [S + "§13.7.1", S + "§3.9.1.2"]),
    "arch.ats.full": ("With EATS=0b01 an ATS Translation Request is translated through every enabled stage and answered with the final address.", [S + "§5.2", S + "§3.9"]),
    "arch.ssid.bad": ("A SubstreamID with stage 1 disabled, with S1CDMax=0, at or above 2^S1CDMax, or reaching an L1CD with V=0 gives C_BAD_SUBSTREAMID, whose record has no SSV bit.", [S + "§7.3.9", S + "§5.3"]),
    "arch.cd.single": ("With S1CDMax=0 the S1ContextPtr points at one CD used by all traffic without a SubstreamID.", [S + "§5.2", S + "§3.3.2"]),
    "arch.cd.linear": ("A linear CD table holds 2^S1CDMax CDs and SubstreamID n uses the CD at S1ContextPtr + 64*n.", [S + "§5.2", S + "§3.3.2"]),
    "arch.cd.2level": ("A 2-level CD table indexes L1CDs with SSID[S1CDMax-1:6] (4 KB leaves) or SSID[S1CDMax-1:10] (64 KB leaves) and the leaf with the low bits.", [S + "§5.2", S + "§5.3"]),
    "arch.cd.nested-fetch": ("With Config 0b11x the S1ContextPtr, L1CD.L2Ptr and CD addresses are IPAs translated by stage 2; a stage-2 fault there is reported with S2=1, CLASS=CD and the IPA of the structure.", [S + "§3.3.2", S + "§7.3.13", S + "§7.3.22"]),
    "arch.cd.fetch-abort": ("An external abort on the fetch of an L1CD or CD records F_CD_FETCH with the PA fetched.", [S + "§7.3.10"]),
    "arch.cd.valid": ("A CD with V=0 is invalid and its traffic is aborted with C_BAD_CD.", [S + "§5.4", S + "§7.3.11"]),
    "arch.cd.illegal.txsz": ("A TxSZ of an enabled half outside 16 (12 for 64 KB) to 39 (without STT) makes the CD ILLEGAL.", [S + "§5.4.2 CDTxSZInvalid"]),
    "arch.cd.illegal.tg": ("A TGx of an enabled half naming an unimplemented or reserved granule makes the CD ILLEGAL.", [S + "§5.4.2"]),
    "arch.cd.illegal.ttb": ("A TTBx of an enabled half with bits at or above the effective IPS makes the CD ILLEGAL (not an F_ADDR_SIZE).", [S + "§5.4.2", S + "§7.3.14"]),
    "arch.cd.illegal.aa64": ("A CD.AA64 selecting a table format that IDR0.TTF does not support makes the CD ILLEGAL.", [S + "§5.4.2"]),
    "arch.cd.illegal.ars": ("CD.S=1 with STE.S1STALLD=1 or a terminate-only stall model, and CD.A=0 with IDR0.TERM_MODEL=1, make the CD ILLEGAL.", [S + "§5.4.2"]),
    "arch.cd.illegal.asid": ("With 8-bit ASIDs a non-zero ASID[15:8] makes the CD ILLEGAL.", [S + "§5.4.2"]),
    "arch.cd.epd": ("A disabled half (EPDx=1) is not checked for validity, and an address in it is a stage-1 Translation fault without a walk.", [S + "§5.4", S + "§5.4.2", S + "§7.3.13"]),
    "arch.cd.ttb1": ("An input address with VA[55]=1 is translated through TTB1 with T1SZ/TG1 and must be sign-extended above the range.", [S + "§5.4", S + "§3.4.1", A + "D8.1"]),
    "arch.walk.s1.start-level": ("The stage-1 start level follows from TxSZ and the granule, and the start table has 2^(IA bits - level shift) entries.", [A + "D8.2", "arch.md §6.2"]),
    "arch.walk.s2.start-level": ("The stage-2 walk starts at the level S2SL0 encodes for the granule.", [A + "D8.2.2", S + "§5.2"]),
    "arch.walk.page": ("A page descriptor at level 3 maps one granule and the output address combines its OA with the low input bits.", [A + "D8.3"]),
    "arch.walk.block": ("A block descriptor at a level that allows blocks maps the whole level size.", [A + "D8.3", "arch.md §6.1"]),
    "arch.walk.invalid-desc": ("An invalid descriptor, a level-3 descriptor with bits[1:0]=0b01, or a block where the level has none is a Translation fault.", [A + "D8.3", S + "§7.3.13"]),
    "arch.walk.input-range": ("An input address outside the range TxSZ (stage 1) or S2T0SZ (stage 2) defines is a Translation fault at that stage.", [A + "D8.1", S + "§3.4", S + "§7.3.13"]),
    "arch.walk.addr-size": ("A table or leaf descriptor whose output address has bits at or above the effective IPS (stage 1) or S2PS (stage 2) is an Address size fault at that stage.", [A + "D8.15", S + "§7.3.14"]),
    "arch.walk.access-flag": ("A leaf with AF=0 and no hardware update or AFFD gives an Access flag fault at its stage.", [A + "D8.5", S + "§7.3.15"]),
    "arch.walk.s1.perm": ("Stage-1 Direct permissions follow AP[2:1], PXN and UXN as in the two-EL table, with privileged execute removed when EL0 can write.", [A + "D8.4.1 Table D8-65", S + "§7.3.16"]),
    "arch.walk.s2.perm": ("Stage-2 permissions follow S2AP (bit 6 read, bit 7 write) and XN, with no privilege distinction.", [A + "D8.4.2", S + "§13.4.3"]),
    "arch.walk.nested": ("In a nested walk each stage-1 table address is an IPA translated by stage 2 and the final IPA is then translated by stage 2.", [S + "§3.4", A + "D8.2.1", "arch.md §6.5"]),
    "arch.walk.nested.tt-fault": ("A stage-2 fault while translating the IPA of a stage-1 descriptor is a stage-2 fault with CLASS=TT and the IPA of the descriptor (TTRnW=1 for a read denied by permissions).", [S + "§7.3.13", S + "§7.3.16", S + "§3.12"]),
    "arch.walk.s2ptw": ("With S2PTW=1 a stage-1 walk access that lands on stage-2 Device memory is a stage-2 Permission fault, CLASS=TT.", [S + "§5.2", S + "§3.4"]),
    "arch.walk.eabt": ("An external abort on a descriptor fetch is F_WALK_EABT with the descriptor PA, S2 and CLASS naming whose walk it was, and is always aborted.", [S + "§7.3.12", S + "§3.12"]),
    "arch.event.fields": ("Translation-related events record StreamID, SSV/SubstreamID, Stall, PnU, InD (0 for writes), RnW, S2, CLASS and the input address; stage-2 faults add the IPA.", [S + "§7.3.13", S + "§7.3", "arch.md §5.2"]),
    "arch.ars.stage1": ("Stage-1 translation faults follow CD.{A,R,S}: S=1 stalls and records, else A chooses abort or RAZ/WI and R chooses whether an event is recorded.", [S + "§3.12", S + "§5.4"]),
    "arch.ars.stage2": ("Stage-2 translation faults follow STE.S2R and S2S with an implicit A=1: stall, abort and record, or abort silently.", [S + "§3.12", S + "§5.2"]),
    "arch.fault-order.config": ("Configuration faults are ordered C_BAD_STREAMID, F_STE_FETCH, C_BAD_STE, C_BAD_SUBSTREAMID, F_STREAM_DISABLED, stage-2 faults of the CD fetch, F_CD_FETCH, C_BAD_CD, then translation faults.", [S + "§7.3.22"]),
    "arch.fault-order.walk": ("Within a stage the walk reports range/EPD, then per level abort, Translation and Address size, then Access flag, then Permission.", [S + "§7.3.22", A + "D8.15"]),
    "arch.fault-order.s1-before-final-s2": ("In a nested walk stage-1 faults (Access flag, Permission included) are reported before any fault of the stage-2 walk of the final IPA.", [S + "§7.3.22"]),
    "arch.fault-order.s2-desc-before-s1": ("In a nested walk a stage-2 fault on the IPA of a stage-1 descriptor is reported before any fault that descriptor would have caused.", [S + "§7.3.22"]),
}


# ---------------------------------------------------------------------------
# Scenario helpers
# ---------------------------------------------------------------------------
R_ = Ref
SID = 3
CD_PA = 0x40000
S1_POOL = (0x100000, 0x100000)
S2_POOL = (0x1000000, 0x800000)
CD_IPA = 0x80000000
CD_IPA_PA = 0x300000
NEST_POOL = {"4k": (0x80200000, 0x200000, 0x600000),
             "16k": (0x82000000, 0x2000000, 0x2000000),
             "64k": (0xa0000000, 0x20000000, 0x20000000)}


def ste_s2f(t="s2", **kw):
    d = {"S2VMID": 1, "S2T0SZ": R_("tables.%s.tsz" % t), "S2SL0": R_("tables.%s.sl0" % t),
         "S2TG": R_("tables.%s.tg" % t), "S2PS": 5, "S2AA64": 1, "S2R": 1,
         "S2TTB": R_("tables." + t)}
    d.update(kw)
    return d


def ste_s1(cd="c", cdmax=0, config=5, **kw):
    d = {"V": 1, "Config": config, "S1ContextPtr": R_("cds." + cd), "S1Fmt": R_("cds.%s.fmt" % cd),
         "S1CDMax": cdmax}
    d.update(kw)
    return d


def cd_f(t="s1", **kw):
    d = {"V": 1, "T0SZ": R_("tables.%s.tsz" % t), "TG0": R_("tables.%s.tg" % t), "EPD1": 1,
         "IPS": 5, "AA64": 1, "R": 1, "A": 1, "TTB0": R_("tables." + t), "ASID": 1}
    d.update(kw)
    return d


def strtab1(sc, ste, sid=SID, log2=6):
    sc.stream_table("linear", log2, 0x10000, [{"sid": sid, "ste": ste}])


def s1_only(gran, tsz, maps, cd_kw=None, ste_kw=None, smmu=None):
    sc = Scenario(smmu)
    sc.table("s1", 1, gran, tsz, S1_POOL, maps)
    sc.cd_table("c", "single", CD_PA, [{"ssid": 0, "cd": cd_f(**(cd_kw or {}))}])
    strtab1(sc, ste_s1(**(ste_kw or {})))
    return sc


def s2_only(gran, tsz, maps, start_level=None, ste_kw=None, smmu=None):
    sc = Scenario(smmu)
    sc.table("s2", 2, gran, tsz, S2_POOL, maps, start_level=start_level)
    ste = {"V": 1, "Config": 6}
    ste.update(ste_s2f(**(ste_kw or {})))
    strtab1(sc, ste)
    return sc


def nested(g1, tsz1, maps1, g2, tsz2, data2, cd_kw=None, ste_kw=None, smmu=None,
           pool_kw=None, cd_map_kw=None):
    sc = Scenario(smmu)
    pi, psz, ppa = NEST_POOL[g2]
    gs = 1 << GRAN[g2]
    m2 = [dict({"ia": CD_IPA, "oa": CD_IPA_PA, "size": gs}, **(cd_map_kw or {})),
          dict({"ia": pi, "oa": ppa, "size": psz}, **(pool_kw or {}))] + data2
    sc.table("s2", 2, g2, tsz2, S2_POOL, m2)
    sc.table("s1", 1, g1, tsz1, (pi, 0x100000), maps1, s2="s2")
    sc.cd_table("c", "single", CD_IPA, [{"ssid": 0, "cd": cd_f(**(cd_kw or {}))}], s2="s2")
    ste = ste_s1(config=7)
    ste.update(ste_s2f())
    ste.update(ste_kw or {})
    strtab1(sc, ste)
    return sc


def va_pattern(ia, align, hi=False):
    v = 0x5a5a5a5a5a5a & ((1 << (ia - 1)) - 1)
    if hi:
        v |= 1 << (ia - 1)
    return v & ~(align - 1)


S1_CFGS = [("4k", 16), ("4k", 25), ("4k", 34), ("16k", 16), ("16k", 17), ("16k", 28),
           ("16k", 39), ("64k", 16), ("64k", 22), ("64k", 35)]
# (granule, S2T0SZ, start level or None for the default)
S2_CFGS = [("4k", 16, None), ("4k", 25, None), ("4k", 24, None), ("4k", 21, 1), ("4k", 34, None),
           ("4k", 30, 2), ("4k", 33, 1), ("16k", 16, None), ("16k", 17, None), ("16k", 28, None),
           ("16k", 24, 2), ("16k", 39, None), ("16k", 35, 3), ("64k", 16, None), ("64k", 22, None),
           ("64k", 18, 2), ("64k", 35, None), ("64k", 31, 3)]

CITE_WALK = [A + "D8.2", A + "D8.3", S + "§3.4"]


def block_level(g, start):
    for lvl in range(max(start, 1), 3):
        if blocks_allowed(g, lvl):
            return lvl
    return None


def fam_s1_single():
    for gran, tsz in S1_CFGS:
        g = GRAN[gran]
        gs = 1 << g
        ia = 64 - tsz
        lvl = s1_start_level(g, tsz)
        tag = "%s.t%d" % (gran, tsz)
        va = va_pattern(ia, gs)
        oa = 0x8000000000 + 7 * gs
        bl = block_level(g, lvl)
        maps = [{"ia": va, "oa": oa, "size": gs}]
        if bl is not None and (1 << shift(g, bl)) < (1 << (ia - 1)):
            bsz = 1 << shift(g, bl)
            bva = va_pattern(ia, bsz, hi=True)
            maps.append({"ia": bva, "oa": 0x10000000000 & ~(bsz - 1) or bsz, "size": bsz})
        else:
            bva = None
        base_c = "Stage 1 only (Config 0b101), %s granule, T0SZ %d: %d-bit VA, walk starts at level %d" % (gran, tsz, ia, lvl)
        sc = s1_only(gran, tsz, maps)
        sc.txn(SID, va + 0x123)
        sc.txn(SID, va + gs - 8, write=True, priv=True)
        add("walk", "s1", "walk.s1.%s.page" % tag, ["arch.walk.s1.start-level", "arch.walk.page", "arch.walk.s1.perm"],
            CITE_WALK + [A + "D8.4.1"],
            base_c + "; the page at %#x maps to %#x, AP=01 gives rw-rwx except privileged execute (EL0 writable), stage 2 bypassed grants all." % (va, oa), sc)
        if bva is not None:
            sc = s1_only(gran, tsz, maps)
            sc.txn(SID, bva + 0x1234 * 8)
            sc.txn(SID, bva + (1 << shift(g, bl)) - 4, write=True)
            add("walk", "s1", "walk.s1.%s.block-l%d" % (tag, bl), ["arch.walk.s1.start-level", "arch.walk.block"],
                CITE_WALK, base_c + "; a level-%d block at %#x covers %#x bytes." % (bl, bva, 1 << shift(g, bl)), sc)
        sc = s1_only(gran, tsz, maps)
        sc.txn(SID, va ^ (1 << (ia - 2)))
        sc.txn(SID, 1 << ia, write=True)
        add("walk", "s1", "walk.s1.%s.unmapped" % tag, ["arch.walk.invalid-desc", "arch.walk.input-range", "arch.event.fields"],
            CITE_WALK + [S + "§7.3.13"],
            base_c + "; txn 0 reaches an invalid descriptor and txn 1 (VA 2^%d) is outside the T0SZ range: both stage-1 F_TRANSLATION, S2=0, CLASS=IN, CD.A=R=1 abort and record." % ia, sc)
        sc = s1_only(gran, tsz, [dict(maps[0], af=False)])
        sc.txn(SID, va + 8, instr=True)
        add("walk", "s1", "walk.s1.%s.af" % tag, ["arch.walk.access-flag", "arch.event.fields"], CITE_WALK + [S + "§7.3.15"],
            base_c + "; the page has AF=0, CD.HA=0 and AFFD=0: stage-1 F_ACCESS, an instruction read so InD=1, unprivileged so PnU=0.", sc)
        sc = s1_only(gran, tsz, [dict(maps[0], oa=0x20000000000)], cd_kw={"IPS": 2})
        sc.txn(SID, va + 16, priv=True)
        add("walk", "s1", "walk.s1.%s.addr-size" % tag, ["arch.walk.addr-size", "arch.event.fields"], CITE_WALK + [S + "§7.3.14"],
            base_c + "; CD.IPS=0b010 (40 bits) and the leaf outputs %#x: stage-1 F_ADDR_SIZE, CLASS=IN." % 0x20000000000, sc)
        sc = s1_only(gran, tsz, [dict(maps[0], ap=3, uxn=True)])
        sc.txn(SID, va + 0x40)
        sc.txn(SID, va + 0x40, write=True, priv=True)
        add("walk", "s1", "walk.s1.%s.perm-ro" % tag, ["arch.walk.s1.perm", "arch.event.fields"], CITE_WALK + [A + "D8.4.1"],
            base_c + "; AP=11 (read-only at EL0 and EL1), UXN=1: a read succeeds with r-xr--, a privileged write is a stage-1 F_PERMISSION.", sc)


def fam_s2_single():
    for gran, tsz, sl in S2_CFGS:
        g = GRAN[gran]
        gs = 1 << g
        ia = 64 - tsz
        lvl = sl if sl is not None else s2_default_start(g, tsz)
        nconc = 1 << max(0, ia - shift(g, lvl) - (g - 3))
        tag = "%s.t%d.l%d" % (gran, tsz, lvl)
        ipa = va_pattern(ia, gs, hi=nconc > 1)
        oa = 0x9000000000 + 5 * gs
        maps = [{"ia": ipa, "oa": oa, "size": gs}]
        bl = block_level(g, lvl)
        bipa = None
        if bl is not None and (1 << shift(g, bl)) < (1 << (ia - 1)):
            bsz = 1 << shift(g, bl)
            bipa = va_pattern(ia, bsz, hi=not nconc > 1)
            maps.append({"ia": bipa, "oa": 0x20000000000 & ~(bsz - 1), "size": bsz})
        base_c = "Stage 2 only (Config 0b110), %s granule, S2T0SZ %d (%d-bit IPA), S2SL0 starts at level %d%s" % (
            gran, tsz, ia, lvl, (" with %d concatenated tables" % nconc) if nconc > 1 else "")
        rules = ["arch.walk.s2.start-level"] + (["arch.walk.s2.concat"] if nconc > 1 else [])
        sc = s2_only(gran, tsz, maps, start_level=sl)
        sc.txn(SID, ipa + 0x88)
        sc.txn(SID, ipa + 0x10, write=True, instr=False, priv=True)
        add("walk", "s2", "walk.s2.%s.page" % tag, rules + ["arch.walk.page", "arch.walk.s2.perm"], CITE_WALK + [A + "D8.2.2"],
            base_c + "; IPA %#x is a page at PA %#x, S2AP=11 XN=0: rwxrwx at stage 2, stage 1 bypassed." % (ipa, oa), sc)
        if bipa is not None:
            sc = s2_only(gran, tsz, maps, start_level=sl)
            sc.txn(SID, bipa + 0x777000 % (1 << shift(g, bl)))
            add("walk", "s2", "walk.s2.%s.block-l%d" % (tag, bl), rules + ["arch.walk.block"], CITE_WALK,
                base_c + "; a level-%d block at IPA %#x." % (bl, bipa), sc)
        sc = s2_only(gran, tsz, maps, start_level=sl)
        sc.txn(SID, ipa ^ (1 << (ia - 2)), write=True)
        sc.txn(SID, 1 << ia)
        add("walk", "s2", "walk.s2.%s.unmapped" % tag, rules + ["arch.walk.invalid-desc", "arch.walk.input-range", "arch.event.fields"],
            CITE_WALK + [S + "§7.3.13"],
            base_c + "; txn 0 hits an invalid descriptor and txn 1 (IPA 2^%d) is beyond S2T0SZ: stage-2 F_TRANSLATION, S2=1, CLASS=IN, IPA recorded, S2R=1 records." % ia, sc)
        sc = s2_only(gran, tsz, [dict(maps[0], af=False)], start_level=sl)
        sc.txn(SID, ipa + 0x20, priv=True, instr=True)
        add("walk", "s2", "walk.s2.%s.af" % tag, rules + ["arch.walk.access-flag", "arch.event.fields"], CITE_WALK + [S + "§7.3.15"],
            base_c + "; the page has AF=0 and S2AFFD=0: stage-2 F_ACCESS with the IPA.", sc)
        sc = s2_only(gran, tsz, [dict(maps[0], s2ap=1, xn=2)], start_level=sl, ste_kw={"S2PS": 5})
        sc.txn(SID, ipa + 0x30)
        sc.txn(SID, ipa + 0x30, write=True)
        add("walk", "s2", "walk.s2.%s.perm" % tag, rules + ["arch.walk.s2.perm", "arch.event.fields"], CITE_WALK + [A + "D8.4.2"],
            base_c + "; S2AP=01 (read-only), XN=0b10: a read gives r--r--, a write is a stage-2 F_PERMISSION (CLASS=IN).", sc)
        sc = s2_only(gran, tsz, [dict(maps[0], oa=0x40000000000)], start_level=sl, ste_kw={"S2PS": 2})
        sc.txn(SID, ipa + 0x48)
        add("walk", "s2", "walk.s2.%s.addr-size" % tag, rules + ["arch.walk.addr-size"], CITE_WALK + [S + "§7.3.14"],
            base_c + "; S2PS=0b010 (40 bits) but the leaf outputs %#x: stage-2 F_ADDR_SIZE." % 0x40000000000, sc)


NEST_S1 = {"4k": 25, "16k": 28, "64k": 22}
DATA_IPA = 0x40000000


def fam_nested():
    for g1 in ("4k", "16k", "64k"):
        for g2 in ("4k", "16k", "64k"):
            gs1, gs2 = 1 << GRAN[g1], 1 << GRAN[g2]
            big = max(gs1, gs2)
            tsz1 = NEST_S1[g1]
            va = va_pattern(64 - tsz1, big)
            ipa = DATA_IPA + 3 * big
            pa = 0xa000000000 + 9 * big
            m1 = [{"ia": va, "oa": ipa, "size": gs1}]
            d2 = [{"ia": ipa, "oa": pa, "size": gs2}] if gs2 >= gs1 else \
                [{"ia": ipa + i * gs2, "oa": pa + i * gs2, "size": gs2} for i in range(gs1 // gs2)]
            tag = "%s-over-%s" % (g1, g2)
            bc = "Nested (Config 0b111): stage 1 %s granule T0SZ %d with its tables at IPAs, stage 2 %s granule S2T0SZ 24; CD at IPA %#x" % (g1, tsz1, g2, CD_IPA)
            sc = nested(g1, tsz1, m1, g2, 24, d2)
            sc.txn(SID, va + 0x238)
            sc.txn(SID, va + 0x1f8, write=True, priv=True)
            add("walk", "nested", "walk.nested.%s.ok" % tag,
                ["arch.walk.nested", "arch.walk.nested.page-size", "arch.cd.nested-fetch"], CITE_WALK + [A + "D8.2.1"],
                bc + "; VA %#x -> IPA %#x -> PA %#x; the translation covers min(%#x, %#x)." % (va, ipa, pa, gs1, gs2), sc)
            sc = nested(g1, tsz1, m1, g2, 24, [])
            sc.txn(SID, va + 0x10)
            add("walk", "nested", "walk.nested.%s.final-ipa-unmapped" % tag,
                ["arch.walk.nested", "arch.event.fields", "arch.ars.stage2"], CITE_WALK + [S + "§7.3.13"],
                bc + "; the final IPA %#x has no stage-2 mapping: stage-2 F_TRANSLATION, CLASS=IN, IPA %#x, S2R=1 records." % (ipa, ipa), sc)
            sc = nested(g1, tsz1, m1, g2, 24, d2)
            sc.txn(SID, va ^ (1 << (64 - tsz1 - 2)), write=True)
            add("walk", "nested", "walk.nested.%s.s1-unmapped" % tag,
                ["arch.walk.nested", "arch.walk.invalid-desc"], CITE_WALK,
                bc + "; the VA reaches an invalid stage-1 descriptor: stage-1 F_TRANSLATION, S2=0, CLASS=IN.", sc)
            # stage-1 descriptor IPA unmapped at stage 2: patch the start
            # descriptor to point at an unmapped IPA.
            sc = nested(g1, tsz1, m1, g2, 24, d2)
            sc.build()
            ti = sc.tinfo["s1"]
            g = GRAN[g1]
            lvl = ti["level"]
            idx = va >> shift(g, lvl)
            d_ia = ti["ttb"] + 8 * idx
            d_pa = ipa_to_pa(sc, "s2", d_ia)
            bad = 0x70000000
            sc.raw.append((d_pa, [bad | 3]))
            sc.built = None
            sc.txn(SID, va + 0x8, priv=True)
            nidx = (va >> shift(g, lvl + 1)) & ((1 << (g - 3)) - 1)
            add("walk", "nested", "walk.nested.%s.desc-ipa-unmapped" % tag,
                ["arch.walk.nested.tt-fault", "arch.event.fields", "arch.fault-order.s2-desc-before-s1"],
                CITE_WALK + [S + "§7.3.13", S + "§7.3.22"],
                bc + "; the level-%d stage-1 table descriptor (patched at PA %#x) points at IPA %#x, which stage 2 does not map: the next descriptor's IPA %#x faults at stage 2, F_TRANSLATION S2=1 CLASS=TT with that IPA." % (lvl, d_pa, bad, bad + 8 * nidx), sc)
            sc = nested(g1, tsz1, [dict(m1[0], ap=3)], g2, 24, [dict(m, s2ap=1) for m in d2])
            sc.txn(SID, va + 0x18, write=True)
            add("walk", "nested", "walk.nested.%s.both-deny-write" % tag,
                ["arch.walk.s1.perm", "arch.fault-order.s1-before-final-s2"], CITE_WALK + [S + "§7.3.22"],
                bc + "; stage 1 AP=11 and stage 2 S2AP=01 both refuse a write: the stage-1 F_PERMISSION wins because stage-1 permissions are checked before the final IPA is walked at stage 2.", sc,
                flags=["FAULT-ORDER"])


def fam_perm_matrix():
    # stage 1 AP x stage 2 S2AP, 4 accesses each, 4 KB over 4 KB
    va = 0x12345000
    ipa = DATA_IPA + 0x7000
    pa = 0xb000007000
    for ap in range(4):
        for s2ap in (1, 2, 3, 0):
            sc = nested("4k", 25, [{"ia": va, "oa": ipa, "size": 0x1000, "ap": ap}], "4k", 24,
                        [{"ia": ipa, "oa": pa, "size": 0x1000, "s2ap": s2ap}])
            sc.txn(SID, va + 0x10, priv=True)
            sc.txn(SID, va + 0x18, write=True, priv=True)
            sc.txn(SID, va + 0x20)
            sc.txn(SID, va + 0x28, write=True)
            for t in sc.txns:
                t["expect"] = translate(sc, t)
                if t["expect"]["result"] == "ok" and s2ap in (0, 2):
                    del t["expect"]["s2-perm"]   # execute without read: not asserted
            add("walk", "perm", "walk.perm.ap%d.s2ap%d" % (ap, s2ap),
                ["arch.walk.s1.perm", "arch.walk.s2.perm", "arch.fault-order.s1-before-final-s2"],
                [A + "D8.4.1 Table D8-65", A + "D8.4.2", S + "§7.3.22"],
                "Nested 4 KB over 4 KB; stage-1 AP[2:1]=%d%d, stage-2 S2AP=%d%d; privileged read, privileged write, unprivileged read, unprivileged write. A stage-1 denial is a stage-1 F_PERMISSION (CLASS=IN) whatever stage 2 says; otherwise a stage-2 denial is a stage-2 F_PERMISSION with the IPA." % (ap >> 1, ap & 1, s2ap >> 1, s2ap & 1), sc)


def fam_ars():
    va = 0x12345000
    for a in (0, 1):
        for r in (0, 1):
            for s in (0, 1):
                sc = s1_only("4k", 25, [{"ia": va, "oa": 0x50000000, "size": 0x1000}],
                             cd_kw={"A": a, "R": r, "S": s}, smmu={"stall-model": 0, "term-model": False})
                sc.txn(SID, va + 0x1000, write=True)
                what = "stall and record" if s else ("%s%s" % ("abort" if a else "RAZ/WI", " and record" if r else ", no event"))
                add("walk", "ars", "walk.ars.s1.a%d-r%d-s%d" % (a, r, s), ["arch.ars.stage1", "arch.event.fields"],
                    [S + "§3.12", S + "§5.4"],
                    "Stage-1 F_TRANSLATION under CD.A=%d R=%d S=%d (STALL_MODEL 0b00, S1STALLD=0): %s." % (a, r, s, what), sc)
    for r in (0, 1):
        for s in (0, 1):
            sc = s2_only("4k", 24, [{"ia": 0x40000000, "oa": 0x50000000, "size": 0x1000}],
                         ste_kw={"S2R": r, "S2S": s}, smmu={"stall-model": 0})
            sc.txn(SID, 0x40001000, priv=True)
            what = "stall and record" if s else ("abort and record" if r else "abort, no event")
            add("walk", "ars", "walk.ars.s2.r%d-s%d" % (r, s), ["arch.ars.stage2", "arch.event.fields"],
                [S + "§3.12", S + "§5.2"],
                "Stage-2 F_TRANSLATION under STE.S2R=%d S2S=%d (A is implicitly 1 at stage 2): %s." % (r, s, what), sc)
    # stage-2 fault during a nested walk follows the STE, not the CD
    va = 0x12345000
    sc = nested("4k", 25, [{"ia": va, "oa": DATA_IPA, "size": 0x1000}], "4k", 24, [],
                cd_kw={"A": 0, "R": 0}, ste_kw={"S2R": 1}, smmu={"stall-model": 0, "term-model": False})
    sc.txn(SID, va)
    add("walk", "ars", "walk.ars.nested.s2-uses-ste", ["arch.ars.stage2", "arch.ars.stage1"], [S + "§3.12"],
        "Nested; CD.A=0 R=0 would make stage-1 faults RAZ/WI silently, but the fault is at stage 2 (final IPA unmapped), so STE.S2R=1 and the implicit A=1 apply: abort and record.", sc)


def fam_eabt():
    va = 0x12345000
    for lvl_pick in (0, 1, 2):
        sc = s1_only("4k", 25, [{"ia": va, "oa": 0x50000000, "size": 0x1000}])
        sc.txn(SID, va)
        translate(sc, sc.txns[0])
        tt = sc_log(sc, sc.txns[0], "s1")
        sc.txns = []
        a = tt[lvl_pick][3]
        sc.aborts.append((a, 8))
        sc.txn(SID, va + 0x10, instr=True, priv=True)
        add("walk", "eabt", "walk.eabt.s1-only.l%d" % (lvl_pick + 1), ["arch.walk.eabt", "arch.event.fields"],
            [S + "§7.3.12"],
            "Stage 1 only, 4 KB, T0SZ 25 (levels 1-3); the level-%d descriptor at PA %#x aborts: F_WALK_EABT S2=0 CLASS=TT with that FetchAddr, always aborted." % (lvl_pick + 1, a), sc)
    # nested: the stage-1 descriptor PA aborts (S2=0, CLASS=TT), a stage-2
    # descriptor for a stage-1 table IPA aborts (S2=1, CLASS=TT), a stage-2
    # descriptor for the CD aborts (S2=1, CLASS=CD), for the final IPA (IN).
    m1 = [{"ia": va, "oa": DATA_IPA, "size": 0x1000}]
    d2 = [{"ia": DATA_IPA, "oa": 0x60000000, "size": 0x1000}]
    for what, cls in (("s1", "TT"), ("s2", "CD"), ("s2", "TT"), ("s2", "IN")):
        sc = nested("4k", 25, m1, "4k", 24, d2, pool_kw={}, cd_map_kw={})
        sc.txn(SID, va)
        translate(sc, sc.txns[0])
        log = [e for e in sc_log(sc, sc.txns[0], what) if e[1] == cls]
        sc.txns = []
        a = log[-1][3]
        sc.aborts.append((a, 8))
        sc.txn(SID, va + 0x20, write=True)
        add("walk", "eabt", "walk.eabt.nested.%s-%s" % (what, cls.lower()), ["arch.walk.eabt", "arch.event.fields", "arch.walk.nested"],
            [S + "§7.3.12"],
            "Nested 4 KB over 4 KB; the last %s descriptor read for CLASS %s (PA %#x) aborts: F_WALK_EABT S2=%d CLASS=%s, FetchAddr %#x." % (
                "stage-1" if what == "s1" else "stage-2", cls, a, what == "s2", cls, a), sc)


def sc_log(sc, t, which):
    c = Ctx()
    c.sc, c.cfg, c.t, c.log = sc, sc.cfg(), t, []
    c.common, c.access = {}, {}
    # rerun to collect the log
    cfg = c.cfg
    try:
        translate_inner(c, sc, cfg, t, t["ssid"] is not None)
    except Fault:
        pass
    return [e for e in c.log if e[0] == which]


def fam_special():
    # straddle: a 64 KB-granule stage-1 start table (8 KB) over 4 KB stage-2
    # pages mapped in reverse order.
    pi = 0x80200000
    sc = Scenario()
    pages = [{"ia": pi + i * 0x1000, "oa": 0x700000 + (0x3f - i) * 0x2000, "size": 0x1000} for i in range(0x40)]
    m2 = [{"ia": CD_IPA, "oa": CD_IPA_PA, "size": 0x1000}] + pages + \
        [{"ia": DATA_IPA + i * 0x1000, "oa": 0xc0000000 + i * 0x1000, "size": 0x1000} for i in range(16)] + \
        [{"ia": DATA_IPA + 0x100000 + i * 0x1000, "oa": 0xc8000000 + i * 0x1000, "size": 0x1000} for i in range(16)]
    sc.table("s2", 2, "4k", 24, S2_POOL, m2)
    va_lo = 0x10000000            # L2 index 0x80 (first 4 KB of the table)
    va_hi = 0x50000000            # L2 index 0x280 (second 4 KB)
    sc.table("s1", 1, "64k", 25, (pi, 0x40000),
             [{"ia": va_lo, "oa": DATA_IPA, "size": 0x10000},
              {"ia": va_hi, "oa": DATA_IPA + 0x100000, "size": 0x10000}], s2="s2")
    sc.cd_table("c", "single", CD_IPA, [{"ssid": 0, "cd": cd_f()}], s2="s2")
    ste = ste_s1(config=7)
    ste.update(ste_s2f())
    strtab1(sc, ste)
    sc.txn(SID, va_lo + 0x1234)
    sc.txn(SID, va_hi + 0x5678)
    add("walk", "nested", "walk.nested.straddle", ["arch.walk.nested", "arch.walk.nested.page-size"], CITE_WALK,
        "Nested: 64 KB stage-1 granule, T0SZ 25, so the level-2 start table holds 1024 entries (8 KB) at IPA %#x; stage 2 maps its two 4 KB halves to non-adjacent PAs (pages in reverse order). VA %#x uses an entry in the first half, VA %#x one in the second; both translate, each 4 KB at a time (stage-2 pages)." % (pi, va_lo, va_hi), sc)
    # S2PTW
    va = 0x12345000
    for ptw in (0, 1):
        sc = nested("4k", 25, [{"ia": va, "oa": DATA_IPA, "size": 0x1000}], "4k", 24,
                    [{"ia": DATA_IPA, "oa": 0x60000000, "size": 0x1000}], pool_kw={"memattr": 1},
                    ste_kw={"S2PTW": ptw})
        sc.txn(SID, va + 4)
        add("walk", "nested", "walk.nested.s2ptw%d" % ptw, ["arch.walk.s2ptw", "arch.walk.nested.tt-fault"], [S + "§5.2"],
            "Nested; stage 2 maps the stage-1 tables as Device-nGnRE (MemAttr 0b0001) and S2PTW=%d: %s" % (
                ptw, "the walk is allowed (S2PTW=0)." if not ptw else "the first stage-1 table access is a stage-2 F_PERMISSION, CLASS=TT, TTRnW=1, IPA of the descriptor."), sc)
    # stage-2 read permission denied on a stage-1 table access
    sc = nested("4k", 25, [{"ia": va, "oa": DATA_IPA, "size": 0x1000}], "4k", 24,
                [{"ia": DATA_IPA, "oa": 0x60000000, "size": 0x1000}], pool_kw={"s2ap": 2})
    sc.txn(SID, va + 4, write=True)
    add("walk", "nested", "walk.nested.tt-perm", ["arch.walk.nested.tt-fault", "arch.event.fields"], [S + "§7.3.16"],
        "Nested; stage 2 maps the stage-1 tables write-only (S2AP=10): reading the first stage-1 descriptor is a stage-2 F_PERMISSION, CLASS=TT, TTRnW=1 (a read), IPA of the descriptor; RnW=0 is the transaction's.", sc)
    sc = nested("4k", 25, [{"ia": va, "oa": DATA_IPA, "size": 0x1000}], "4k", 24,
                [{"ia": DATA_IPA, "oa": 0x60000000, "size": 0x1000}], pool_kw={"af": False})
    sc.txn(SID, va + 4)
    add("walk", "nested", "walk.nested.tt-access", ["arch.walk.nested.tt-fault", "arch.walk.access-flag"], [S + "§7.3.15"],
        "Nested; the stage-2 block holding the stage-1 tables has AF=0 (S2AFFD=0): stage-2 F_ACCESS, CLASS=TT.", sc)


def fam_order():
    va = 0x12345000
    cases = [
        ("s1-af-before-perm", s1_only("4k", 25, [{"ia": va, "oa": 0x50000000, "size": 0x1000, "af": False, "ap": 3}]),
         dict(write=True), "AF=0 and AP=11 on the page, a write: F_ACCESS wins over F_PERMISSION (Access flag is checked before permissions)."),
        ("s1-addrsize-before-af", s1_only("4k", 25, [{"ia": va, "oa": 0x20000000000, "size": 0x1000, "af": False}], cd_kw={"IPS": 2}),
         {}, "the leaf outputs beyond the 40-bit IPS and has AF=0: F_ADDR_SIZE (per-level descriptor check) wins over F_ACCESS."),
        ("epd0-before-walk", s1_only("4k", 25, [{"ia": va, "oa": 0x50000000, "size": 0x1000}], cd_kw={"EPD0": 1}),
         {}, "EPD0=1: the address is a stage-1 F_TRANSLATION before any table is read (even though TTB0 would translate it)."),
    ]
    sc = s2_only("4k", 24, [{"ia": 0x40000000, "oa": 0x50000000, "size": 0x1000, "af": False, "s2ap": 1}])
    cases.append(("s2-af-before-perm", sc, dict(write=True), "stage-2 page with AF=0 and S2AP=01, a write: stage-2 F_ACCESS wins over F_PERMISSION."))
    sc = nested("4k", 25, [{"ia": va, "oa": DATA_IPA, "size": 0x1000, "af": False}], "4k", 24, [])
    cases.append(("s1-af-before-final-s2", sc, {}, "stage-1 AF=0 and the final IPA unmapped at stage 2: the stage-1 F_ACCESS is reported, stage 2 of the final IPA is never walked."))
    for name, sc, kw, text in cases:
        a = 0x40000000 if name.startswith("s2-") else va
        sc.txn(SID, a + 0x10, **kw)
        add("walk", "order", "walk.order." + name, ["arch.fault-order.walk"] + (["arch.fault-order.s1-before-final-s2"] if "final" in name else []) +
            (["arch.cd.epd"] if "epd" in name else []),
            [S + "§7.3.22", A + "D8.15"], "Two faults could apply: " + text, sc, flags=["FAULT-ORDER"])


def s1_std(ste_kw=None, cd_kw=None, smmu=None):
    return s1_only("4k", 25, [{"ia": 0x12345000, "oa": 0x50000000, "size": 0x1000}], cd_kw=cd_kw, ste_kw=ste_kw, smmu=smmu)


def s2_std(ste_kw=None, smmu=None, tsz=24, gran="4k", sl=None):
    return s2_only(gran, tsz, [{"ia": 0x40000000 if tsz < 34 else 0x400000, "oa": 0x50000000, "size": 1 << GRAN[gran]}], start_level=sl, ste_kw=ste_kw, smmu=smmu)


CITE_STE = [S + "§5.2", S + "§5.2.2", S + "§7.3.5"]


def fam_ste():
    # linear tables of several sizes, SID in and out of range
    for log2 in (0, 3, 6, 8):
        for rec in (True, False):
            sc = Scenario({"cr2-recinvsid": rec})
            sid = (1 << log2) - 1
            sc.table("s2", 2, "4k", 24, S2_POOL, [{"ia": 0x40000000, "oa": 0x50000000, "size": 0x1000}])
            ste = {"V": 1, "Config": 6}
            ste.update(ste_s2f())
            sc.stream_table("linear", log2, 0x10000, [{"sid": sid, "ste": ste}])
            sc.txn(sid, 0x40000010)
            sc.txn(1 << log2, 0x40000010)
            sc.txn(0x12345, 0x40000010, ssid=5)
            add("ste", "strtab", "ste.strtab.linear.log2-%d.recinvsid-%d" % (log2, rec), ["arch.strtab.linear", "arch.strtab.sid-range"],
                [S + "§3.3.1", S + "§6.3.25", S + "§7.3.3"],
                "Linear stream table, LOG2SIZE %d, CR2.RECINVSID=%d: SID %d (the last) translates; SIDs %d and 0x12345 are out of range: %s." % (
                    log2, rec, sid, 1 << log2, "C_BAD_STREAMID with StreamID and SSV/SubstreamID" if rec else "aborted without an event"), sc)
    sc = Scenario({"sidsize": 4})
    sc.table("s2", 2, "4k", 24, S2_POOL, [{"ia": 0x40000000, "oa": 0x50000000, "size": 0x1000}])
    ste = {"V": 1, "Config": 6}
    ste.update(ste_s2f())
    sc.stream_table("linear", 6, 0x10000, [{"sid": 15, "ste": ste}, {"sid": 16, "ste": ste}])
    sc.txn(15, 0x40000000)
    sc.txn(16, 0x40000000)
    add("ste", "strtab", "ste.strtab.linear.sidsize-cap", ["arch.strtab.sid-range"], [S + "§6.3.25"],
        "LOG2SIZE 6 but IDR1.SIDSIZE 4: the effective size is 16 STEs, so SID 16 is C_BAD_STREAMID although an STE was written for it.", sc)
    # 2-level
    for split in (6, 8, 10):
        for span_case in ("ok", "span0", "span-too-big", "beyond-span", "span-reserved"):
            sc = Scenario()
            sc.table("s2", 2, "4k", 24, S2_POOL, [{"ia": 0x40000000, "oa": 0x50000000, "size": 0x1000}])
            ste = {"V": 1, "Config": 6}
            ste.update(ste_s2f())
            sid = (2 << split) | 3
            l1 = [{"index": 2, "span": 3, "l2ptr": 0x20000}]
            entries = [{"sid": sid, "ste": ste}]
            note = ""
            if span_case == "span0":
                l1 = [{"index": 2, "raw": 0x20000}]
                entries = []
                note = "L1STD 2 has Span 0: every SID under it is C_BAD_STREAMID."
            elif span_case == "span-too-big":
                l1 = [{"index": 2, "raw": 0x20000 | (split + 2)}]
                entries = []
                note = "L1STD 2 has Span %d > SPLIT+1: C_BAD_STREAMID." % (split + 2)
            elif span_case == "beyond-span":
                sid = (2 << split) | 5
                note = "L1STD 2 has Span 3 (4 STEs) and SID[SPLIT-1:0]=5: C_BAD_STREAMID."
            elif span_case == "span-reserved":
                l1 = [{"index": 2, "raw": 0x20000 | 12}]
                entries = []
                note = "L1STD 2 has the reserved Span 12: C_BAD_STREAMID."
            else:
                note = "L1STD 2 (Span 3, L2Ptr 0x20000) reaches the STE of SID %#x at 0x20000 + 64*3." % sid
            sc.stream_table("2-level", split + 4, 0x10000, entries, split=split, l1=l1)
            sc.txn(sid, 0x40000008, write=True)
            sc.txn(3 << split, 0x40000008)
            add("ste", "strtab", "ste.strtab.2level.split%d.%s" % (split, span_case), ["arch.strtab.2level", "arch.strtab.l1std-span"],
                [S + "§3.3.1", S + "§5.1", S + "§7.3.3"],
                "2-level stream table, SPLIT %d, LOG2SIZE %d. %s SID %#x reaches L1STD 3, never written (Span 0): C_BAD_STREAMID." % (split, split + 4, note, 3 << split), sc)
    # F_STE_FETCH
    for which in ("ste-linear", "l1std", "ste-2level"):
        sc = Scenario()
        sc.table("s2", 2, "4k", 24, S2_POOL, [{"ia": 0x40000000, "oa": 0x50000000, "size": 0x1000}])
        ste = {"V": 1, "Config": 6}
        ste.update(ste_s2f())
        if which == "ste-linear":
            sc.stream_table("linear", 6, 0x10000, [{"sid": 9, "ste": ste}])
            sc.aborts.append((0x10000 + 64 * 9, 64))
            sid = 9
        else:
            sc.stream_table("2-level", 12, 0x10000, [{"sid": 0x105, "ste": ste}], split=8, l1=[{"index": 1, "span": 4, "l2ptr": 0x20000}])
            sid = 0x105
            sc.aborts.append((0x10008, 8) if which == "l1std" else (0x20000 + 64 * 5, 64))
        sc.txn(sid, 0x40000000, ssid=None)
        add("ste", "strtab", "ste.fetch-abort." + which, ["arch.strtab.fetch-abort", "arch.fault-order.config"], [S + "§7.3.4", S + "§7.3.22"],
            "The %s fetch hits an abort range: F_STE_FETCH with FetchAddr = the PA fetched, before the STE is looked at." % which, sc)
    # Config values
    for conf in range(8):
        sc = Scenario()
        sc.table("s1", 1, "4k", 25, S1_POOL, [{"ia": 0x12345000, "oa": 0x50000000, "size": 0x1000}])
        sc.table("s2", 2, "4k", 24, S2_POOL, [{"ia": 0x12345000, "oa": 0x60000000, "size": 0x1000},
                                               {"ia": 0x50000000, "oa": 0x70000000, "size": 0x1000},
                                               {"ia": 0, "oa": 0, "size": 0x200000}])
        sc.cd_table("c", "single", CD_PA, [{"ssid": 0, "cd": cd_f()}], s2="s2" if conf == 7 else None)
        ste = ste_s1(config=conf)
        ste.update(ste_s2f())
        strtab1(sc, ste)
        sc.txn(SID, 0x12345678)
        sc.txn(SID, 0x12345678, ssid=1)
        add("ste", "config", "ste.config.%d" % conf, ["arch.ste.config", "arch.ste.config-abort-no-event", "arch.ssid.bad"] if conf < 7 else ["arch.ste.config", "arch.walk.nested"],
            CITE_STE, "V=1, Config=%d with all stage-1 and stage-2 fields valid (CD identity-mapped at stage 2). txn 0 without SubstreamID; txn 1 with SSID 1 while S1CDMax=0 (C_BAD_SUBSTREAMID whenever a translating Config reaches the substream check; Config 0b0xx aborts first, silently)." % conf, sc)
    for conf in (0, 5, 6, 7):
        sc = s1_std(ste_kw={"V": 0, "Config": conf})
        sc.txn(SID, 0x12345000, ssid=2)
        sc.txn(SID, 0x12345000, kind="ats-request")
        add("ste", "config", "ste.v0.cfg%d" % conf, ["arch.ste.valid", "arch.ats.full"], CITE_STE + [S + "§3.9"],
            "V=0 (Config %d otherwise): C_BAD_STE with StreamID and SSV=1/SSID 2; an ATS Translation Request gets CA and no event (§7.3.6: TRs record only F_BAD_ATS_TREQ)." % conf, sc,
            flags=["IMPDEF"], acceptable={1: [{"result": "fault", "disposition": "ats-ca", "event": "none"},
                                              {"result": "fault", "disposition": "ats-ur", "event": "none"}]})
    # illegal STEs
    ill = [
        ("s1p-missing", s1_std(smmu={"s1p": False}), ["arch.ste.illegal.stage-unsupported"], "Config 0b101 on an SMMU without stage 1."),
        ("s2p-missing", s2_std(smmu={"s2p": False}), ["arch.ste.illegal.stage-unsupported"], "Config 0b110 on an SMMU without stage 2."),
        ("s2t0sz-40", s2_std(ste_kw={"S2T0SZ": 40}), ["arch.ste.illegal.s2t0sz"], "S2T0SZ 40 > 39 without STT."),
        ("s2t0sz-15", s2_std(ste_kw={"S2T0SZ": 15}), ["arch.ste.illegal.s2t0sz"], "S2T0SZ 15 < 16 for a 4 KB granule."),
        ("s2t0sz-ias", s2_std(ste_kw={"S2T0SZ": 20, "S2SL0": 2}, smmu={"oas": 2}), ["arch.ste.illegal.s2t0sz"], "OAS (and so IAS) 40 bits: S2T0SZ 20 < 64-40."),
        ("s2sl0-4k-l2-tsz25", s2_std(ste_kw={"S2T0SZ": 25, "S2SL0": 0}), ["arch.ste.illegal.s2sl0"], "4 KB, S2SL0=0 (level 2) with a 39-bit IPA needs 32 concatenated tables (> 16)."),
        ("s2sl0-4k-l0-tsz33", s2_std(ste_kw={"S2T0SZ": 33, "S2SL0": 2}), ["arch.ste.illegal.s2sl0"], "4 KB, S2SL0=2 (level 0) with a 31-bit IPA: level 0 is never reached."),
        ("s2sl0-4k-l3", s2_std(ste_kw={"S2T0SZ": 39, "S2SL0": 3}), ["arch.ste.illegal.s2sl0"], "4 KB, S2SL0=3 (level 3) without STT."),
        ("s2sl0-16k-l0", s2_std(gran="16k", ste_kw={"S2SL0": 3, "S2T0SZ": 16}), ["arch.ste.illegal.s2sl0"], "16 KB, S2SL0=3 (level 0) needs 52-bit support (DS)."),
        ("s2sl0-64k-rsvd", s2_std(gran="64k", ste_kw={"S2SL0": 3}), ["arch.ste.illegal.s2sl0"], "64 KB, S2SL0=3 is reserved."),
        ("s2sl0-16k-l3-tsz20", s2_std(gran="16k", ste_kw={"S2SL0": 0, "S2T0SZ": 20}), ["arch.ste.illegal.s2sl0"], "16 KB, S2SL0=0 (level 3) with a 44-bit IPA."),
        ("s2tg-16k-missing", s2_std(gran="16k", smmu={"gran16k": False}), ["arch.ste.illegal.s2tg"], "S2TG 16 KB on an SMMU without 16 KB granules."),
        ("s2tg-rsvd", s2_std(ste_kw={"S2TG": 3}), ["arch.ste.illegal.s2tg"], "S2TG=0b11 is reserved."),
        ("s2ttb-range", s2_std(ste_kw={"S2PS": 2, "S2TTB": 0x10000000000}), ["arch.ste.illegal.s2ttb"], "S2PS 40 bits, S2TTB 0x10000000000 (bit 40 set)."),
        ("s2ttb-oas", s2_std(ste_kw={"S2TTB": 0x1000000000}, smmu={"oas": 1}), ["arch.ste.illegal.s2ttb"], "S2PS 48 bits but OAS 36 bits: the effective S2PS is 36, S2TTB bit 36 set."),
        ("s2aa64-aarch32", s2_std(ste_kw={"S2AA64": 0}), ["arch.ste.illegal.s2aa64"], "S2AA64=0 (VMSAv8-32) on an SMMU with AArch64 tables only (TTF=0b10)."),
        ("s2s-terminate-model", s2_std(ste_kw={"S2S": 1}, smmu={"stall-model": 1}), ["arch.ste.illegal.stall"], "S2S=1 with STALL_MODEL 0b01 (terminate only)."),
        ("s1stalld-model", s1_std(ste_kw={"S1STALLD": 1}, smmu={"stall-model": 1}), ["arch.ste.illegal.stall"], "S1STALLD=1 with STALL_MODEL 0b01."),
        ("s1cdmax-ssidsize", s1_std(ste_kw={"S1CDMax": 9}, smmu={"ssidsize": 8}), ["arch.ste.illegal.cdmax"], "S1CDMax 9 > SSIDSIZE 8."),
        ("s1fmt-cd2l", s1_std(ste_kw={"S1CDMax": 4, "S1Fmt": 1}, smmu={"cd2l": False}), ["arch.ste.illegal.cdmax"], "S1Fmt=0b01 (2-level) with S1CDMax 4 but no CD2L."),
        ("strw-rsvd", s1_std(ste_kw={"STRW": 1}), ["arch.ste.illegal.strw"], "Config 0b101 with STRW=0b01 (reserved for Non-secure)."),
        ("eats1-s2s", s2_std(ste_kw={"EATS": 1, "S2S": 1}), ["arch.ste.illegal.eats"], "EATS=0b01 with S2S=1 and stage 2 enabled."),
        ("eats2-cfg6", s2_std(ste_kw={"EATS": 2}), ["arch.ste.illegal.eats"], "EATS=0b10 (split-stage) needs Config 0b111."),
        ("vmid8", s2_std(ste_kw={"S2VMID": 0x100}, smmu={"vmid16": False}), ["arch.ste.illegal.vmid"], "8-bit VMIDs and S2VMID 0x100."),
        ("s1ctxptr-s1only", s1_std(ste_kw={"S1ContextPtr": 0x1000000000000}), ["arch.ste.s1ctxptr-range"], "Stage 1 only and S1ContextPtr 2^48 beyond the 48-bit OAS."),
    ]
    for name, sc, rules, text in ill:
        sc.txn(SID, 0x40000000 if sc.strtab["entries"][0]["ste"].get("Config") == 6 else 0x12345000)
        add("ste", "illegal", "ste.illegal." + name, ["arch.ste.valid"] + rules, CITE_STE,
            "ILLEGAL STE (SteIllegal(), §5.2.2): %s The transaction is aborted with C_BAD_STE." % text, sc)
    # a legal counterpart for some boundary cases
    legal = [("s2t0sz-39-l2", s2_std(tsz=39, sl=2), "S2T0SZ 39 (4 KB, level 2): the largest value without STT is legal."),
             ("s2t0sz-16-l0", s2_std(tsz=16), "S2T0SZ 16, level 0: the smallest value for 4 KB is legal."),
             ("s2-16k-48bit", s2_std(tsz=16, gran="16k"), "16 KB, 48-bit IPA: only a level-1 start with 2 concatenated tables is legal, and it is."),
             ("s2s-stall-model0", s2_std(ste_kw={"S2S": 1}, smmu={"stall-model": 0}), "S2S=1 with STALL_MODEL 0b00 is legal.")]
    for name, sc, text in legal:
        sc.txn(SID, sc.tables["s2"]["mappings"][0]["ia"] + 8)
        add("ste", "illegal", "ste.legal." + name, ["arch.ste.illegal.s2t0sz", "arch.ste.illegal.s2sl0"], CITE_STE, "Legal boundary: " + text, sc)
    # S1ContextPtr beyond the IAS with stage 2: IMPLEMENTATION DEFINED
    sc = nested("4k", 25, [{"ia": 0x12345000, "oa": DATA_IPA, "size": 0x1000}], "4k", 24, [],
                ste_kw={"S1ContextPtr": 0x4000000000000})
    sc.txn(SID, 0x12345000)
    ev_s2 = {"type": "F_TRANSLATION", "sid": SID, "s2": True, "class": "CD", "ipa": 0x4000000000000}
    add("ste", "illegal", "ste.s1ctxptr.nested-beyond-ias", ["arch.ste.s1ctxptr-range", "arch.cd.nested-fetch"], [S + "§5.2.2", S + "§3.4.3", "arch.md §6.7"],
        "Nested and S1ContextPtr 2^50, beyond the 48-bit IAS: the implementation may treat the STE as ILLEGAL (C_BAD_STE) or fetch the CD and take a stage-2 Translation fault (CLASS=CD, the IPA out of the S2T0SZ range).", sc,
        flags=["IMPDEF"], acceptable={0: [{"result": "fault", "disposition": "abort", "event": {"type": "C_BAD_STE", "sid": SID}},
                                          {"result": "fault", "disposition": "abort", "event": ev_s2}]})
    sc = nested("4k", 25, [{"ia": 0x12345000, "oa": DATA_IPA, "size": 0x1000}], "4k", 24, [],
                ste_kw={"S1ContextPtr": 0x20000000000})
    sc.txn(SID, 0x12345000, priv=True)
    add("ste", "illegal", "ste.s1ctxptr.nested-beyond-s2t0sz", ["arch.cd.nested-fetch", "arch.fault-order.config"], [S + "§7.3.13", S + "§7.3.22"],
        "Nested; S1ContextPtr IPA 2^41 is within the IAS but beyond the 40-bit S2T0SZ range: the CD fetch takes a stage-2 F_TRANSLATION, S2=1, CLASS=CD, IPA = the CD address.", sc)
    # S1DSS
    for dss in (0, 1, 2):
        for ssv in (False, True):
            sc = Scenario()
            # Not global (nG=1), and CD 1 has its own ASID: two CDs of one VMID
            # mapping the same VA differently through global or same-ASID
            # entries would let a caching SMMU serve one's TLB entry for the
            # other (IHI0070 §3.17; DDI0487 D8.16), and the vector must hold
            # for every SMMU, cached or not (smmu-nest replay --dut).
            sc.table("s1", 1, "4k", 25, S1_POOL, [{"ia": 0x12345000, "oa": 0x50000000, "size": 0x1000, "ng": True}])
            sc.table("s1b", 1, "4k", 25, (0x300000, 0x10000), [{"ia": 0x12345000, "oa": 0x58000000, "size": 0x1000, "ng": True}])
            sc.table("s2", 2, "4k", 24, S2_POOL, [{"ia": 0x12345000, "oa": 0x60000000, "size": 0x1000},
                                                   {"ia": 0x50000000, "oa": 0x70000000, "size": 0x1000},
                                                   {"ia": 0x58000000, "oa": 0x78000000, "size": 0x1000}])
            ste = ste_s1(cdmax=2, config=7, S1DSS=dss)
            ste.update(ste_s2f())
            # identity-map the CD table and the stage-1 pools at stage 2
            sc.tables["s2"]["mappings"] += [{"ia": 0, "oa": 0, "size": 0x200000},
                                             {"ia": 0x200000, "oa": 0x200000, "size": 0x200000}]
            sc.cd_table("c", "linear", 0x80000, [{"ssid": 0, "cd": cd_f()}, {"ssid": 1, "cd": cd_f("s1b", ASID=2)}], s2="s2")
            strtab1(sc, ste)
            if ssv:
                sc.txn(SID, 0x12345010, ssid=0)
                sc.txn(SID, 0x12345010, ssid=1)
                sc.txn(SID, 0x12345010, ssid=4)
            else:
                sc.txn(SID, 0x12345010)
                sc.txn(SID, 0x12345010, write=True)
            add("ste", "s1dss", "ste.s1dss.%d.%s" % (dss, "ssv" if ssv else "no-ssv"), ["arch.ste.s1dss", "arch.ssid.bad", "arch.cd.linear"],
                [S + "§5.2", S + "§7.3.7", S + "§7.3.9"],
                "Nested, linear CD table of 4 CDs (S1CDMax 2), S1DSS=%d, %s. Without SSID: 0 terminates (F_STREAM_DISABLED, StreamID only), 1 bypasses stage 1 (IPA = VA, stage 2 applies), 2 uses CD 0. With SSID: 0 is refused by S1DSS=2 (F_STREAM_DISABLED), 1 uses CD 1, 4 >= 2^S1CDMax is C_BAD_SUBSTREAMID." % (
                    dss, "with SSV" if ssv else "without SSV"), sc)
    # stage-1 bypass address size
    for name, sc, a in (("cfg6", s2_std(tsz=16), 1 << 48), ("cfg4", Scenario(), 1 << 48)):
        if name == "cfg4":
            strtab1(sc, {"V": 1, "Config": 4})
        sc.txn(SID, a + 0x100)
        sc.txn(SID, (1 << 48) - 8, write=True) if name == "cfg4" else None
        add("ste", "bypass", "ste.bypass-addr-size." + name, ["arch.ste.bypass-addr-size", "arch.ste.config"], [S + "§3.4", S + "§7.3.14"],
            "Config %s: input %#x is beyond the 48-bit IAS/OAS with stage 1 bypassed: stage-1 F_ADDR_SIZE, S2=0, CLASS=IN, aborted.%s" % (
                name[3:], a + 0x100, " An address just below passes untranslated." if name == "cfg4" else ""), sc)
    # ATS
    sc = s1_std(ste_kw={"EATS": 0})
    sc.txn(SID, 0x12345000, kind="ats-request")
    sc.txn(SID, 0x12345000, kind="ats-request", ssid=None)
    add("ste", "ats", "ste.ats.bad-treq.eats0", ["arch.ats.bad-treq"], [S + "§7.3.6"],
        "EATS=0b00: an ATS Translation Request gets UR and F_BAD_ATS_TREQ with StreamID and InputAddr.", sc)
    sc = Scenario()
    strtab1(sc, {"V": 1, "Config": 4, "EATS": 1})
    sc.txn(SID, 0x5000, kind="ats-request")
    add("ste", "ats", "ste.ats.bad-treq.bypass", ["arch.ats.bad-treq"], [S + "§7.3.6"],
        "Config 0b100 makes the effective EATS 0b00 whatever the field says: UR and F_BAD_ATS_TREQ.", sc)
    sc = s1_std(ste_kw={"EATS": 1})
    sc.txn(SID, 0x12345010, kind="ats-request")
    add("ste", "ats", "ste.ats.full", ["arch.ats.full"], [S + "§3.9"],
        "EATS=0b01, Config 0b101: the Translation Request is answered with the stage-1 output %#x." % 0x50000010, sc)
    # An execute-only stage-2 page and an ATS Translation Request without a
    # PASID (no Exe, Data, Unprivileged): the grant follows STE.INSTCFG.
    for instcfg, what in ((0, "as the request says, XO grants no access: R == W == 0"),
                          (2, "Data: X is taken as R, and the page has no R: R == W == 0"),
                          (3, "Instruction: every read is a fetch, so the XO page grants R (r--)")):
        sc = s2_only("4k", 24, [{"ia": 0x200000, "oa": 0x70000000, "size": 0x1000, "s2ap": 0, "xn": 0}],
                     ste_kw={"EATS": 1, "INSTCFG": instcfg})
        sc.txn(SID, 0x200010, kind="ats-request")
        sc.txn(SID, 0x200010, kind="ats-request", write=True)
        add("ste", "ats", "ste.ats.xo-page.instcfg%d" % instcfg, ["arch.ats.grant"], [S + "§13.7.1", S + "§3.9.1.2"],
            "Stage 2 only, EATS=0b01, the page S2AP=00 XN=00 (execute-only), STE.INSTCFG=0b%s; "
            "a Translation Request without a PASID, read then write (NW=0): %s." % (format(instcfg, "02b"), what), sc)
    for chk in (True, False):
        for conf in (4, 5):
            sc = s1_std(ste_kw={"EATS": 0, "Config": conf}, smmu={"cr0-atschk": chk})
            sc.txn(SID, 0x70001234, kind="ats-translated", write=True)
            sc.txn(SID, 0x70001238, kind="ats-translated")
            add("ste", "ats", "ste.ats.translated.atschk%d.cfg%d" % (chk, conf), ["arch.ats.transl-forbidden"], [S + "§7.3.8"],
                "ATS-Translated traffic, Config %d, EATS=0b00, CR0.ATSCHK=%d: %s" % (conf, chk, "aborted with F_TRANSL_FORBIDDEN (RnW, InputAddr)." if chk else "passes untranslated."), sc)


def cd_scn(fmt, entries, l1=None, cdmax=0, nested_s2=False, ste_kw=None, smmu=None, base=0x80000):
    sc = Scenario(smmu)
    sc.table("s1", 1, "4k", 25, S1_POOL, [{"ia": 0x12345000, "oa": 0x50000000, "size": 0x1000}])
    conf = 5
    if nested_s2:
        conf = 7
        sc.table("s2", 2, "4k", 24, S2_POOL, [{"ia": 0, "oa": 0, "size": 0x200000},
                                               {"ia": 0x50000000, "oa": 0x70000000, "size": 0x1000}])
    sc.cd_table("c", fmt, base, entries, l1=l1, s2="s2" if nested_s2 else None)
    ste = ste_s1(cdmax=cdmax, config=conf, S1DSS=1)
    if nested_s2:
        ste.update(ste_s2f())
    ste.update(ste_kw or {})
    strtab1(sc, ste)
    return sc


CITE_CD = [S + "§5.3", S + "§5.4", S + "§3.3.2"]


def fam_cd():
    for nest in (False, True):
        nt = "nested" if nest else "s1"
        # single
        sc = cd_scn("single", [{"ssid": 0, "cd": cd_f()}], nested_s2=nest)
        sc.txn(SID, 0x12345020)
        sc.txn(SID, 0x12345020, ssid=0)
        add("cd", "tables", "cd.single.%s" % nt, ["arch.cd.single", "arch.ssid.bad"], CITE_CD,
            "S1CDMax=0: the one CD at S1ContextPtr translates traffic without SSID; any SSID (even 0) is C_BAD_SUBSTREAMID.", sc)
        # linear
        for cdmax in (1, 4, 8):
            last = (1 << cdmax) - 1
            sc = cd_scn("linear", [{"ssid": 0, "cd": cd_f()}, {"ssid": last, "cd": cd_f(ASID=7)}], cdmax=cdmax, nested_s2=nest)
            sc.txn(SID, 0x12345020, ssid=last)
            sc.txn(SID, 0x12345020, ssid=last + 1)
            sc.txn(SID, 0x12345020, ssid=1 if last > 1 else 0, write=True)
            add("cd", "tables", "cd.linear.cdmax%d.%s" % (cdmax, nt), ["arch.cd.linear", "arch.ssid.bad", "arch.cd.valid"], CITE_CD + [S + "§7.3.9"],
                "Linear CD table, S1CDMax %d: SSID %d (last) translates, SSID %d is C_BAD_SUBSTREAMID (no SSV in the record), SSID %d has an all-zero CD: C_BAD_CD." % (cdmax, last, last + 1, 1 if last > 1 else 0), sc)
        # 2-level
        for fmt, sh, l2 in (("2level-4k", 6, 0x90000), ("2level-64k", 10, 0xa0000)):
            s_hi = (2 << sh) | 5
            l1 = [{"index": 0, "l2ptr": l2}, {"index": 2, "l2ptr": l2 + (0x1000 if sh == 6 else 0x10000)},
                  {"index": 3, "l2ptr": 0xf0000, "v": False}]
            sc = cd_scn(fmt, [{"ssid": 0, "cd": cd_f()}, {"ssid": s_hi, "cd": cd_f(ASID=9)}], l1=l1, cdmax=sh + 2, nested_s2=nest)
            sc.txn(SID, 0x12345020, ssid=s_hi)
            sc.txn(SID, 0x12345020, ssid=(3 << sh) | 1)
            sc.txn(SID, 0x12345020, ssid=(1 << sh) | 1)
            sc.txn(SID, 0x12345020, ssid=1, priv=True)
            add("cd", "tables", "cd.%s.%s" % (fmt, nt), ["arch.cd.2level", "arch.ssid.bad", "arch.cd.valid"], CITE_CD + [S + "§7.3.9"],
                "%s CD table (S1CDMax %d): SSID %#x goes through L1CD 2 to its leaf; SSID %#x reaches L1CD 3 with V=0 and SSID %#x reaches L1CD 1, never written (V=0): both C_BAD_SUBSTREAMID; SSID 1 reaches a zero CD in leaf 0: C_BAD_CD." % (
                    fmt, sh + 2, s_hi, (3 << sh) | 1, (1 << sh) | 1), sc)
        # fetch aborts
        for what in ("cd", "l1cd"):
            if what == "cd":
                sc = cd_scn("linear", [{"ssid": 2, "cd": cd_f()}], cdmax=2, nested_s2=nest)
                sc.aborts.append((0x80000 + 128, 64))
                ssid = 2
            else:
                sc = cd_scn("2level-4k", [{"ssid": 0x41, "cd": cd_f()}], l1=[{"index": 1, "l2ptr": 0x90000}], cdmax=8, nested_s2=nest)
                sc.aborts.append((0x80008, 8))
                ssid = 0x41
            sc.txn(SID, 0x12345020, ssid=ssid)
            add("cd", "fetch", "cd.fetch-abort.%s.%s" % (what, nt), ["arch.cd.fetch-abort", "arch.fault-order.config"], [S + "§7.3.10", S + "§7.3.22"],
                "The %s fetch (at PA %#x%s) hits an abort range: F_CD_FETCH with that FetchAddr, before the CD's validity is known." % (
                    what.upper(), sc.aborts[0][0], ", identity-mapped at stage 2" if nest else ""), sc)
    # stage-2 faults on the CD fetch
    for name, s2m, text in (
            ("unmapped", [{"ia": 0x50000000, "oa": 0x70000000, "size": 0x1000}], "the CD IPA is not mapped: stage-2 F_TRANSLATION"),
            ("perm", [{"ia": 0, "oa": 0, "size": 0x200000, "s2ap": 2}], "stage 2 maps the CD write-only: stage-2 F_PERMISSION (a CD fetch is a read)"),
            ("access", [{"ia": 0, "oa": 0, "size": 0x200000, "af": False}], "the stage-2 block has AF=0: stage-2 F_ACCESS"),
            ("addr-size", [{"ia": 0, "oa": 0x10000000000, "size": 0x200000}], "the stage-2 block outputs beyond S2PS 40 bits: stage-2 F_ADDR_SIZE")):
        sc = Scenario()
        sc.table("s2", 2, "4k", 24, S2_POOL, s2m + [{"ia": 0x200000, "oa": 0x200000, "size": 0x200000}])
        sc.table("s1", 1, "4k", 25, (0x300000, 0x10000), [{"ia": 0x12345000, "oa": 0x50000000, "size": 0x1000}], s2="s2")
        cd_ipa = 0x80000
        for m in s2m:
            pass
        if name == "unmapped":
            cd_ipa = 0x100000
        # CD written directly at its PA through raw words: the CD is never reached anyway
        sc.cds = {}
        ste = ste_s1(config=7)
        ste["S1ContextPtr"] = cd_ipa
        del ste["S1Fmt"]
        ste.update(ste_s2f(S2PS=2 if name == "addr-size" else 5))
        strtab1(sc, ste)
        sc.txn(SID, 0x12345040, write=True)
        add("cd", "fetch", "cd.nested-fetch.s2-%s" % name, ["arch.cd.nested-fetch", "arch.event.fields", "arch.fault-order.config"],
            [S + "§7.3.13", S + "§7.3.22"],
            "Nested, single CD at IPA %#x; %s, S2=1, CLASS=CD, IPA = the CD address; RnW=0 is the transaction's." % (cd_ipa, text), sc)
    # C_BAD_CD cases
    bad = [
        ("v0", {"V": 0}, None, None, ["arch.cd.valid"], "CD.V=0."),
        ("t0sz-40", {"T0SZ": 40}, None, None, ["arch.cd.illegal.txsz"], "T0SZ 40 > 39 without STT."),
        ("t0sz-15", {"T0SZ": 15}, None, None, ["arch.cd.illegal.txsz"], "T0SZ 15 < 16 with 4 KB."),
        ("tg0-rsvd", {"TG0": 3}, None, None, ["arch.cd.illegal.tg"], "TG0=0b11 is reserved."),
        ("tg0-missing", {}, {"gran4k": False}, None, ["arch.cd.illegal.tg"], "TG0 4 KB on an SMMU without 4 KB granules."),
        ("ttb0-ips", {"IPS": 2, "TTB0": 0x10000000000}, None, None, ["arch.cd.illegal.ttb"], "IPS 40 bits and TTB0 bit 40 set."),
        ("ttb0-oas", {"TTB0": 0x1000000000}, {"oas": 1}, None, ["arch.cd.illegal.ttb"], "IPS 48 bits but OAS 36: effective IPS 36 and TTB0 bit 36 set."),
        ("aa64-0", {"AA64": 0}, None, None, ["arch.cd.illegal.aa64"], "AA64=0 on an AArch64-only SMMU."),
        ("s-with-s1stalld", {"S": 1}, {"stall-model": 0}, {"S1STALLD": 1}, ["arch.cd.illegal.ars"], "CD.S=1 while STE.S1STALLD=1."),
        ("s-terminate-model", {"S": 1}, {"stall-model": 1}, None, ["arch.cd.illegal.ars"], "CD.S=1 with STALL_MODEL 0b01."),
        ("a0-term-model", {"A": 0}, {"term-model": True}, None, ["arch.cd.illegal.ars"], "CD.A=0 with TERM_MODEL=1."),
        ("asid8", {"ASID": 0x100}, {"asid16": False}, None, ["arch.cd.illegal.asid"], "8-bit ASIDs and ASID 0x100."),
        ("t1-enabled-bad", {"EPD1": 0, "T1SZ": 10, "TG1": 2}, None, None, ["arch.cd.illegal.txsz", "arch.cd.epd"], "EPD1=0 so the TTB1 half is checked: T1SZ 10 is out of range."),
    ]
    for name, ckw, smmu, skw, rules, text in bad:
        sc = s1_std(cd_kw=ckw, ste_kw=skw, smmu=smmu)
        sc.txn(SID, 0x12345000, write=True)
        add("cd", "illegal", "cd.illegal." + name, ["arch.cd.valid"] + rules, [S + "§5.4.2", S + "§7.3.11"],
            "ILLEGAL CD (CdIllegal(), §5.4.2): %s C_BAD_CD with StreamID." % text, sc)
    good = [("epd1-garbage", {"EPD1": 1, "T1SZ": 5, "TG1": 0, "TTB1": 0xfff0000000000}, "EPD1=1: the TTB1 half holds garbage (T1SZ 5, TG1 0b00, TTB1 beyond IPS) and is not checked; an upper-half VA is a stage-1 F_TRANSLATION."),
            ("t0sz-39", {}, "T0SZ 39 at the top of the range is legal.")]
    for name, ckw, text in good:
        if name == "t0sz-39":
            sc = s1_only("4k", 39, [{"ia": 0x1000000, "oa": 0x50000000, "size": 0x1000}])
            sc.txn(SID, 0x1000010)
        else:
            sc = s1_std(cd_kw=ckw)
            sc.txn(SID, 0x12345000)
            sc.txn(SID, 0xffffffffffff0000)
        add("cd", "illegal", "cd.legal." + name, ["arch.cd.epd", "arch.cd.illegal.txsz"], [S + "§5.4.2"], "Legal CD: " + text, sc)
    # EPD0 and TTB1 walks
    sc = Scenario()
    sc.table("t1", 1, "4k", 25, S1_POOL, [{"ia": 0xffffffffc0000000, "oa": 0x50000000, "size": 0x200000}])
    sc.cd_table("c", "single", CD_PA, [{"ssid": 0, "cd": {"V": 1, "EPD0": 1, "T1SZ": 25, "TG1": R_("tables.t1.tg"), "TTB1": R_("tables.t1"),
                                                           "IPS": 5, "AA64": 1, "R": 1, "A": 1, "ASID": 2}}])
    strtab1(sc, ste_s1())
    sc.txn(SID, 0xffffffffc0012345)
    sc.txn(SID, 0x12345000)
    sc.txn(SID, 0xff7fffffc0000000)
    add("cd", "halves", "cd.ttb1.walk", ["arch.cd.ttb1", "arch.cd.epd"], [S + "§5.4", A + "D8.1"],
        "Only TTB1 enabled (EPD0=1), T1SZ 25, TG1 4 KB (encoding 0b10): an upper-half VA walks TTB1 to a 2 MB block; a lower-half VA is a stage-1 F_TRANSLATION (EPD0); a VA not sign-extended from bit 38 is a stage-1 F_TRANSLATION.", sc)
    # F_STREAM_DISABLED wins over a CD fetch abort
    sc = cd_scn("linear", [{"ssid": 1, "cd": cd_f()}], cdmax=2, ste_kw={"S1DSS": 0})
    sc.aborts.append((0x80000, 0x1000))
    sc.txn(SID, 0x12345000)
    sc.txn(SID, 0x12345000, ssid=7)
    add("cd", "order", "cd.order.stream-disabled-before-fetch", ["arch.fault-order.config", "arch.ste.s1dss"], [S + "§7.3.22"],
        "The whole CD table is in an abort range; traffic without SSID meets S1DSS=0b00 (F_STREAM_DISABLED) and SSID 7 >= 2^2 is C_BAD_SUBSTREAMID: both are decided before any CD fetch, so no F_CD_FETCH.", sc, flags=["FAULT-ORDER"])
    sc = cd_scn("linear", [{"ssid": 1, "cd": {"V": 0}}], cdmax=2)
    sc.aborts.append((0x80040, 64))
    sc.txn(SID, 0x12345000, ssid=1)
    add("cd", "order", "cd.order.fetch-before-bad-cd", ["arch.fault-order.config", "arch.cd.fetch-abort"], [S + "§7.3.22"],
        "CD 1 has V=0 and its fetch aborts: F_CD_FETCH is reported (the CD is never obtained, so C_BAD_CD cannot be).", sc, flags=["FAULT-ORDER"])
    sc = s1_std(ste_kw={"STRW": 1})
    sc.txn(SID, 0x12345000, ssid=3)
    add("cd", "order", "cd.order.bad-ste-before-ssid", ["arch.fault-order.config", "arch.ste.illegal.strw"], [S + "§7.3.22"],
        "ILLEGAL STE (STRW=0b01) and an SSID with S1CDMax=0: C_BAD_STE comes before C_BAD_SUBSTREAMID.", sc, flags=["FAULT-ORDER"])


def self_check():
    # stage-1 start levels (arch.md §6.2 table)
    assert [s1_start_level(12, t) for t in (16, 24, 25, 33, 34, 39)] == [0, 0, 1, 1, 2, 2]
    assert [s1_start_level(14, t) for t in (16, 17, 27, 28, 38, 39)] == [0, 1, 1, 2, 2, 3]
    assert [s1_start_level(16, t) for t in (16, 21, 22, 34, 35, 39)] == [1, 1, 2, 2, 3, 3]
    # default stage-2 start: 40-bit IPA 4 KB = level 1 with 2 tables; 16 KB 48-bit = level 1
    assert s2_default_start(12, 24) == 1 and start_table_bytes(12, 24, 1) == 2 * 512 * 8
    assert s2_default_start(14, 16) == 1 and start_table_bytes(14, 16, 1) == 2 * 2048 * 8
    assert s2_default_start(12, 16) == 0
    # permissions (Table D8-65)
    assert perm_str(s1_perms(1, 0, 0)) == "rw-rwx"
    assert perm_str(s1_perms(0, 0, 0)) == "rwx--x"
    assert perm_str(s1_perms(3, 1, 1)) == "r--r--"
    assert perm_str(s1_perms(2, 0, 1)) == "r-x---"
    # a hand-walked stage-1 case: 4 KB, T0SZ 25, pool at 0x100000
    sc = s1_only("4k", 25, [{"ia": 0x12345000, "oa": 0x50000000, "size": 0x1000}])
    sc.build()
    assert sc.tinfo["s1"]["ttb"] == 0x100000
    # L1 index of 0x12345000 is 0, L2 index 0x91, L3 index 0x145
    assert sc.mem[0x100000] == 0x101003
    assert sc.mem[0x101000 + 8 * 0x91] == 0x102003
    assert sc.mem[0x102000 + 8 * 0x145] == 0x50000000 | 0x743
    t = sc.txn(SID, 0x12345678)
    assert translate(sc, t) == {"result": "ok", "pa": 0x50000678, "ipa": 0x50000678, "page-size": 0x1000,
                                "s1-perm": "rw-rwx", "s2-perm": "rwxrwx"}
    t = sc.txn(SID, 0x12346000, write=True)
    o = translate(sc, t)
    assert o["event"] == {"type": "F_TRANSLATION", "sid": 3, "ssv": False, "ssid": 0, "rnw": False, "pnu": False,
                          "ind": False, "s2": False, "class": "IN", "input-addr": 0x12346000, "stall": False}, o
    # stage 2, 40-bit IPA with 2 concatenated level-1 tables: IPA 0x80001000
    sc = s2_only("4k", 24, [{"ia": 0x8000001000, "oa": 0x40000000, "size": 0x1000}])
    sc.build()
    assert sc.tinfo["s2"]["ttb"] == 0x1000000 and sc.mem[0x1000000 + 8 * 512] == 0x1002003
    t = sc.txn(SID, 0x8000001008)
    assert translate(sc, t)["pa"] == 0x40000008
    t = sc.txn(SID, 0x10000000000)
    assert translate(sc, t)["event"]["ipa"] == 0x10000000000
    # STE legality examples of arch.md §6.3
    c = dict(SMMU_DEFAULT)
    base = {"V": 1, "Config": 6, "S2AA64": 1, "S2PS": 5, "S2TTB": 0x1000}
    assert ste_illegal(dict(base, S2TG=0, S2SL0=1, S2T0SZ=21), c) is None
    assert ste_illegal(dict(base, S2TG=0, S2SL0=1, S2T0SZ=20), c)
    assert ste_illegal(dict(base, S2TG=2, S2SL0=2, S2T0SZ=16), c) is None
    assert ste_illegal(dict(base, S2TG=1, S2SL0=1, S2T0SZ=18), c) is None
    assert ste_illegal(dict(base, S2TG=1, S2SL0=1, S2T0SZ=17), c)


def main():
    check = "--check" in sys.argv
    self_check()
    FILE_DESC.update({
        ("walk", "s1"): "Stage-1-only walks for every granule and start level: pages, blocks, invalid descriptors, range, Access flag, address size and permission faults.",
        ("walk", "s2"): "Stage-2-only walks for every granule and start level, concatenated start tables included.",
        ("walk", "nested"): "Nested walks for every pair of granules, stage-2 faults on stage-1 descriptor IPAs, a stage-1 table straddling two stage-2 pages, S2PTW.",
        ("walk", "perm"): "Stage-1 AP against stage-2 S2AP for privileged/unprivileged reads and writes.",
        ("walk", "ars"): "A/R/S: CD.{A,R,S} for stage-1 faults and STE.{S2R,S2S} for stage-2 faults.",
        ("walk", "eabt"): "External aborts on descriptor fetches at stage 1, stage 2 (CLASS CD, TT, IN) and nested.",
        ("walk", "order"): "Fault priority inside one walk and between stage 1 and the final stage 2.",
        ("ste", "strtab"): "Linear and 2-level stream tables: sizes, SPLIT, L1STD Span, SID range, RECINVSID, STE fetch aborts.",
        ("ste", "config"): "Every Config value, and V=0.",
        ("ste", "illegal"): "ILLEGAL STEs (SteIllegal, IHI0070 G.b §5.2.2) and legal boundary cases; S1ContextPtr range.",
        ("ste", "s1dss"): "S1DSS terminate, bypass and SSID0, with and without SSV.",
        ("ste", "bypass"): "Address-size checks of a bypassed stage 1.",
        ("ste", "ats"): "ATS Translation Requests and ATS-Translated traffic: F_BAD_ATS_TREQ, F_TRANSL_FORBIDDEN, full ATS.",
        ("cd", "tables"): "Single, linear and 2-level (4 KB / 64 KB leaves) CD tables, direct and behind stage 2; SSID range; L1CD V=0.",
        ("cd", "fetch"): "CD fetch faults: external aborts (F_CD_FETCH) and stage-2 faults with CLASS=CD.",
        ("cd", "illegal"): "ILLEGAL CDs (CdIllegal, IHI0070 G.b §5.4.2) and unchecked disabled halves.",
        ("cd", "halves"): "TTB0/TTB1 selection and EPDx.",
        ("cd", "order"): "Fault priority between configuration faults around the CD fetch.",
    })
    fam_s1_single()
    fam_s2_single()
    fam_nested()
    fam_perm_matrix()
    fam_ars()
    fam_eabt()
    fam_special()
    fam_order()
    fam_ste()
    fam_cd()
    out = write_files(check)
    n = sum(len(v) for v in FILES.values())
    for (area, f), v in sorted(FILES.items()):
        print("%s/gen-%s.yaml: %d" % (area, f, len(v)))
    print("total vectors: %d, rules: %d" % (n, len(RULES)))


if __name__ == "__main__":
    main()
