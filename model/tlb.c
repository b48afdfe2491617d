// SPDX-License-Identifier: MIT
/*
 * Cache store and the required scope of each invalidation command
 * (IHI0070 §4.3, §4.4, §4.5; arch.md §4.4, §6.6, §6.8, §7, §10).
 */
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/mutants.h>
#include <smmu-nest/smmu.h>
#include <smmu-nest/tlb.h>

struct tlb {
	struct tlb_policy policy;
	bool e2h;
	size_t cap;
	struct tlb_entry *e;            /* cap slots */
	size_t hi;                      /* slots at and above hi were never used */
	u64 next_seq, clock;
	struct sn_cmd pending[TLB_PENDING_MAX];
	unsigned npending;
	struct tlb_stats stats;
};

/* ------------------------------------------------------------------------ */
/* The invalidation table.                                                   */

#define K(k) TLB_KIND_BIT(TLB_##k)
#define W(s) (1u << TLB_STRW_##s)
#define S1_LEAVES (K(S1) | K(NESTED))
#define S1_ALL (S1_LEAVES | K(WALK_S1))
#define CFG_STE_DEPS (K(STE) | K(CD) | K(L1CD))

/*
 * What each command MUST remove.  Entries not selected here survive every
 * policy: over-invalidation is permitted (IHI0070 §4.4) but the store never
 * does it, so `max` shows the weakest SMMU the architecture allows.
 */
static const struct tlb_inval_rule rules[] = {
	{ CMD_TLBI_NH_ALL, "CMD_TLBI_NH_ALL", S1_ALL, S1_ALL, W(NS_EL1),
	  TLB_M_VMID, "IHI0070 §4.4.2.1: all NS-EL1 stage-1 of VMID incl. global" },
	{ CMD_TLBI_NH_ASID, "CMD_TLBI_NH_ASID", S1_ALL, S1_ALL, W(NS_EL1),
	  TLB_M_VMID | TLB_M_ASID_NONGLOBAL, "IHI0070 §4.4.2.2: non-global by ASID, VMID" },
	{ CMD_TLBI_NH_VA, "CMD_TLBI_NH_VA", S1_ALL, S1_LEAVES, W(NS_EL1),
	  TLB_M_VMID | TLB_M_ASID_OR_GLOBAL | TLB_M_ADDR,
	  "IHI0070 §4.4.2.4: by VMID, ASID (or global), VA; Leaf: last level only" },
	{ CMD_TLBI_NH_VAA, "CMD_TLBI_NH_VAA", S1_ALL, S1_LEAVES, W(NS_EL1),
	  TLB_M_VMID | TLB_M_ADDR, "IHI0070 §4.4.2.3: by VMID, VA, all ASIDs" },
	{ CMD_TLBI_EL2_ALL, "CMD_TLBI_EL2_ALL", S1_ALL, S1_ALL,
	  W(NS_EL2) | W(NS_EL2_E2H), 0, "IHI0070 §4.4.2.7: all NS-EL2 and NS-EL2-E2H" },
	{ CMD_TLBI_EL2_ASID, "CMD_TLBI_EL2_ASID", S1_ALL, S1_ALL, W(NS_EL2_E2H),
	  TLB_M_ASID_NONGLOBAL, "IHI0070 §4.4.2.10: non-global NS-EL2-E2H by ASID" },
	{ CMD_TLBI_EL2_VA, "CMD_TLBI_EL2_VA", S1_ALL, S1_LEAVES, W(NS_EL2) | W(NS_EL2_E2H),
	  TLB_M_E2H_SELECT | TLB_M_ASID_OR_GLOBAL | TLB_M_ADDR,
	  "IHI0070 §4.4.2.8: E2H ? EL2-E2H by ASID (or global) and VA : EL2 by VA" },
	{ CMD_TLBI_EL2_VAA, "CMD_TLBI_EL2_VAA", S1_ALL, S1_LEAVES, W(NS_EL2) | W(NS_EL2_E2H),
	  TLB_M_E2H_SELECT | TLB_M_ADDR, "IHI0070 §4.4.2.9: E2H ? EL2-E2H : EL2, by VA" },
	{ CMD_TLBI_S12_VMALL, "CMD_TLBI_S12_VMALL", TLB_KINDS_TLB, TLB_KINDS_TLB, W(NS_EL1),
	  TLB_M_VMID, "IHI0070 §4.4.3.2: every stage of VMID (VMALLS12E1)" },
	/* Not combined entries: IHI0070 §4.4.3.1, §16.2.1; arch.md §4.4 */
	{ CMD_TLBI_S2_IPA, "CMD_TLBI_S2_IPA", K(S2) | K(WALK_S2), K(S2), W(NS_EL1),
	  TLB_M_VMID | TLB_M_ADDR,
	  "IHI0070 §4.4.3.1: S2-only by VMID, IPA; combined entries NOT required" },
	{ CMD_TLBI_NSNH_ALL, "CMD_TLBI_NSNH_ALL", TLB_KINDS_TLB, TLB_KINDS_TLB, W(NS_EL1),
	  0, "IHI0070 §4.4.3.3: all NS non-EL2, every VMID (ALLE1)" },
	/* CDs are cached through an STE: arch.md §1.4, §4.4 */
	{ CMD_CFGI_STE, "CMD_CFGI_STE", CFG_STE_DEPS | K(L1STD), CFG_STE_DEPS, 0,
	  TLB_M_SID, "IHI0070 §4.3.1: STE, CDs via it; Leaf=0 also L1STD" },
	{ CMD_CFGI_STE_RANGE, "CMD_CFGI_STE_RANGE", CFG_STE_DEPS | K(L1STD),
	  CFG_STE_DEPS | K(L1STD), 0, TLB_M_SID_RANGE,
	  "IHI0070 §4.3.2-3: CFGI_STE(Leaf=0) over 2^(Range+1) SIDs; 31 all" },
	{ CMD_CFGI_CD, "CMD_CFGI_CD", K(CD) | K(L1CD), K(CD), 0, TLB_M_SID | TLB_M_SSID,
	  "IHI0070 §4.3.4: CD at SSID of SID; Leaf=0 also L1CD" },
	{ CMD_CFGI_CD_ALL, "CMD_CFGI_CD_ALL", K(CD) | K(L1CD), K(CD) | K(L1CD), 0,
	  TLB_M_SID, "IHI0070 §4.3.5: every CD and L1CD of SID" },
	{ CMD_ATC_INV, "CMD_ATC_INV", K(ATC), K(ATC), 0, TLB_M_ATC,
	  "IHI0070 §4.5.1: SID, PASID if SSV (+Global), 4 KB * 2^Size span; 52 all" },
};

