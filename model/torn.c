// SPDX-License-Identifier: MIT
/*
 * The torn-state checker: while a live STE or CD is rewritten with 64-bit
 * stores, the SMMU may fetch any mix of old and new qwords among those
 * written since the last CMD_SYNC: only 64-bit stores are single-copy
 * atomic, and an entry is only guaranteed to be seen whole after CFGI +
 * CMD_SYNC (IHI0070 §3.21.3.1, §4.7.3).  Each mix is judged by this
 * model's reading of the architecture -- not by Linux's used bits -- as
 * behaving like the entry before the update, like the target entry, as an
 * abort, or as a third configuration (unsafe).
 *
 * "Behaves like" compares effective configurations.  An entry's effective
 * configuration is
 *   - invalid: V == 0 (C_BAD_STE / C_BAD_CD; every other field IGNORED,
 *     §5.2 V, §5.4 V), or
 *   - abort: STE Config 0b0xx (silent abort; every other field IGNORED,
 *     §5.2 Config), or
 *   - on: the bits the SMMU consumes for that configuration (ste_consumed()
 *     and cd_consumed() below, each field with the section that makes it
 *     matter), with the SteIllegal/CdIllegal verdict of model/strtab.c and
 *     model/cd_fetch.c.
 * Two entries behave alike when their kinds agree and, for "on", the
 * consumed masks and the consumed bits are equal.
 *
 * Three judgements the spec alone does not settle:
 *  - MEV only lets the SMMU merge event records (§5.2 MEV; software must
 *    cope with merged records even with MEV == 0, which is why Linux
 *    f3c1d372dbb8 makes it update-safe).  It is never consumed here.
 *  - EATS governs ATS traffic only (§5.2 EATS, §3.9.1).  The kernel turns
 *    ATS off at the PCI function before any STE write that drops ATS and on
 *    only after the STE that allows it is in place (arm_smmu_attach_prepare
 *    / _commit; 7cad80048595 relies on this), so ATS traffic can meet the
 *    mix only if both the old and the new entry let it through (effective
 *    EATS != 0b00 in both).  Only then is EATS consumed.  SteIllegal still
 *    sees EATS: EATS 0b01 with S2S 1 is ILLEGAL whatever traffic arrives.
 *  - The KUnit fixtures carry values no SMMU accepts (S1CDMax 31 > SSIDSIZE
 *    20, an S2T0SZ of 4 -- a 60-bit IPA -- and a 36-bit S2PS with a 52-bit
 *    S2TTB; the same for the S1 CD).  A rule an end entry already breaks
 *    is a property of that entry, not of the tear: a mix that breaks the
 *    same rule is compared with that end by its consumed bits, as if the
 *    SMMU accepted the value.  A rule that neither end breaks makes the mix
 *    an abort (C_BAD_STE/C_BAD_CD from the tear).
 *
 * The SMMU judged against is smmu_idr_default() (both stages, ATS, Hyp,
 * stall model 0b00, SSIDSIZE 20, 48-bit OAS) with IDR3.FWB set, so that
 * S2FWB is not RES0, and SMMU_CR0.ATSCHK == 0.  A CD is judged in a
 * stage-1 STE (Config 0b101, S1STALLD 0) at StreamWorld NS-EL1.
 */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cd.h>
#include <smmu-nest/writer.h>

#include "smmu_int.h"

enum eff_kind { EFF_INVALID, EFF_ABORT, EFF_ON };

struct eff {
	enum eff_kind kind;
	const char *illegal;            /* the SteIllegal/CdIllegal rule, or NULL */
	u64 mask[WRITER_QWORDS];        /* the bits the SMMU consumes */
	u64 val[WRITER_QWORDS];         /* the entry's words under @mask */
	unsigned eats;                  /* effective EATS (STE only) */
};

/* ---- STE ------------------------------------------------------------------ */

/* The effective EATS, as model/smmu.c uses it (§5.2 EATS): 0b00 for V == 0,
 * Config 0b0xx and 0b100, without IDR0.ATS, for the reserved 0b11 (no DPT),
 * and for 0b10 without SMMU_CR0.ATSCHK. */
