// SPDX-License-Identifier: MIT
/*
 * The kernel's live entry writer, per policy (linux.md §6.1, §7).
 *
 * arm_smmu_write_entry() takes a live STE or CD from its current value to a
 * target value with 64-bit stores, because the SMMU only guarantees 64-bit
 * single-copy atomicity for the structures it reads.  It asks, for each
 * qword, whether the bits the current entry uses would have to change once
 * every unused bit already holds its new value ("critical" qwords), and
 * then picks one of three sequences.  Each entry_set() writes only the
 * qwords that really change and issues one invalidation (CFGI_STE or
 * CFGI_CD, then CMD_SYNC) only if it changed something, so a transition
 * costs 0 to 3 syncs.
 *
 * The policies differ in data only (struct writer_facts in policy/host.c):
 *   67e4fe398513 (v6.13)  S2FWB is one of the stage-2 used bits;
 *   da0c56520e88 (v6.15)  MEV is one of the stage-1 and stage-2 used bits;
 *   2781f2a930ab (v7.0)   get_update_safe(): bits used by both the current
 *                         and the target entry that may change in any step;
 *   f3c1d372dbb8 (v7.0)   MEV is always such a bit;
 *   7cad80048595 (v7.0)   so is EATS_TRANS, unless S1CHK or S2S is involved.
 * seed-v2 behaves as v6.13 (issue 5).  The CD writer has no update-safe
 * hook in any version.
 *
 * The rules below were checked against the kernel source: get_ste_used(),
 * get_ste_update_safe(), arm_smmu_entry_qword_diff(), entry_set() and
 * arm_smmu_write_entry() of arm-smmu-v3.c (6.18.y with the v7.0 fixes
 * backported), and the KUnit harness in arm-smmu-v3-test.c.
 */
#include <string.h>

#include <smmu-nest/cd.h>
#include <smmu-nest/writer.h>

/*
 * Linux masks S1ContextPtr and S2TTB to address bits 51:x
 * (STRTAB_STE_0_S1CTXPTR_MASK, STRTAB_STE_3_S2TTB_MASK, CTXDESC_CD_1_TTB0_MASK),
 * narrower than the spec fields (55:x) in ste.h/cd.h.
 */
#define LNX_S1CTXPTR  SN_GENMASK(51, 6)
#define LNX_S2TTB     SN_GENMASK(51, 4)
#define LNX_CD_TTB0   SN_GENMASK(51, 4)

/* The fields arm_smmu_get_ste_used() lists, as the kernel groups them. */
static void ste_used(const struct writer_facts *f, const u64 ent[WRITER_QWORDS],
		     u64 used[WRITER_QWORDS])
{
	unsigned cfg = (unsigned)sn_field_get(STE_DW0_CONFIG, ent[0]);

	memset(used, 0, WRITER_QWORDS * sizeof(*used));
	/* V is always used; with V=0 nothing else is. */
	used[0] = STE_DW0_V;
	if (!(ent[0] & STE_DW0_V))
		return;
	used[0] |= STE_DW0_CONFIG;
	/* Config bit 0: stage 1 translates (Config 5 and 7). */
	if (cfg & 1) {
		used[0] |= STE_DW0_S1FMT | LNX_S1CTXPTR | STE_DW0_S1CDMAX;
		used[1] |= STE_DW1_S1DSS | STE_DW1_S1CIR | STE_DW1_S1COR |
			   STE_DW1_S1CSH | STE_DW1_S1STALLD | STE_DW1_STRW |
			   STE_DW1_EATS;
		if (f->mev_used)
			used[1] |= STE_DW1_MEV;                 /* da0c56520e88 */
		used[2] |= STE_DW2_S2VMID;
		/* SHCFG only matters to traffic that skips stage 1. */
		if (sn_field_get(STE_DW1_S1DSS, ent[1]) == STE_S1DSS_BYPASS)
			used[1] |= STE_DW1_SHCFG;
	}
	/* Config bit 1: stage 2 translates (Config 6 and 7). */
	if (cfg & 2) {
		used[1] |= STE_DW1_EATS | STE_DW1_SHCFG;
		if (f->s2fwb_used)
			used[1] |= STE_DW1_S2FWB;               /* 67e4fe398513 */
		if (f->mev_used)
			used[1] |= STE_DW1_MEV;                 /* da0c56520e88 */
		used[2] |= STE_DW2_S2VMID | STE_DW2_VTCR | STE_DW2_S2AA64 |
			   STE_DW2_S2ENDI | STE_DW2_S2PTW | STE_DW2_S2S | STE_DW2_S2R;
		used[3] |= LNX_S2TTB;
	}
	if (cfg == STE_CFG_BYPASS)
		used[1] |= STE_DW1_SHCFG;
}

