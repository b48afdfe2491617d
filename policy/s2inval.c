// SPDX-License-Identifier: MIT
/*
 * Stage-2 (nest-parent) invalidation: the commands the host kernel issues
 * when its S2 page table changes (linux.md §4.1, arch.md §4.4).
 *
 * Sources: arm_smmu_tlb_inv_range_domain(), __arm_smmu_tlb_inv_range(),
 * arm_smmu_atc_inv_domain(), arm_smmu_atc_inv_to_cmd() and
 * arm_smmu_tlb_inv_context() in arm-smmu-v3.c of linux-6.18.y (linux.md
 * source C), which are the v6.13 … v7.0 code; the seed's differences are
 * from [PATCH v2 8/8] (27 Aug 2024).
 *
 * Batching: arm_smmu_cmdq_batch_add() sends a full batch of
 * CMDQ_BATCH_ENTRIES without a CMD_SYNC and arm_smmu_cmdq_batch_submit()
 * ends the last one with a CMD_SYNC, so on the queue each step is its
 * commands followed by one CMD_SYNC, whatever its length.  (With
 * ARM_SMMU_OPT_CMDQ_FORCE_SYNC a CMD_SYNC would also follow every 63rd
 * command; the merged policies refuse nesting on such an SMMU, CHK_FORCE_SYNC,
 * so the model leaves that option out.)
 */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/mutants.h>
#include <smmu-nest/s2inval.h>

#if SN_MUTANT == SN_MUT_S2INV_NO_NH_ALL /* mutant s2inv-no-nh-all */
#define MUTANT_BUG BUG_S2INV_NO_NH_ALL
#elif SN_MUTANT == SN_MUT_S2INV_NO_ATC_FULL /* mutant s2inv-no-atc-full */
#define MUTANT_BUG BUG_S2INV_NO_ATC_FULL
#elif SN_MUTANT == SN_MUT_S2INV_NO_SYNC /* mutant s2inv-no-sync */
#define MUTANT_BUG BUG_S2INV_NO_SYNC_BEFORE_NH_ALL
#elif SN_MUTANT == SN_MUT_S2INV_PARTIAL_RANGE /* mutant s2inv-partial-range */
#define MUTANT_BUG BUG_S2INV_PARTIAL_RANGE
#endif

/* Which master_domains get the full ATC flush when the S2 changes. */
enum full_atc_key {
	FULL_ATC_NESTED_ATTACH,     /* seed: master_domain->nest_parent, set for every nested attach */
	FULL_ATC_NESTED_ATS_FLUSH,  /* merged: master_domain->nested_ats_flush = enable_ats */
};

/*
 * How each policy differs.  Whether a nested attach can have ATS at all is
 * the policy row's own column (host_policy.ats: ATS_NEVER in the seed, whose
 * nested attach sets disable_ats, "Currently invalidation of ATC is not
 * supported").
 */
struct s2inv_rules {
	const char *policy;
	enum full_atc_key full_atc;
	const char *source;
};

/*
 * The seed also tests "stage == S2 && nest_parent" before NH_ALL where the
 * merged code tests "nest_parent" only; a nest parent is always stage 2
 * (arm_smmu_domain_alloc_user sets both), so the two issue the same
 * commands and the table has no column for it.
 */
static const struct s2inv_rules s2inv_rules[] = {
	{ "seed-v2", FULL_ATC_NESTED_ATTACH, "[PATCH v2 8/8] (27 Aug 2024)" },
	{ "v6.13", FULL_ATC_NESTED_ATS_FLUSH, "f27298a82ba0 (v6.13)" },
	{ "v6.15", FULL_ATC_NESTED_ATS_FLUSH, "f27298a82ba0 (v6.13)" },
	{ "v7.0", FULL_ATC_NESTED_ATS_FLUSH, "f27298a82ba0 (v6.13)" },
};

static const struct s2inv_rules *rules_of(const struct host_policy *p)
{
	for (size_t i = 0; i < sizeof(s2inv_rules) / sizeof(s2inv_rules[0]); i++)
		if (strcmp(s2inv_rules[i].policy, p->name) == 0)
			return &s2inv_rules[i];
	return NULL;
}

