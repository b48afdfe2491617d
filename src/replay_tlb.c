// SPDX-License-Identifier: MIT
/*
 * Replay of the cache area (tlb; vectors/SCHEMA.md "Area tlb"): a vector's
 * steps on one SMMU with caches, under one host policy and one cache mode,
 * every translation judged by the staleness oracle (oracle.h).
 *
 * What each step does to the oracle:
 *   translate  sn_oracle_translate(); kind atc is an ATS Translation
 *              Request that the device first looks up in its ATC;
 *   write      sn_oracle_write() per word;
 *   commands   sn_oracle_cmd() per command, then a settle point when the
 *              last one is a CMD_SYNC (unless settle: false);
 *   host       the policy's stage-2 change sequence (s2inv_run()), each
 *              command into the queue as it is emitted, the 'during'
 *              translations after the command they name, a settle point
 *              at the end;
 *   guest      viommu_invalidate() with a queue whose issue() puts the
 *              batch and then a CMD_SYNC, as arm_smmu_cmdq_issue_cmdlist()
 *              with sync=true does; a settle point at the end.
 *
 * A translation passes when the fresh outcome matches 'expect' and the
 * verdict is allowed for the cache mode (SCHEMA.md "The oracle and
 * verdict"): under none nothing is cached, so it must be FRESH; under max
 * it must be the vector's verdict (and the served outcome 'served', when
 * given); under lru:N entries may have been evicted, so FRESH or the
 * vector's verdict.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/tlbscn.h>

const char *const sn_tlb_modes[SN_TLB_N_MODES] = { "none", "max", "lru:4" };

void sn_tlb_mode_format(const struct tlb_policy *m, char *buf, size_t len)
{
	if (m->kind == TLB_POLICY_LRU)
		snprintf(buf, len, "lru:%u", m->lru_n);
	else
		snprintf(buf, len, "%s", m->kind == TLB_POLICY_NONE ? "none" : "max");
}

/* ------------------------------------------------------------------ */
/* Formatting                                                          */

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

void sn_tlb_cmd_format(const u64 w[2], char *buf, size_t len)
{
	static const char *const cs_names[4] = { "NONE", "IRQ", "SEV", "reserved" };
	struct sn_cmd c;

	sn_cmd_decode(w, &c);
	snprintf(buf, len, "%s", sn_cmd_name(c.op));
	if (c.op == CMD_SYNC) {
		append(buf, len, " cs=%s", cs_names[c.cs & 3]);
		return;
	}
	/* Which entries first (StreamID, VMID, ASID), then where and how much. */
	static const enum sn_tlb_cmd_field order[SN_CF_COUNT] = {
		SN_CF_SID, SN_CF_SSV, SN_CF_SSID, SN_CF_VMID, SN_CF_ASID, SN_CF_GLOBAL, SN_CF_ADDR,
		SN_CF_SIZE, SN_CF_RANGE, SN_CF_LEAF, SN_CF_NUM, SN_CF_SCALE, SN_CF_TG, SN_CF_TTL,
	};

	for (unsigned i = 0; i < SN_CF_COUNT; i++) {
		const enum sn_tlb_cmd_field f = order[i];
		u64 v = sn_tlb_cmd_field_get(&c, f);
		/* The range and ATS qualifiers only when set: 0 is their plain meaning. */
		bool quiet = f == SN_CF_NUM || f == SN_CF_SCALE || f == SN_CF_TG || f == SN_CF_TTL ||
			     f == SN_CF_SSV || f == SN_CF_GLOBAL;

		if (!sn_tlb_cmd_has_field(c.op, f) || (quiet && !v))
			continue;
		if (f == SN_CF_ADDR)
			append(buf, len, " %s=0x%" PRIx64, sn_tlb_cmd_field_names[f], v);
		else
			append(buf, len, " %s=%" PRIu64, sn_tlb_cmd_field_names[f], v);
	}
	if (c.op == CMD_CFGI_STE_RANGE && c.range == CMD_CFGI_RANGE_ALL)
		append(buf, len, " (CFGI_ALL)");
}

static const char *strw_name(enum tlb_strw w)
{
	switch (w) {
	case TLB_STRW_NS_EL1: return "NS-EL1";
	case TLB_STRW_NS_EL2: return "NS-EL2";
	case TLB_STRW_NS_EL2_E2H: return "NS-EL2-E2H";
	default: return "?";
	}
}

static u64 span(unsigned shift)
{
	return shift < 64 ? 1ULL << shift : 0;
}