#undef K
#undef W

const struct tlb_inval_rule *tlb_inval_rules(size_t *n)
{
	*n = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct tlb_inval_rule *tlb_inval_rule_for(u8 op)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].op == op)
			return &rules[i];
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* Policies, creation.                                                       */

bool tlb_policy_parse(const char *s, struct tlb_policy *p)
{
	if (!strcmp(s, "none") || !strcmp(s, "max")) {
		p->kind = s[0] == 'n' ? TLB_POLICY_NONE : TLB_POLICY_MAX;
		p->lru_n = 0;
		return true;
	}
	if (strncmp(s, "lru:", 4) || s[4] < '1' || s[4] > '9')
		return false;
	char *end;
	unsigned long n = strtoul(s + 4, &end, 10);
	if (*end || n == 0 || n > 1000000)
		return false;
	p->kind = TLB_POLICY_LRU;
	p->lru_n = (unsigned)n;
	return true;
}

struct tlb *tlb_create(const struct tlb_policy *p, size_t capacity, bool e2h)
{
	if (capacity == 0 || (p->kind == TLB_POLICY_LRU && p->lru_n == 0))
		return NULL;
	struct tlb *t = calloc(1, sizeof(*t));
	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!t)
		return NULL;
	/* LCOV_EXCL_STOP */
	t->e = calloc(capacity, sizeof(*t->e));
	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!t->e) {
		free(t);
		return NULL;
	}
	/* LCOV_EXCL_STOP */
	t->policy = *p;
	t->e2h = e2h;
	t->cap = capacity;
	t->next_seq = 1;
	return t;
}

void tlb_destroy(struct tlb *t)
{
	if (!t)
		return;
	free(t->e);
	free(t);
}

const char *tlb_kind_name(enum tlb_kind k)
{
	static const char *const names[TLB_KIND_COUNT] = {
		"S1", "S2", "NESTED", "WALK_S1", "WALK_S2",
		"STE", "L1STD", "CD", "L1CD", "ATC",
	};
	return (unsigned)k < TLB_KIND_COUNT ? names[k] : "?";
}

