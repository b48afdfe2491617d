/* SPDX-License-Identifier: MIT */
/*
 * Architecture vectors (areas ste, cd and walk; vectors/SCHEMA.md): one
 * scenario per vector, an SMMU with its memory, tables, stream table and
 * CD tables, and a list of transactions, each with the outcome it must
 * have.  The loader fills these structs (src/vectors_arch.c);
 * sn_scenario_build() turns one into memory and a struct smmu
 * (src/scenario.c); sn_scenario_run() runs the transactions through
 * smmu_translate() and compares (src/replay_arch.c).
 *
 * Every part carries the location it was loaded from, so that a build
 * failure (an overlap, an exhausted pool, a page cap) is reported as
 * "file:line:col: message" at the part that causes it.
 */
#ifndef SMMU_NEST_SCENARIO_H
#define SMMU_NEST_SCENARIO_H

#include <stddef.h>
#include <smmu-nest/builder.h>
#include <smmu-nest/smmu.h>
#include <smmu-nest/vectors.h>

#define SN_SCN_DEFAULT_PAGES 1024u      /* memory cap without memory.max-pages: 4 MiB */

/* ------------------------------------------------------------------ */
/* STEs and CDs by raw words or by named fields                        */

/* What a field value refers to instead of a number. */
enum sn_ref_kind { SN_REF_NONE, SN_REF_TABLE, SN_REF_CDS };

/* Which property of the referred table. */
enum sn_ref_attr {
	SN_REF_ADDR,            /* tables.X / tables.X.ttb, cds.X / cds.X.base: its address */
	SN_REF_SL0,             /* tables.X.sl0: S2SL0 of its start level */
	SN_REF_TSZ,             /* tables.X.tsz */
	SN_REF_TG,              /* tables.X.tg: TG0/S2TG encoding, or TG1's in field TG1 */
	SN_REF_FMT,             /* cds.X.fmt: the S1Fmt of its format */
};

struct sn_field_value {
	const struct sn_field_desc *field;
	bool is_addr;           /* an address field: the value is the address, in place */
	u64 value;              /* SN_REF_NONE: the value */
	enum sn_ref_kind ref;
	unsigned ref_index;     /* into the scenario's tables or cds */
	enum sn_ref_attr ref_attr;
	struct sn_loc loc;
};

/* An STE or a CD: eight raw words, or named fields over zero. */
struct sn_struct_spec {
	bool raw;
	u64 words[8];
	struct sn_field_value *fields;
	unsigned n_fields;
	struct sn_loc loc;
};

/* ------------------------------------------------------------------ */
/* Parts of a scenario                                                 */

struct sn_scn_smmu {
	struct smmu_idr idr;
	bool cr0_atschk, cr2_recinvsid, cr2_e2h;
};

struct sn_scn_raw {             /* consecutive raw words at a PA */
	u64 addr;
	u64 *words;
	unsigned n_words;
	struct sn_loc loc;
};

struct sn_scn_abort {
	u64 addr, size;
	struct sn_loc loc;
};

struct sn_scn_memory {
	unsigned max_pages;
	struct sn_scn_raw *raw;
	unsigned n_raw;
	struct sn_scn_abort *aborts;
	unsigned n_aborts;
};

struct sn_scn_table {
	char *name;
	struct sn_loc loc;
	struct sn_tt_cfg cfg;   /* resolve is set when the scenario is built */
	int s2;                 /* the stage-2 table its tables live behind, or -1 */
	struct sn_tt_map *maps;
	struct sn_loc *map_locs;
	unsigned n_maps;
};

/* An L1STD or L1CD: given as one raw word or by its fields. */
struct sn_scn_l1 {
	u32 index;
	u64 word;               /* the descriptor, composed when given by fields */
	struct sn_loc loc;
};

struct sn_scn_entry {           /* an STE at a StreamID, a CD at a SubstreamID */
	u32 index;
	struct sn_struct_spec desc;
	struct sn_loc loc;
};

enum sn_strtab_fmt { SN_STRTAB_LINEAR = 0, SN_STRTAB_2LEVEL = 1 };

struct sn_scn_strtab {
	bool present;
	enum sn_strtab_fmt fmt;
	unsigned log2size, split;
	u64 base;
	struct sn_scn_l1 *l1;
	unsigned n_l1;
	struct sn_scn_entry *stes;
	unsigned n_stes;
	struct sn_loc loc;
};

enum sn_cdtab_fmt { SN_CD_SINGLE, SN_CD_LINEAR, SN_CD_2L_4K, SN_CD_2L_64K };

struct sn_scn_cdtab {
	char *name;
	struct sn_loc loc;
	enum sn_cdtab_fmt fmt;
	u64 base;
	int s2;                 /* the stage-2 table its addresses (IPAs) go through, or -1 */
	struct sn_scn_l1 *l1;
	unsigned n_l1;
	struct sn_scn_entry *cds;
	unsigned n_cds;
};

/* ------------------------------------------------------------------ */
/* Expected outcomes                                                   */

enum sn_arch_result { SN_ARCH_OK, SN_ARCH_FAULT, SN_ARCH_ACCEPTABLE };