/* The model's IPA space: IPA_MASK is 51:12 in Linux (linux.md §1.3). */
#define S2INV_IPA_LIMIT (1ULL << 52)
/* ATC invalidations are always in 4 KB pages (arm_smmu_atc_inv_to_cmd). */
#define ATC_GRAIN_SHIFT 12
/* CMDQ_TLBI_RANGE_NUM_MAX */
#define TLBI_RANGE_NUM_MAX 31u

static unsigned ilog2_u64(u64 v) { return 63u - (unsigned)__builtin_clzll(v); }
static unsigned fls_u64(u64 v) { return v ? 64u - (unsigned)__builtin_clzll(v) : 0; }
static bool is_pow2(u64 v) { return v && !(v & (v - 1)); }

/* ------------------------------------------------------------------------ */
/* Emission                                                                 */

struct emitter {
	const struct s2inv_queue *q;
	struct s2inv_result *out;
};

static void emit(struct emitter *e, const struct sn_cmd *c, enum s2inv_step step)
{
	u64 w[2];

	sn_cmd_encode(c, w);
	e->out->ncmds++;
	e->out->per_step[step]++;
	if (c->op == CMD_SYNC)
		e->out->nsyncs++;
	if (e->q && e->q->emit)
		e->q->emit(e->q->ctx, w, step);
}

void s2inv_sync_cmd(u64 cmd[2])
{
	const struct sn_cmd c = {
		.op = CMD_SYNC, .cs = 2 /* SEV */, .msh = 3 /* ISH */, .msiattr = 0xf /* OIWB */,
	};

	sn_cmd_encode(&c, cmd);
}

static void emit_sync(struct emitter *e, enum s2inv_step step)
{
	const struct sn_cmd c = { .op = CMD_SYNC, .cs = 2, .msh = 3, .msiattr = 0xf };

	emit(e, &c, step);
}

/* ------------------------------------------------------------------------ */
/* Step 1: TLBI_S2_IPA over the range (__arm_smmu_tlb_inv_range)            */

/* TTL of a leaf of size @granule in a table of 2^@tg pages: 3, 2 or 1. */
static unsigned leaf_ttl(u64 granule, unsigned tg)
{
	return 4 - (ilog2_u64(granule) - 3) / (tg - 3);
}

/* The size step 1 covers: all of it, or (planted bug) the first granule. */
static u64 s2_size(const struct host_policy *p, const struct s2inv_change *c)
{
	if ((p->bugs & BUG_S2INV_PARTIAL_RANGE) && c->size > c->granule)
		return c->granule;
	return c->size;
}

/* Pages the RIL loop starts with, after the non-leaf bump. */
static u64 ril_pages(u64 size, unsigned tg, bool leaf)
{
	u64 num_pages = size >> tg;

	/* Non-leaf: TTL = 0, and avoid NUM == SCALE == 0 (linux.md §4.1). */
	if (!leaf && (num_pages & TLBI_RANGE_NUM_MAX) == 1)
		num_pages++;
	return num_pages;
}

static void s2_range(struct emitter *e, const struct s2inv_domain *d,
		     const struct s2inv_change *c, u64 size)
{
	const unsigned tg = d->page_shift;
	struct sn_cmd cmd = {
		.op = CMD_TLBI_S2_IPA, .vmid = d->vmid, .leaf = c->leaf,
	};
	u64 iova = c->iova, end = c->iova + size, num_pages = 0, step = c->granule;

	if (d->range_inv) {
		num_pages = ril_pages(size, tg, c->leaf);
		cmd.tg = (u8)((tg - 10) / 2);           /* 12, 14, 16 -> 1, 2, 3 */
		if (c->leaf)
			cmd.ttl = (u8)leaf_ttl(c->granule, tg);
	}
	while (iova < end) {
		if (d->range_inv) {
			/* Each command: the lowest 5-bit run of the pages left. */
			unsigned scale = (unsigned)__builtin_ctzll(num_pages);
			u64 num = (num_pages >> scale) & TLBI_RANGE_NUM_MAX;

			cmd.scale = (u8)scale;
			cmd.num = (u8)(num - 1);
			step = num << (scale + tg);
			num_pages -= num << scale;
		}
		cmd.addr = iova;
		emit(e, &cmd, S2INV_STEP_S2);
		iova += step;
	}
}

/* ------------------------------------------------------------------------ */
/* Step 3: ATC (arm_smmu_atc_inv_domain, arm_smmu_atc_inv_to_cmd)           */

