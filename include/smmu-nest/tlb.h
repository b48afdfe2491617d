/* SPDX-License-Identifier: MIT */
/*
 * A standalone cache store for the model: TLB, walk caches, configuration
 * caches and per-device ATCs, with the invalidation commands' *required*
 * scope (IHI0070 §4.3, §4.4, §4.5; arch.md §4.4) as a data table.
 *
 * Invalidation commands are queued and take effect only at tlb_sync(), the
 * CMD_SYNC (IHI0070 §4.7.3), so a model can show the window before it.
 *
 * Retention policies:
 *   none    insert is a no-op;
 *   max     keep every entry until a command REQUIRED to remove it has
 *           completed; lookup returns the stalest (lowest seq) match;
 *   lru:N   at most N entries per kind, least recently used evicted;
 *           lookup returns the most recent (highest seq) match.
 * Every policy removes exactly the required set (no over-invalidation).
 *
 * No global state; memory is bounded by the capacity given at creation.
 */
#ifndef SMMU_NEST_TLB_H
#define SMMU_NEST_TLB_H

#include <stddef.h>

#include <smmu-nest/bits.h>

enum tlb_kind {
	TLB_S1,                 /* stage-1-only leaf, VA -> PA (Config 0b101) */
	TLB_S2,                 /* stage-2-only leaf, IPA -> PA (Config 0b110, nested S2 steps) */
	TLB_NESTED,             /* combined S1+S2 leaf, VA -> PA (Config 0b111) */
	TLB_WALK_S1,            /* stage-1 table descriptor (walk cache) */
	TLB_WALK_S2,            /* stage-2 table descriptor (walk cache) */
	TLB_STE,
	TLB_L1STD,
	TLB_CD,
	TLB_L1CD,
	TLB_ATC,                /* a device's ATC entry (ATS Translation Completion) */
	TLB_KIND_COUNT,
};

#define TLB_KIND_BIT(k) (1u << (k))
#define TLB_KINDS_TLB (TLB_KIND_BIT(TLB_S1) | TLB_KIND_BIT(TLB_S2) | \
		       TLB_KIND_BIT(TLB_NESTED) | TLB_KIND_BIT(TLB_WALK_S1) | \
		       TLB_KIND_BIT(TLB_WALK_S2))

/* StreamWorld an entry was inserted under (IHI0070 §3.17; Non-secure only). */
enum tlb_strw {
	TLB_STRW_NS_EL1,        /* also S2-only entries: stage 2 exists only for EL1 */
	TLB_STRW_NS_EL2,
	TLB_STRW_NS_EL2_E2H,
	TLB_STRW_COUNT,
};

enum tlb_policy_kind { TLB_POLICY_NONE, TLB_POLICY_MAX, TLB_POLICY_LRU };

struct tlb_policy {
	enum tlb_policy_kind kind;
	unsigned lru_n;         /* TLB_POLICY_LRU: entries per kind, >= 1 */
};

/* "none", "max" or "lru:N" (N >= 1).  False if @s is none of these. */
bool tlb_policy_parse(const char *s, struct tlb_policy *p);

#define TLB_DESC_LEN 40

/*
 * One word of memory an entry was built from, and its value then.  An
 * entry is out of date when any of its sources reads differently now: the
 * staleness oracle (oracle.h) uses this to name the culprit.
 */
struct tlb_src {
	u64 pa, value;
};

/* A nested 4 KB walk reads 24 descriptors (4 stage-1 levels, each behind a
 * 4-level stage-2 walk, and the final stage-2 walk), plus inherited ones. */
#define TLB_SRC_MAX 40

/*
 * One cached entry.  Tags first (what lookups and invalidations match on),
 * then payload, then provenance.  Fields a kind does not use stay 0.
 */
