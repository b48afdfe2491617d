// SPDX-License-Identifier: MIT
/*
 * The staleness oracle (oracle.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/oracle.h>

struct write_time {
	u64 pa, at;
};

struct sn_oracle {
	struct smmu *smmu;
	struct tlb *tlb;
	struct sn_cache cache;
	u64 clock, settled_at, txns;
	bool stopped;                   /* CERROR_ILL: the queue does not advance */
	const char *stop_why;
	struct write_time *writes;      /* the last write to each word, unsorted */
	size_t nwrites, capwrites;
};

struct sn_oracle *sn_oracle_new(struct smmu *s, const struct tlb_policy *p, size_t capacity)
{
	struct sn_oracle *o = calloc(1, sizeof(*o));

	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!o)
		return NULL;
	/* LCOV_EXCL_STOP */
	o->smmu = s;
	o->tlb = tlb_create(p, capacity, s->cr2_e2h);
	if (!o->tlb) {
		free(o);
		return NULL;
	}
	o->cache.tlb = o->tlb;
	return o;
}

void sn_oracle_free(struct sn_oracle *o)
{
	if (!o)
		return;
	tlb_destroy(o->tlb);
	free(o->writes);
	free(o);
}

struct tlb *sn_oracle_tlb(struct sn_oracle *o)
{
	return o->tlb;
}

u64 sn_oracle_clock(const struct sn_oracle *o)
{
	return o->clock;
}

const char *sn_verdict_name(enum sn_verdict v)
{
	switch (v) {
	case SN_VERDICT_FRESH:
		return "FRESH";
	case SN_VERDICT_STALE:
		return "STALE";
	case SN_VERDICT_ACCEPTABLE:
		return "ACCEPTABLE";
	}
	return "?";   /* LCOV_EXCL_LINE: a value outside enum sn_verdict; the switch names every enumerator (-Wswitch) */
}

/* ------------------------------------------------------------------------ */
/* Memory, commands, settle points                                           */

static struct write_time *find_write(const struct sn_oracle *o, u64 pa)
{
	for (size_t i = 0; i < o->nwrites; i++)
		if (o->writes[i].pa == pa)
			return &o->writes[i];
	return NULL;
}

int sn_oracle_write(struct sn_oracle *o, u64 pa, u64 value)
{
	struct write_time *w = find_write(o, pa);

	if (sn_mem_write64(o->smmu->mem, pa, value) != 0)
		return -1;
	o->clock++;
	if (!w) {
		if (o->nwrites == o->capwrites) {
			size_t cap = o->capwrites ? 2 * o->capwrites : 64;
			struct write_time *n = realloc(o->writes, cap * sizeof(*n));

			/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
			if (!n)
				return -1;
			/* LCOV_EXCL_STOP */
			o->writes = n;
			o->capwrites = cap;
		}
		w = &o->writes[o->nwrites++];
		w->pa = pa;
	}
	w->at = o->clock;
	return 0;
}

enum tlb_queue_result sn_oracle_cmd(struct sn_oracle *o, const u64 cmd[2])
{
	struct sn_cmd c;
	const char *why = NULL;

	o->clock++;
	if (o->stopped)
		return TLB_Q_STOPPED;
	sn_cmd_decode(cmd, &c);
	if (sn_cmd_check(&c, &o->smmu->idr, &why) == SN_CERROR_ILL) {
		o->stopped = true;
		o->stop_why = why;
		return TLB_Q_STOPPED;
	}
	return tlb_queue_cmd(o->tlb, cmd);
}

bool sn_oracle_cmdq_stopped(const struct sn_oracle *o, const char **why)
{
	if (why)
		*why = o->stopped ? o->stop_why : NULL;
	return o->stopped;
}

void sn_oracle_cmdq_skip(struct sn_oracle *o)
{
	o->stopped = false;
	o->stop_why = NULL;
}

void sn_oracle_settle(struct sn_oracle *o)
{
	o->settled_at = ++o->clock;
}

/* ------------------------------------------------------------------------ */
/* Removers                                                                  */

/*
 * The invalidations max completes first when a translation meets them
 * pending: those removing entries that are rebuilt from other cached
 * entries (stage-1 and combined TLB entries from stage-2 ones, ATC entries
 * from the SMMU's TLB), so the rebuild can pick up a stale source.
 */
static bool completes_early(u8 op)
{
	switch (op) {
	case CMD_TLBI_NH_ALL: case CMD_TLBI_NH_ASID: case CMD_TLBI_NH_VA: case CMD_TLBI_NH_VAA:
	case CMD_TLBI_EL2_ALL: case CMD_TLBI_EL2_ASID: case CMD_TLBI_EL2_VA: case CMD_TLBI_EL2_VAA:
	case CMD_ATC_INV:
		return true;
	default:
		return false;
	}
}

