// SPDX-License-Identifier: MIT
/*
 * Translation-table builder (builder.h).  The mappings are first inserted
 * into a shadow tree, in list order, which finds every overlap and fixes
 * where each table goes; then the descriptors of the tree are written to
 * memory, table by table in placement order, entries in index order.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/builder.h>

/* A shadow entry: 0 empty, LEAF | map index, or child node index + 1. */
#define ENTRY_LEAF 0x80000000u
#define MAX_CONCAT 16u          /* arch.md §6.3: at most 16 concatenated tables */

struct tt_node {
	u64 addr;                       /* in pool space */
	int level;
	unsigned n_entries;
	u32 *entry;
};

__attribute__((format(printf, 5, 6)))
static int refuse(struct sn_tt_err *err, enum sn_tt_status st, int map, int other,
		  const char *fmt, ...)
{
	va_list ap;

	err->status = st;
	err->map = map;
	err->other = other;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

const char *sn_tt_status_name(enum sn_tt_status s)
{
	static const char *const names[] = {
		[SN_TT_OK] = "ok", [SN_TT_BAD_CFG] = "bad configuration",
		[SN_TT_BAD_SIZE] = "bad size", [SN_TT_BAD_LEVEL] = "bad level",
		[SN_TT_MISALIGNED] = "misaligned", [SN_TT_IA_RANGE] = "input address out of range",
		[SN_TT_OA_RANGE] = "output address out of range",
		[SN_TT_BAD_ATTR] = "bad attribute", [SN_TT_OVERLAP] = "overlap",
		[SN_TT_POOL_EXHAUSTED] = "pool exhausted", [SN_TT_UNRESOLVED] = "unresolved",
		[SN_TT_MEM_CAP] = "memory cap", [SN_TT_NOMEM] = "out of memory",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

/* ------------------------------------------------------------------ */
/* Levels                                                              */

static bool granule_ok(unsigned g)
{
	return g == 12 || g == 14 || g == 16;
}

/* arch.md §6.3: 4K SL0 00 L2, 01 L1, 10 L0, 11 L3; 16K/64K 00 L3, 01 L2, 10 L1, 11 L0 (16K). */
bool sn_tt_s2_sl0(unsigned granule_shift, int level, unsigned *sl0)
{
	static const int l4k[4] = { 2, 1, 0, 3 }, l16k[4] = { 3, 2, 1, 0 };

	if (!granule_ok(granule_shift))
		return false;
	for (unsigned i = 0; i < 4; i++) {
		int l = granule_shift == 12 ? l4k[i] : l16k[i];

		if (l != level || (granule_shift == 16 && i == 3))
			continue;
		*sl0 = i;
		return true;
	}
	return false;
}

/* arch.md §6.2: the level whose table resolves IA bit ia-1: 4 - floor((ia-4)/(g-3)). */
static int natural_level(unsigned g, unsigned ia)
{
	return 4 - (int)((ia - 4) / (g - 3));
}

static unsigned max_tsz(unsigned g)
{
	/* 48 leaves a 16-bit IA: for 64 KB that is one entry, which no level has. */
	return g == 16 ? 47 : 48;
}

int sn_tt_start_level(unsigned stage, unsigned g, unsigned tsz, int want, int *level,
		      unsigned *concat, const char **why)
{
	unsigned ia = 64 - tsz, sl0;
	int l;

	if (!granule_ok(g))
		return *why = "the granule must be 4 KB, 16 KB or 64 KB", -1;
	if (tsz < 16)
		return *why = "TxSZ below 16 needs 52-bit addressing, which the builder does not write", -1;
	if (tsz > max_tsz(g))
		return *why = g == 16 ? "TxSZ must be at most 47 with 64 KB" : "TxSZ must be at most 48", -1;
	l = natural_level(g, ia);
	*concat = 1;
	if (stage == 1) {
		if (want != SN_TT_LEVEL_AUTO && want != l)
			return *why = "stage 1 starts at the level TxSZ fixes (arch.md §6.2)", -1;
		*level = l;
		return 0;
	}
	if (want == SN_TT_LEVEL_AUTO) {
		/* Level 0 holds 2^(ia - (g + 3s)) entries; at most 16 concatenate at level 1. */
		if (l == 0 && ia - sn_tt_level_shift(g, 0) <= 4)
			l = 1;
		want = l;
	}
	if (want < 0 || want > 3 || !sn_tt_s2_sl0(g, want, &sl0))
		return *why = "no S2SL0 encoding starts a stage-2 walk at that level for this granule", -1;
	/* arch.md §6.3: g + s(3-L) < ia <= g + s(4-L) + 4. */
	if (ia <= sn_tt_level_shift(g, want))
		return *why = "the IPA is too small to start at that level", -1;
	if (want > 0 && ia > sn_tt_level_shift(g, want - 1) + 4)
		return *why = "the IPA needs more than 16 concatenated tables at that level", -1;
	if (want > 0 && ia > sn_tt_level_shift(g, want - 1))
		*concat = 1u << (ia - sn_tt_level_shift(g, want - 1));
	*level = want;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Descriptors (arch.md §6.4)                                          */

#define DESC_VALID      SN_BIT(0)
#define DESC_TABLE      SN_BIT(1)       /* table (level < 3) or page (level 3) */
#define DESC_ATTR       SN_GENMASK(5, 2)
#define DESC_AP         SN_GENMASK(7, 6)
#define DESC_SH         SN_GENMASK(9, 8)
#define DESC_AF         SN_BIT(10)
#define DESC_NG         SN_BIT(11)
#define DESC_XN         SN_GENMASK(54, 53)
#define DESC_ADDR       SN_GENMASK(SN_TT_ADDR_BITS - 1, 12)

u64 sn_tt_table_desc(u64 next_table)
{
	return (next_table & DESC_ADDR) | DESC_TABLE | DESC_VALID;
}

u64 sn_tt_leaf_desc(unsigned stage, int level, const struct sn_tt_map *m)
{
	u64 d = (m->oa & DESC_ADDR) | DESC_VALID;

	if (level == 3)
		d |= DESC_TABLE;
	d |= sn_field_prep(DESC_ATTR, m->attr) | sn_field_prep(DESC_AP, m->ap);
	d |= sn_field_prep(DESC_SH, m->sh) | sn_field_prep(DESC_XN, m->xn);
	if (m->af)
		d |= DESC_AF;
	if (stage == 1 && m->ng)
		d |= DESC_NG;
	return d;
}

/* ------------------------------------------------------------------ */
/* Checking one mapping                                                */

static bool is_pow2(u64 x)
{
	return x && !(x & (x - 1));
}

/* Blocks exist at 4K L1/L2, 16K L2, 64K L2 without 52-bit addressing (arch.md §6.1). */
static bool block_level_ok(unsigned g, int level)
{
	return level == 3 || level == 2 || (g == 12 && level == 1);
}

static int check_attrs(const struct sn_tt_cfg *cfg, const struct sn_tt_map *m, int i,
		       struct sn_tt_err *err)
{
	unsigned attr_max = cfg->stage == 1 ? 7 : 15;

	if (m->ap > 3)
		return refuse(err, SN_TT_BAD_ATTR, i, -1, "%s %u does not fit in 2 bits",
			      cfg->stage == 1 ? "AP" : "S2AP", m->ap);
	if (m->xn > 3)
		return refuse(err, SN_TT_BAD_ATTR, i, -1, "XN %u does not fit in 2 bits", m->xn);
	if (m->attr > attr_max)
		return refuse(err, SN_TT_BAD_ATTR, i, -1, "%s %u does not fit in %u bits",
			      cfg->stage == 1 ? "AttrIndx" : "MemAttr", m->attr,
			      cfg->stage == 1 ? 3 : 4);
	if (m->sh > 3)
		return refuse(err, SN_TT_BAD_ATTR, i, -1, "SH %u does not fit in 2 bits", m->sh);
	if (cfg->stage == 2 && m->ng)
		return refuse(err, SN_TT_BAD_ATTR, i, -1, "nG exists only at stage 1");
	return 0;
}

/*
 * The level @m's size puts it at; the input address folded to the table's
 * IA bits in *@ia.
 */
static int check_map(const struct sn_tt *t, const struct sn_tt_map *m, int i, int *level,
		     u64 *ia, struct sn_tt_err *err)
{
	const unsigned g = t->cfg.granule_shift, s = g - 3;
	const u64 ia_span = 1ULL << t->ia_bits;
	unsigned shift;

	if (!is_pow2(m->size) || (unsigned)__builtin_ctzll(m->size) < g ||
	    ((unsigned)__builtin_ctzll(m->size) - g) % s != 0 ||
	    (unsigned)__builtin_ctzll(m->size) > g + 3 * s)
		return refuse(err, SN_TT_BAD_SIZE, i, -1, "size 0x%" PRIx64 " is no page or "
			      "block size of the %u KB granule", m->size, (1u << g) >> 10);
	shift = (unsigned)__builtin_ctzll(m->size);
	*level = 3 - (int)((shift - g) / s);
	if (!block_level_ok(g, *level))
		return refuse(err, SN_TT_BAD_LEVEL, i, -1, "size 0x%" PRIx64 " would be a block "
			      "at level %d, which has no blocks with the %u KB granule",
			      m->size, *level, (1u << g) >> 10);
	if (*level < t->start_level)
		return refuse(err, SN_TT_BAD_LEVEL, i, -1, "size 0x%" PRIx64 " would be a block "
			      "at level %d, above the start level %d", m->size, *level,
			      t->start_level);
	if ((m->ia | m->oa) & (m->size - 1))
		return refuse(err, SN_TT_MISALIGNED, i, -1, "%s 0x%" PRIx64 " is not aligned to "
			      "the size 0x%" PRIx64, m->ia & (m->size - 1) ? "input address" :
			      "output address", m->ia & (m->size - 1) ? m->ia : m->oa, m->size);
	*ia = m->ia;
	if (t->cfg.stage == 1 && m->ia >= -ia_span) {
		*ia = m->ia & (ia_span - 1);    /* the TTB1 half */
		if (!t->ttb1)
			return refuse(err, SN_TT_IA_RANGE, i, -1, "input address 0x%" PRIx64 " lies "
				      "in the TTB1 half of the VA space, mapping 0 in the TTB0 half "
				      "(a table serves one of them)", m->ia);
	} else if (m->ia >= ia_span || m->size > ia_span - m->ia) {
		return refuse(err, SN_TT_IA_RANGE, i, -1, "input address 0x%" PRIx64 " is outside "
			      "the %u-bit input range of the table", m->ia, t->ia_bits);
	} else if (t->ttb1) {
		return refuse(err, SN_TT_IA_RANGE, i, -1, "input address 0x%" PRIx64 " lies in "
			      "the TTB0 half of the VA space, mapping 0 in the TTB1 half (a table "
			      "serves one of them)", m->ia);
	}
	if (m->oa >> SN_TT_ADDR_BITS || m->size > (1ULL << SN_TT_ADDR_BITS) - m->oa)
		return refuse(err, SN_TT_OA_RANGE, i, -1, "output address 0x%" PRIx64 " does not "
			      "fit in %u bits", m->oa, SN_TT_ADDR_BITS);
	return check_attrs(&t->cfg, m, i, err);
}

/* ------------------------------------------------------------------ */
/* The shadow tree                                                     */

static int add_node(struct sn_tt *t, u64 addr, int level, unsigned n_entries, int i,
		    struct sn_tt_err *err)
{
	struct tt_node *n;

	if (t->n_nodes == t->cap_nodes) {
		unsigned cap = t->cap_nodes ? 2 * t->cap_nodes : 8;
		struct tt_node *nodes = realloc(t->nodes, cap * sizeof(*nodes));

		/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
		if (!nodes)
			return refuse(err, SN_TT_NOMEM, i, -1, "out of memory");
		/* LCOV_EXCL_STOP */
		t->nodes = nodes;
		t->cap_nodes = cap;
	}
	n = &t->nodes[t->n_nodes];
	n->entry = calloc(n_entries, sizeof(*n->entry));
	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!n->entry)
		return refuse(err, SN_TT_NOMEM, i, -1, "out of memory");
	/* LCOV_EXCL_STOP */
	n->addr = addr;
	n->level = level;
	n->n_entries = n_entries;
	t->n_nodes++;
	return 0;
}

/* Place a table of @bytes, aligned to @align, at the pool's next free address. */
static int place_table(struct sn_tt *t, u64 bytes, u64 align, int level, int i,
		       struct sn_tt_err *err)
{
	const u64 base = t->cfg.pool_base, end = base + t->cfg.pool_size;
	u64 at = (t->pool_end + align - 1) & ~(align - 1);

	if (at < t->pool_end || at > end || bytes > end - at)
		return refuse(err, SN_TT_POOL_EXHAUSTED, i, -1, "the table pool [0x%" PRIx64
			      ", 0x%" PRIx64 ") has no room for a level-%d table", base, end, level);
	/* LCOV_EXCL_START: add_node() fails only on an allocation failure */
	if (add_node(t, at, level, (unsigned)(bytes / 8), i, err) != 0)
		return -1;
	/* LCOV_EXCL_STOP */
	t->pool_end = at + bytes;
	return 0;
}

static unsigned index_at(const struct sn_tt *t, const struct tt_node *n, u64 ia)
{
	return (unsigned)(ia >> sn_tt_level_shift(t->cfg.granule_shift, n->level)) &
	       (n->n_entries - 1);
}

/* A mapping, any, that lies under the table node @n (for overlap messages). */
static unsigned some_map_under(const struct sn_tt *t, unsigned node)
{
	const struct tt_node *n = &t->nodes[node];

	for (unsigned e = 0; e < n->n_entries; e++) {
		if (n->entry[e] & ENTRY_LEAF)
			return n->entry[e] & ~ENTRY_LEAF;
		if (n->entry[e])
			return some_map_under(t, n->entry[e] - 1);
	}
	return 0;   /* LCOV_EXCL_LINE: tables are only made for a mapping, so never reached */
}

/* Overlaps with an earlier mapping are named by their list index. */
static int overlap(struct sn_tt_err *err, const struct sn_tt_map *m, int i, unsigned j)
{
	return refuse(err, SN_TT_OVERLAP, i, (int)j, "the mapping at 0x%" PRIx64 " (size 0x%"
		      PRIx64 ") overlaps mapping %u", m->ia, m->size, j);
}

static int insert(struct sn_tt *t, const struct sn_tt_map *m, int i, int leaf_level, u64 ia,
		  struct sn_tt_err *err)
{
	const unsigned g = t->cfg.granule_shift;
	unsigned node = 0;

	for (;;) {
		unsigned e = index_at(t, &t->nodes[node], ia);
		u32 slot = t->nodes[node].entry[e];
		int level = t->nodes[node].level;

		if (level == leaf_level) {
			if (slot & ENTRY_LEAF)
				return overlap(err, m, i, slot & ~ENTRY_LEAF);
			if (slot)
				return overlap(err, m, i, some_map_under(t, slot - 1));
			t->nodes[node].entry[e] = ENTRY_LEAF | (u32)i;
			return 0;
		}
		if (slot & ENTRY_LEAF)
			return overlap(err, m, i, slot & ~ENTRY_LEAF);
		if (!slot) {
			if (place_table(t, 1ULL << g, 1ULL << g, level + 1, i, err) != 0)
				return -1;
			t->nodes[node].entry[e] = t->n_nodes;   /* child index + 1 */
		}
		node = t->nodes[node].entry[e] - 1;
	}
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static int write_word(struct sn_mem *mem, const struct sn_tt *t, u64 addr, u64 value,
		      struct sn_tt_err *err)
{
	u64 pa = addr;

	if (t->cfg.resolve && !t->cfg.resolve(t->cfg.resolve_ctx, addr, &pa))
		return refuse(err, SN_TT_UNRESOLVED, -1, -1, "table address 0x%" PRIx64 " is not "
			      "mapped by the stage-2 tables that hold it", addr);
	if (sn_mem_write64(mem, pa, value) != 0)
		return refuse(err, SN_TT_MEM_CAP, -1, -1, "writing the descriptor at 0x%" PRIx64
			      " passes the memory cap of %u pages", pa, sn_mem_max_pages(mem));
	return 0;
}

static int write_tree(struct sn_mem *mem, const struct sn_tt *t, struct sn_tt_err *err)
{
	for (unsigned k = 0; k < t->n_nodes; k++) {
		const struct tt_node *n = &t->nodes[k];

		for (unsigned e = 0; e < n->n_entries; e++) {
			u32 slot = n->entry[e];
			u64 d;

			if (!slot)
				continue;
			if (slot & ENTRY_LEAF)
				d = sn_tt_leaf_desc(t->cfg.stage, n->level,
						    &t->maps[slot & ~ENTRY_LEAF]);
			else
				d = sn_tt_table_desc(t->nodes[slot - 1].addr);
			if (write_word(mem, t, n->addr + 8ULL * e, d, err) != 0)
				return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static int check_cfg(const struct sn_tt_cfg *cfg, struct sn_tt *t, struct sn_tt_err *err)
{
	const char *why;
	unsigned sl0 = 0;

	if (cfg->stage != 1 && cfg->stage != 2)
		return refuse(err, SN_TT_BAD_CFG, -1, -1, "the stage must be 1 or 2");
	if (sn_tt_start_level(cfg->stage, cfg->granule_shift, cfg->tsz, cfg->start_level,
			      &t->start_level, &t->concat, &why) != 0)
		return refuse(err, SN_TT_BAD_CFG, -1, -1, "%s", why);
	if (cfg->pool_size == 0 || cfg->pool_base >> SN_TT_ADDR_BITS ||
	    cfg->pool_size > (1ULL << SN_TT_ADDR_BITS) - cfg->pool_base)
		return refuse(err, SN_TT_BAD_CFG, -1, -1, "the table pool must be non-empty and "
			      "lie below 2^%u", SN_TT_ADDR_BITS);
	if (cfg->stage == 2)
		sn_tt_s2_sl0(cfg->granule_shift, t->start_level, &sl0);
	t->sl0 = sl0;
	return 0;
}

static void set_encodings(struct sn_tt *t)
{
	switch (t->cfg.granule_shift) {
	case 12: t->tg = 0; t->tg1 = 2; break;
	case 14: t->tg = 2; t->tg1 = 1; break;
	default: t->tg = 1; t->tg1 = 3; break;
	}
}

int sn_tt_build(struct sn_mem *mem, const struct sn_tt_cfg *cfg,
		const struct sn_tt_map *maps, unsigned n_maps,
		struct sn_tt *out, struct sn_tt_err *err)
{
	unsigned g = cfg->granule_shift;
	u64 bytes;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	err->map = err->other = -1;
	out->cfg = *cfg;
	if (check_cfg(cfg, out, err) != 0)
		goto fail;
	out->ia_bits = 64 - cfg->tsz;
	set_encodings(out);
	if (n_maps >= ENTRY_LEAF) {
		refuse(err, SN_TT_BAD_CFG, -1, -1, "too many mappings");
		goto fail;
	}
	out->maps = calloc(n_maps ? n_maps : 1, sizeof(*out->maps));
	/* LCOV_EXCL_START: allocation failure: only when the host is out of memory; no test injects one */
	if (!out->maps) {
		refuse(err, SN_TT_NOMEM, -1, -1, "out of memory");
		goto fail;
	}
	/* LCOV_EXCL_STOP */
	if (n_maps)
		memcpy(out->maps, maps, n_maps * sizeof(*maps));
	out->n_maps = n_maps;
	/* The start table: 2^(ia - levelshift(L)) entries, or concat full tables. */
	out->start_entries = 1u << (out->ia_bits - sn_tt_level_shift(g, out->start_level));
	bytes = 8ULL * out->start_entries;
	out->pool_end = cfg->pool_base;
	if (place_table(out, bytes, bytes < 64 ? 64 : bytes, out->start_level, -1, err) != 0)
		goto fail;
	out->ttb = out->nodes[0].addr;
	/* Stage 1: mapping 0 decides which half of the VA space the table serves. */
	out->ttb1 = cfg->stage == 1 && n_maps && maps[0].ia >= -(1ULL << out->ia_bits);
	for (unsigned i = 0; i < n_maps; i++) {
		int level = 0;
		u64 ia = 0;

		if (check_map(out, &maps[i], (int)i, &level, &ia, err) != 0 ||
		    insert(out, &maps[i], (int)i, level, ia, err) != 0)
			goto fail;
	}
	if (write_tree(mem, out, err) != 0)
		goto fail;
	return 0;
fail:
	sn_tt_free(out);
	return -1;
}

void sn_tt_free(struct sn_tt *t)
{
	if (!t)
		return;
	for (unsigned k = 0; k < t->n_nodes; k++)
		free(t->nodes[k].entry);
	free(t->nodes);
	free(t->maps);
	memset(t, 0, sizeof(*t));
}

bool sn_tt_translate(const struct sn_tt *t, u64 ia, u64 *oa)
{
	const u64 span = 1ULL << t->ia_bits;
	unsigned node = 0;

	if (!t->n_nodes)
		return false;
	if (t->ttb1 ? ia < -span : ia >= span)
		return false;
	ia &= span - 1;
	for (;;) {
		u32 slot = t->nodes[node].entry[index_at(t, &t->nodes[node], ia)];

		if (!slot)
			return false;
		if (slot & ENTRY_LEAF) {
			const struct sn_tt_map *m = &t->maps[slot & ~ENTRY_LEAF];

			*oa = m->oa + ((ia - m->ia) & (m->size - 1));
			return true;
		}
		node = slot - 1;
	}
}

bool sn_tt_resolve_s2(const void *ctx, u64 ipa, u64 *pa)
{
	return sn_tt_translate(ctx, ipa, pa);
}
