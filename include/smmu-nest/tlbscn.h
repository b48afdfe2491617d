/* SPDX-License-Identifier: MIT */
/*
 * Cache vectors (area tlb; vectors/SCHEMA.md "Area tlb: caches,
 * invalidation and staleness"): an architecture scenario that builds the
 * initial state, plus steps run in order on one SMMU with caches:
 * translations judged by the staleness oracle (oracle.h), memory writes,
 * commands on the host queue, the host's stage-2 change sequence
 * (s2inval.h) and guest commands through the vIOMMU path (viommu.h).
 *
 * The loader (src/vectors_tlb.c) fills struct sn_tlbscn; the runner
 * (src/replay_tlb.c) replays it under one host policy and one cache mode.
 *
 * A tlb vector's struct sn_vector points (v->scn) at the scenario that
 * starts its struct sn_tlbscn, so the architecture builder takes it as
 * is; sn_tlbscn_of() gives the whole.  Only vectors of a file whose area
 * is "tlb" have one.
 */
#ifndef SMMU_NEST_TLBSCN_H
#define SMMU_NEST_TLBSCN_H

#include <stdio.h>

#include <smmu-nest/cmdq.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/s2inval.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/viommu.h>

enum sn_tlb_step_kind {
	SN_TLB_TRANSLATE,
	SN_TLB_WRITE,
	SN_TLB_COMMANDS,
	SN_TLB_HOST,
	SN_TLB_GUEST,
};

/* One judged translation: a translate step, or a 'during' entry of a host step. */
struct sn_tlb_xlate {
	struct sn_txn t;
	bool device_atc;                /* kind atc: the device's ATC first */
	struct sn_arch_outcome expect;  /* the fresh (cache-less) outcome */
	enum sn_verdict verdict;        /* under max; SN_VERDICT_FRESH by default */
	bool has_served;
	struct sn_arch_outcome served;  /* the served outcome under max */
	struct sn_loc loc;              /* of the mapping that holds it */
};

struct sn_tlb_during {
	unsigned after;                 /* 1-based command of the sequence it follows */
	struct sn_loc after_loc;
	struct sn_tlb_xlate x;
};

struct sn_tlb_cmd {
	u64 w[2];
	struct sn_loc loc;
};

struct sn_tlb_step {
	enum sn_tlb_step_kind kind;
	struct sn_loc loc;              /* the step's mapping: the line failures name */
	struct sn_loc action_loc;       /* the value of its action key */
	/* SN_TLB_TRANSLATE */
	struct sn_tlb_xlate x;
	/* SN_TLB_WRITE */
	struct sn_scn_raw *writes;
	unsigned n_writes;
	/* SN_TLB_COMMANDS, SN_TLB_GUEST */
	struct sn_tlb_cmd *cmds;
	unsigned n_cmds;
	bool settle;                    /* commands: ends with a SYNC and settles */
	/* SN_TLB_HOST */
	struct s2inv_change change;
	struct sn_tlb_during *during;
	unsigned n_during;
	/* SN_TLB_GUEST: the errno the kernel must return (SN_OK: none) */
	int error;
};

struct sn_tlb_master {
	u32 *sids;
	unsigned n_sids;
	bool ats, nested, nested_ats_flush;
	u32 ssid;
	struct sn_loc loc;
};

/* The host's stage-2 domain (input key 'domain'). */
struct sn_tlb_domain {
	bool present;
	u16 vmid;
	unsigned page_shift;
	bool nest_parent;
	struct sn_tlb_master *masters;
	unsigned n_masters;
	struct sn_loc loc;
};

/* The vIOMMU (input key 'viommu'). */
struct sn_tlb_viommu {
	bool present;
	u16 vmid;
	struct viommu_vdev *vdevs;
	unsigned n_vdevs;
	struct sn_loc loc;
};

struct sn_tlbscn {
	struct sn_scenario scn;         /* first: sn_vector.scn points here */
	struct sn_loc loc;              /* the vector */
	struct sn_tlb_domain domain;
	struct sn_tlb_viommu viommu;
	struct sn_tlb_step *steps;
	unsigned n_steps;
	unsigned bug;                   /* enum policy_bug planted in every policy; 0 none */
	const char *bug_name;           /* static, or NULL */
	bool has_host, has_guest;
};

/* The tlb data of a vector loaded from a file whose area is "tlb". */
static inline const struct sn_tlbscn *sn_tlbscn_of(const struct sn_vector *v)
{
	return (const struct sn_tlbscn *)(const void *)v->scn;
}

/* Planted bugs by vector name (SCHEMA.md key 'bug'). */
bool sn_tlb_bug_parse(const char *name, unsigned *bug, bool *host);
const char *sn_tlb_bug_name(unsigned bug);

/*
 * The command fields a vector may give by name (SCHEMA.md "A command"),
 * over struct sn_cmd.  Whether an opcode has a field is asked of the
 * command encoder itself (cmdq.h), so the two can never disagree.
 */