/* The ATC_INV for @ssid over [iova, iova + size); size 0 means everything. */
static void atc_cmd(u32 ssid, u64 iova, u64 size, struct sn_cmd *cmd)
{
	u64 start, end;
	unsigned log2_span;

	*cmd = (struct sn_cmd){ .op = CMD_ATC_INV, .ssv = ssid != 0, .ssid = ssid };
	if (!size) {
		cmd->size = CMD_ATC_SIZE_ALL;
		return;
	}
	/* The smallest aligned power-of-two span of pages holding the range. */
	start = iova >> ATC_GRAIN_SHIFT;
	end = (iova + size - 1) >> ATC_GRAIN_SHIFT;
	log2_span = fls_u64(start ^ end);
	start &= ~((1ULL << log2_span) - 1);
	cmd->addr = start << ATC_GRAIN_SHIFT;
	cmd->size = (u8)log2_span;
}

static bool full_atc(const struct host_policy *p, const struct s2inv_rules *r,
		     const struct s2inv_master *m)
{
	bool full = r->full_atc == FULL_ATC_NESTED_ATTACH ? m->nested : m->nested_ats_flush;

	return full && !(p->bugs & BUG_S2INV_NO_ATC_FULL);
}

static void atc_domain(struct emitter *e, const struct host_policy *p,
		       const struct s2inv_rules *r, const struct s2inv_domain *d,
		       u64 iova, u64 size)
{
	size_t nats = 0;
	struct sn_cmd cmd;

	if (!d->ats)
		return;
	for (size_t i = 0; i < d->nmasters; i++)
		nats += d->masters[i].ats_enabled;
	if (!nats)              /* nr_ats_masters == 0 */
		return;

	for (size_t i = 0; i < d->nmasters; i++) {
		const struct s2inv_master *m = &d->masters[i];

		if (!m->ats_enabled)
			continue;
		if (full_atc(p, r, m))
			atc_cmd(0, 0, 0, &cmd);
		else
			atc_cmd(m->ssid, iova, size, &cmd);
		for (size_t j = 0; j < m->nsids; j++) {
			cmd.sid = m->sids[j];
			emit(e, &cmd, S2INV_STEP_ATC);
		}
	}
	emit_sync(e, S2INV_STEP_ATC);
}

/* ------------------------------------------------------------------------ */
/* Input checks: refuse what the kernel cannot be asked                     */

static const char *check_masters(const struct host_policy *p, const struct s2inv_domain *d)
{
	if (d->nmasters && !d->masters)
		return "masters missing";
	for (size_t i = 0; i < d->nmasters; i++) {
		const struct s2inv_master *m = &d->masters[i];

		if (!m->nsids || !m->sids)
			return "a master has no StreamID";
		if (m->ssid > 0xfffff)
			return "ssid wider than 20 bits";
		if (m->nested && !d->nest_parent)
			return "nested attach on a domain that is not a nest parent";
		if (m->nested_ats_flush && !m->nested)
			return "nested_ats_flush on a master not attached through a nested domain";
		if (m->ats_enabled && !d->ats)
			return "master with ATS on an SMMU without FEAT_ATS";
		if (m->ats_enabled && m->nested && p->ats == ATS_NEVER)
			return "this policy never enables ATS on a nested attach";
	}
	return NULL;
}

static const char *check_change(const struct host_policy *p, const struct s2inv_domain *d,
				const struct s2inv_change *c)
{
	const unsigned tg = d->page_shift;
	const u64 page = 1ULL << tg;
	unsigned log2g;

	if (c->kind == S2INV_FLUSH_ALL)
		return NULL;
	if (c->kind != S2INV_RANGE)
		return "unknown change kind";
	if (!c->size)
		return "empty range (iotlb_sync returns before invalidating)";
	if ((c->iova | c->size) & (page - 1))
		return "range not aligned to the page size";
	if (c->iova >= S2INV_IPA_LIMIT || c->size > S2INV_IPA_LIMIT - c->iova)
		return "range beyond a 52-bit IPA";
	if (!is_pow2(c->granule) || c->granule < page)
		return "granule not a power of two of at least one page";
	log2g = ilog2_u64(c->granule);
	if (c->leaf && ((log2g - 3) % (tg - 3) || (log2g - 3) / (tg - 3) > 3))
		return "leaf granule is not a page or block size of the table";
	if (d->range_inv && (s2_size(p, c) >> tg) >= (1ULL << 31))
		return "more pages than a range TLBI's SCALE can express";
	if (!d->range_inv &&
	    (s2_size(p, c) - 1) / c->granule >= S2INV_MAX_STEP_CMDS)
		return "more than S2INV_MAX_STEP_CMDS S2_IPA commands";
	return NULL;
}