void sn_tlb_entry_format(const struct tlb_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s", tlb_kind_name(e->kind));
	switch (e->kind) {
	case TLB_S1: case TLB_NESTED: case TLB_WALK_S1:
		append(buf, len, " %s", strw_name(e->strw));
		if (e->strw == TLB_STRW_NS_EL1)
			append(buf, len, " vmid=%u", e->vmid);
		if (e->global)
			append(buf, len, " global");
		else
			append(buf, len, " asid=%u", e->asid);
		append(buf, len, " va=0x%" PRIx64 " size=0x%" PRIx64 " level=%d", e->ia,
		       span(e->size_shift), e->level);
		if (e->kind == TLB_NESTED)
			append(buf, len, " s1-size=0x%" PRIx64, span(e->s1_size_shift));
		append(buf, len, e->kind == TLB_WALK_S1 ? " -> table 0x%" PRIx64 : " -> 0x%" PRIx64,
		       e->oa);
		break;
	case TLB_S2: case TLB_WALK_S2:
		append(buf, len, " vmid=%u ipa=0x%" PRIx64 " size=0x%" PRIx64 " level=%d", e->vmid,
		       e->ia, span(e->size_shift), e->level);
		append(buf, len, e->kind == TLB_WALK_S2 ? " -> table 0x%" PRIx64 : " -> 0x%" PRIx64,
		       e->oa);
		break;
	case TLB_STE:
		append(buf, len, " sid=%u w0=0x%016" PRIx64, e->sid, e->words[0]);
		break;
	case TLB_L1STD:
		append(buf, len, " sid=%u (covers 0x%" PRIx64 " StreamIDs) = 0x%016" PRIx64, e->sid,
		       span(e->span_shift), e->words[0]);
		break;
	case TLB_CD: case TLB_L1CD:
		append(buf, len, " sid=%u ssid=%u %s0x%016" PRIx64, e->sid, e->ssid,
		       e->kind == TLB_CD ? "w0=" : "= ", e->words[0]);
		break;
	case TLB_ATC:
		append(buf, len, " sid=%u", e->sid);
		if (e->ssv)
			append(buf, len, " ssid=%u", e->ssid);
		append(buf, len, " addr=0x%" PRIx64 " size=0x%" PRIx64 " -> 0x%" PRIx64, e->ia,
		       span(e->size_shift), e->oa);
		break;
	default:
		break;
	}
}

static void txn_format(const struct sn_tlb_xlate *x, char *buf, size_t len)
{
	static const char *const kinds[] = { "untranslated", "ats-request", "ats-translated" };
	const struct sn_txn *t = &x->t;

	snprintf(buf, len, "sid %" PRIu32, t->sid);
	if (t->ssv)
		append(buf, len, ", ssid %" PRIu32, t->ssid);
	append(buf, len, ", addr 0x%" PRIx64 ", %s, %s, %s, %s", t->addr,
	       t->write ? "write" : "read", t->priv ? "privileged" : "unprivileged",
	       t->instr ? "instruction" : "data",
	       x->device_atc ? "atc (the device's ATC, then an ATS request)" : kinds[t->kind]);
}

/* ------------------------------------------------------------------ */
/* Running                                                             */

struct run {
	const struct sn_tlbscn *t;
	struct host_policy pol;
	struct tlb_policy mode;
	const struct sn_tlb_obs *obs;
	struct sn_error *err;
	struct sn_built *b;
	struct sn_oracle *o;
	struct sn_judgement *j;
	unsigned failures;
	bool aborted;
	u64 overflow_seen;
	/* the step being run */
	unsigned step;
	const struct sn_tlb_step *st;
	unsigned n_cmd;                 /* commands this step has put on the queue */
	unsigned next_during;
};