enum sn_tlb_cmd_field {
	SN_CF_VMID, SN_CF_ASID, SN_CF_ADDR, SN_CF_LEAF, SN_CF_NUM, SN_CF_SCALE, SN_CF_TG,
	SN_CF_TTL, SN_CF_SID, SN_CF_SSID, SN_CF_SSV, SN_CF_RANGE, SN_CF_GLOBAL, SN_CF_SIZE,
	SN_CF_COUNT
};
extern const char *const sn_tlb_cmd_field_names[SN_CF_COUNT];
bool sn_tlb_cmd_field_is_bool(enum sn_tlb_cmd_field f);
/* The field's width in bits as the command holds it at most (64 for addr). */
unsigned sn_tlb_cmd_field_bits(enum sn_tlb_cmd_field f);
bool sn_tlb_cmd_has_field(u8 op, enum sn_tlb_cmd_field f);
u64 sn_tlb_cmd_field_get(const struct sn_cmd *c, enum sn_tlb_cmd_field f);
void sn_tlb_cmd_field_set(struct sn_cmd *c, enum sn_tlb_cmd_field f, u64 v);

/*
 * The s2inval.h view of @t's domain, with range invalidation and ATS from
 * the SMMU's ID registers; @masters holds domain.n_masters entries.
 */
void sn_tlb_s2inv_domain(const struct sn_tlbscn *t, struct s2inv_domain *d,
			 struct s2inv_master *masters);

/* ------------------------------------------------------------------ */
/* Running (src/replay_tlb.c)                                          */

/* The cache modes every tlb vector is replayed under. */
#define SN_TLB_N_MODES 3
extern const char *const sn_tlb_modes[SN_TLB_N_MODES];     /* "none", "max", "lru:4" */

/* Entries the oracle's store may hold: far more than any vector fills. */
#define SN_TLB_CAPACITY 4096

/* "none", "max" or "lru:N". */
void sn_tlb_mode_format(const struct tlb_policy *m, char *buf, size_t len);

/*
 * What a run reports as it goes; any member may be NULL.  @step counts
 * from 0; @during is the index of a host step's 'during' entry, or -1.
 */
struct sn_tlb_obs {
	void *ctx;
	void (*step_begin)(void *ctx, unsigned step, u64 clock);
	void (*step_end)(void *ctx, unsigned step, u64 clock, bool settled);
	/* A command put on the host queue; @n is its 1-based place in the step. */
	void (*command)(void *ctx, unsigned step, unsigned n, const u64 cmd[2],
			enum tlb_queue_result r);
	void (*translate)(void *ctx, unsigned step, int during, const struct sn_tlb_xlate *x,
			  const struct sn_judgement *j);
	void (*guest)(void *ctx, unsigned step, const struct viommu_inv_result *r);
	/* One failed check, located at @at (the step or the during entry). */
	void (*failure)(void *ctx, unsigned step, int during, const struct sn_loc *at,
			const char *why);
	/*
	 * For a second implementation run in lockstep (a device under test,
	 * dut.h): @built once the scenario is built, before the first step;
	 * @write for each word a write step stores.
	 */
	void (*built)(void *ctx, const struct sn_built *b);
	void (*write)(void *ctx, unsigned step, u64 pa, u64 value);
	/*
	 * When set, a host step's commands come from here instead of the
	 * policy's s2inv_run() (a DUT's own stage-2 change sequence).
	 */
	void (*host_change)(void *ctx, const struct s2inv_domain *d,
			    const struct s2inv_change *c, const struct s2inv_queue *q,
			    struct s2inv_result *res);
	/*
	 * Hold translations to the fresh outcome only, not to the vector's
	 * verdict and served outcome: those hold for the policy's own
	 * sequence, and the caller judges the verdict itself in @translate.
	 */
	bool fresh_only;
};

/*
 * Build @t's scenario and run its steps under host policy @p (with the
 * vector's bug planted in a copy) and cache mode @mode.  The number of
 * failed checks (0: the vector passes under this policy and mode), or -1
 * with @err set to "file:line:col: message" when the run cannot proceed.
 */
int sn_tlb_run(const struct sn_tlbscn *t, const struct host_policy *p,
	       const struct tlb_policy *mode, const struct sn_tlb_obs *obs,
	       struct sn_error *err);

/* "CMD_TLBI_NH_VA vmid=1 asid=3 addr=0x1000 leaf=1": the fields its opcode has. */
void sn_tlb_cmd_format(const u64 w[2], char *buf, size_t len);

/* An entry's kind and tags: "NESTED vmid=1 asid=3 va=0x1000 size=0x1000 level=3". */
void sn_tlb_entry_format(const struct tlb_entry *e, char *buf, size_t len);

/*
 * smmu-nest explain for a tlb vector: run it under @p and @mode and print
 * step @step: for a translation, served and fresh, the verdict, and for a
 * STALE or ACCEPTABLE one each culprit (the entry, the translation and
 * step that built it, the word that changed and the step that wrote it,
 * the command that would have removed it); for other steps what they put
 * on the queue and whether they settle.  @id names the vector.  The
 * number of failed checks in that step, or -1 with @err set.
 */
int sn_tlb_explain(FILE *out, const char *id, const struct sn_tlbscn *t, unsigned step,
		   const struct host_policy *p, const struct tlb_policy *mode,
		   struct sn_error *err);

/* The required-removal table (tlb_inval_rules(), arch.md §4.4), for a reader. */
void sn_tlb_print_inval_table(FILE *out);

#endif