/* ------------------------------------------------------------------------ */
/* Insertion.                                                                */

static u64 span_mask(unsigned shift)
{
	return shift >= 64 ? ~0ULL : (1ULL << shift) - 1;
}

/* Translation, Address-size and Access-flag faults are never cached. */
static bool never_cached(u8 fault)
{
	/* ARM DDI0487 D8.15.1, D8.16; arch.md §6.6 */
	return fault == EVT_F_TRANSLATION || fault == EVT_F_ADDR_SIZE ||
	       fault == EVT_F_ACCESS;
}

static size_t count_kind(const struct tlb *t, enum tlb_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < t->hi; i++)
		n += t->e[i].live && t->e[i].kind == k;
	return n;
}

static void evict_lru(struct tlb *t, enum tlb_kind k)
{
	struct tlb_entry *victim = NULL;
	for (size_t i = 0; i < t->hi; i++) {
		struct tlb_entry *e = &t->e[i];
		if (e->live && e->kind == k && (!victim || e->last_use < victim->last_use))
			victim = e;
	}
	if (victim) {
		victim->live = false;
		t->stats.evicted++;
	}
}

static struct tlb_entry *free_slot(struct tlb *t)
{
	for (size_t i = 0; i < t->hi; i++)
		if (!t->e[i].live)
			return &t->e[i];
	return t->hi < t->cap ? &t->e[t->hi++] : NULL;
}

enum tlb_insert_result tlb_insert(struct tlb *t, const struct tlb_entry *in)
{
	if ((unsigned)in->kind >= TLB_KIND_COUNT || (unsigned)in->strw >= TLB_STRW_COUNT ||
	    in->size_shift > 64 || in->s1_size_shift > 64)
		return TLB_INS_BAD;
	if (never_cached(in->fault)) {
		t->stats.refused_fault++;
		return TLB_INS_NEVER_CACHED;
	}
	if (t->policy.kind == TLB_POLICY_NONE)
		return TLB_INS_DISABLED;
	if (t->policy.kind == TLB_POLICY_LRU && count_kind(t, in->kind) >= t->policy.lru_n)
		evict_lru(t, in->kind);
	struct tlb_entry *slot = free_slot(t);
	if (!slot) {
		t->stats.overflow++;
		return TLB_INS_FULL;
	}
	*slot = *in;
	slot->ia &= ~span_mask(in->size_shift);
	if (slot->kind == TLB_NESTED && slot->s1_size_shift < slot->size_shift)
		slot->s1_size_shift = slot->size_shift;
	slot->desc[TLB_DESC_LEN - 1] = '\0';
	slot->seq = t->next_seq++;
	slot->last_use = ++t->clock;
	slot->live = true;
	t->stats.inserted++;
	return TLB_INS_OK;
}

/* ------------------------------------------------------------------------ */
/* Lookup.                                                                   */

struct key {
	enum tlb_kind kind;
	enum tlb_strw strw;
	u16 vmid, asid;
	u64 addr;
	s8 level;
	bool by_level;
	u32 sid, ssid;
	bool ssv;
};

static bool contains(u64 base, unsigned shift, u64 a)
{
	return (a & ~span_mask(shift)) == base;
}

static bool key_matches(const struct tlb_entry *e, const struct key *k)
{
	if (!e->live || e->kind != k->kind)
		return false;
	switch (e->kind) {
	case TLB_S1:
	case TLB_NESTED:
	case TLB_WALK_S1:
		if (e->strw != k->strw)
			return false;
		if (e->strw == TLB_STRW_NS_EL1 && e->vmid != k->vmid)
			return false;
		/* NS-EL2 entries carry no ASID (IHI0070 §3.17) */
		if (e->strw != TLB_STRW_NS_EL2 && !e->global && e->asid != k->asid)
			return false;
		break;
	case TLB_S2:
	case TLB_WALK_S2:
		if (e->vmid != k->vmid)
			return false;
		break;
	case TLB_STE:
		return e->sid == k->sid;
	case TLB_L1STD:
		return contains(e->sid & ~span_mask(e->span_shift), e->span_shift, k->sid);
	case TLB_CD:
		return e->sid == k->sid && e->ssid == k->ssid;
	case TLB_L1CD:
		return e->sid == k->sid &&
		       contains(e->ssid & ~span_mask(e->span_shift), e->span_shift, k->ssid);
	case TLB_ATC:
		if (e->sid != k->sid || e->ssv != k->ssv || (k->ssv && e->ssid != k->ssid))
			return false;
		break;
	/* LCOV_EXCL_START: every enum tlb_kind has its case above; the store holds no other (tlb_insert refuses it) */
	default:
		return false;
	/* LCOV_EXCL_STOP */
	}
	if (k->by_level && e->level != k->level)
		return false;
	return contains(e->ia, e->size_shift, k->addr);
}