__attribute__((format(printf, 5, 6)))
static void failure(struct run *r, unsigned step, int during, const struct sn_loc *at,
		    const char *fmt, ...)
{
	char why[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	r->failures++;
	if (r->obs && r->obs->failure)
		r->obs->failure(r->obs->ctx, step, during, at, why);
}

/* A run that cannot go on (caught by the loader already, so a model error). */
__attribute__((format(printf, 3, 4)))
static void abort_run(struct run *r, const struct sn_loc *at, const char *fmt, ...)
{
	char *msg = r->err->msg;
	const size_t len = sizeof(r->err->msg);
	size_t used;
	va_list ap;

	if (r->aborted)
		return;
	snprintf(msg, len, "%s:%u:%u: ", at->file, at->line, at->col);
	used = strlen(msg);
	va_start(ap, fmt);
	vsnprintf(msg + used, len - used, fmt, ap);
	va_end(ap);
	r->aborted = true;
}

static const char *expected_verdicts(const struct run *r, enum sn_verdict want)
{
	if (r->mode.kind == TLB_POLICY_NONE)
		return "FRESH";
	if (r->mode.kind == TLB_POLICY_MAX)
		return sn_verdict_name(want);
	return "FRESH or ACCEPTABLE";   /* lru fails only on a STALE that max does not find */
}

static bool verdict_allowed(const struct run *r, enum sn_verdict want, enum sn_verdict got)
{
	switch (r->mode.kind) {
	case TLB_POLICY_NONE:
		return got == SN_VERDICT_FRESH;         /* nothing is cached */
	case TLB_POLICY_MAX:
		return got == want;
	default:
		/*
		 * An entry may have been evicted (FRESH), and pending invalidations
		 * complete only at their CMD_SYNC, where max lets the stage-1 ones go
		 * first: between a TLBI and its SYNC the old entry may still serve,
		 * which the architecture allows (ACCEPTABLE; IHI0070 §4.7.3).  STALE
		 * only where max finds it too.
		 */
		return got == SN_VERDICT_FRESH || got == SN_VERDICT_ACCEPTABLE || got == want;
	}
}

static void judge(struct run *r, int during, const struct sn_tlb_xlate *x)
{
	struct sn_judgement *j = r->j;
	char why[400], pre[64] = "";

	sn_oracle_translate(r->o, &x->t, x->device_atc, j);
	if (r->obs && r->obs->translate)
		r->obs->translate(r->obs->ctx, r->step, during, x, j);
	if (during >= 0)
		snprintf(pre, sizeof(pre), "during %d (after command %u): ", during,
			 r->st->during[during].after);
	if (!sn_arch_outcome_matches(&x->expect, &j->fresh, why, sizeof(why), NULL)) {
		failure(r, r->step, during, &x->loc, "%s%s", pre, why);
		return;
	}
	if (r->obs && r->obs->fresh_only)
		return;
	if (!verdict_allowed(r, x->verdict, j->verdict)) {
		failure(r, r->step, during, &x->loc, "%sverdict: expected %s, got %s%s%s%s", pre,
			expected_verdicts(r, x->verdict), sn_verdict_name(j->verdict),
			j->diff[0] ? " (" : "", j->diff, j->diff[0] ? ")" : "");
		return;
	}
	if (r->mode.kind == TLB_POLICY_MAX && x->has_served &&
	    !sn_arch_outcome_matches(&x->served, &j->served, why, sizeof(why), NULL))
		failure(r, r->step, during, &x->loc, "%sserved: %s", pre, why);
}

/*
 * One command onto the host queue.  (A full pending window completes its
 * oldest invalidation early, which IHI0070 §4.7.3 allows: nothing is lost.)
 */
static void put(struct run *r, const u64 cmd[2])
{
	enum tlb_queue_result q = sn_oracle_cmd(r->o, cmd);

	r->n_cmd++;
	if (r->obs && r->obs->command)
		r->obs->command(r->obs->ctx, r->step, r->n_cmd, cmd, q);
}

static void run_write(struct run *r, const struct sn_tlb_step *st)
{
	for (unsigned i = 0; i < st->n_writes && !r->aborted; i++) {
		const struct sn_scn_raw *w = &st->writes[i];

		for (unsigned k = 0; k < w->n_words; k++) {
			if (r->obs && r->obs->write)
				r->obs->write(r->obs->ctx, r->step, w->addr + 8 * (u64)k, w->words[k]);
			if (sn_oracle_write(r->o, w->addr + 8 * (u64)k, w->words[k]) != 0) {
				abort_run(r, &w->loc, "writing PA 0x%" PRIx64 " passes the memory "
					  "cap of %u pages", w->addr + 8 * (u64)k,
					  r->t->scn.memory.max_pages);
				return;
			}
		}
	}
}

static bool run_commands(struct run *r, const struct sn_tlb_step *st)
{
	for (unsigned i = 0; i < st->n_cmds; i++)
		put(r, st->cmds[i].w);
	return st->settle;
}

static void host_emit(void *ctx, const u64 cmd[2], enum s2inv_step step)
{
	struct run *r = ctx;
	const struct sn_tlb_step *st = r->st;

	(void)step;
	put(r, cmd);
	/* The device keeps translating while the host invalidates. */
	while (r->next_during < st->n_during && st->during[r->next_during].after == r->n_cmd) {
		judge(r, (int)r->next_during, &st->during[r->next_during].x);
		r->next_during++;
	}
}

static bool run_host(struct run *r, const struct sn_tlb_step *st)
{
	struct s2inv_master *masters = calloc(r->t->domain.n_masters + 1, sizeof(*masters));
	struct s2inv_queue q = { host_emit, r };
	struct s2inv_domain d;
	struct s2inv_result res;

	if (!masters) {
		abort_run(r, &st->loc, "out of memory");
		return false;
	}
	sn_tlb_s2inv_domain(r->t, &d, masters);
	if (r->obs && r->obs->host_change)
		r->obs->host_change(r->obs->ctx, &d, &st->change, &q, &res);
	else
		s2inv_run(&r->pol, &d, &st->change, &q, &res);
	free(masters);
	/*
	 * Another implementation's sequence need not be as long as the
	 * policy's, which the 'after' numbers count: what it leaves out runs
	 * once the sequence is done.
	 */
	while (r->obs && r->obs->host_change && res.err == SN_OK &&
	       r->next_during < st->n_during) {
		judge(r, (int)r->next_during, &st->during[r->next_during].x);
		r->next_during++;
	}
	if (res.err != SN_OK)
		abort_run(r, &st->action_loc, "key 'host': policy %s cannot make this change: %s",
			  r->pol.name, res.reason);
	else if (r->next_during < st->n_during)
		abort_run(r, &st->during[r->next_during].after_loc, "key 'after': %u is beyond the "
			  "host sequence, which has %zu commands under policy %s",
			  st->during[r->next_during].after, res.ncmds, r->pol.name);
	return true;
}

/* arm_smmu_cmdq_issue_cmdlist(..., sync=true): the batch, then a CMD_SYNC. */
static int guest_issue(void *ctx, const u64 (*cmds)[2], unsigned n, bool sync)
{
	struct run *r = ctx;
	u64 s[2];

	for (unsigned i = 0; i < n; i++)
		put(r, cmds[i]);
	if (sync) {
		s2inv_sync_cmd(s);
		put(r, s);
	}
	return 0;
}

static bool run_guest(struct run *r, const struct sn_tlb_step *st)
{
	const struct sn_tlb_viommu *vi = &r->t->viommu;
	const struct viommu v = { .vmid = vi->vmid, .vdevs = vi->vdevs, .nvdevs = vi->n_vdevs };
	const struct viommu_queue q = { guest_issue, r };
	u64 (*cmds)[2] = calloc(st->n_cmds, sizeof(*cmds));
	struct viommu_inv_result res;

	if (!cmds) {
		abort_run(r, &st->loc, "out of memory");
		return false;
	}
	for (unsigned i = 0; i < st->n_cmds; i++) {
		cmds[i][0] = st->cmds[i].w[0];
		cmds[i][1] = st->cmds[i].w[1];
	}
	viommu_invalidate(&r->pol, &v, (const u64 (*)[2])cmds, st->n_cmds, &q, &res);
	free(cmds);
	if (r->obs && r->obs->guest)
		r->obs->guest(r->obs->ctx, r->step, &res);
	if (res.err != st->error)
		failure(r, r->step, -1, &st->loc, "error: expected %s, got %s (%s)",
			st->error ? sn_errno_name(st->error) : "none",
			res.err ? sn_errno_name(res.err) : "none", res.reason);
	return true;
}

static void run_step(struct run *r, unsigned i)
{
	const struct sn_tlb_step *st = &r->t->steps[i];
	bool settle = false;

	r->step = i;
	r->st = st;
	r->n_cmd = 0;
	r->next_during = 0;
	if (r->obs && r->obs->step_begin)
		r->obs->step_begin(r->obs->ctx, i, sn_oracle_clock(r->o));
	switch (st->kind) {
	case SN_TLB_TRANSLATE:
		judge(r, -1, &st->x);
		break;
	case SN_TLB_WRITE:
		run_write(r, st);
		break;
	case SN_TLB_COMMANDS:
		settle = run_commands(r, st);
		break;
	case SN_TLB_HOST:
		settle = run_host(r, st);
		break;
	case SN_TLB_GUEST:
		settle = run_guest(r, st);
		break;
	}
	if (r->aborted)
		return;
	/* SCHEMA.md: the software declares its update complete here. */
	if (settle)
		sn_oracle_settle(r->o);
	if (tlb_get_stats(sn_oracle_tlb(r->o))->overflow > r->overflow_seen) {
		r->overflow_seen = tlb_get_stats(sn_oracle_tlb(r->o))->overflow;
		failure(r, i, -1, &st->loc, "the cache store is full (%u entries), so an entry was "
			"not kept", SN_TLB_CAPACITY);
	}
	if (r->obs && r->obs->step_end)
		r->obs->step_end(r->obs->ctx, i, sn_oracle_clock(r->o), settle);
}

int sn_tlb_run(const struct sn_tlbscn *t, const struct host_policy *p,
	       const struct tlb_policy *mode, const struct sn_tlb_obs *obs,
	       struct sn_error *err)
{
	struct run r = { .t = t, .pol = *p, .mode = *mode, .obs = obs, .err = err };
	int rc = -1;

	r.pol.bugs |= t->bug;
	r.b = malloc(sizeof(*r.b));
	r.j = malloc(sizeof(*r.j));
	if (!r.b || !r.j) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		goto out;
	}
	if (sn_scenario_build(&t->scn, r.b, err) != 0) {
		free(r.b);
		r.b = NULL;
		goto out;
	}
	if (obs && obs->built)
		obs->built(obs->ctx, r.b);
	r.o = sn_oracle_new(&r.b->smmu, mode, SN_TLB_CAPACITY);
	if (!r.o) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		goto out;
	}
	for (unsigned i = 0; i < t->n_steps && !r.aborted; i++)
		run_step(&r, i);
	rc = r.aborted ? -1 : (int)r.failures;
