/* SPDX-License-Identifier: MIT */
/*
 * prove-vste: the exhaustive check of a host policy over an enumerated
 * space of guest vSTEs (issue 6, item 4).
 *
 * The space is a product, numbered by one case index K:
 *
 *   4,194,304 field combinations: every value of V (2), Config (8), EATS (4),
 *       S1Fmt (4), S1DSS (4), S1CDMax (32), S1CIR (4), S1COR (4), S1CSH (4)
 *       and S1STALLD (2) -- 2^22;
 *   x 2 setups, each a named parent STE (as `smmu-nest vste --parent=`)
 *       with host facts: the default parent on a device with ATS support,
 *       and the kunit-s2 parent on a device without (every other host fact
 *       as host_env_default(): each precondition holds);
 *   x 4 S1ContextPtr classes: aligned (IPA 0x200000), unaligned (64-byte
 *       aligned only, IPA 0x1001fc0), at the IPA size (2^ias - 64) and beyond
 *       it (2^ias), where ias = min(64 - parent S2T0SZ, 51) so that both stay
 *       inside S1ContextPtr[51:6], the part the kernel's mask allows;
 *   x 61 bit variants: no extra bit, or exactly one of the 60 vSTE bits
 *       outside the kernel's nesting masks (DW0 bits 52-58, DW1 bits 8-26
 *       and 30-63) set.  "Every single bit" is read as a sum (none, or one
 *       bit), not as all 2^60 subsets.
 *
 *   K = fields * (2 * 4 * 61) + (setup * 4 + ptr_class) * 61 + flip
 *
 * so the total is 2^22 * 488 = 2,046,820,352 cases per policy.  The
 * decisive fields (V, Config, EATS, S1Fmt) are the low bits of the field
 * index, so any contiguous range of a few thousand cases has the same mix
 * of outcomes as the whole: shards take about equal time, and a fraction of
 * the space is a fair sample of its cost.
 *
 * Each case runs host_policy_apply(); an accepted result is checked against
 * all four escape invariants (vste_check_invariants()).  Accepted cases of
 * the default-parent setup whose physical STE translates (V=1,
 * Config >= 4: stage-2 only or nested, or a bypass/stage-1-only STE a broken
 * policy might install) are also run through the model: the STE is written
 * into a stream table over a representative guest memory (the default
 * parent's stage-2 tables built for real, CD tables at every pointer class,
 * guest stage-1 tables) and two or three transactions are translated and
 * judged by the semantic escape checker (escape.h).  The kunit-s2 parent's
 * S2TTB points at no tables, so its setup gets the invariants only.
 */
#ifndef SMMU_NEST_PROVE_H
#define SMMU_NEST_PROVE_H

#include <stddef.h>
#include <smmu-nest/invariants.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/smmu.h>

#define SN_PROVE_FIELD_BITS 22
#define SN_PROVE_FIELD_COMBOS (1ULL << SN_PROVE_FIELD_BITS)
#define SN_PROVE_SETUPS 2
#define SN_PROVE_PTR_CLASSES 4
#define SN_PROVE_OUTSIDE_BITS 60
#define SN_PROVE_FLIPS (SN_PROVE_OUTSIDE_BITS + 1)
#define SN_PROVE_PER_FIELDS ((u64)SN_PROVE_SETUPS * SN_PROVE_PTR_CLASSES * SN_PROVE_FLIPS)
#define SN_PROVE_TOTAL (SN_PROVE_FIELD_COMBOS * SN_PROVE_PER_FIELDS)

/* The vSTE bits the enumeration sets field by field (the kernel's masks). */
#define SN_PROVE_MASK_DW0 0xf80fffffffffffffULL
#define SN_PROVE_MASK_DW1 0x00000000380000ffULL

/* One parent STE with the host facts that go with it. */
struct sn_prove_setup {
	const char *name;
	const char *parent;             /* a name for host_parent_by_name() */
	bool ats_supported;             /* the only host fact that differs */
	bool world;                     /* the escape checker runs on this setup */
};
extern const struct sn_prove_setup sn_prove_setups[SN_PROVE_SETUPS];
extern const char *const sn_prove_ptr_class_names[SN_PROVE_PTR_CLASSES];