static unsigned ste_eff_eats(const struct smmu *s, const struct ste_fields *f)
{
	if (!f->v || f->config <= STE_CFG_BYPASS || !s->idr.ats || f->eats == STE_EATS_DPT)
		return STE_EATS_ABT;
	if (f->eats == STE_EATS_S1CHK && !s->cr0_atschk)
		return STE_EATS_ABT;
	return (unsigned)f->eats;
}

/*
 * The STE bits the SMMU consumes for the entry's configuration, V == 1 and
 * Config 0b1xx.  Fields left out everywhere: MEV (see the header), the
 * software-reserved and IMPLEMENTATION DEFINED ranges, RES0, CONT (an STE
 * caching hint, §5.2), DCP/PPAR/DRE/S1MPAM/S1PIE (prefetch, PRI, MPAM and
 * permission-indirection features the model does not implement), NSCFG
 * (Secure streams only), and DW4-DW7 (Secure stage 2, MPAM, VMS,
 * overlays: Non-secure, none of them implemented).
 */
static void ste_consumed(const struct smmu *s, const struct ste_fields *f, bool ats_view,
			 u64 m[WRITER_QWORDS])
{
	const struct smmu_idr *idr = &s->idr;
	unsigned cfg = (unsigned)f->config;
	bool s1 = cfg & 1, s2 = cfg & 2;
	/* S1CDMax is IGNORED without substreams (IDR1.SSIDSIZE == 0, §5.2). */
	unsigned cdmax = idr->ssidsize ? (unsigned)f->s1cdmax : 0;
	/* Some traffic skips stage 1: Config 0b1x0, or S1DSS bypass (§5.2 S1DSS). */
	bool s1_skipped = !s1 || (cdmax && f->s1dss == STE_S1DSS_BYPASS);

	memset(m, 0, WRITER_QWORDS * sizeof(*m));
	m[0] = STE_DW0_V | STE_DW0_CONFIG;
	/* §5.2 PRIVCFG/INSTCFG, §13.5: overrides of the incoming PnU/InD,
	 * applied to every transaction (model/smmu.c apply_overrides). */
	m[1] |= STE_DW1_PRIVCFG | STE_DW1_INSTCFG;
	/* §13.5: the incoming-attribute overrides shape the attributes of
	 * traffic that stage 1 does not translate. */
	if (s1_skipped)
		m[1] |= STE_DW1_SHCFG | STE_DW1_MTCFG | STE_DW1_MEMATTR | STE_DW1_ALLOCCFG;
	if (s1) {
		/* §5.2: where the CDs are, how many, the table format (only
		 * with S1CDMax != 0), the default substream (same), and the
		 * attributes of CD and L1CD fetches. */
		m[0] |= STE_DW0_S1CONTEXTPTR;
		if (idr->ssidsize)
			m[0] |= STE_DW0_S1CDMAX;
		if (cdmax)
			m[0] |= STE_DW0_S1FMT;
		if (cdmax)
			m[1] |= STE_DW1_S1DSS;
		m[1] |= STE_DW1_S1CIR | STE_DW1_S1COR | STE_DW1_S1CSH;
		/* §5.5: S1STALLD decides whether CD.S may be 1 (CdIllegal). */
		m[1] |= STE_DW1_S1STALLD;
		/* §5.2 STRW: only for Config 0b101 with IDR0.Hyp. */
		if (ste_strw_used(idr, cfg))
			m[1] |= STE_DW1_STRW;
	}
	/* §5.2 S2VMID, §3.17: the VMID tags NS-EL1 TLB entries whenever a
	 * stage translates, unless the StreamWorld is EL2 (IgnoreSTES2VMID). */
	if (!(ste_strw_used(idr, cfg) && f->strw != 0))
		m[2] |= STE_DW2_S2VMID;
	if (s2) {
		/* §5.2 S2*: the stage-2 translation regime and its fault
		 * configuration (§5.5 S2S/S2R), all consumed by ste_to_s2_cfg()
		 * or SteIllegal; S2FWB only with IDR3.FWB. */
		m[2] |= STE_DW2_S2T0SZ | STE_DW2_S2SL0 | STE_DW2_S2IR0 | STE_DW2_S2OR0 |
			STE_DW2_S2SH0 | STE_DW2_S2TG | STE_DW2_S2PS | STE_DW2_S2AA64 |
			STE_DW2_S2ENDI | STE_DW2_S2AFFD | STE_DW2_S2PTW | STE_DW2_S2HD |
			STE_DW2_S2HA | STE_DW2_S2S | STE_DW2_S2R;
		if (idr->fwb)
			m[1] |= STE_DW1_S2FWB;
		m[3] |= STE_DW3_S2TTB | STE_DW3_S2SL0_2 | STE_DW3_S2DS;
	}
	/* §5.2 EATS: IGNORED for Config 0b100 and without IDR0.ATS; consumed
	 * only when ATS traffic can be in flight (see the header). */
	if (ats_view && idr->ats && cfg != STE_CFG_BYPASS)
		m[1] |= STE_DW1_EATS;
}