out:
	sn_oracle_free(r.o);
	if (r.b)
		sn_built_free(r.b);
	free(r.b);
	free(r.j);
	return rc;
}

/* ------------------------------------------------------------------ */
/* explain                                                             */

struct xp_cmd {
	u64 w[2];
	enum tlb_queue_result q;
	unsigned n;
};

struct xp_judged {
	int during;
	const struct sn_tlb_xlate *x;
	struct sn_judgement j;
	unsigned after_cmds;            /* commands of the step queued before it */
};

struct xp_origin {
	unsigned step;
	int during;
};

struct xp {
	FILE *out;
	const struct sn_tlbscn *t;
	unsigned want;
	u64 *begin, *end;               /* oracle clock around each step */
	bool *settled;
	struct xp_origin *origins;      /* translation number - 1 -> where it ran */
	size_t n_origins, cap_origins;
	struct xp_cmd *cmds;
	size_t n_cmds, cap_cmds;
	struct xp_judged *judged;
	size_t n_judged, cap_judged;
	bool has_guest;
	struct viommu_inv_result guest;
	char (*fails)[720];
	size_t n_fails, cap_fails;
	bool oom;
};

/* Make room in the array @arr (of @cap items) for item @n; false if out of memory. */
#define GROW(arr, cap, n) grow_to((void **)&(arr), &(cap), (n), sizeof(*(arr)))