struct tlb_entry {
	enum tlb_kind kind;
	/* TLB tags (IHI0070 §3.17; arch.md §6.8, §10) */
	enum tlb_strw strw;
	u16 vmid;               /* NS-EL1 only */
	u16 asid;               /* stage 1, when !global */
	bool global;            /* stage 1 nG == 0; ATC: the completion's Global bit */
	u64 ia;                 /* VA or IPA; the store aligns it to 2^size_shift */
	u8 size_shift;          /* log2 of the span this entry translates */
	s8 level;               /* leaf: level of the leaf; walk: level of the table descriptor */
	u8 granule_shift;       /* 12, 14 or 16 */
	/*
	 * TLB_NESTED only: log2 of the stage-1 leaf size (>= size_shift).  An
	 * invalidation by VA of any address in the stage-1 page or block must
	 * remove the splinters cached from it (arch.md §6.8).  level and
	 * granule_shift are the stage-1 leaf's, as NH_* TTL/TG describe them.
	 */
	u8 s1_size_shift;
	/* Configuration / ATC tags */
	u32 sid;
	u32 ssid;               /* CD, L1CD; ATC when ssv */
	bool ssv;               /* ATC: obtained with a PASID */
	u8 span_shift;          /* L1STD: SPLIT (SIDs it covers); L1CD: CDs per leaf table */
	/* Payload */
	u64 oa;                 /* output address / table address / structure address */
	u8 s1_perm, s2_perm;    /* SN_PERM_*; ATC: SN_ATS_* in s1_perm */
	u8 fault;               /* 0, or the fault the entry gives (only EVT_F_PERMISSION is kept) */
	u64 words[8];           /* STE/CD/L1 descriptor words as fetched */
	/* Provenance */
	u64 seq;                /* set by the store: creation order, from 1 */
	u64 origin;             /* the caller's walk/transaction number */
	char desc[TLB_DESC_LEN];
	struct tlb_src src[TLB_SRC_MAX];
	u8 n_src;
	bool src_truncated;     /* more sources than TLB_SRC_MAX: the first ones kept */
	/* Store bookkeeping */
	u64 last_use;
	bool live;
};

enum tlb_insert_result {
	TLB_INS_OK,
	TLB_INS_DISABLED,       /* policy none: nothing is cached */
	TLB_INS_NEVER_CACHED,   /* Translation/Address-size/Access-flag faults (arch.md §6.6) */
	TLB_INS_FULL,           /* the capacity is used up: counted in stats.overflow */
	TLB_INS_BAD,            /* kind, shift or StreamWorld out of range */
};

enum tlb_queue_result {
	TLB_Q_QUEUED,           /* an invalidation, pending until the next sync */
	TLB_Q_SYNCED,           /* CMD_SYNC: every pending command completed */
	TLB_Q_IGNORED,          /* not a cache invalidation (PREFETCH_*, PRI_RESP, ...) */
	TLB_Q_STOPPED,          /* sn_oracle_cmd(): CERROR_ILL, or the queue is stopped by one */
};

struct tlb_stats {
	u64 inserted, refused_fault, overflow, evicted, removed;
	u64 queue_overflow;     /* commands completed early because TLB_PENDING_MAX were pending */
};

struct tlb;

#define TLB_PENDING_MAX 256

/*
 * A store holding at most @capacity entries in all (>= 1).  @e2h is
 * SMMU_CR2.E2H, which selects what CMD_TLBI_EL2_VA/VAA match (IHI0070
 * §4.4.2.8-9).  NULL if out of memory or @capacity is 0.
 */
struct tlb *tlb_create(const struct tlb_policy *p, size_t capacity, bool e2h);
void tlb_destroy(struct tlb *t);

/* Cache a copy of @e (its seq, last_use and live are set by the store). */
enum tlb_insert_result tlb_insert(struct tlb *t, const struct tlb_entry *e);

/* Lookups: NULL on a miss.  Under lru the hit becomes most recently used. */
const struct tlb_entry *tlb_lookup_s1(struct tlb *t, enum tlb_strw strw, u16 vmid,
				      u16 asid, u64 va);
const struct tlb_entry *tlb_lookup_nested(struct tlb *t, u16 vmid, u16 asid, u64 va);
const struct tlb_entry *tlb_lookup_s2(struct tlb *t, u16 vmid, u64 ipa);
const struct tlb_entry *tlb_lookup_walk_s1(struct tlb *t, enum tlb_strw strw, u16 vmid,
					   u16 asid, u64 va, s8 level);