/* A stage-1 entry's by-VA invalidation for its StreamWorld. */
static void s1_remover(const struct tlb_entry *e, struct sn_cmd *c)
{
	bool el2 = e->strw != TLB_STRW_NS_EL1;

	if (e->global || e->strw == TLB_STRW_NS_EL2)
		c->op = el2 ? CMD_TLBI_EL2_VAA : CMD_TLBI_NH_VAA;
	else
		c->op = el2 ? CMD_TLBI_EL2_VA : CMD_TLBI_NH_VA;
	c->vmid = el2 ? 0 : e->vmid;
	c->asid = e->asid;
	c->addr = e->ia & SN_GENMASK(55, 12);
}

bool sn_oracle_remover(const struct tlb *t, const struct tlb_entry *e, u64 cmd[2])
{
	struct sn_cmd c = { 0 };

	switch (e->kind) {
	case TLB_S1: case TLB_NESTED:
		s1_remover(e, &c);
		c.leaf = true;
		break;
	case TLB_WALK_S1:
		s1_remover(e, &c);
		break;
	case TLB_S2: case TLB_WALK_S2:
		c.op = CMD_TLBI_S2_IPA;
		c.vmid = e->vmid;
		c.addr = e->ia & SN_GENMASK(55, 12);
		c.leaf = e->kind == TLB_S2;
		break;
	case TLB_STE: case TLB_L1STD:
		c.op = CMD_CFGI_STE;
		c.sid = e->sid;
		c.leaf = e->kind == TLB_STE;
		break;
	case TLB_CD: case TLB_L1CD:
		c.op = CMD_CFGI_CD;
		c.sid = e->sid;
		c.ssid = e->ssid;
		c.leaf = e->kind == TLB_CD;
		break;
	case TLB_ATC:
		c.op = CMD_ATC_INV;
		c.sid = e->sid;
		c.ssv = e->ssv;
		c.ssid = e->ssid;
		c.addr = e->ia & SN_GENMASK(63, 12);
		c.size = e->size_shift > 12 ? (u8)(e->size_shift - 12) : 0;
		break;
	/* LCOV_EXCL_START: every enum tlb_kind has its case above; the store holds no other (tlb_insert refuses it) */
	default:
		return false;
	/* LCOV_EXCL_STOP */
	}
	sn_cmd_encode(&c, cmd);
	return tlb_cmd_removes(t, cmd, e);
}

/* ------------------------------------------------------------------------ */
/* Translations                                                              */

static void note_diff(struct sn_judgement *j, const char *what, u64 served, u64 fresh)
{
	if (!j->diff[0])
		snprintf(j->diff, sizeof(j->diff), "%s: served 0x%llx, fresh 0x%llx", what,
			 (unsigned long long)served, (unsigned long long)fresh);
}

/* Do the served and fresh translations differ?  The first difference goes to j->diff. */
static bool differ(struct sn_judgement *j)
{
	const struct sn_xlate *a = &j->served, *b = &j->fresh;

	static const char *const disp[] = {
		[SN_XLATE_OK] = "ok", [SN_XLATE_ABORT] = "abort", [SN_XLATE_STALL] = "stall",
		[SN_XLATE_RAZWI] = "razwi", [SN_XLATE_ATS_UR] = "ats-ur", [SN_XLATE_ATS_CA] = "ats-ca",
	};

	j->diff[0] = '\0';
	if (a->disp != b->disp)
		snprintf(j->diff, sizeof(j->diff), "disposition: served %s, fresh %s",
			 disp[a->disp], disp[b->disp]);
	else if (a->disp == SN_XLATE_OK) {
		if (a->pa != b->pa)
			note_diff(j, "pa", a->pa, b->pa);
		if (a->ats_grant != b->ats_grant)
			note_diff(j, "ats-grant", a->ats_grant, b->ats_grant);
		if (!j->from_atc) {
			if (a->ipa != b->ipa)
				note_diff(j, "ipa", a->ipa, b->ipa);
			if (a->s1_perm != b->s1_perm)
				note_diff(j, "s1-perm", a->s1_perm, b->s1_perm);
			if (a->s2_perm != b->s2_perm)
				note_diff(j, "s2-perm", a->s2_perm, b->s2_perm);
			if (a->memattr != b->memattr)
				note_diff(j, "memattr", a->memattr, b->memattr);
			if (a->sh != b->sh)
				note_diff(j, "sh", a->sh, b->sh);
		}
	}
	if (a->has_event != b->has_event)
		note_diff(j, "event recorded", a->has_event, b->has_event);
	else if (a->has_event) {
		if (a->event.type != b->event.type)
			note_diff(j, "event.type", a->event.type, b->event.type);
		if (a->event.s2 != b->event.s2)
			note_diff(j, "event.s2", a->event.s2, b->event.s2);
		if (a->event.class != b->event.class)
			note_diff(j, "event.class", a->event.class, b->event.class);
	}
	return j->diff[0] != '\0';
}