static bool grow_to(void **arr, size_t *cap, size_t n, size_t size)
{
	void *q;
	size_t c;

	if (n < *cap)
		return true;
	c = *cap ? 2 * *cap : 16;
	q = realloc(*arr, c * size);
	if (!q)
		return false;
	*arr = q;
	*cap = c;
	return true;
}

static void xp_step_begin(void *ctx, unsigned step, u64 clock)
{
	struct xp *x = ctx;

	x->begin[step] = clock;
}

static void xp_step_end(void *ctx, unsigned step, u64 clock, bool settled)
{
	struct xp *x = ctx;

	x->end[step] = clock;
	x->settled[step] = settled;
}

static void xp_command(void *ctx, unsigned step, unsigned n, const u64 cmd[2],
		       enum tlb_queue_result q)
{
	struct xp *x = ctx;

	if (step != x->want)
		return;
	if (!GROW(x->cmds, x->cap_cmds, x->n_cmds)) {
		x->oom = true;
		return;
	}
	x->cmds[x->n_cmds++] = (struct xp_cmd){ { cmd[0], cmd[1] }, q, n };
}

static void xp_translate(void *ctx, unsigned step, int during, const struct sn_tlb_xlate *tx,
			 const struct sn_judgement *j)
{
	struct xp *x = ctx;

	if (GROW(x->origins, x->cap_origins, x->n_origins))
		x->origins[x->n_origins++] = (struct xp_origin){ step, during };
	else
		x->oom = true;
	if (step != x->want)
		return;
	if (!GROW(x->judged, x->cap_judged, x->n_judged)) {
		x->oom = true;
		return;
	}
	x->judged[x->n_judged] = (struct xp_judged){ .during = during, .x = tx, .j = *j,
						     .after_cmds = (unsigned)x->n_cmds };
	x->n_judged++;
}

static void xp_guest(void *ctx, unsigned step, const struct viommu_inv_result *r)
{
	struct xp *x = ctx;

	if (step != x->want)
		return;
	x->has_guest = true;
	x->guest = *r;
}

static void xp_failure(void *ctx, unsigned step, int during, const struct sn_loc *at,
		       const char *why)
{
	struct xp *x = ctx;

	(void)during;
	(void)at;
	if (step != x->want)
		return;
	if (!GROW(x->fails, x->cap_fails, x->n_fails)) {
		x->oom = true;
		return;
	}
	snprintf(x->fails[x->n_fails++], sizeof(x->fails[0]), "%s", why);
}

/* Where translation number @txn (1-based) ran: "step 2" or "step 3, during 0". */
static void origin_text(const struct xp *x, u64 txn, char *buf, size_t len)
{
	const struct xp_origin *o;

	if (txn == 0 || txn > x->n_origins) {
		snprintf(buf, len, "translation %" PRIu64, txn);
		return;
	}
	o = &x->origins[txn - 1];
	if (o->during >= 0)
		snprintf(buf, len, "translation %" PRIu64 " (step %u, during %d)", txn, o->step,
			 o->during);
	else
		snprintf(buf, len, "translation %" PRIu64 " (step %u)", txn, o->step);
}

/* The step whose run covers oracle clock @clock, or -1. */
static int step_at(const struct xp *x, u64 clock)
{
	for (unsigned s = 0; s <= x->want && s < x->t->n_steps; s++)
		if (clock > x->begin[s] && clock <= x->end[s])
			return (int)s;
	return -1;
}