static void ste_eff(const struct smmu *s, const u64 w[WRITER_QWORDS], bool ats_view,
		    struct eff *e)
{
	struct ste_fields f;
	const char *why = NULL;

	memset(e, 0, sizeof(*e));
	ste_decode(w, &f);
	e->eats = ste_eff_eats(s, &f);
	if (!f.v) {
		e->kind = EFF_INVALID;
		e->mask[0] = STE_DW0_V;
		return;
	}
	if (f.config < STE_CFG_BYPASS) {
		e->kind = EFF_ABORT;
		e->mask[0] = STE_DW0_V | STE_DW0_CONFIG;
		return;
	}
	e->kind = EFF_ON;
	if (ste_is_illegal(s, &f, &why))
		e->illegal = why;
	ste_consumed(s, &f, ats_view, e->mask);
}

/* ---- CD ------------------------------------------------------------------- */

/* The stage-1 STE a CD is judged in: Config 0b101, S1STALLD 0, NS-EL1. */
static void cd_context(struct ste_fields *ste)
{
	memset(ste, 0, sizeof(*ste));
	ste->v = 1;
	ste->config = STE_CFG_S1_TRANS;
}

/*
 * The CD bits the SMMU consumes once V == 1 (§5.4; cd_to_s1_cfg() and
 * CdIllegal).  A half with EPDx == 1 is never walked: its TxSZ, TGx, IRx,
 * ORx, SHx, TBIx, HADx and TTBx are IGNORED (§5.4 EPD0/EPD1).  Left out:
 * UWXN (IGNORED for VMSAv8-64), NSCFGx (Secure only), AMAIR (IMPLEMENTATION
 * DEFINED meaning), the MPAM PARTID/PMG, and features the model does not
 * implement (E0PDx, HAFT, EPAN, PNCH, AIE, PIE, HWU, the PI fields of DW6
 * and DW7), which are RES0 without them.
 */
static void cd_consumed(const struct cd_fields *cd, u64 m[WRITER_QWORDS])
{
	memset(m, 0, WRITER_QWORDS * sizeof(*m));
	m[0] = CD_DW0_V | CD_DW0_EPD0 | CD_DW0_EPD1 | CD_DW0_ENDI | CD_DW0_IPS |
	       CD_DW0_AFFD | CD_DW0_WXN | CD_DW0_PAN | CD_DW0_AA64 | CD_DW0_HD |
	       CD_DW0_HA | CD_DW0_S | CD_DW0_R | CD_DW0_A | CD_DW0_ASET | CD_DW0_ASID;
	if (!cd->epd0) {
		m[0] |= CD_DW0_T0SZ | CD_DW0_TG0 | CD_DW0_IR0 | CD_DW0_OR0 | CD_DW0_SH0 |
			CD_DW0_TBI0;
		m[1] |= CD_DW1_TTB0 | CD_DW1_HAD0;
	}
	if (!cd->epd1) {
		m[0] |= CD_DW0_T1SZ | CD_DW0_TG1 | CD_DW0_IR1 | CD_DW0_OR1 | CD_DW0_SH1 |
			CD_DW0_TBI1;
		m[2] |= CD_DW2_TTB1 | CD_DW2_HAD1;
	}
	/* §5.4 DS: selects 52-bit tables (ILLEGAL in this model). */
	m[2] |= CD_DW2_DS;
	/* §5.4 MAIR: the AttrIndx lookup of stage-1 descriptors. */
	m[3] = CD_DW3_MAIR0 | CD_DW3_MAIR1;
}