static const char *check_input(const struct host_policy *p, const struct s2inv_domain *d,
			       const struct s2inv_change *c)
{
	if (d->page_shift != 12 && d->page_shift != 14 && d->page_shift != 16)
		return "page size not 4 KB, 16 KB or 64 KB";
	const char *why = check_masters(p, d);

	return why ? why : check_change(p, d, c);
}

/* ------------------------------------------------------------------------ */

static void range_domain(struct emitter *e, const struct host_policy *p,
			 const struct s2inv_rules *r, const struct s2inv_domain *d,
			 const struct s2inv_change *c)
{
	const bool nh_all = d->nest_parent && !(p->bugs & BUG_S2INV_NO_NH_ALL);
	const struct sn_cmd nh = { .op = CMD_TLBI_NH_ALL, .vmid = d->vmid };

	s2_range(e, d, c, s2_size(p, c));
	if (!(nh_all && (p->bugs & BUG_S2INV_NO_SYNC_BEFORE_NH_ALL)))
		emit_sync(e, S2INV_STEP_S2);
	if (nh_all) {
		/* Combined S1+S2 entries survive S2_IPA (IHI0070 §4.4.3.1). */
		emit(e, &nh, S2INV_STEP_NH_ALL);
		emit_sync(e, S2INV_STEP_NH_ALL);
	}
	/* Not leaf-only: a whole table may have gone. */
	atc_domain(e, p, r, d, c->iova, c->size);
}

static void flush_all(struct emitter *e, const struct host_policy *p,
		      const struct s2inv_rules *r, const struct s2inv_domain *d)
{
	/* S12_VMALL drops the VMID's stage-1 entries too: no NH_ALL. */
	const struct sn_cmd all = { .op = CMD_TLBI_S12_VMALL, .vmid = d->vmid };

	emit(e, &all, S2INV_STEP_S2);
	emit_sync(e, S2INV_STEP_S2);
	atc_domain(e, p, r, d, 0, 0);
}

void s2inv_run(const struct host_policy *p, const struct s2inv_domain *d,
	       const struct s2inv_change *c, const struct s2inv_queue *q,
	       struct s2inv_result *out)
{
	const struct s2inv_rules *r = rules_of(p);
	struct emitter e = { .q = q, .out = out };
	const char *why;

#ifdef MUTANT_BUG /* a mutant above: its planted bug in every policy row */
	struct host_policy planted = *p;
	planted.bugs |= MUTANT_BUG;
	p = &planted;
#endif
	memset(out, 0, sizeof(*out));
	if (!r) {
		out->err = SN_EINVAL;
		snprintf(out->reason, sizeof(out->reason),
			 "policy %s has no stage-2 invalidation rules", p->name);
		return;
	}
	why = check_input(p, d, c);
	if (why) {
		out->err = SN_EINVAL;
		snprintf(out->reason, sizeof(out->reason), "%s", why);
		return;
	}
	if (c->kind == S2INV_FLUSH_ALL)
		flush_all(&e, p, r, d);
	else
		range_domain(&e, p, r, d, c);
	snprintf(out->reason, sizeof(out->reason),
		 "%zu commands (%zu CMD_SYNC): %zu S2, %zu NH_ALL, %zu ATC", out->ncmds,
		 out->nsyncs, out->per_step[S2INV_STEP_S2],
		 out->per_step[S2INV_STEP_NH_ALL], out->per_step[S2INV_STEP_ATC]);
}

static void log_emit(void *ctx, const u64 cmd[2], enum s2inv_step step)
{
	struct s2inv_log *log = ctx;

	log->total++;
	if (log->n >= log->cap) {
		log->overflow = true;
		return;
	}
	log->entries[log->n].cmd[0] = cmd[0];
	log->entries[log->n].cmd[1] = cmd[1];
	log->entries[log->n].step = step;
	log->n++;
}

void s2inv_log_queue(struct s2inv_log *log, struct s2inv_queue *q)
{
	q->emit = log_emit;
	q->ctx = log;
}