/* The step that ended at the settle point @clock, or -1. */
static int settle_step(const struct xp *x, u64 clock)
{
	for (unsigned s = 0; s < x->want && s < x->t->n_steps; s++)
		if (x->settled[s] && x->end[s] == clock)
			return (int)s;
	return -1;
}

static void print_culprit(const struct xp *x, const char *ind, unsigned i,
			  const struct sn_culprit *c, const struct sn_judgement *j)
{
	char buf[256];
	int ws = step_at(x, c->written_at);

	sn_tlb_entry_format(&c->entry, buf, sizeof(buf));
	fprintf(x->out, "%sculprit %u: %s\n", ind, i + 1, buf);
	if (c->entry.desc[0])
		fprintf(x->out, "%s  desc: %s\n", ind, c->entry.desc);
	origin_text(x, c->entry.origin, buf, sizeof(buf));
	fprintf(x->out, "%s  built: entry %" PRIu64 " of the store, by %s\n", ind, c->entry.seq,
		buf);
	fprintf(x->out, "%s  from: PA 0x%" PRIx64 ", 0x%016" PRIx64 " -> 0x%016" PRIx64, ind, c->pa,
		c->was, c->now);
	if (ws >= 0)
		fprintf(x->out, ", written by step %d", ws);
	fprintf(x->out, " (%s the last settle point)\n",
		c->written_at < j->settled_at ? "before" : "after");
	if (c->has_remover) {
		sn_tlb_cmd_format(c->remover, buf, sizeof(buf));
		fprintf(x->out, "%s  removed by: %s, then a CMD_SYNC\n", ind, buf);
	} else {
		fprintf(x->out, "%s  removed by: no single command the model knows\n", ind);
	}
}

/* sn_xlate_format(), and the ATS grant of an answered Translation Request. */
static void xlate_text(const struct sn_tlb_xlate *tx, const struct sn_xlate *r, char *buf,
		       size_t len)
{
	sn_xlate_format(r, buf, len);
	if (tx->t.kind == SN_TXN_ATS_REQUEST && r->disp == SN_XLATE_OK)
		append(buf, len, " ats-grant=%c%c%c", r->ats_grant & SN_ATS_R ? 'r' : '-',
		       r->ats_grant & SN_ATS_W ? 'w' : '-', r->ats_grant & SN_ATS_X ? 'x' : '-');
}

static void print_judgement(const struct xp *x, const struct xp_judged *jd,
			    const struct tlb_policy *mode)
{
	const struct sn_judgement *j = &jd->j;
	const char *ind = jd->during >= 0 ? "      " : "  ";
	char buf[256], why[400];
	int ss = settle_step(x, j->settled_at);

	if (jd->during >= 0)
		fprintf(x->out, "    during %d (line %u): translate ", jd->during, jd->x->loc.line);
	else
		fprintf(x->out, "  translate ");
	txn_format(jd->x, buf, sizeof(buf));
	fprintf(x->out, "%s\n", buf);
	xlate_text(jd->x, &j->served, buf, sizeof(buf));
	fprintf(x->out, "%sserved: %s%s\n", ind, buf, j->from_atc ? " (from the device's ATC)" : "");
	xlate_text(jd->x, &j->fresh, buf, sizeof(buf));
	fprintf(x->out, "%sfresh:  %s\n", ind, buf);
	fprintf(x->out, "%sverdict: %s (the vector expects %s under max)\n", ind,
		sn_verdict_name(j->verdict), sn_verdict_name(jd->x->verdict));
	if (j->diff[0])
		fprintf(x->out, "%sdifference: %s\n", ind, j->diff);
	if (ss >= 0)
		fprintf(x->out, "%slast settle point: the end of step %d\n", ind, ss);
	else
		fprintf(x->out, "%slast settle point: none yet\n", ind);
	fprintf(x->out, "%sserved by %u cache entr%s\n", ind, j->n_used,
		j->n_used == 1 ? "y" : "ies");
	for (unsigned i = 0; i < j->n_used; i++) {
		char from[96];

		sn_tlb_entry_format(&j->used[i], buf, sizeof(buf));
		origin_text(x, j->used[i].origin, from, sizeof(from));
		fprintf(x->out, "%s  %s (entry %" PRIu64 ", built by %s)\n", ind, buf,
			j->used[i].seq, from);
	}
	for (unsigned i = 0; i < j->n_culprits; i++)
		print_culprit(x, ind, i, &j->culprits[i], j);
	if (sn_arch_outcome_matches(&jd->x->expect, &j->fresh, why, sizeof(why), NULL))
		fprintf(x->out, "%sexpect: matches\n", ind);
	else
		fprintf(x->out, "%sexpect: MISMATCH: %s\n", ind, why);
	if (!jd->x->has_served || mode->kind != TLB_POLICY_MAX)
		return;
	if (sn_arch_outcome_matches(&jd->x->served, &j->served, why, sizeof(why), NULL))
		fprintf(x->out, "%sserved (max): matches\n", ind);
	else
		fprintf(x->out, "%sserved (max): MISMATCH: %s\n", ind, why);
}