/* arm_smmu_get_cd_used(): everything once V=1, less the TTB0 half under EPD0. */
static void cd_used(const u64 ent[WRITER_QWORDS], u64 used[WRITER_QWORDS])
{
	memset(used, 0, WRITER_QWORDS * sizeof(*used));
	used[0] = CD_DW0_V;
	if (!(ent[0] & CD_DW0_V))
		return;
	for (unsigned i = 0; i < WRITER_QWORDS; i++)
		used[i] = ~0ULL;
	if (ent[0] & CD_DW0_EPD0) {
		used[0] &= ~(CD_DW0_T0SZ | CD_DW0_TG0 | CD_DW0_IR0 | CD_DW0_OR0 | CD_DW0_SH0);
		used[1] &= ~LNX_CD_TTB0;
	}
}

void writer_used(const struct host_policy *p, enum writer_kind k,
		 const u64 ent[WRITER_QWORDS], u64 used[WRITER_QWORDS])
{
	if (k == WRITER_STE)
		ste_used(&p->writer, ent, used);
	else
		cd_used(ent, used);
}

void writer_safe(const struct host_policy *p, enum writer_kind k,
		 const u64 cur[WRITER_QWORDS], const u64 tgt[WRITER_QWORDS],
		 u64 safe[WRITER_QWORDS])
{
	const struct writer_facts *f = &p->writer;
	const u64 eats_s1chk = sn_field_prep(STE_DW1_EATS, STE_EATS_S1CHK);
	const u64 eats_trans = sn_field_prep(STE_DW1_EATS, STE_EATS_TRANS);

	memset(safe, 0, WRITER_QWORDS * sizeof(*safe));
	/* No get_update_safe() before 2781f2a930ab, and never one for CDs. */
	if (k != WRITER_STE || !f->update_safe)
		return;
	/*
	 * 7cad80048595: the attach code has ATS off at the PCI function
	 * whenever EATS_TRANS changes, so its ordering does not matter --
	 * except next to S2S (EATS=TRANS with S2S=1 is an ILLEGAL STE, IHI0070
	 * §5.2 EATS) and next to S1CHK (mixing bit 28 into 0b10 would make the
	 * reserved 0b11).  The test is on the raw bits of both entries.
	 */
	if (f->safe_eats_trans && !((cur[1] | tgt[1]) & eats_s1chk) &&
	    !((cur[2] | tgt[2]) & STE_DW2_S2S))
		safe[1] |= eats_trans;
	/* f3c1d372dbb8: MEV only changes how faults are reported. */
	if (f->safe_mev)
		safe[1] |= STE_DW1_MEV;
}

/*
 * arm_smmu_entry_qword_diff(): the critical-qword mask and @unused_update,
 * @cur with every bit it does not use (or may change safely) already set to
 * its target value.  @warn gets the qwords where @tgt sets unused bits.
 */
static u8 qword_diff(const struct host_policy *p, enum writer_kind k,
		     const u64 cur[WRITER_QWORDS], const u64 tgt[WRITER_QWORDS],
		     u64 unused_update[WRITER_QWORDS], u8 *warn)
{
	u64 cur_used[WRITER_QWORDS], tgt_used[WRITER_QWORDS], safe[WRITER_QWORDS];
	u8 diff = 0;

	writer_used(p, k, cur, cur_used);
	writer_used(p, k, tgt, tgt_used);
	writer_safe(p, k, cur, tgt, safe);
	*warn = 0;
	for (unsigned i = 0; i < WRITER_QWORDS; i++) {
		/* A safe bit must be used by both sides; a bit only one side
		 * uses is already sequenced by the unused-bit rule. */
		safe[i] &= cur_used[i] & tgt_used[i];
		if (tgt[i] & ~tgt_used[i])
			*warn |= (u8)(1u << i);
		cur_used[i] &= ~safe[i];
		unused_update[i] = (cur[i] & cur_used[i]) | (tgt[i] & ~cur_used[i]);
		if ((unused_update[i] & tgt_used[i]) != tgt[i])
			diff |= (u8)(1u << i);
	}
	return diff;
}

/* Does @entry differ from @ref in the bits @used marks, leaving out @safe? */
static bool differs_in_used(const u64 entry[WRITER_QWORDS], const u64 used[WRITER_QWORDS],
			    const u64 ref[WRITER_QWORDS], const u64 safe[WRITER_QWORDS])
{
	for (unsigned i = 0; i < WRITER_QWORDS; i++) {
		u64 m = used[i] & ~safe[i];

		if ((entry[i] & m) != (ref[i] & m))
			return true;
	}
	return false;
}

/* State carried through one write sequence. */
struct run {
	const struct host_policy *p;
	enum writer_kind k;
	const u64 *from, *to;
	u64 entry[WRITER_QWORDS];
	struct writer_result *out;
};