const struct tlb_entry *tlb_lookup_walk_s2(struct tlb *t, u16 vmid, u64 ipa, s8 level);
const struct tlb_entry *tlb_lookup_ste(struct tlb *t, u32 sid);
const struct tlb_entry *tlb_lookup_l1std(struct tlb *t, u32 sid);
const struct tlb_entry *tlb_lookup_cd(struct tlb *t, u32 sid, u32 ssid);
const struct tlb_entry *tlb_lookup_l1cd(struct tlb *t, u32 sid, u32 ssid);
const struct tlb_entry *tlb_lookup_atc(struct tlb *t, u32 sid, bool ssv, u32 ssid, u64 addr);

/* Queue one command (two words, decoded with sn_cmd_decode); CMD_SYNC syncs. */
enum tlb_queue_result tlb_queue_cmd(struct tlb *t, const u64 words[2]);
/* CMD_SYNC: complete every pending invalidation, in queue order. */
void tlb_sync(struct tlb *t);
unsigned tlb_pending(const struct tlb *t);
/*
 * Complete now the pending commands whose opcode @pick selects, in queue
 * order, and keep the others pending.  Commands not separated by a
 * CMD_SYNC have no order among themselves (IHI0070 §4.7.3), so any subset
 * may already have taken effect.  Returns how many completed.
 */
unsigned tlb_complete_pending(struct tlb *t, bool (*pick)(u8 op));
/* Would the command @words, once complete, remove @e?  (No state changes.) */
bool tlb_cmd_removes(const struct tlb *t, const u64 words[2], const struct tlb_entry *e);
const struct tlb_policy *tlb_get_policy(const struct tlb *t);

/* Iteration over live entries: slots 0 .. tlb_slots()-1, NULL if empty. */
size_t tlb_slots(const struct tlb *t);
const struct tlb_entry *tlb_slot(const struct tlb *t, size_t i);
size_t tlb_count(const struct tlb *t, enum tlb_kind k);
const struct tlb_stats *tlb_get_stats(const struct tlb *t);

const char *tlb_kind_name(enum tlb_kind k);

/*
 * The invalidation table: one row per command, the kinds it must remove
 * and the tag predicate (TLB_M_*).  Exposed so a reader or a report can
 * print it next to arch.md §4.4.
 */
enum tlb_match {
	TLB_M_VMID = 1u << 0,           /* entry.vmid == VMID */
	TLB_M_ASID_OR_GLOBAL = 1u << 1, /* entry.global || entry.asid == ASID */
	TLB_M_ASID_NONGLOBAL = 1u << 2, /* !entry.global && entry.asid == ASID */
	TLB_M_ADDR = 1u << 3,           /* by address, range, TG and TTL (§4.4.1.1) */
	TLB_M_E2H_SELECT = 1u << 4,     /* EL2_VA/VAA: StreamWorld and ASID use by CR2.E2H */
	TLB_M_SID = 1u << 5,            /* entry.sid == SID */
	TLB_M_SID_RANGE = 1u << 6,      /* SID within 2^(Range+1), aligned; 31 all */
	TLB_M_SSID = 1u << 7,           /* CD: ssid == SSID; L1CD: covers SSID */
	TLB_M_ATC = 1u << 8,            /* SID, SSV/SSID/Global, Size span (§4.5.1) */
};

struct tlb_inval_rule {
	u8 op;
	const char *name;
	u32 kinds;              /* kinds removed when Leaf == 0 (or no Leaf field) */
	u32 kinds_leaf;         /* kinds removed when Leaf == 1 */
	u8 strw_mask;           /* 1 << enum tlb_strw; 0 for config/ATC */
	u32 match;              /* TLB_M_* */
	const char *cite;
};

/* The row for opcode @op, or NULL if @op removes nothing. */
const struct tlb_inval_rule *tlb_inval_rule_for(u8 op);
const struct tlb_inval_rule *tlb_inval_rules(size_t *n);

#endif