/* The event record fields an expectation can assert, in comparison order. */
enum sn_evf {
	SN_EVF_TYPE, SN_EVF_SID, SN_EVF_SSV, SN_EVF_SSID, SN_EVF_STALL, SN_EVF_STAG,
	SN_EVF_PNU, SN_EVF_IND, SN_EVF_RNW, SN_EVF_S2, SN_EVF_CLASS, SN_EVF_TTRNW,
	SN_EVF_INPUT_ADDR, SN_EVF_IPA, SN_EVF_FETCH_ADDR,
	SN_EVF_COUNT
};
extern const char *const sn_evf_names[SN_EVF_COUNT];

/* Which optional fields of an 'ok' outcome are asserted. */
#define SN_OKF_IPA        0x01
#define SN_OKF_PAGE_SIZE  0x02
#define SN_OKF_S1_PERM    0x04
#define SN_OKF_S2_PERM    0x08
#define SN_OKF_ATS_GRANT  0x10

struct sn_arch_outcome {
	enum sn_arch_result kind;
	struct sn_loc loc;
	/* SN_ARCH_OK */
	u64 pa;
	unsigned ok_fields;     /* SN_OKF_* */
	u64 ipa, page_size;
	u8 s1_perm, s2_perm;    /* SN_PERM_* */
	u8 ats_grant;           /* SN_ATS_* */
	/* SN_ARCH_FAULT */
	enum sn_disposition disp;
	bool has_event;         /* false: 'event: none' */
	unsigned event_fields;  /* bit SN_EVF_x: that field is compared */
	struct sn_event event;
	/* SN_ARCH_ACCEPTABLE */
	struct sn_arch_outcome *any_of;
	unsigned n_any_of;
};

struct sn_scn_txn {
	struct sn_txn t;
	struct sn_loc loc;
	struct sn_arch_outcome expect;
};

/* ------------------------------------------------------------------ */

struct sn_scenario {
	struct sn_scn_smmu smmu;
	struct sn_scn_memory memory;
	struct sn_scn_table *tables;
	unsigned n_tables;
	struct sn_scn_strtab strtab;
	struct sn_scn_cdtab *cdtabs;
	unsigned n_cdtabs;
	struct sn_scn_txn *txns;
	unsigned n_txns;
};

void sn_scenario_free(struct sn_scenario *s);

/* A scenario made real: memory, the SMMU, and the built table trees. */
struct sn_built {
	struct sn_mem *mem;
	struct smmu smmu;
	struct sn_tt *tts;      /* one per scenario table */
	unsigned n_tts;
};

/*
 * Build @s: stage-2 tables, stage-1 tables, the stream table, the CD tables,
 * then raw memory words (which may patch anything before them), then the
 * abort ranges; the SMMU gets the ID registers, control bits and stream
 * table registers.  0, or -1 with a located message in @err (@out is then
 * empty).  Free with sn_built_free().
 */
int sn_scenario_build(const struct sn_scenario *s, struct sn_built *out, struct sn_error *err);
void sn_built_free(struct sn_built *b);

/* The value a field reference stands for in @b (for tools). */
bool sn_ref_value(const struct sn_scenario *s, const struct sn_built *b,
		  const struct sn_field_value *fv, u64 *value);

/* ------------------------------------------------------------------ */
/* Running and comparing (src/replay_arch.c; needs smmu_translate())   */

/*
 * Does @got match @exp?  On a mismatch @why gets "field: expected X, got Y"
 * for the first field that differs; for 'acceptable' @alt gets the index of
 * the alternative that matched.
 */
bool sn_arch_outcome_matches(const struct sn_arch_outcome *exp, const struct sn_xlate *got,
			     char *why, size_t why_len, unsigned *alt);

/* One line describing @x: "ok pa=0x... ipa=0x... page=0x1000 s1=rw-rw- s2=..." or a fault. */
void sn_xlate_format(const struct sn_xlate *x, char *buf, size_t len);

/* "rwxrwx" style: privileged r/w/x then unprivileged r/w/x, '-' where denied. */
void sn_perm_format(u8 perm, char out[7]);
bool sn_perm_parse(const char *s, u8 *perm);

/*
 * @e as its event record holds it (sn_event_encode(), arch.md §5.2): the
 * fields the event type does not record read 0, IPA and FetchAddr keep only
 * the bits DW3 holds.  Expectations are compared with this view.
 */
void sn_event_recorded(const struct sn_event *e, struct sn_event *rec);

/* Disposition and class names as in vector files ("abort", "TT"). */
const char *sn_disposition_name(enum sn_disposition d);
const char *sn_class_name(u8 class);

/* Per transaction of a run. */
struct sn_txn_report {
	bool passed;
	struct sn_xlate got;
	char why[320];
};

/*
 * Build @v's scenario and run every transaction in order on one SMMU
 * instance.  @reports (n_txns entries, may be NULL) receive each result.
 * Returns the number of transactions that failed, or -1 with @err set if
 * the scenario does not build.
 */
int sn_scenario_run(const struct sn_scenario *s, struct sn_txn_report *reports,
		    struct sn_error *err);

#endif