static const struct tlb_entry *lookup(struct tlb *t, const struct key *k)
{
	struct tlb_entry *best = NULL;
	for (size_t i = 0; i < t->hi; i++) {
		struct tlb_entry *e = &t->e[i];
		if (!key_matches(e, k))
			continue;
		/* max: the stalest entry the architecture lets survive; else the newest */
		bool better = !best || (t->policy.kind == TLB_POLICY_MAX ? e->seq < best->seq
									   : e->seq > best->seq);
		if (better)
			best = e;
	}
	if (best)
		best->last_use = ++t->clock;
	return best;
}

const struct tlb_entry *tlb_lookup_s1(struct tlb *t, enum tlb_strw strw, u16 vmid,
				      u16 asid, u64 va)
{
	struct key k = { .kind = TLB_S1, .strw = strw, .vmid = vmid, .asid = asid, .addr = va };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_nested(struct tlb *t, u16 vmid, u16 asid, u64 va)
{
	struct key k = { .kind = TLB_NESTED, .strw = TLB_STRW_NS_EL1, .vmid = vmid,
			 .asid = asid, .addr = va };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_s2(struct tlb *t, u16 vmid, u64 ipa)
{
	struct key k = { .kind = TLB_S2, .vmid = vmid, .addr = ipa };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_walk_s1(struct tlb *t, enum tlb_strw strw, u16 vmid,
					   u16 asid, u64 va, s8 level)
{
	struct key k = { .kind = TLB_WALK_S1, .strw = strw, .vmid = vmid, .asid = asid,
			 .addr = va, .level = level, .by_level = true };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_walk_s2(struct tlb *t, u16 vmid, u64 ipa, s8 level)
{
	struct key k = { .kind = TLB_WALK_S2, .vmid = vmid, .addr = ipa, .level = level,
			 .by_level = true };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_ste(struct tlb *t, u32 sid)
{
	struct key k = { .kind = TLB_STE, .sid = sid };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_l1std(struct tlb *t, u32 sid)
{
	struct key k = { .kind = TLB_L1STD, .sid = sid };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_cd(struct tlb *t, u32 sid, u32 ssid)
{
	struct key k = { .kind = TLB_CD, .sid = sid, .ssid = ssid };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_l1cd(struct tlb *t, u32 sid, u32 ssid)
{
	struct key k = { .kind = TLB_L1CD, .sid = sid, .ssid = ssid };
	return lookup(t, &k);
}

const struct tlb_entry *tlb_lookup_atc(struct tlb *t, u32 sid, bool ssv, u32 ssid, u64 addr)
{
	struct key k = { .kind = TLB_ATC, .sid = sid, .ssv = ssv, .ssid = ssid, .addr = addr };
	return lookup(t, &k);
}

/* ------------------------------------------------------------------------ */
/* Invalidation predicates.                                                  */

static bool is_leaf_kind(enum tlb_kind k)
{
	return k == TLB_S1 || k == TLB_S2 || k == TLB_NESTED;
}

/* TLBI TG encoding (01 4 KB, 10 16 KB, 11 64 KB) to a granule shift. */
static unsigned tg_shift(unsigned tg)
{
	static const unsigned s[4] = { 0, 12, 14, 16 };
	return s[tg & 3];
}

/* Does [lo, lo + 2^shift) overlap [a, a + len)?  len 0 means "to the top". */
static bool overlaps(u64 lo, unsigned shift, u64 a, u64 len)
{
	u64 hi = lo | span_mask(shift);         /* inclusive */
	u64 end = len ? a + len - 1 : ~0ULL;    /* inclusive */
	if (len && end < a)                     /* no wrap: §4.4.1.1 */
		end = ~0ULL;
	return lo <= end && a <= hi;
}

/*
 * The address part of a TLBI (IHI0070 §4.4, §4.4.1.1).  TG == 0: the entry
 * contains Address (low bits ignored as its size needs).  TG != 0: only
 * entries of that granule; range (NUM+1) * 2^SCALE granules from Address;
 * TTL != 0: leaf entries only from that level, table entries only from the
 * levels before it.
 */
static bool addr_matches(const struct tlb_entry *e, const struct sn_cmd *c)
{
	unsigned shift = e->kind == TLB_NESTED ? e->s1_size_shift : e->size_shift;
	u64 base = e->ia & ~span_mask(shift);
	if (c->tg == 0)
		return contains(base, shift, c->addr);
	if (e->granule_shift != tg_shift(c->tg))
		return false;
	if (c->ttl) {
		if (is_leaf_kind(e->kind) && e->level != c->ttl)
			return false;
		if (!is_leaf_kind(e->kind) && e->level >= c->ttl)
			return false;
	}
	unsigned rshift = c->scale + tg_shift(c->tg);
	if (rshift >= 64)
		return overlaps(base, shift, c->addr, 0);
	u64 len = ((u64)c->num + 1) << rshift;
	if (len >> rshift != (u64)c->num + 1)   /* overflowed: to the top */
		len = 0;
	return overlaps(base, shift, c->addr, len);
}

/* ATC_INV (IHI0070 §4.5.1; arch.md §7). */
static bool atc_matches(const struct tlb_entry *e, const struct sn_cmd *c)
{
	if (e->sid != c->sid)
		return false;
	/*
	 * SSV=1: that PASID's entries, and with Global set, Global entries of
	 * any PASID.  SSV=0 (Global ignored): every entry of the StreamID, with
	 * or without PASID -- the PCIe reading Linux relies on
	 * (arm_smmu_atc_inv_to_cmd: a non-PASID invalidation also drops
	 * PASID-tagged entries).
	 */
	if (c->ssv && !(e->ssv && e->ssid == c->ssid) && !(c->global && e->ssv && e->global))
		return false;
	if (c->size == CMD_ATC_SIZE_ALL)
		return true;
	if (c->size > CMD_ATC_SIZE_ALL)
		return false;   /* UNKNOWN span, may be none: the minimum is none */
	unsigned s = 12u + c->size;
	u64 a = c->addr & ~span_mask(s);
	return overlaps(e->ia, e->size_shift, a, s >= 64 ? 0 : 1ULL << s);
}

static bool sid_in_range(u32 sid, const struct sn_cmd *c)
{
	if (c->range >= CMD_CFGI_RANGE_ALL)
		return true;
	unsigned s = c->range + 1u;
	return (sid >> s) == (c->sid >> s);
}

static bool rule_matches(const struct tlb *t, const struct tlb_inval_rule *r,
			 const struct tlb_entry *e, const struct sn_cmd *c)
{
	u32 kinds = c->leaf ? r->kinds_leaf : r->kinds;
#if SN_MUTANT == SN_MUT_S2_IPA_REMOVES_COMBINED /* mutant s2-ipa-removes-combined */
	if (r->op == CMD_TLBI_S2_IPA && e->kind == TLB_NESTED)
		return e->vmid == c->vmid;
#endif
	if (!(kinds & TLB_KIND_BIT(e->kind)))
		return false;
	if (r->strw_mask) {
		u8 m = r->strw_mask;
		if (r->match & TLB_M_E2H_SELECT)
			m &= 1u << (t->e2h ? TLB_STRW_NS_EL2_E2H : TLB_STRW_NS_EL2);
		if (!(m & (1u << e->strw)))
			return false;
	}
	if ((r->match & TLB_M_VMID) && e->vmid != c->vmid)
		return false;
	bool asid_used = !(r->match & TLB_M_E2H_SELECT) || t->e2h;
	if ((r->match & TLB_M_ASID_OR_GLOBAL) && asid_used && !e->global && e->asid != c->asid)
		return false;
	if ((r->match & TLB_M_ASID_NONGLOBAL) && (e->global || e->asid != c->asid))
		return false;
	if ((r->match & TLB_M_ADDR) && !addr_matches(e, c))
		return false;
	if (r->match & TLB_M_SID) {
		/* an L1STD is cached for every SID of its span */
		bool hit = e->kind == TLB_L1STD
			? contains(e->sid & ~span_mask(e->span_shift), e->span_shift, c->sid)
			: e->sid == c->sid;
		if (!hit)
			return false;
	}
	if (r->match & TLB_M_SID_RANGE) {
		bool hit = e->kind == TLB_L1STD
			? (c->range >= CMD_CFGI_RANGE_ALL ||
			   overlaps(e->sid & ~span_mask(e->span_shift), e->span_shift,
				    c->sid & ~span_mask(c->range + 1u), 1ULL << (c->range + 1u)))
			: sid_in_range(e->sid, c);
		if (!hit)
			return false;
	}
	if (r->match & TLB_M_SSID) {
		bool hit = e->kind == TLB_L1CD
			? contains(e->ssid & ~span_mask(e->span_shift), e->span_shift, c->ssid)
			: e->ssid == c->ssid;
		if (!hit)
			return false;
	}
	if ((r->match & TLB_M_ATC) && !atc_matches(e, c))
		return false;
	return true;
}

/* ------------------------------------------------------------------------ */
/* Queue and sync.                                                           */

static void apply(struct tlb *t, const struct sn_cmd *c);

enum tlb_queue_result tlb_queue_cmd(struct tlb *t, const u64 words[2])
{
	struct sn_cmd c;
	sn_cmd_decode(words, &c);
	if (c.op == CMD_SYNC) {
		tlb_sync(t);
		return TLB_Q_SYNCED;
	}
	if (!tlb_inval_rule_for(c.op))
		return TLB_Q_IGNORED;
	if (t->npending >= TLB_PENDING_MAX) {
		/*
		 * A consumed invalidation may complete at any time before the
		 * next CMD_SYNC (IHI0070 §4.7.3); the model's window is finite,
		 * so the oldest pending command completes now.  Nothing is lost.
		 */
		apply(t, &t->pending[0]);
		memmove(&t->pending[0], &t->pending[1], (t->npending - 1) * sizeof(t->pending[0]));
		t->npending--;
		t->stats.queue_overflow++;
	}
	t->pending[t->npending++] = c;
	return TLB_Q_QUEUED;
}

static void apply(struct tlb *t, const struct sn_cmd *c)
{
	const struct tlb_inval_rule *r = tlb_inval_rule_for(c->op);
	for (size_t i = 0; i < t->hi; i++) {
		struct tlb_entry *e = &t->e[i];
		if (e->live && rule_matches(t, r, e, c)) {
			e->live = false;
			t->stats.removed++;
		}
	}
}

unsigned tlb_complete_pending(struct tlb *t, bool (*pick)(u8 op))
{
	unsigned kept = 0, done = 0;

	for (unsigned i = 0; i < t->npending; i++) {
		if (pick(t->pending[i].op)) {
			apply(t, &t->pending[i]);
			done++;
		} else {
			t->pending[kept++] = t->pending[i];
		}
	}
	t->npending = kept;
	return done;
}

bool tlb_cmd_removes(const struct tlb *t, const u64 words[2], const struct tlb_entry *e)
{
	struct sn_cmd c;
	const struct tlb_inval_rule *r;

	sn_cmd_decode(words, &c);
	r = tlb_inval_rule_for(c.op);
	return r && e->live && rule_matches(t, r, e, &c);
}

const struct tlb_policy *tlb_get_policy(const struct tlb *t)
{
	return &t->policy;
}

void tlb_sync(struct tlb *t)
{
	for (unsigned i = 0; i < t->npending; i++)
		apply(t, &t->pending[i]);
	t->npending = 0;
}

unsigned tlb_pending(const struct tlb *t)
{
	return t->npending;
}

/* ------------------------------------------------------------------------ */
/* Inspection.                                                               */

size_t tlb_slots(const struct tlb *t)
{
	return t->cap;
}

const struct tlb_entry *tlb_slot(const struct tlb *t, size_t i)
{
	return i < t->cap && t->e[i].live ? &t->e[i] : NULL;
}

size_t tlb_count(const struct tlb *t, enum tlb_kind k)
{
	return count_kind(t, k);
}

const struct tlb_stats *tlb_get_stats(const struct tlb *t)
{
	return &t->stats;
}
