/* SPDX-License-Identifier: MIT */
/*
 * Live STE and CD updates (linux.md §6): the kernel's entry writer per
 * policy -- used bits, update-safe bits, and the sequence of 64-bit writes
 * and syncs that takes a live entry from one value to another -- and the
 * torn-state checker, which enumerates what the SMMU may fetch while the
 * writes are in flight and classifies each mix by the model's own
 * semantics.
 *
 * Policies: seed-v2 and v6.13 (no MEV in the used bits, no update-safe
 * bits), v6.15 (MEV used), v7.0 (MEV always update-safe; EATS_TRANS safe
 * unless S1CHK or S2S is involved).  The per-policy facts live in the
 * host_policy rows (policy/host.c).
 */
#ifndef SMMU_NEST_WRITER_H
#define SMMU_NEST_WRITER_H

#include <stddef.h>

#include <smmu-nest/bits.h>
#include <smmu-nest/policy.h>

#define WRITER_QWORDS 8

enum writer_kind { WRITER_STE, WRITER_CD };

/* The bits of @ent the SMMU uses, as the policy's kernel computes them. */
void writer_used(const struct host_policy *p, enum writer_kind k,
		 const u64 ent[WRITER_QWORDS], u64 used[WRITER_QWORDS]);
/* The update-safe bits for going from @cur to @tgt (all zero before v7.0, and for CDs). */
void writer_safe(const struct host_policy *p, enum writer_kind k,
		 const u64 cur[WRITER_QWORDS], const u64 tgt[WRITER_QWORDS],
		 u64 safe[WRITER_QWORDS]);

/* One entry_set() call that changed something: the qwords written, then a sync. */
struct writer_step {
	u8 written;                     /* bit i: qword i was written */
	u64 after[WRITER_QWORDS];       /* the entry once this step's writes landed */
	bool sync;                      /* a CFGI (+ CMD_SYNC) followed: always true here */
};

#define WRITER_MAX_STEPS 3

enum writer_path {
	WRITER_NOOP,                    /* no qword changes: nothing written, no sync */
	WRITER_NO_CRITICAL,             /* 0 critical qwords: all written at once */
	WRITER_HITLESS,                 /* 1 critical qword */
	WRITER_BREAKING,                /* >= 2 critical qwords: V=0 first */
};

struct writer_result {
	enum writer_path path;
	unsigned critical;              /* number of critical qwords */
	u8 critical_mask;
	unsigned nsteps;                /* == syncs: entry_set syncs only when it changed a qword */
	struct writer_step steps[WRITER_MAX_STEPS];
	unsigned syncs;
	/*
	 * As the KUnit harness judges it (linux.md §6.2): false when an
	 * intermediate synced entry has qword 0 == 0 (an invalid entry was
	 * written).
	 */
	bool hitless;
	/* Additions (issue 5): */
	/*
	 * Bit q: @to sets bits outside its own used mask in qword q, which the
	 * kernel reports with WARN_ON_ONCE in arm_smmu_entry_qword_diff() (a
	 * make function ahead of the policy's used bits, e.g. MEV under v6.13).
	 */
	u8 warn_mask;
	/*
	 * The KUnit harness's other check (linux.md §6.2): every synced entry
	 * with qword 0 != 0 equals the initial or the target entry in the bits
	 * it uses, leaving out the policy's update-safe bits.
	 */
	bool used_match;
};

/* arm_smmu_write_entry() of @p's kernel from @from to @to. */
void writer_run(const struct host_policy *p, enum writer_kind k,
		const u64 from[WRITER_QWORDS], const u64 to[WRITER_QWORDS],
		struct writer_result *out);

/* ---- The torn-state checker ------------------------------------------- */

/* How the SMMU would treat one fetched mix of words. */
enum torn_class {
	TORN_LIKE_OLD,                  /* behaves as the entry before the update */
	TORN_LIKE_NEW,                  /* behaves as the target entry */
	TORN_LIKE_BOTH,                 /* old and new behave the same and so does the mix */
	TORN_ABORT,                     /* V == 0, Config abort, or ILLEGAL (C_BAD_STE/C_BAD_CD) */
	TORN_THIRD,                     /* a configuration that is neither: unsafe */
};

#define TORN_MAX_UNSAFE 64

struct torn_mix {
	unsigned step;                  /* during step i (0-based), before its sync */
	u8 new_mask;                    /* bit q: qword q holds the step's new value */
	u64 words[WRITER_QWORDS];       /* what the SMMU fetched */
	enum torn_class cls;
	char why[160];                  /* which field differs from old and from new */
};

struct torn_report {
	unsigned mixes;                 /* mixes examined */
	unsigned per_class[TORN_THIRD + 1];
	bool safe;                      /* no TORN_THIRD, and no TORN_ABORT where both ends are valid and the path is not breaking */
	unsigned n_unsafe;
	struct torn_mix unsafe[TORN_MAX_UNSAFE];
	unsigned unsafe_total;          /* addition: unsafe mixes found, n_unsafe of them kept */
};

/*
 * At every step of @r, every mix of the words before the step and the
 * words it writes (any subset of the qwords written since the last sync),
 * classified by the model's semantics (model/ste.c, strtab.c, cd_fetch.c).
 */
void torn_check(const struct host_policy *p, enum writer_kind k,
		const u64 from[WRITER_QWORDS], const struct writer_result *r,
		struct torn_report *out);

const char *torn_class_name(enum torn_class c);
const char *writer_path_name(enum writer_path p);

/* Additions (issue 5): */
/* The invalidation that follows each step: "CFGI_STE" or "CFGI_CD" (+ CMD_SYNC). */
const char *writer_sync_name(enum writer_kind k);
/* "ste" or "cd"; writer_kind_parse() is false for anything else. */
const char *writer_kind_name(enum writer_kind k);
bool writer_kind_parse(const char *name, enum writer_kind *k);

#endif