/* The device's ATC, then the SMMU (PCIe ATS; IHI0070 §3.9, §13.7.1). */
static void atc_translate(struct sn_oracle *o, const struct sn_txn *t, struct sn_judgement *j)
{
	struct smmu *s = o->smmu;
	const struct tlb_entry *hit = tlb_lookup_atc(o->tlb, t->sid, t->ssv, t->ssid, t->addr);
	struct tlb_entry e;
	u64 off;

	if (hit) {
		sn_cache_begin(&o->cache);
		sn_cache_use(s, hit);
		off = t->addr & SN_GENMASK(hit->size_shift - 1, 0);
		j->served = (struct sn_xlate){
			.disp = SN_XLATE_OK, .pa = hit->oa | off, .ats_grant = hit->s1_perm,
			.page_shift = hit->size_shift,
		};
		j->from_atc = true;
		return;
	}
	smmu_translate(s, t, &j->served);
	if (j->served.disp != SN_XLATE_OK || !j->served.ats_grant)
		return;         /* nothing useful to cache: no permission granted */
	off = t->addr & SN_GENMASK(j->served.page_shift - 1, 0);
	e = (struct tlb_entry){
		.kind = TLB_ATC, .sid = t->sid, .ssv = t->ssv, .ssid = t->ssv ? t->ssid : 0,
		.ia = t->addr, .size_shift = (u8)j->served.page_shift,
		.oa = j->served.pa - off, .s1_perm = j->served.ats_grant,
	};
	snprintf(e.desc, sizeof(e.desc), "ATC SID 0x%x addr 0x%llx", t->sid,
		 (unsigned long long)(t->addr - off));
	sn_cache_fill(s, &e, (struct sn_cache_mark){ 0, 0 });
}

static void find_culprits(struct sn_oracle *o, struct sn_judgement *j)
{
	bool stale = false;

	for (unsigned i = 0; i < j->n_used && j->n_culprits < SN_ORACLE_CULPRITS; i++) {
		const struct tlb_entry *e = &j->used[i];

		for (unsigned k = 0; k < e->n_src; k++) {
			u64 now = sn_mem_read64(o->smmu->mem, e->src[k].pa);
			struct write_time *w;
			struct sn_culprit *c;

			if (now == e->src[k].value)
				continue;
			w = find_write(o, e->src[k].pa);
			c = &j->culprits[j->n_culprits++];
			*c = (struct sn_culprit){
				.entry = *e, .pa = e->src[k].pa, .was = e->src[k].value, .now = now,
				.written_at = w ? w->at : 0,
			};
			c->has_remover = sn_oracle_remover(o->tlb, e, c->remover);
			if (c->written_at < o->settled_at)
				stale = true;
			break;
		}
	}
	/* A difference no changed word explains would be a model error: report it as STALE. */
	j->verdict = stale || j->n_culprits == 0 ? SN_VERDICT_STALE : SN_VERDICT_ACCEPTABLE;
}

void sn_oracle_translate(struct sn_oracle *o, const struct sn_txn *t, bool device_atc,
			 struct sn_judgement *j)
{
	struct smmu *s = o->smmu;

	memset(j, 0, sizeof(*j));
	j->txn = ++o->txns;
	j->at = ++o->clock;
	j->settled_at = o->settled_at;
	/*
	 * max: pending invalidations not yet separated by a CMD_SYNC may have
	 * completed in any order (IHI0070 §4.7.3); let the stage-1 and ATC
	 * ones go first, so a walk can refill a combined entry from a stage-2
	 * entry, or the ATC from a TLB entry, that is about to be removed
	 * (vectors/SCHEMA.md "The caches").
	 */
	if (tlb_get_policy(o->tlb)->kind == TLB_POLICY_MAX && tlb_pending(o->tlb))
		tlb_complete_pending(o->tlb, completes_early);
	o->cache.origin = j->txn;
	s->cache = &o->cache;
	if (device_atc && t->kind == SN_TXN_ATS_REQUEST)
		atc_translate(o, t, j);
	else
		smmu_translate(s, t, &j->served);
	j->n_used = o->cache.n_used;
	memcpy(j->used, o->cache.used, j->n_used * sizeof(j->used[0]));
	s->cache = NULL;
	smmu_translate(s, t, &j->fresh);
	if (!differ(j)) {
		j->verdict = SN_VERDICT_FRESH;
		return;
	}
	find_culprits(o, j);
}