/* Violation kinds: the invariants (enum sn_invariant, 1..4), then escape. */
#define SN_PROVE_ESCAPE INV_COUNT
#define SN_PROVE_KINDS (INV_COUNT + 1)
const char *sn_prove_kind_name(unsigned kind);

/* One case of the space, decoded. */
struct sn_prove_case {
	u64 index;
	u32 fields;                     /* 0 .. 2^22 - 1 */
	unsigned setup, ptr_class;
	unsigned flip;                  /* 0: none; n: the n-th bit outside the masks */
	int flip_word, flip_bit;        /* -1, -1 for flip 0 */
	u64 vste[2];
};

#define SN_PROVE_MAX_FIRST 8
#define SN_PROVE_MAX_TXN 3

struct sn_prove_violation {
	u64 index;
	unsigned kind;                  /* 1..4 an invariant, SN_PROVE_ESCAPE */
	char what[448];
};

struct sn_prove_report {
	u64 first, count;               /* the range of case indices run */
	u64 checked, accepted, refused, violations;  /* violations: cases */
	u64 by_kind[SN_PROVE_KINDS];    /* cases breaking each kind */
	u64 by_errno[SN_ERRNO_COUNT];
	u64 escape_cases;               /* accepted cases run through the model */
	u64 translations, translated_ok, translated_fault;
	unsigned n_first;
	struct sn_prove_violation first_v[SN_PROVE_MAX_FIRST];
};

/* One case in full, for --case. */
struct sn_prove_detail {
	struct sn_prove_case c;
	struct vste_result r;
	enum sn_invariant inv;
	char inv_detail[256];
	bool escape_checked;
	unsigned n_txn;
	struct sn_txn txn[SN_PROVE_MAX_TXN];
	struct sn_xlate x[SN_PROVE_MAX_TXN];
	bool escaped[SN_PROVE_MAX_TXN];
	char esc_what[SN_PROVE_MAX_TXN][256];
	bool violation;
};

struct sn_prove;

/* The prover: parents, pointer values and the escape checker's guest
 * memory.  NULL with @err filled on failure. */
struct sn_prove *sn_prove_new(char *err, size_t err_len);
void sn_prove_free(struct sn_prove *pv);

/* Cases in the whole space. */
static inline u64 sn_prove_total(void)
{
	return SN_PROVE_TOTAL;
}

/*
 * Shard @i of @n (1 <= i <= n <= total): the contiguous range of case
 * indices [*first, *first + *count).  The n shards partition the space;
 * their sizes differ by at most one.  False for bad @i, @n.
 */
bool sn_prove_shard(u64 total, u64 i, u64 n, u64 *first, u64 *count);

/* Decode case @index (< total).  False if out of range. */
bool sn_prove_decode(const struct sn_prove *pv, u64 index, struct sn_prove_case *c);

/* The parent STE and host facts of a setup. */
const u64 *sn_prove_parent(const struct sn_prove *pv, unsigned setup);
const struct host_env *sn_prove_env(const struct sn_prove *pv, unsigned setup);
/* The S1ContextPtr value of a class under a setup's parent. */
u64 sn_prove_ptr(const struct sn_prove *pv, unsigned setup, unsigned ptr_class);

/* Run cases [first, first + count) under @p, adding into @r (zero it first
 * with sn_prove_report_init). */
void sn_prove_report_init(struct sn_prove_report *r, u64 first, u64 count);
void sn_prove_run(struct sn_prove *pv, const struct host_policy *p, u64 first, u64 count,
		  struct sn_prove_report *r);

/* Run one case with every detail.  False if @index is out of range. */
bool sn_prove_one(struct sn_prove *pv, const struct host_policy *p, u64 index,
		  struct sn_prove_detail *d);

/* "V=1 Config=5 EATS=1 S1Fmt=0 ..." of a case's vSTE. */
void sn_prove_describe_fields(const u64 vste[2], char *buf, size_t len);
/* "dw1 bit 8" or "none". */
void sn_prove_describe_flip(const struct sn_prove_case *c, char *buf, size_t len);

#endif
