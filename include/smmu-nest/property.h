/* SPDX-License-Identifier: MIT */
/*
 * Property runs of the caches and of the invalidation sequences: many
 * generated random scenarios, each judged translation by translation by the
 * staleness oracle (oracle.h; vectors/SCHEMA.md "Area tlb").
 *
 * A scenario is one SMMU with one or two VMs.  Each VM has a stage-2
 * nest-parent domain (its own VMID and granule) and one or two guest
 * address spaces (a CD with an ASID and stage-1 tables in IPA space behind
 * that stage 2); streams are nested (Config 0b111, the physical STE built by
 * the policy from a guest vSTE), optionally with full ATS and a device ATC,
 * or stage-2 translated (Config 0b110: the host's own DMA on the parent
 * domain, or a guest bypass vSTE through the policy), optionally with ATS.
 * Then a random sequence of operations:
 *   - translations at random addresses, biased towards recent changes;
 *   - stage-2 changes (unmap, remap, permission change, several adjacent
 *     leaves at once, block split, removal of a last-level table, and the
 *     full flush) each followed by the policy's host sequence (s2inval.h),
 *     sometimes with translations between its commands;
 *   - guest stage-1 changes (unmap, remap, permission and attribute change)
 *     followed by the guest's invalidation through the policy's vIOMMU path
 *     (viommu.h) with a random guest VMID field, and ATC_INV by vSID for the
 *     ATS devices on that address space;
 *   - new mappings into empty slots, which need no invalidation.
 * Every memory change goes through sn_oracle_write(); every host or guest
 * sequence ends with sn_oracle_settle().
 *
 * Deterministic: scenario i of a run with seed S is generated from (S, i)
 * alone by a splitmix64 generator, so any result can be reproduced with
 * the same seed and --scenario=i.
 */
#ifndef SMMU_NEST_PROPERTY_H
#define SMMU_NEST_PROPERTY_H

#include <stddef.h>

#include <smmu-nest/oracle.h>
#include <smmu-nest/policy.h>

/* One planted bug the property runs are expected to catch. */
struct sn_property_bug {
	const char *name;               /* as in vectors/SCHEMA.md: no-nh-all, ... */
	unsigned bug;                   /* enum policy_bug */
	const char *what;
};

extern const struct sn_property_bug sn_property_bugs[];
extern const unsigned sn_property_bug_count;
const struct sn_property_bug *sn_property_bug_find(const char *name);

/*
 * Can the scenarios of @p show @bug at all?  vmid-passthrough needs the
 * vIOMMU invalidation path and no-atc-full a nested attach with ATS, which
 * seed-v2 has neither of.  On false @why (may be NULL) says which.
 */
bool sn_property_bug_applies(const struct host_policy *p, unsigned bug, const char **why);

/* A line of the trace, one per operation and per translation. */
typedef void (*sn_property_trace_fn)(void *ctx, const char *line);

struct sn_property_cfg {
	const struct host_policy *policy;   /* a real row, or a copy with .bugs set */
	u64 seed;
	unsigned first;                     /* index of the first scenario */
	unsigned count;                     /* scenarios to run */
	struct tlb_policy cache;            /* max, lru:N or none */
	sn_property_trace_fn trace;         /* NULL: no trace */
	void *trace_ctx;
};

/* max caching, scenarios [0, count). */
void sn_property_cfg_init(struct sn_property_cfg *c, const struct host_policy *p, u64 seed,
			  unsigned count);

struct sn_property_counts {
	u64 scenarios, ops;
	u64 translations;
	u64 verdict[3];                 /* by enum sn_verdict */
	u64 fresh_cached;               /* FRESH, served by a cached leaf (TLB or ATC) */
	u64 atc_hits;                   /* served by a device ATC */
	u64 ats_requests, s2only_translations, faults;
	u64 during;                     /* translations between the commands of a sequence */
	u64 s2_changes;                 /* host stage-2 sequences run */
	u64 s2_multi, s2_splits, s2_tables, s2_flush_all;
	u64 s1_changes;                 /* guest stage-1 changes (leaves) */
	u64 guest_invalidations;        /* viommu_invalidate calls (or host-side, seed-v2) */
	u64 guest_cmds;                 /* guest commands handed to the host */
	u64 maps;                       /* new mappings into empty slots (no invalidation) */
	u64 host_cmds;                  /* commands on the host queue, CMD_SYNC included */
	u64 atc_inv;                    /* ATC_INV commands on the host queue */
	u64 cache_full;                 /* cache fills refused: the store was full */
};

/* The first STALE of a run, with what is needed to reproduce and explain it. */
struct sn_property_stale {
	bool found;
	u64 seed;
	unsigned scenario;              /* index: rerun with first = scenario, count = 1 */
	unsigned op;                    /* operation index within the scenario (0-based) */
	char scenario_desc[320];        /* the scenario's shape */
	char op_desc[320];              /* what was being done */
	/* per culprit (j.culprits[i]): the operation that wrote its changed word */
	char change_desc[SN_ORACLE_CULPRITS][160];
	struct sn_txn txn;
	bool device_atc;
	struct sn_judgement j;
};

struct sn_property_report {
	struct sn_property_counts n;
	struct sn_property_stale first_stale;
	int err;                        /* 0, or -1: the run stopped (err_msg) */
	char err_msg[240];
};

/*
 * Run the scenarios of @c.  0, or -1 when the generator could not go on
 * (out of memory, or a sequence it cannot issue: err_msg says which,
 * naming the scenario).  Counting continues after a STALE.
 */
int sn_property_run(const struct sn_property_cfg *c, struct sn_property_report *out);

/*
 * Does @r meet the property for @p: no STALE for a real policy, at least
 * one for a broken variant (p->bugs != 0), and no generator error?
 */
bool sn_property_holds(const struct host_policy *p, const struct sn_property_report *r);

/*
 * The first STALE as text, several lines: where, the two outcomes, and per
 * culprit the entry (kind, description, the translation that built it),
 * the changed word and when it changed, and the command that removes it.
 * Returns what snprintf would.
 */
int sn_property_describe_stale(const struct sn_property_stale *s, char *buf, size_t len);

#endif