static const char *queue_result_text(enum tlb_queue_result q)
{
	switch (q) {
	case TLB_Q_QUEUED: return "pending until a CMD_SYNC";
	case TLB_Q_SYNCED: return "every earlier invalidation completes";
	case TLB_Q_IGNORED: return "removes nothing from the caches";
	case TLB_Q_STOPPED: return "not consumed: CERROR_ILL stopped the queue";
	}
	return "?";
}

/* Commands [from, to) of the step, with the 'during' translations after them. */
static void print_cmds(const struct xp *x, size_t from, size_t to, const struct tlb_policy *mode,
		       size_t *next_judged)
{
	char buf[200];

	for (size_t i = from; i < to; i++) {
		sn_tlb_cmd_format(x->cmds[i].w, buf, sizeof(buf));
		fprintf(x->out, "  %3u %-60s %s\n", x->cmds[i].n, buf,
			queue_result_text(x->cmds[i].q));
		while (*next_judged < x->n_judged && x->judged[*next_judged].after_cmds == i + 1)
			print_judgement(x, &x->judged[(*next_judged)++], mode);
	}
}

static void print_step(const struct xp *x, const struct sn_tlb_step *st,
		       const struct tlb_policy *mode)
{
	size_t next = 0;
	char buf[200];

	switch (st->kind) {
	case SN_TLB_TRANSLATE:
		fprintf(x->out, "translate\n");
		for (size_t i = 0; i < x->n_judged; i++)
			print_judgement(x, &x->judged[i], mode);
		return;
	case SN_TLB_WRITE:
		fprintf(x->out, "write (memory changes)\n");
		for (unsigned i = 0; i < st->n_writes; i++)
			for (unsigned k = 0; k < st->writes[i].n_words; k++)
				fprintf(x->out, "  PA 0x%" PRIx64 " <- 0x%016" PRIx64 "\n",
					st->writes[i].addr + 8 * (u64)k, st->writes[i].words[k]);
		fprintf(x->out, "  settles: no (only a SYNC-ended commands, host or guest step does)\n");
		return;
	case SN_TLB_COMMANDS:
		fprintf(x->out, "commands on the host queue (%u)\n", st->n_cmds);
		print_cmds(x, 0, x->n_cmds, mode, &next);
		fprintf(x->out, "  settles: %s\n", st->settle ? "yes, at its final CMD_SYNC" :
			sn_field_get(CMD_DW0_OP, st->cmds[st->n_cmds - 1].w[0]) == CMD_SYNC ?
			"no (settle: false)" : "no, its last command is not a CMD_SYNC");
		return;
	case SN_TLB_HOST:
		if (st->change.kind == S2INV_FLUSH_ALL)
			fprintf(x->out, "host stage-2 change: flush-all\n");
		else
			fprintf(x->out, "host stage-2 change: range iova 0x%" PRIx64 " size 0x%"
				PRIx64 " granule 0x%" PRIx64 " %s\n", st->change.iova,
				st->change.size, st->change.granule,
				st->change.leaf ? "leaf" : "non-leaf");
		fprintf(x->out, "  the policy's sequence (%zu commands):\n", x->n_cmds);
		print_cmds(x, 0, x->n_cmds, mode, &next);
		fprintf(x->out, "  settles: yes, at the end of the sequence\n");
		return;
	case SN_TLB_GUEST:
		fprintf(x->out, "guest commands through the vIOMMU (%u)\n", st->n_cmds);
		for (unsigned i = 0; i < st->n_cmds; i++) {
			sn_tlb_cmd_format(st->cmds[i].w, buf, sizeof(buf));
			fprintf(x->out, "  guest %u: %s\n", i, buf);
		}
		if (x->has_guest)
			fprintf(x->out, "  kernel: %s (%s)\n", x->guest.err ?
				sn_errno_name(x->guest.err) : "returns 0", x->guest.reason);
		fprintf(x->out, "  on the host queue (%zu commands):\n", x->n_cmds);
		print_cmds(x, 0, x->n_cmds, mode, &next);
		fprintf(x->out, "  settles: yes, at the end of the step\n");
		return;
	}
}

static void xp_free(struct xp *x)
{
	free(x->begin);
	free(x->end);
	free(x->settled);
	free(x->origins);
	free(x->cmds);
	free(x->judged);
	free(x->fails);
}

int sn_tlb_explain(FILE *out, const char *id, const struct sn_tlbscn *t, unsigned step,
		   const struct host_policy *p, const struct tlb_policy *mode,
		   struct sn_error *err)
{
	struct xp x = { .out = out, .t = t, .want = step };
	const struct sn_tlb_obs obs = {
		.ctx = &x, .step_begin = xp_step_begin, .step_end = xp_step_end,
		.command = xp_command, .translate = xp_translate, .guest = xp_guest,
		.failure = xp_failure,
	};
	const struct sn_tlb_step *st = &t->steps[step];
	char mname[16];
	int rc;