static void cd_eff(const struct smmu *s, const u64 w[WRITER_QWORDS], struct eff *e)
{
	struct cd_fields cd;
	struct ste_fields ste;
	struct s1_cfg c;
	const char *why = NULL;

	memset(e, 0, sizeof(*e));
	cd_decode(w, &cd);
	if (!cd.v) {
		e->kind = EFF_INVALID;
		e->mask[0] = CD_DW0_V;
		return;
	}
	e->kind = EFF_ON;
	cd_context(&ste);
	cd_to_s1_cfg(&cd, SW_NS_EL1, &c);
	if (cd_is_illegal(s, &ste, SW_NS_EL1, &cd, &c, &why))
		e->illegal = why;
	cd_consumed(&cd, e->mask);
}

/* ---- Classification -------------------------------------------------------- */

struct checker {
	struct smmu smmu;
	enum writer_kind kind;
	bool ats_view;
	struct eff old, new;
	u64 old_w[WRITER_QWORDS], new_w[WRITER_QWORDS];
};

static void eff_of(const struct checker *ck, const u64 w[WRITER_QWORDS], struct eff *e)
{
	if (ck->kind == WRITER_STE)
		ste_eff(&ck->smmu, w, ck->ats_view, e);
	else
		cd_eff(&ck->smmu, w, e);
	for (unsigned i = 0; i < WRITER_QWORDS; i++)
		e->val[i] = w[i] & e->mask[i];
}