/*
 * What the KUnit sync hook (arm_smmu_test_writer_record_syncs) checks on
 * the entry after each sync: qword 0 == 0 means an invalid entry was
 * written (not hitless); otherwise the entry must match the initial or the
 * target entry in the bits it uses, leaving out the update-safe bits.
 */
static void harness_sync(struct run *r)
{
	u64 used[WRITER_QWORDS], safe_init[WRITER_QWORDS], safe_tgt[WRITER_QWORDS];

	if (r->entry[0] == 0) {
		r->out->hitless = false;
		return;
	}
	writer_used(r->p, r->k, r->entry, used);
	writer_safe(r->p, r->k, r->entry, r->from, safe_init);
	writer_safe(r->p, r->k, r->entry, r->to, safe_tgt);
	if (differs_in_used(r->entry, used, r->from, safe_init) &&
	    differs_in_used(r->entry, used, r->to, safe_tgt))
		r->out->used_match = false;
}

/* entry_set(): write qwords [@start, @start + @len) that differ from @val,
 * and record one step (and its sync) if any did. */
static void entry_set(struct run *r, const u64 val[WRITER_QWORDS], unsigned start, unsigned len)
{
	struct writer_result *o = r->out;
	u8 written = 0;

	for (unsigned i = start; i < start + len; i++) {
		if (r->entry[i] != val[i]) {
			r->entry[i] = val[i];
			written |= (u8)(1u << i);
		}
	}
	if (!written)
		return;
	/* At most three entry_set() calls per transition, so no overflow. */
	o->steps[o->nsteps].written = written;
	memcpy(o->steps[o->nsteps].after, r->entry, sizeof(r->entry));
	o->steps[o->nsteps].sync = true;
	o->nsteps++;
	o->syncs++;
	harness_sync(r);
}

void writer_run(const struct host_policy *p, enum writer_kind k,
		const u64 from[WRITER_QWORDS], const u64 to[WRITER_QWORDS],
		struct writer_result *out)
{
	u64 unused_update[WRITER_QWORDS];
	struct run r = { .p = p, .k = k, .from = from, .to = to, .out = out };
	u8 diff;

	memset(out, 0, sizeof(*out));
	out->hitless = true;
	out->used_match = true;
	memcpy(r.entry, from, sizeof(r.entry));
	diff = qword_diff(p, k, from, to, unused_update, &out->warn_mask);
	out->critical_mask = diff;
	out->critical = (unsigned)__builtin_popcount(diff);
	if (out->critical == 1) {
		/*
		 * Hitless: first every bit the current entry ignores (the
		 * critical qword is left alone: it is rewritten whole next),
		 * then the critical qword, then the leftovers the target no
		 * longer uses.
		 */
		unsigned crit = (unsigned)__builtin_ctz(diff);

		out->path = WRITER_HITLESS;
		unused_update[crit] = r.entry[crit];
		entry_set(&r, unused_update, 0, WRITER_QWORDS);
		entry_set(&r, to, crit, 1);
		entry_set(&r, to, 0, WRITER_QWORDS);
	} else if (out->critical > 1) {
		/*
		 * Breaking: the kernel zeroes the whole of qword 0 (not just
		 * V) -- unused_update[0] = 0 -- then writes qwords 1..7, then
		 * qword 0.
		 */
		u64 zero0[WRITER_QWORDS] = { 0 };

		out->path = WRITER_BREAKING;
		entry_set(&r, zero0, 0, 1);
		entry_set(&r, to, 1, WRITER_QWORDS - 1);
		entry_set(&r, to, 0, 1);
	} else {
		/* Nothing used changes (safe bits may): one write of everything. */
		entry_set(&r, to, 0, WRITER_QWORDS);
		out->path = out->nsteps ? WRITER_NO_CRITICAL : WRITER_NOOP;
	}
}

const char *writer_path_name(enum writer_path p)
{
	switch (p) {
	case WRITER_NOOP:
		return "noop";
	case WRITER_NO_CRITICAL:
		return "no-critical";
	case WRITER_HITLESS:
		return "hitless";
	case WRITER_BREAKING:
		return "breaking";
	}
	return "?";   /* LCOV_EXCL_LINE: a value outside enum writer_path; the switch names every enumerator (-Wswitch) */
}

const char *writer_sync_name(enum writer_kind k)
{
	return k == WRITER_STE ? "CFGI_STE" : "CFGI_CD";
}

const char *writer_kind_name(enum writer_kind k)
{
	return k == WRITER_STE ? "ste" : "cd";
}

bool writer_kind_parse(const char *name, enum writer_kind *k)
{
	if (strcmp(name, "ste") == 0)
		*k = WRITER_STE;
	else if (strcmp(name, "cd") == 0)
		*k = WRITER_CD;
	else
		return false;
	return true;
}
