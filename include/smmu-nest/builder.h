/* SPDX-License-Identifier: MIT */
/*
 * Translation-table builder: real VMSAv8-64 descriptors (ARM DDI0487 D8.3;
 * arch.md §6.4) written into an sn_mem from a list of mappings, for the
 * architecture vectors and the unit tests.
 *
 * One call builds one table tree (one TTB) for stage 1 or stage 2, 4K, 16K
 * or 64K granule, any input size the VMSA can express without 52-bit
 * addressing, and stage-2 concatenated start tables.  What the builder
 * cannot express it refuses with a reason, naming the mapping at fault:
 * overlapping or misaligned mappings, a size that is no page or block of
 * the granule, a block at a level that has none, an exhausted table pool,
 * a stage-2 hole under a stage-1 table, the memory page cap.  Malformed
 * tables are not the builder's business: vectors patch raw memory words.
 *
 * Placement is deterministic, so vectors can name descriptor addresses:
 * the start table (all concatenated tables of it) comes first, at the pool
 * base rounded up to its size (at least 64 bytes); every further table takes
 * the next free 2^g-aligned block of the pool, in the order tables are first
 * needed as the mappings are inserted in list order, each from the start
 * level down.  Only non-zero descriptors are written: memory that was never
 * written reads as zero, which is an invalid descriptor.
 */
#ifndef SMMU_NEST_BUILDER_H
#define SMMU_NEST_BUILDER_H

#include <stddef.h>
#include <smmu-nest/mem.h>

/* Let the builder choose the start level (see sn_tt_start_level()). */
#define SN_TT_LEVEL_AUTO (-128)

/* The largest input or output address the builder writes: 48 bits. */
#define SN_TT_ADDR_BITS 48

/* Maps a table address (an IPA, for stage-1 tables of a nested walk) to the
 * PA it is stored at; false if nothing maps it. */
typedef bool (*sn_tt_resolve_fn)(const void *ctx, u64 addr, u64 *pa);

struct sn_tt_cfg {
	unsigned stage;                 /* 1 or 2 */
	unsigned granule_shift;         /* 12 (4 KB), 14 (16 KB) or 16 (64 KB) */
	unsigned tsz;                   /* T0SZ/T1SZ (stage 1) or S2T0SZ (stage 2) */
	int start_level;                /* SN_TT_LEVEL_AUTO, or the level to start at */
	u64 pool_base, pool_size;       /* where tables go, in the tables' address space */
	sn_tt_resolve_fn resolve;       /* NULL: table addresses are PAs */
	const void *resolve_ctx;
};

/*
 * One page or block.  Attribute fields are descriptor fields, by stage:
 *   stage 1: @ap AP[2:1] (bits 7:6), @xn {UXN,PXN} (bits 54:53),
 *            @attr AttrIndx (bits 4:2), @ng nG (bit 11);
 *   stage 2: @ap S2AP (bits 7:6), @xn XN[1:0] (bits 54:53; bit 53 only
 *            means something with FEAT_XNX), @attr MemAttr (bits 5:2).
 * Both: @sh SH (bits 9:8), @af AF (bit 10).  Contiguous is never set.
 */
struct sn_tt_map {
	u64 ia;                         /* input address; stage 1 may use the TTB1 half */
	u64 oa;                         /* output address */
	u64 size;                       /* a page or block size of the granule */
	u8 ap, xn, attr, sh;
	bool af, ng;
};

enum sn_tt_status {
	SN_TT_OK = 0,
	SN_TT_BAD_CFG,                  /* stage, granule, TxSZ, start level or pool */
	SN_TT_BAD_SIZE,                 /* no page or block of this granule has that size */
	SN_TT_BAD_LEVEL,                /* a block at a level without blocks, or above the start */
	SN_TT_MISALIGNED,               /* IA or OA not aligned to the size */
	SN_TT_IA_RANGE,                 /* IA outside the TxSZ range, or both TTB halves */
	SN_TT_OA_RANGE,                 /* OA beyond 48 bits */
	SN_TT_BAD_ATTR,                 /* an attribute wider than its field, nG at stage 2 */
	SN_TT_OVERLAP,                  /* two mappings cover the same input address */
	SN_TT_POOL_EXHAUSTED,           /* the table pool has no room for another table */
	SN_TT_UNRESOLVED,               /* resolve() maps no PA to a table address */
	SN_TT_MEM_CAP,                  /* the memory page cap is reached */
	SN_TT_NOMEM,                    /* host allocation failed */
};