static bool same_rule(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Does the mix @m behave as the end entry @e? */
static bool behaves_as(const struct eff *m, const struct eff *e)
{
	if (m->kind != e->kind)
		return false;
	if (m->kind != EFF_ON)
		return true;
	/* A rule the end does not break makes the mix abort where the end
	 * does not; one the end breaks too is the fixture's (header). */
	if (m->illegal && !same_rule(m->illegal, e->illegal))
		return false;
	return memcmp(m->mask, e->mask, sizeof(m->mask)) == 0 &&
	       memcmp(m->val, e->val, sizeof(m->val)) == 0;
}

/* Append "sep name" to @buf for each field of @tab under @mask where @a and
 * @b differ. */
static void name_diffs(const struct sn_field_desc *tab, unsigned n, const u64 mask[WRITER_QWORDS],
		       const u64 a[WRITER_QWORDS], const u64 b[WRITER_QWORDS],
		       char *buf, size_t len)
{
	bool first = true;

	for (unsigned i = 0; i < n; i++) {
		const struct sn_field_desc *d = &tab[i];
		u64 fm = d->mask & mask[d->dw];
		size_t used = strlen(buf);

		if (!fm || (a[d->dw] & fm) == (b[d->dw] & fm))
			continue;
		snprintf(buf + used, len - used, "%s%s", first ? " " : ",", d->name);
		first = false;
	}
}

static void describe(const struct checker *ck, const struct eff *m, const u64 w[WRITER_QWORDS],
		     enum torn_class cls, char *buf, size_t len)
{
	const struct sn_field_desc *tab = ck->kind == WRITER_STE ? ste_field_table : cd_field_table;
	unsigned n = ck->kind == WRITER_STE ? ste_field_count : cd_field_count;
	const char *bad = ck->kind == WRITER_STE ? "C_BAD_STE" : "C_BAD_CD";
	u64 both[WRITER_QWORDS];
	size_t used;

	buf[0] = '\0';
	if (cls == TORN_ABORT) {
		if (m->kind == EFF_INVALID)
			snprintf(buf, len, "%s: V 0", bad);
		else if (m->kind == EFF_ABORT)
			snprintf(buf, len, "Config abort");
		else
			snprintf(buf, len, "%s: %s", bad, m->illegal ? m->illegal : "?");
		return;
	}
	/* LCOV_EXCL_START: torn_check() describes unsafe mixes only, and is_unsafe() holds only for TORN_ABORT (above) and TORN_THIRD */
	if (cls != TORN_THIRD)
		return;
	/* LCOV_EXCL_STOP */
	/* The consumed fields the mix shares with neither end. */
	for (unsigned i = 0; i < WRITER_QWORDS; i++)
		both[i] = m->mask[i] | ck->old.mask[i];
	snprintf(buf, len, "differs from old in");
	name_diffs(tab, n, both, w, ck->old_w, buf, len);
	used = strlen(buf);
	snprintf(buf + used, len - used, "; from new in");
	for (unsigned i = 0; i < WRITER_QWORDS; i++)
		both[i] = m->mask[i] | ck->new.mask[i];
	name_diffs(tab, n, both, w, ck->new_w, buf, len);
}

static enum torn_class classify(const struct checker *ck, const struct eff *m)
{
	bool like_old = behaves_as(m, &ck->old), like_new = behaves_as(m, &ck->new);

	if (like_old && like_new)
		return TORN_LIKE_BOTH;
	if (like_old)
		return TORN_LIKE_OLD;
	if (like_new)
		return TORN_LIKE_NEW;
	if (m->kind != EFF_ON || m->illegal)
		return TORN_ABORT;
	return TORN_THIRD;
}

/*
 * A mix is unsafe when it is a third configuration, or when it aborts
 * although both ends translate (neither is V == 0 nor Config abort) and the
 * writer did not choose the breaking path, which accepts an invalid entry.
 */
static bool is_unsafe(const struct checker *ck, const struct writer_result *r, enum torn_class c)
{
	if (c == TORN_THIRD)
		return true;
	return c == TORN_ABORT && r->path != WRITER_BREAKING &&
	       ck->old.kind == EFF_ON && ck->new.kind == EFF_ON;
}

void torn_check(const struct host_policy *p, enum writer_kind k,
		const u64 from[WRITER_QWORDS], const struct writer_result *r,
		struct torn_report *out)
{
	struct checker ck;
	const u64 *before = from;
	const u64 *to = r->nsteps ? r->steps[r->nsteps - 1].after : from;

	(void)p;        /* the verdict is the model's, whatever the policy */
	memset(out, 0, sizeof(*out));
	memset(&ck, 0, sizeof(ck));
	smmu_init(&ck.smmu, NULL);
	ck.smmu.idr.fwb = true;
	ck.kind = k;
	memcpy(ck.old_w, from, sizeof(ck.old_w));
	memcpy(ck.new_w, to, sizeof(ck.new_w));
	/* ATS traffic can meet the mix only if both ends let it in: a first
	 * pass finds each end's effective EATS, the second fixes the masks. */
	if (k == WRITER_STE) {
		eff_of(&ck, from, &ck.old);
		eff_of(&ck, to, &ck.new);
		ck.ats_view = ck.old.eats != STE_EATS_ABT && ck.new.eats != STE_EATS_ABT;
	}
	eff_of(&ck, from, &ck.old);
	eff_of(&ck, to, &ck.new);

	for (unsigned st = 0; st < r->nsteps; st++) {
		const struct writer_step *step = &r->steps[st];
		u8 sub = 0;

		/* Every subset of the qwords this step wrote, empty and full included. */
		do {
			struct torn_mix mix = { .step = st, .new_mask = sub };
			struct eff m;

			for (unsigned q = 0; q < WRITER_QWORDS; q++)
				mix.words[q] = (sub >> q) & 1 ? step->after[q] : before[q];
			eff_of(&ck, mix.words, &m);
			mix.cls = classify(&ck, &m);
			out->mixes++;
			out->per_class[mix.cls]++;
			if (is_unsafe(&ck, r, mix.cls)) {
				out->unsafe_total++;
				if (out->n_unsafe < TORN_MAX_UNSAFE) {
					describe(&ck, &m, mix.words, mix.cls, mix.why, sizeof(mix.why));
					out->unsafe[out->n_unsafe++] = mix;
				}
			}
			sub = (u8)((sub - step->written) & step->written);
		} while (sub != 0);
		before = step->after;
	}
	out->safe = out->unsafe_total == 0;
}

const char *torn_class_name(enum torn_class c)
{
	switch (c) {
	case TORN_LIKE_OLD:
		return "like-old";
	case TORN_LIKE_NEW:
		return "like-new";
	case TORN_LIKE_BOTH:
		return "like-both";
	case TORN_ABORT:
		return "abort";
	case TORN_THIRD:
		return "third";
	}
	return "?";   /* LCOV_EXCL_LINE: a value outside enum torn_class; the switch names every enumerator (-Wswitch) */
}