	x.begin = calloc(t->n_steps, sizeof(*x.begin));
	x.end = calloc(t->n_steps, sizeof(*x.end));
	x.settled = calloc(t->n_steps, sizeof(*x.settled));
	if (!x.begin || !x.end || !x.settled) {
		xp_free(&x);
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	rc = sn_tlb_run(t, p, mode, &obs, err);
	if (rc >= 0 && x.oom) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		rc = -1;
	}
	if (rc < 0) {
		xp_free(&x);
		return -1;
	}
	sn_tlb_mode_format(mode, mname, sizeof(mname));
	fprintf(out, "%s [step %u] (%s", id, step, p->name);
	if (t->bug_name)
		fprintf(out, " with bug %s", t->bug_name);
	fprintf(out, ", %s) (%s:%u): ", mname, st->loc.file, st->loc.line);
	print_step(&x, st, mode);
	for (size_t i = 0; i < x.n_fails; i++)
		fprintf(out, "  FAILED: %s\n", x.fails[i]);
	rc = (int)x.n_fails;
	xp_free(&x);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The invalidation table                                              */

static void print_kinds(FILE *out, u32 kinds)
{
	const char *sep = "";

	if (!kinds)
		fprintf(out, "nothing");
	for (unsigned k = 0; k < TLB_KIND_COUNT; k++) {
		if (kinds & TLB_KIND_BIT(k)) {
			fprintf(out, "%s%s", sep, tlb_kind_name((enum tlb_kind)k));
			sep = ", ";
		}
	}
	fprintf(out, "\n");
}

void sn_tlb_print_inval_table(FILE *out)
{
	static const struct {
		u32 bit;
		const char *text;
	} preds[] = {
		{ TLB_M_VMID, "VMID equal" },
		{ TLB_M_ASID_OR_GLOBAL, "global, or ASID equal" },
		{ TLB_M_ASID_NONGLOBAL, "not global and ASID equal" },
		{ TLB_M_ADDR, "address in the command's range (Address, TG, TTL, NUM, SCALE; "
		  "IHI0070 §4.4.1.1)" },
		{ TLB_M_E2H_SELECT, "SMMU_CR2.E2H selects NS-EL2-E2H (by ASID) or NS-EL2" },
		{ TLB_M_SID, "StreamID equal" },
		{ TLB_M_SID_RANGE, "StreamID in the aligned block of 2^(Range+1) (Range 31: all)" },
		{ TLB_M_SSID, "CD: SubstreamID equal; L1CD: covers the SubstreamID" },
		{ TLB_M_ATC, "StreamID, SSV and SubstreamID (or Global), address in 4 KB x 2^Size "
		  "(Size 52: all)" },
	};
	size_t n;
	const struct tlb_inval_rule *rules = tlb_inval_rules(&n);

	fprintf(out, "Required removals, effective at the next CMD_SYNC (model/tlb.c; "
		"arch.md §4.4; IHI0070 §4.3-§4.5).\n"
		"Kinds: S1 (stage-1-only leaf), S2 (stage-2 leaf), NESTED (combined S1+S2 leaf),\n"
		"WALK_S1/WALK_S2 (table descriptors), STE, L1STD, CD, L1CD, ATC.\n");
	for (size_t i = 0; i < n; i++) {
		const struct tlb_inval_rule *r = &rules[i];
		const char *sep = "";

		fprintf(out, "\n%s (opcode 0x%02x)\n", r->name, r->op);
		if (sn_tlb_cmd_has_field(r->op, SN_CF_LEAF)) {
			fprintf(out, "  Leaf=0 removes: ");
			print_kinds(out, r->kinds);
			fprintf(out, "  Leaf=1 removes: ");
			print_kinds(out, r->kinds_leaf);
		} else {
			fprintf(out, "  removes: ");
			print_kinds(out, r->kinds);
		}
		if (r->strw_mask) {
			fprintf(out, "  StreamWorld:");
			for (unsigned w = 0; w < TLB_STRW_COUNT; w++)
				if (r->strw_mask & (1u << w))
					fprintf(out, " %s", strw_name((enum tlb_strw)w));
			fprintf(out, "\n");
		}
		fprintf(out, "  match: ");
		if (!r->match)
			fprintf(out, "every entry of those kinds");
		for (size_t k = 0; k < sizeof(preds) / sizeof(preds[0]); k++) {
			if (r->match & preds[k].bit) {
				fprintf(out, "%s%s", sep, preds[k].text);
				sep = "; ";
			}
		}
		fprintf(out, "\n  cite: %s\n", r->cite);
	}
}