struct sn_tt_err {
	enum sn_tt_status status;
	int map;                        /* the mapping at fault, or -1 */
	int other;                      /* SN_TT_OVERLAP: the earlier mapping, else -1 */
	char msg[240];                  /* one sentence, without location */
};

struct tt_node;

/* A built table tree.  Free with sn_tt_free(). */
struct sn_tt {
	struct sn_tt_cfg cfg;
	unsigned ia_bits;               /* 64 - tsz */
	int start_level;
	unsigned concat;                /* concatenated start tables (1 if none) */
	unsigned start_entries;         /* descriptors in the start table(s) */
	u64 ttb;                        /* the start table's address (pool space) */
	unsigned tg;                    /* TG0 / S2TG encoding: 0 4K, 1 64K, 2 16K */
	unsigned tg1;                   /* TG1 encoding: 1 16K, 2 4K, 3 64K */
	unsigned sl0;                   /* stage 2: S2SL0 for the start level */
	u64 pool_end;                   /* end of the last table placed */
	bool ttb1;                      /* stage 1: the mappings use the upper (TTB1) half */
	/* private */
	struct tt_node *nodes;
	unsigned n_nodes, cap_nodes;
	struct sn_tt_map *maps;
	unsigned n_maps;
};

/*
 * Build the tree of @maps into @mem.  0 with @out filled (free it with
 * sn_tt_free), or -1 with @err filled and @out empty.  On failure @mem
 * may hold some of the descriptors.
 */
int sn_tt_build(struct sn_mem *mem, const struct sn_tt_cfg *cfg,
		const struct sn_tt_map *maps, unsigned n_maps,
		struct sn_tt *out, struct sn_tt_err *err);
void sn_tt_free(struct sn_tt *t);

/* The output address of @ia through the built mappings (no memory read). */
bool sn_tt_translate(const struct sn_tt *t, u64 ia, u64 *oa);

/* Resolver over a built stage-2 tree, for sn_tt_cfg.resolve (ctx: the tree). */
bool sn_tt_resolve_s2(const void *ctx, u64 ipa, u64 *pa);

/*
 * The start level and the number of concatenated start tables for this
 * stage, granule and TxSZ (arch.md §6.2, §6.3).  With @want ==
 * SN_TT_LEVEL_AUTO: stage 1 takes the level the VMSA fixes; stage 2 takes
 * the same level, except that a level-0 start of at most 16 entries becomes
 * a level-1 start of that many concatenated tables (as Linux's io-pgtable
 * does; the only legal choice for a 48-bit IPA with 16 KB).  Otherwise @want
 * is checked: stage 1 must start where the VMSA says, stage 2 may start at
 * any level whose SL0 encoding exists for the granule and that covers the
 * IPA with at most 16 tables.  0, or -1 with a reason in @why.
 */
int sn_tt_start_level(unsigned stage, unsigned granule_shift, unsigned tsz, int want,
		      int *level, unsigned *concat, const char **why);

/* S2SL0 for a stage-2 start level (arch.md §6.3); false if none exists. */
bool sn_tt_s2_sl0(unsigned granule_shift, int level, unsigned *sl0);

/* Leaf size at @level: 2^(g + (g-3)(3-level)). */
static inline unsigned sn_tt_level_shift(unsigned granule_shift, int level)
{
	return granule_shift + (granule_shift - 3) * (unsigned)(3 - level);
}

/* The descriptors the builder writes, for tests and tools. */
u64 sn_tt_table_desc(u64 next_table);
u64 sn_tt_leaf_desc(unsigned stage, int level, const struct sn_tt_map *m);

const char *sn_tt_status_name(enum sn_tt_status s);

#endif
