// SPDX-License-Identifier: MIT
/*
 * The input of the architecture areas (ste, cd, walk; vectors/SCHEMA.md
 * "Architecture areas"): from the YAML tree into struct sn_scenario.
 *
 * Like vectors.c, every check stops at the first problem and reports it at
 * the node that is wrong; arrays are sized before their items are parsed,
 * so a half-filled scenario can always be freed.  What only building can
 * tell (overlapping mappings, an exhausted pool, an STE no L1STD reaches,
 * the memory cap) is found by building the scenario once, here, with the
 * locations the parts carry.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <smmu-nest/scenario.h>
#include "load.h"

bool ld_area_is_arch(const char *area)
{
	return strcmp(area, "ste") == 0 || strcmp(area, "cd") == 0 || strcmp(area, "walk") == 0;
}

static const struct ld_key_spec input_keys[] = {
	{ "smmu", false }, { "memory", false }, { "tables", false }, { "stream-table", false },
	{ "cds", false }, { "transactions", true },
};

static const struct ld_key_spec defaults_keys[] = {
	{ "smmu", false }, { "memory", false }, { "tables", false }, { "stream-table", false },
	{ "cds", false },
};

/* ------------------------------------------------------------------ */
/* Small values                                                        */

/* Table and CD-table names: a lower-case letter, then letters, digits, '-', '_'. */
static bool name_is_valid(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return false;
	return true;
}

/* One of @names (exact match); its index in *@out. */
static int get_choice(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		      const char *const *names, unsigned count, unsigned *out)
{
	char text[YDOM_EXCERPT_LEN], choices[160] = "";

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key '%s': must be a name, not %s", key, ydom_kind_name(n->kind));
	for (unsigned i = 0; i < count; i++) {
		if (strcmp(n->text, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	for (unsigned i = 0; i < count; i++)
		ld_append_choice(choices, sizeof(choices), names[i], i, count);
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key '%s': unknown value '%s' (expected %s)", key, text, choices);
}

int ld_get_choice(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		  const char *const *names, unsigned count, unsigned *out)
{
	return get_choice(c, n, key, names, count, out);
}

/* A number in [@min, @max]. */
static int get_ranged(struct ld_ctx *c, const struct ydom_node *n, const char *key, u64 min,
		      u64 max, u64 *out)
{
	if (ld_get_number(c, n, key, 64, out) != 0)
		return -1;
	if (*out < min || *out > max)
		return ld_fail(c, n, "key '%s': %" PRIu64 " is outside %" PRIu64 "..%" PRIu64,
			       key, *out, min, max);
	return 0;
}

/* A byte address aligned to @align (a power of two). */
static int get_aligned(struct ld_ctx *c, const struct ydom_node *n, const char *key, u64 align,
		       u64 *out)
{
	if (ld_get_number(c, n, key, 64, out) != 0)
		return -1;
	if (*out & (align - 1))
		return ld_fail(c, n, "key '%s': 0x%" PRIx64 " is not aligned to 0x%" PRIx64,
			       key, *out, align);
	return 0;
}

/* An optional boolean. */
static int opt_bool(struct ld_ctx *c, const struct ydom_node *map, const char *key, bool *out)
{
	const struct ydom_node *n = ydom_map_get(map, key);

	return n ? ld_get_bool(c, n, key, out) : 0;
}

/* An optional number of @bits bits into a u8. */
static int opt_u8(struct ld_ctx *c, const struct ydom_node *map, const char *key, unsigned bits,
		  u8 *out)
{
	const struct ydom_node *n = ydom_map_get(map, key);
	u64 v;

	if (!n)
		return 0;
	if (ld_get_number(c, n, key, bits, &v) != 0)
		return -1;
	*out = (u8)v;
	return 0;
}

/* A list (possibly empty) whose items are all mappings (@item names one). */
static int want_map_list(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			 const char *item)
{
	if (ld_want_kind(c, n, key, YDOM_SEQ) != 0)
		return -1;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (n->kids[i]->kind != YDOM_MAP)
			return ld_fail(c, n->kids[i], "each entry of '%s' must be %s, not %s", key,
				       item, ydom_kind_name(n->kids[i]->kind));
	return 0;
}

/* ------------------------------------------------------------------ */
/* smmu: ID register fields and control bits                           */

struct smmu_key {
	const char *name;
	unsigned offset;        /* into struct sn_scn_smmu */
	unsigned max;           /* 1: a bool; else the largest value of a u8 */
};

#define IDR(member) offsetof(struct sn_scn_smmu, idr.member)

/* IHI0070 §6.3 field widths (arch.md §3); SIDSIZE/SSIDSIZE to their architected maxima. */
static const struct smmu_key smmu_keys[] = {
	{ "s2p", IDR(s2p), 1 }, { "s1p", IDR(s1p), 1 }, { "ttf", IDR(ttf), 3 },
	{ "httu", IDR(httu), 3 }, { "hyp", IDR(hyp), 1 }, { "ats", IDR(ats), 1 },
	{ "ns1ats", IDR(ns1ats), 1 }, { "asid16", IDR(asid16), 1 }, { "vmid16", IDR(vmid16), 1 },
	{ "cd2l", IDR(cd2l), 1 }, { "ttendian", IDR(ttendian), 3 },
	{ "stall-model", IDR(stall_model), 3 }, { "term-model", IDR(term_model), 1 },
	{ "st-level", IDR(st_level), 3 }, { "sidsize", IDR(sidsize), 32 },
	{ "ssidsize", IDR(ssidsize), 20 }, { "fwb", IDR(fwb), 1 }, { "stt", IDR(stt), 1 },
	{ "ril", IDR(ril), 1 }, { "xnx", IDR(xnx), 1 }, { "oas", IDR(oas), 7 },
	{ "gran4k", IDR(gran4k), 1 }, { "gran16k", IDR(gran16k), 1 },
	{ "gran64k", IDR(gran64k), 1 },
	{ "cr0-atschk", offsetof(struct sn_scn_smmu, cr0_atschk), 1 },
	{ "cr2-recinvsid", offsetof(struct sn_scn_smmu, cr2_recinvsid), 1 },
	{ "cr2-e2h", offsetof(struct sn_scn_smmu, cr2_e2h), 1 },
};

#define N_SMMU_KEYS (sizeof(smmu_keys) / sizeof(smmu_keys[0]))

static int unknown_smmu_key(struct ld_ctx *c, const struct ydom_node *k)
{
	char text[YDOM_EXCERPT_LEN], choices[400] = "";

	for (unsigned i = 0; i < N_SMMU_KEYS; i++)
		ld_append_choice(choices, sizeof(choices), smmu_keys[i].name, i, N_SMMU_KEYS);
	ydom_excerpt(k->text, text);
	return ld_fail(c, k, "key 'smmu': unknown field '%s' (expected %s)", text, choices);
}

/* Apply the mapping @n over @s, key by key. */
static int parse_smmu(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_smmu *s)
{
	if (ld_want_kind(c, n, "smmu", YDOM_MAP) != 0)
		return -1;
	for (unsigned i = 0; i < ydom_map_size(n); i++) {
		const struct ydom_node *k = ydom_map_key(n, i), *v = ydom_map_value(n, i);
		const struct smmu_key *key = NULL;
		char *at;
		u64 value;
		bool flag;

		for (unsigned j = 0; j < N_SMMU_KEYS && !key; j++)
			if (strcmp(smmu_keys[j].name, k->text) == 0)
				key = &smmu_keys[j];
		if (!key)
			return unknown_smmu_key(c, k);
		at = (char *)s + key->offset;
		if (key->max == 1) {
			if (ld_get_bool(c, v, k->text, &flag) != 0)
				return -1;
			*(bool *)at = flag;
			continue;
		}
		if (get_ranged(c, v, k->text, 0, key->max, &value) != 0)
			return -1;
		*(u8 *)at = (u8)value;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* memory                                                              */

static const struct ld_key_spec memory_keys[] = {
	{ "max-pages", false }, { "raw", false }, { "aborts", false },
};
static const struct ld_key_spec raw_keys[] = { { "addr", true }, { "words", true } };
static const struct ld_key_spec abort_keys[] = { { "addr", true }, { "size", true } };

static int parse_raw(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_raw *r)
{
	r->loc = ld_loc_of(c, n);
	if (LD_CHECK_KEYS(c, n, "a raw memory entry", raw_keys) != 0 ||
	    get_aligned(c, ydom_map_get(n, "addr"), "addr", 8, &r->addr) != 0)
		return -1;
	return ld_mem_words(c, ydom_map_get(n, "words"), r->addr, &r->words, &r->n_words);
}

static int parse_abort(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_abort *a)
{
	const struct ydom_node *size;

	a->loc = ld_loc_of(c, n);
	if (LD_CHECK_KEYS(c, n, "an abort range", abort_keys) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "addr"), "addr", 64, &a->addr) != 0)
		return -1;
	size = ydom_map_get(n, "size");
	if (ld_get_number(c, size, "size", 64, &a->size) != 0)
		return -1;
	if (a->size == 0)
		return ld_fail(c, size, "key 'size': an abort range must not be empty");
	if (a->size - 1 > ~a->addr)
		return ld_fail(c, size, "key 'size': the range runs past the end of the address space");
	return 0;
}

static int parse_memory(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_memory *m)
{
	const struct ydom_node *x;
	u64 pages;

	if (ld_want_kind(c, n, "memory", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "key 'memory'", memory_keys) != 0)
		return -1;
	if ((x = ydom_map_get(n, "max-pages"))) {
		if (get_ranged(c, x, "max-pages", 1, SN_MEM_DEFAULT_MAX_PAGES, &pages) != 0)
			return -1;
		m->max_pages = (unsigned)pages;
	}
	if ((x = ydom_map_get(n, "raw"))) {
		if (want_map_list(c, x, "raw", "a mapping with addr and words") != 0)
			return -1;
		m->raw = ld_alloc_items(x->n_kids, sizeof(*m->raw));
		if (!m->raw)
			return ld_fail(c, x, "out of memory");
		m->n_raw = x->n_kids;
		for (unsigned i = 0; i < x->n_kids; i++)
			if (parse_raw(c, x->kids[i], &m->raw[i]) != 0)
				return -1;
	}
	if ((x = ydom_map_get(n, "aborts"))) {
		if (want_map_list(c, x, "aborts", "a mapping with addr and size") != 0)
			return -1;
		if (x->n_kids > SN_MEM_MAX_ABORTS)
			return ld_fail(c, x, "key 'aborts': at most %u ranges, not %u",
				       SN_MEM_MAX_ABORTS, x->n_kids);
		m->aborts = ld_alloc_items(x->n_kids, sizeof(*m->aborts));
		if (!m->aborts)
			return ld_fail(c, x, "out of memory");
		m->n_aborts = x->n_kids;
		for (unsigned i = 0; i < x->n_kids; i++)
			if (parse_abort(c, x->kids[i], &m->aborts[i]) != 0)
				return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* tables                                                              */

static const struct ld_key_spec table_keys[] = {
	{ "stage", true }, { "granule", true }, { "tsz", true }, { "start-level", false },
	{ "pool", true }, { "s2", false }, { "mappings", true },
};
static const struct ld_key_spec pool_keys[] = { { "base", true }, { "size", true } };
static const struct ld_key_spec s1_map_keys[] = {
	{ "ia", true }, { "oa", true }, { "size", true }, { "ap", false }, { "uxn", false },
	{ "pxn", false }, { "attr-indx", false }, { "sh", false }, { "af", false }, { "ng", false },
};
static const struct ld_key_spec s2_map_keys[] = {
	{ "ia", true }, { "oa", true }, { "size", true }, { "s2ap", false }, { "xn", false },
	{ "memattr", false }, { "sh", false }, { "af", false },
};

static int parse_s1_map(struct ld_ctx *c, const struct ydom_node *n, struct sn_tt_map *m)
{
	bool uxn = false, pxn = false;

	/* SCHEMA.md defaults: AP 01 (read/write at EL0 and EL1), Inner Shareable, AF set. */
	m->ap = 1;
	m->sh = 3;
	m->af = true;
	if (LD_CHECK_KEYS(c, n, "a stage-1 mapping", s1_map_keys) != 0 ||
	    opt_u8(c, n, "ap", 2, &m->ap) != 0 || opt_u8(c, n, "attr-indx", 3, &m->attr) != 0 ||
	    opt_u8(c, n, "sh", 2, &m->sh) != 0 || opt_bool(c, n, "uxn", &uxn) != 0 ||
	    opt_bool(c, n, "pxn", &pxn) != 0 || opt_bool(c, n, "af", &m->af) != 0 ||
	    opt_bool(c, n, "ng", &m->ng) != 0)
		return -1;
	m->xn = (u8)((uxn ? 2 : 0) | (pxn ? 1 : 0));
	return 0;
}

static int parse_s2_map(struct ld_ctx *c, const struct ydom_node *n, struct sn_tt_map *m)
{
	/* SCHEMA.md defaults: S2AP 11 (read/write), MemAttr 1111 (Normal WB), ISH, AF set. */
	m->ap = 3;
	m->attr = 0xf;
	m->sh = 3;
	m->af = true;
	return LD_CHECK_KEYS(c, n, "a stage-2 mapping", s2_map_keys) != 0 ||
	       opt_u8(c, n, "s2ap", 2, &m->ap) != 0 || opt_u8(c, n, "xn", 2, &m->xn) != 0 ||
	       opt_u8(c, n, "memattr", 4, &m->attr) != 0 || opt_u8(c, n, "sh", 2, &m->sh) != 0 ||
	       opt_bool(c, n, "af", &m->af) != 0 ? -1 : 0;
}

static int parse_mappings(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_table *t)
{
	if (want_map_list(c, n, "mappings", "a mapping with ia, oa and size") != 0)
		return -1;
	t->maps = ld_alloc_items(n->n_kids, sizeof(*t->maps));
	t->map_locs = ld_alloc_items(n->n_kids, sizeof(*t->map_locs));
	if (!t->maps || !t->map_locs)
		return ld_fail(c, n, "out of memory");
	t->n_maps = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++) {
		const struct ydom_node *m = n->kids[i];
		struct sn_tt_map *map = &t->maps[i];
		int rc = t->cfg.stage == 1 ? parse_s1_map(c, m, map) : parse_s2_map(c, m, map);

		t->map_locs[i] = ld_loc_of(c, m);
		if (rc != 0 || ld_get_number(c, ydom_map_get(m, "ia"), "ia", 64, &map->ia) != 0 ||
		    ld_get_number(c, ydom_map_get(m, "oa"), "oa", 64, &map->oa) != 0 ||
		    ld_get_number(c, ydom_map_get(m, "size"), "size", 64, &map->size) != 0)
			return -1;
	}
	return 0;
}

static int parse_pool(struct ld_ctx *c, const struct ydom_node *n, struct sn_tt_cfg *cfg)
{
	if (ld_want_kind(c, n, "pool", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "key 'pool'", pool_keys) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "base"), "base", 64, &cfg->pool_base) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "size"), "size", 64, &cfg->pool_size) != 0)
		return -1;
	return 0;
}

static int parse_table(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_table *t)
{
	static const char *const granules[] = { "4k", "16k", "64k" };
	static const unsigned shifts[] = { 12, 14, 16 };
	const struct ydom_node *x;
	unsigned g;
	u64 v;

	if (ld_want_kind(c, n, t->name, YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "a table", table_keys) != 0 ||
	    get_ranged(c, ydom_map_get(n, "stage"), "stage", 1, 2, &v) != 0)
		return -1;
	t->cfg.stage = (unsigned)v;
	if (get_choice(c, ydom_map_get(n, "granule"), "granule", granules, 3, &g) != 0 ||
	    get_ranged(c, ydom_map_get(n, "tsz"), "tsz", 16, 48, &v) != 0)
		return -1;
	t->cfg.granule_shift = shifts[g];
	t->cfg.tsz = (unsigned)v;
	t->cfg.start_level = SN_TT_LEVEL_AUTO;
	if ((x = ydom_map_get(n, "start-level"))) {
		if (get_ranged(c, x, "start-level", 0, 3, &v) != 0)
			return -1;
		t->cfg.start_level = (int)v;
	}
	if (parse_pool(c, ydom_map_get(n, "pool"), &t->cfg) != 0)
		return -1;
	if ((x = ydom_map_get(n, "s2")) && t->cfg.stage != 1)
		return ld_fail(c, x, "key 's2': only a stage-1 table lives behind a stage-2 table");
	return parse_mappings(c, ydom_map_get(n, "mappings"), t);
}

static int find_table(const struct sn_scenario *s, const char *name)
{
	for (unsigned i = 0; i < s->n_tables; i++)
		if (s->tables[i].name && strcmp(s->tables[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The key 's2' of @n names a stage-2 table: its index in *@out, else -1. */
static int resolve_s2(struct ld_ctx *c, const struct ydom_node *n, const struct sn_scenario *s,
		      int *out)
{
	const struct ydom_node *x = ydom_map_get(n, "s2");
	char text[YDOM_EXCERPT_LEN];

	*out = -1;
	if (!x)
		return 0;
	if (x->kind != YDOM_SCALAR)
		return ld_fail(c, x, "key 's2': must be a table name, not %s", ydom_kind_name(x->kind));
	ydom_excerpt(x->text, text);
	*out = find_table(s, x->text);
	if (*out < 0)
		return ld_fail(c, x, "key 's2': no table named '%s' in 'tables'", text);
	if (s->tables[*out].cfg.stage != 2)
		return ld_fail(c, x, "key 's2': table '%s' is a stage-1 table", text);
	return 0;
}

static int parse_tables(struct ld_ctx *c, const struct ydom_node *n, struct sn_scenario *s)
{
	char text[YDOM_EXCERPT_LEN];

	if (ld_want_kind(c, n, "tables", YDOM_MAP) != 0)
		return -1;
	s->tables = ld_alloc_items(ydom_map_size(n), sizeof(*s->tables));
	if (!s->tables)
		return ld_fail(c, n, "out of memory");
	s->n_tables = ydom_map_size(n);
	for (unsigned i = 0; i < s->n_tables; i++) {
		const struct ydom_node *k = ydom_map_key(n, i);

		s->tables[i].s2 = -1;
		s->tables[i].loc = ld_loc_of(c, k);
		if (!name_is_valid(k->text)) {
			ydom_excerpt(k->text, text);
			return ld_fail(c, k, "key 'tables': '%s' is not a valid table name (use a "
				       "lower-case letter, then letters, digits, '-' and '_')", text);
		}
		s->tables[i].name = strdup(k->text);
		if (!s->tables[i].name)
			return ld_fail(c, k, "out of memory");
		if (parse_table(c, ydom_map_value(n, i), &s->tables[i]) != 0)
			return -1;
	}
	/* 's2' may name a table defined after the one that uses it. */
	for (unsigned i = 0; i < s->n_tables; i++)
		if (resolve_s2(c, ydom_map_value(n, i), s, &s->tables[i].s2) != 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* STEs and CDs by fields                                              */

/* Fields that hold an address in place (IHI0070 §5.2, §5.4): written as the address. */
static bool is_addr_field(const struct sn_field_desc *d)
{
	static const char *const names[] = {
		"S1ContextPtr", "S2TTB", "S_S2TTB", "VMSPtr", "TTB0", "TTB1",
	};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(d->name, names[i]) == 0)
			return true;
	return false;
}

static unsigned field_bits(u64 mask)
{
	return (unsigned)__builtin_popcountll(mask);
}

/* "tables.NAME[.attr]" or "cds.NAME[.attr]". */
static int parse_ref(struct ld_ctx *c, const struct ydom_node *n, const struct sn_scenario *s,
		     struct sn_field_value *fv)
{
	static const char *const table_attrs[] = { "ttb", "sl0", "tsz", "tg" };
	static const enum sn_ref_attr table_attr_of[] = { SN_REF_ADDR, SN_REF_SL0, SN_REF_TSZ,
							  SN_REF_TG };
	static const char *const cds_attrs[] = { "base", "fmt" };
	static const enum sn_ref_attr cds_attr_of[] = { SN_REF_ADDR, SN_REF_FMT };
	const char *name = n->text, *dot;
	char text[YDOM_EXCERPT_LEN], base[64];
	bool table = strncmp(name, "tables.", 7) == 0;
	const char *const *attrs = table ? table_attrs : cds_attrs;
	unsigned n_attrs = table ? 4 : 2;
	size_t len;

	ydom_excerpt(n->text, text);
	name += table ? 7 : 4;
	dot = strchr(name, '.');
	len = dot ? (size_t)(dot - name) : strlen(name);
	if (len == 0 || len >= sizeof(base))
		return ld_fail(c, n, "field %s: '%s' names no table", fv->field->name, text);
	memcpy(base, name, len);
	base[len] = '\0';
	fv->ref = table ? SN_REF_TABLE : SN_REF_CDS;
	fv->ref_attr = SN_REF_ADDR;
	if (dot) {
		unsigned i;

		for (i = 0; i < n_attrs && strcmp(dot + 1, attrs[i]) != 0; i++)
			;
		if (i == n_attrs)
			return ld_fail(c, n, "field %s: '%s': unknown property (a %s has %s)",
				       fv->field->name, text, table ? "table" : "CD table",
				       table ? "ttb, sl0, tsz and tg" : "base and fmt");
		fv->ref_attr = table ? table_attr_of[i] : cds_attr_of[i];
	}
	if (table) {
		int t = find_table(s, base);

		if (t < 0) {
			ydom_excerpt(base, text);       /* one line, even for a multi-line name */
			return ld_fail(c, n, "field %s: no table named '%s' in 'tables'",
				       fv->field->name, text);
		}
		fv->ref_index = (unsigned)t;
	} else {
		unsigned i;

		for (i = 0; i < s->n_cdtabs && strcmp(s->cdtabs[i].name, base) != 0; i++)
			;
		if (i == s->n_cdtabs) {
			ydom_excerpt(base, text);
			return ld_fail(c, n, "field %s: no CD table named '%s' in 'cds'",
				       fv->field->name, text);
		}
		fv->ref_index = i;
	}
	if (fv->is_addr != (fv->ref_attr == SN_REF_ADDR))
		return ld_fail(c, n, "field %s: '%s' is %s, but the field holds %s",
			       fv->field->name, text, fv->ref_attr == SN_REF_ADDR ? "an address" :
			       "a number", fv->is_addr ? "an address" : "a number");
	return 0;
}

static int parse_field_value(struct ld_ctx *c, const struct ydom_node *n,
			     const struct sn_scenario *s, struct sn_field_value *fv)
{
	const u64 mask = fv->field->mask;
	char text[YDOM_EXCERPT_LEN];

	if (n->kind == YDOM_SCALAR && !n->quoted &&
	    (strncmp(n->text, "tables.", 7) == 0 || strncmp(n->text, "cds.", 4) == 0))
		return parse_ref(c, n, s, fv);
	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "field %s: must be a number or a table reference, not %s",
			       fv->field->name, ydom_kind_name(n->kind));
	if (ld_get_number(c, n, fv->field->name, 64, &fv->value) != 0)
		return -1;
	ydom_excerpt(n->text, text);
	if (fv->is_addr && (fv->value & ~mask))
		return ld_fail(c, n, "field %s: address %s has bits outside [%u:%u]",
			       fv->field->name, text, 63 - (unsigned)__builtin_clzll(mask),
			       sn_mask_shift(mask));
	if (!fv->is_addr && !sn_field_fits(mask, fv->value))
		return ld_fail(c, n, "field %s: %s does not fit in %u bits", fv->field->name, text,
			       field_bits(mask));
	return 0;
}

typedef bool (*field_lookup_fn)(const char *name, const struct sn_field_desc **out);

/* @n: a list of 8 raw words, or a mapping of field names to values. */
static int parse_struct(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			field_lookup_fn lookup, const struct sn_scenario *s,
			struct sn_struct_spec *sp)
{
	const char *what = lookup == ste_field_by_name ? "STE" : "CD";
	char text[YDOM_EXCERPT_LEN];

	sp->loc = ld_loc_of(c, n);
	if (n->kind == YDOM_SEQ) {
		sp->raw = true;
		return ld_get_words(c, n, key, sp->words, 8, what[0] == 'S' ? "STE words 0 to 7" :
				    "CD words 0 to 7");
	}
	if (n->kind != YDOM_MAP)
		return ld_fail(c, n, "key '%s': must be a list of 8 words or a mapping of %s fields, "
			       "not %s", key, what, ydom_kind_name(n->kind));
	sp->fields = ld_alloc_items(ydom_map_size(n), sizeof(*sp->fields));
	if (!sp->fields)
		return ld_fail(c, n, "out of memory");
	sp->n_fields = ydom_map_size(n);
	for (unsigned i = 0; i < sp->n_fields; i++) {
		const struct ydom_node *k = ydom_map_key(n, i);
		struct sn_field_value *fv = &sp->fields[i];

		fv->loc = ld_loc_of(c, k);
		ydom_excerpt(k->text, text);
		if (!lookup(k->text, &fv->field))
			return ld_fail(c, k, "key '%s': unknown %s field '%s'", key, what, text);
		for (unsigned j = 0; j < i; j++)
			if (sp->fields[j].field == fv->field)
				return ld_fail(c, k, "key '%s': field %s is given twice (first at "
					       "line %u, column %u)", key, fv->field->name,
					       sp->fields[j].loc.line, sp->fields[j].loc.col);
		fv->is_addr = is_addr_field(fv->field);
		if (parse_field_value(c, ydom_map_value(n, i), s, fv) != 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* stream-table                                                        */

static const struct ld_key_spec strtab_keys[] = {
	{ "format", true }, { "log2size", true }, { "split", false }, { "base", true },
	{ "l1", false }, { "entries", true },
};
static const struct ld_key_spec l1std_keys[] = {
	{ "index", true }, { "span", false }, { "l2ptr", false }, { "raw", false },
};
static const struct ld_key_spec ste_entry_keys[] = { { "sid", true }, { "ste", true } };

/* An L1 descriptor: 'raw' (read here), or its fields (@field1, @field2), never both. */
static int l1_form(struct ld_ctx *c, const struct ydom_node *n, const char *field1,
		   const char *field2, struct sn_scn_l1 *l1, bool *raw)
{
	const struct ydom_node *r = ydom_map_get(n, "raw");

	*raw = r != NULL;
	if (r && (ydom_map_get(n, field1) || ydom_map_get(n, field2)))
		return ld_fail(c, r, "key 'raw': give the descriptor either raw or by %s and %s, "
			       "not both", field1, field2);
	if (r)
		return ld_get_number(c, r, "raw", 64, &l1->word);
	if (!ydom_map_get(n, field2))
		return ld_fail(c, n, "an L1 descriptor needs '%s' (or 'raw')", field2);
	return 0;
}

static int parse_l1std(struct ld_ctx *c, const struct ydom_node *n, u64 n_l1, struct sn_scn_l1 *l1)
{
	const struct ydom_node *x;
	bool raw;
	u64 v, span = 0, l2ptr;

	l1->loc = ld_loc_of(c, n);
	if (LD_CHECK_KEYS(c, n, "an L1STD", l1std_keys) != 0 ||
	    get_ranged(c, ydom_map_get(n, "index"), "index", 0, n_l1 - 1, &v) != 0)
		return -1;
	l1->index = (u32)v;
	if (l1_form(c, n, "span", "l2ptr", l1, &raw) != 0)
		return -1;
	if (raw)
		return 0;
	if ((x = ydom_map_get(n, "span")) && ld_get_number(c, x, "span", 5, &span) != 0)
		return -1;
	/* arch.md §3: L2Ptr aligned to the L2 array, 2^(Span-1) STEs of 64 bytes */
	if (get_aligned(c, ydom_map_get(n, "l2ptr"), "l2ptr",
			span >= 1 && span <= 12 ? 64ULL << (span - 1) : 64, &l2ptr) != 0)
		return -1;
	if (l2ptr & ~L1STD_L2PTR)
		return ld_fail(c, ydom_map_get(n, "l2ptr"), "key 'l2ptr': 0x%" PRIx64 " has bits "
			       "above 55", l2ptr);
	l1->word = sn_field_prep(L1STD_SPAN, span) | l2ptr;
	return 0;
}

/* Index @i of the list @list repeats an earlier one, at @first: report it at its @key. */
static int repeated(struct ld_ctx *c, const struct ydom_node *list, unsigned i, const char *key,
		    const char *what, u32 index, const struct sn_loc *first)
{
	return ld_fail(c, ydom_map_get(list->kids[i], key), "key '%s': %s %" PRIu32 " is given "
		       "twice (first at line %u, column %u)", key, what, index, first->line,
		       first->col);
}

/* L1 descriptor @i has an index none before it has. */
static int check_l1_unique(struct ld_ctx *c, const struct ydom_node *list,
			   const struct sn_scn_l1 *l1, unsigned i, const char *what)
{
	for (unsigned j = 0; j < i; j++)
		if (l1[j].index == l1[i].index)
			return repeated(c, list, i, "index", what, l1[i].index, &l1[j].loc);
	return 0;
}

/* Entry @i (an STE or a CD) has a StreamID or SubstreamID none before it has. */
static int check_entry_unique(struct ld_ctx *c, const struct ydom_node *list,
			      const struct sn_scn_entry *e, unsigned i, const char *key,
			      const char *what)
{
	for (unsigned j = 0; j < i; j++)
		if (e[j].index == e[i].index)
			return repeated(c, list, i, key, what, e[i].index, &e[j].loc);
	return 0;
}

static int parse_strtab_l1(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_strtab *st)
{
	const u64 n_l1 = st->log2size > st->split ? 1ULL << (st->log2size - st->split) : 1;

	if (want_map_list(c, n, "l1", "an L1STD mapping") != 0)
		return -1;
	st->l1 = ld_alloc_items(n->n_kids, sizeof(*st->l1));
	if (!st->l1)
		return ld_fail(c, n, "out of memory");
	st->n_l1 = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (parse_l1std(c, n->kids[i], n_l1, &st->l1[i]) != 0 ||
		    check_l1_unique(c, n, st->l1, i, "L1STD") != 0)
			return -1;
	return 0;
}

static int parse_ste_entries(struct ld_ctx *c, const struct ydom_node *n,
			     const struct sn_scenario *s, struct sn_scn_strtab *st)
{
	if (want_map_list(c, n, "entries", "a mapping with sid and ste") != 0)
		return -1;
	st->stes = ld_alloc_items(n->n_kids, sizeof(*st->stes));
	if (!st->stes)
		return ld_fail(c, n, "out of memory");
	st->n_stes = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++) {
		const struct ydom_node *e = n->kids[i];
		struct sn_scn_entry *ent = &st->stes[i];
		u64 sid;

		ent->loc = ld_loc_of(c, e);
		if (LD_CHECK_KEYS(c, e, "a stream-table entry", ste_entry_keys) != 0 ||
		    get_ranged(c, ydom_map_get(e, "sid"), "sid", 0,
			       (1ULL << st->log2size) - 1, &sid) != 0)
			return -1;
		ent->index = (u32)sid;
		if (check_entry_unique(c, n, st->stes, i, "sid", "StreamID") != 0 ||
		    parse_struct(c, ydom_map_get(e, "ste"), "ste", ste_field_by_name, s,
				 &ent->desc) != 0)
			return -1;
	}
	return 0;
}

static int parse_strtab(struct ld_ctx *c, const struct ydom_node *n, const struct sn_scenario *s,
			struct sn_scn_strtab *st)
{
	static const char *const formats[] = { "linear", "2-level" };
	const struct ydom_node *split, *l1;
	unsigned fmt;
	u64 v, align;

	if (ld_want_kind(c, n, "stream-table", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "key 'stream-table'", strtab_keys) != 0 ||
	    get_choice(c, ydom_map_get(n, "format"), "format", formats, 2, &fmt) != 0 ||
	    get_ranged(c, ydom_map_get(n, "log2size"), "log2size", 0, 32, &v) != 0)
		return -1;
	st->present = true;
	st->loc = ld_loc_of(c, n);
	st->fmt = (enum sn_strtab_fmt)fmt;
	st->log2size = (unsigned)v;
	split = ydom_map_get(n, "split");
	l1 = ydom_map_get(n, "l1");
	if (st->fmt == SN_STRTAB_LINEAR && (split || l1))
		return ld_fail(c, split ? split : l1, "key '%s': a linear stream table has no "
			       "level 1", split ? "split" : "l1");
	if (st->fmt == SN_STRTAB_2LEVEL) {
		if (!split)
			return ld_fail(c, n, "a 2-level stream table needs 'split'");
		if (ld_get_number(c, split, "split", 5, &v) != 0)
			return -1;
		/* arch.md §3: SPLIT 6, 8 or 10 (4, 16, 64 KB leaves); others behave as 6 */
		if (v != 6 && v != 8 && v != 10)
			return ld_fail(c, split, "key 'split': must be 6, 8 or 10, not %" PRIu64, v);
		st->split = (unsigned)v;
	}
	/* Linear: aligned to the table; 2-level: to the L1 table, at least 64 bytes. */
	if (st->fmt == SN_STRTAB_LINEAR)
		align = 64ULL << st->log2size;
	else
		align = st->log2size > st->split + 3 ? 8ULL << (st->log2size - st->split) : 64;
	if (get_aligned(c, ydom_map_get(n, "base"), "base", align, &st->base) != 0)
		return -1;
	if (st->base & ~STRTAB_BASE_ADDR)
		return ld_fail(c, ydom_map_get(n, "base"), "key 'base': 0x%" PRIx64 " has bits "
			       "above 55", st->base);
	if (l1 && parse_strtab_l1(c, l1, st) != 0)
		return -1;
	return parse_ste_entries(c, ydom_map_get(n, "entries"), s, st);
}

/* ------------------------------------------------------------------ */
/* cds                                                                 */

static const struct ld_key_spec cdtab_keys[] = {
	{ "format", true }, { "base", true }, { "s2", false }, { "l1", false },
	{ "entries", true },
};
static const struct ld_key_spec l1cd_keys[] = {
	{ "index", true }, { "v", false }, { "l2ptr", false }, { "raw", false },
};
static const struct ld_key_spec cd_entry_keys[] = { { "ssid", true }, { "cd", true } };

#define SSID_BITS 20

/* SubstreamIDs per leaf table of a 2-level CD table (arch.md §1.2 S1Fmt). */
static unsigned cd_leaf_bits(enum sn_cdtab_fmt fmt)
{
	return fmt == SN_CD_2L_4K ? 6 : 10;
}

static int parse_l1cd(struct ld_ctx *c, const struct ydom_node *n, enum sn_cdtab_fmt fmt,
		      struct sn_scn_l1 *l1)
{
	const struct ydom_node *x;
	bool raw, v = true;
	u64 index, l2ptr;

	l1->loc = ld_loc_of(c, n);
	if (LD_CHECK_KEYS(c, n, "an L1CD", l1cd_keys) != 0 ||
	    get_ranged(c, ydom_map_get(n, "index"), "index", 0,
		       (1ULL << (SSID_BITS - cd_leaf_bits(fmt))) - 1, &index) != 0)
		return -1;
	l1->index = (u32)index;
	if (l1_form(c, n, "v", "l2ptr", l1, &raw) != 0)
		return -1;
	if (raw)
		return 0;
	if ((x = ydom_map_get(n, "v")) && ld_get_bool(c, x, "v", &v) != 0)
		return -1;
	/* arch.md §2.1: 4 KB leaves 4 KB aligned; 64 KB leaves have L2Ptr[15:12] RES0 */
	if (get_aligned(c, ydom_map_get(n, "l2ptr"), "l2ptr",
			fmt == SN_CD_2L_4K ? 0x1000 : 0x10000, &l2ptr) != 0)
		return -1;
	if (l2ptr & ~L1CD_L2PTR)
		return ld_fail(c, ydom_map_get(n, "l2ptr"), "key 'l2ptr': 0x%" PRIx64 " has bits "
			       "above 55", l2ptr);
	l1->word = l2ptr | (v ? L1CD_V : 0);
	return 0;
}

static int parse_cd_l1(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_cdtab *t)
{
	if (t->fmt != SN_CD_2L_4K && t->fmt != SN_CD_2L_64K)
		return ld_fail(c, n, "key 'l1': only a 2-level CD table has L1CDs");
	if (want_map_list(c, n, "l1", "an L1CD mapping") != 0)
		return -1;
	t->l1 = ld_alloc_items(n->n_kids, sizeof(*t->l1));
	if (!t->l1)
		return ld_fail(c, n, "out of memory");
	t->n_l1 = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (parse_l1cd(c, n->kids[i], t->fmt, &t->l1[i]) != 0 ||
		    check_l1_unique(c, n, t->l1, i, "L1CD") != 0)
			return -1;
	return 0;
}

static int parse_cd_entries(struct ld_ctx *c, const struct ydom_node *n,
			    const struct sn_scenario *s, struct sn_scn_cdtab *t)
{
	if (want_map_list(c, n, "entries", "a mapping with ssid and cd") != 0)
		return -1;
	t->cds = ld_alloc_items(n->n_kids, sizeof(*t->cds));
	if (!t->cds)
		return ld_fail(c, n, "out of memory");
	t->n_cds = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++) {
		const struct ydom_node *e = n->kids[i];
		struct sn_scn_entry *ent = &t->cds[i];
		u64 ssid;

		ent->loc = ld_loc_of(c, e);
		if (LD_CHECK_KEYS(c, e, "a CD-table entry", cd_entry_keys) != 0 ||
		    ld_get_number(c, ydom_map_get(e, "ssid"), "ssid", SSID_BITS, &ssid) != 0)
			return -1;
		if (t->fmt == SN_CD_SINGLE && ssid != 0)
			return ld_fail(c, ydom_map_get(e, "ssid"), "key 'ssid': a single CD has "
				       "SubstreamID 0 only");
		ent->index = (u32)ssid;
		if (check_entry_unique(c, n, t->cds, i, "ssid", "SubstreamID") != 0 ||
		    parse_struct(c, ydom_map_get(e, "cd"), "cd", cd_field_by_name, s,
				 &ent->desc) != 0)
			return -1;
	}
	return 0;
}

static int parse_cdtab(struct ld_ctx *c, const struct ydom_node *n, const struct sn_scenario *s,
		       struct sn_scn_cdtab *t)
{
	static const char *const formats[] = { "single", "linear", "2level-4k", "2level-64k" };
	const struct ydom_node *x;
	unsigned fmt;

	if (ld_want_kind(c, n, t->name, YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "a CD table", cdtab_keys) != 0 ||
	    get_choice(c, ydom_map_get(n, "format"), "format", formats, 4, &fmt) != 0)
		return -1;
	t->fmt = (enum sn_cdtab_fmt)fmt;
	/* arch.md §1.2: S1ContextPtr holds address bits [55:6] */
	if (get_aligned(c, ydom_map_get(n, "base"), "base", 64, &t->base) != 0)
		return -1;
	if (t->base & ~STE_DW0_S1CONTEXTPTR)
		return ld_fail(c, ydom_map_get(n, "base"), "key 'base': 0x%" PRIx64 " has bits "
			       "above 55", t->base);
	if (resolve_s2(c, n, s, &t->s2) != 0)
		return -1;
	if ((x = ydom_map_get(n, "l1")) && parse_cd_l1(c, x, t) != 0)
		return -1;
	return parse_cd_entries(c, ydom_map_get(n, "entries"), s, t);
}

/*
 * The names first, so that STEs can refer to CD tables and the order of
 * keys does not matter; then each table.
 */
static int parse_cds(struct ld_ctx *c, const struct ydom_node *n, struct sn_scenario *s)
{
	char text[YDOM_EXCERPT_LEN];

	if (ld_want_kind(c, n, "cds", YDOM_MAP) != 0)
		return -1;
	s->cdtabs = ld_alloc_items(ydom_map_size(n), sizeof(*s->cdtabs));
	if (!s->cdtabs)
		return ld_fail(c, n, "out of memory");
	s->n_cdtabs = ydom_map_size(n);
	for (unsigned i = 0; i < s->n_cdtabs; i++) {
		const struct ydom_node *k = ydom_map_key(n, i);

		s->cdtabs[i].s2 = -1;
		s->cdtabs[i].loc = ld_loc_of(c, k);
		if (!name_is_valid(k->text)) {
			ydom_excerpt(k->text, text);
			return ld_fail(c, k, "key 'cds': '%s' is not a valid CD-table name (use a "
				       "lower-case letter, then letters, digits, '-' and '_')", text);
		}
		s->cdtabs[i].name = strdup(k->text);
		if (!s->cdtabs[i].name)
			return ld_fail(c, k, "out of memory");
	}
	for (unsigned i = 0; i < s->n_cdtabs; i++)
		if (parse_cdtab(c, ydom_map_value(n, i), s, &s->cdtabs[i]) != 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Expected outcomes                                                   */

static const struct ld_key_spec ok_keys[] = {
	{ "result", true }, { "pa", true }, { "ipa", false }, { "page-size", false },
	{ "s1-perm", false }, { "s2-perm", false }, { "ats-grant", false },
};
static const struct ld_key_spec fault_keys[] = {
	{ "result", true }, { "disposition", true }, { "event", true },
};

static int get_perm(struct ld_ctx *c, const struct ydom_node *n, const char *key, u8 *perm)
{
	char text[YDOM_EXCERPT_LEN];

	if (n->kind == YDOM_SCALAR && sn_perm_parse(n->text, perm))
		return 0;
	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key '%s': must be a permission string like rw-r--, not %s",
			       key, ydom_kind_name(n->kind));
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key '%s': '%s' is not a permission string (privileged rwx then "
		       "unprivileged rwx, '-' where denied, e.g. rw-r--)", key, text);
}

static int get_ats_grant(struct ld_ctx *c, const struct ydom_node *n, u8 *grant)
{
	static const char letters[3] = { 'r', 'w', 'x' };
	char text[YDOM_EXCERPT_LEN];

	*grant = 0;
	if (n->kind == YDOM_SCALAR && strlen(n->text) == 3) {
		unsigned i;

		for (i = 0; i < 3; i++) {
			if (n->text[i] == letters[i])
				*grant |= (u8)(1u << i);
			else if (n->text[i] != '-')
				break;
		}
		if (i == 3)
			return 0;
	}
	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key 'ats-grant': must be a string like rw-, not %s",
			       ydom_kind_name(n->kind));
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key 'ats-grant': '%s' is not r, w and x or '-' in that order "
		       "(e.g. rw-)", text);
}

static int parse_ok(struct ld_ctx *c, const struct ydom_node *n, struct sn_arch_outcome *o)
{
	const struct ydom_node *x;

	if (LD_CHECK_KEYS(c, n, "an 'ok' outcome", ok_keys) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "pa"), "pa", 64, &o->pa) != 0)
		return -1;
	o->kind = SN_ARCH_OK;
	if ((x = ydom_map_get(n, "ipa"))) {
		if (ld_get_number(c, x, "ipa", 64, &o->ipa) != 0)
			return -1;
		o->ok_fields |= SN_OKF_IPA;
	}
	if ((x = ydom_map_get(n, "page-size"))) {
		if (ld_get_number(c, x, "page-size", 64, &o->page_size) != 0)
			return -1;
		if (o->page_size < 0x1000 || (o->page_size & (o->page_size - 1)))
			return ld_fail(c, x, "key 'page-size': must be a power of two of at least "
				       "0x1000, not 0x%" PRIx64, o->page_size);
		o->ok_fields |= SN_OKF_PAGE_SIZE;
	}
	if ((x = ydom_map_get(n, "s1-perm"))) {
		if (get_perm(c, x, "s1-perm", &o->s1_perm) != 0)
			return -1;
		o->ok_fields |= SN_OKF_S1_PERM;
	}
	if ((x = ydom_map_get(n, "s2-perm"))) {
		if (get_perm(c, x, "s2-perm", &o->s2_perm) != 0)
			return -1;
		o->ok_fields |= SN_OKF_S2_PERM;
	}
	if ((x = ydom_map_get(n, "ats-grant"))) {
		if (get_ats_grant(c, x, &o->ats_grant) != 0)
			return -1;
		o->ok_fields |= SN_OKF_ATS_GRANT;
	}
	return 0;
}

static int get_event_type(struct ld_ctx *c, const struct ydom_node *n, u8 *type)
{
	char text[YDOM_EXCERPT_LEN];

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key 'type': must be an event name, not %s",
			       ydom_kind_name(n->kind));
	for (unsigned t = 1; t < 256; t++) {
		if (strcmp(sn_event_name((u8)t), n->text) == 0) {
			*type = (u8)t;
			return 0;
		}
	}
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key 'type': unknown event '%s' (IHI0070 §7.3 names, e.g. "
		       "F_TRANSLATION)", text);
}

/* One event field: its key, its width (0: a bool), where it lives in struct sn_event. */
struct evf_spec {
	unsigned bits;
	unsigned offset;
	unsigned size;
};

#define EVF(member, bits_) \
	{ bits_, offsetof(struct sn_event, member), sizeof(((struct sn_event *)0)->member) }

static const struct evf_spec evf_specs[SN_EVF_COUNT] = {
	[SN_EVF_TYPE] = EVF(type, 8), [SN_EVF_SID] = EVF(sid, 32), [SN_EVF_SSV] = EVF(ssv, 0),
	[SN_EVF_SSID] = EVF(ssid, SSID_BITS), [SN_EVF_STALL] = EVF(stall, 0),
	[SN_EVF_STAG] = EVF(stag, 16), [SN_EVF_PNU] = EVF(pnu, 0), [SN_EVF_IND] = EVF(ind, 0),
	[SN_EVF_RNW] = EVF(rnw, 0), [SN_EVF_S2] = EVF(s2, 0), [SN_EVF_CLASS] = EVF(class, 2),
	[SN_EVF_TTRNW] = EVF(ttrnw, 0), [SN_EVF_INPUT_ADDR] = EVF(input_addr, 64),
	[SN_EVF_IPA] = EVF(ipa, 64), [SN_EVF_FETCH_ADDR] = EVF(fetch_addr, 64),
};

static void store_field(struct sn_event *e, const struct evf_spec *sp, u64 v)
{
	char *at = (char *)e + sp->offset;

	switch (sp->size) {
	case 1: *(u8 *)at = (u8)v; break;
	case 2: *(u16 *)at = (u16)v; break;
	case 4: *(u32 *)at = (u32)v; break;
	default: *(u64 *)at = v; break;
	}
}

static int parse_event_field(struct ld_ctx *c, const struct ydom_node *k,
			     const struct ydom_node *v, struct sn_arch_outcome *o)
{
	static const char *const classes[] = { "CD", "TT", "IN" };
	char text[YDOM_EXCERPT_LEN], choices[400] = "";
	unsigned f, cls;
	u64 value;
	bool flag;

	for (f = 0; f < SN_EVF_COUNT && strcmp(sn_evf_names[f], k->text) != 0; f++)
		;
	if (f == SN_EVF_COUNT) {
		for (unsigned i = 0; i < SN_EVF_COUNT; i++)
			ld_append_choice(choices, sizeof(choices), sn_evf_names[i], i, SN_EVF_COUNT);
		ydom_excerpt(k->text, text);
		return ld_fail(c, k, "key 'event': unknown event field '%s' (expected %s)", text,
			       choices);
	}
	if (f == SN_EVF_TYPE) {
		if (get_event_type(c, v, &o->event.type) != 0)
			return -1;
	} else if (f == SN_EVF_CLASS) {
		if (get_choice(c, v, "class", classes, 3, &cls) != 0)
			return -1;
		o->event.class = (u8)cls;
	} else if (evf_specs[f].bits == 0) {
		if (ld_get_bool(c, v, k->text, &flag) != 0)
			return -1;
		store_field(&o->event, &evf_specs[f], flag);
	} else {
		if (ld_get_number(c, v, k->text, evf_specs[f].bits, &value) != 0)
			return -1;
		/* arch.md §5.2: DW3 holds IPA[55:12] or FetchAddr[55:3] */
		if (f == SN_EVF_IPA && (value & ~EVT_DW3_IPA))
			return ld_fail(c, v, "key 'ipa': 0x%" PRIx64 " is more than an event record "
				       "holds (IPA bits [55:12])", value);
		if (f == SN_EVF_FETCH_ADDR && (value & ~EVT_DW3_FETCH_ADDR))
			return ld_fail(c, v, "key 'fetch-addr': 0x%" PRIx64 " is more than an event "
				       "record holds (FetchAddr bits [55:3])", value);
		store_field(&o->event, &evf_specs[f], value);
	}
	o->event_fields |= 1u << f;
	return 0;
}

static int parse_event(struct ld_ctx *c, const struct ydom_node *n, struct sn_arch_outcome *o)
{
	if (n->kind == YDOM_SCALAR && !n->quoted && strcmp(n->text, "none") == 0) {
		o->has_event = false;
		return 0;
	}
	if (n->kind != YDOM_MAP)
		return ld_fail(c, n, "key 'event': must be 'none' or a mapping of event fields");
	o->has_event = true;
	for (unsigned i = 0; i < ydom_map_size(n); i++)
		if (parse_event_field(c, ydom_map_key(n, i), ydom_map_value(n, i), o) != 0)
			return -1;
	if (!(o->event_fields & (1u << SN_EVF_TYPE)))
		return ld_fail(c, n, "key 'event': an event needs at least its 'type'");
	return 0;
}

static int parse_fault(struct ld_ctx *c, const struct ydom_node *n, struct sn_arch_outcome *o)
{
	static const char *const disps[] = { "abort", "stall", "razwi", "ats-ur", "ats-ca" };
	static const enum sn_disposition disp_of[] = {
		SN_XLATE_ABORT, SN_XLATE_STALL, SN_XLATE_RAZWI, SN_XLATE_ATS_UR, SN_XLATE_ATS_CA,
	};
	unsigned d;

	if (LD_CHECK_KEYS(c, n, "a 'fault' outcome", fault_keys) != 0 ||
	    get_choice(c, ydom_map_get(n, "disposition"), "disposition", disps, 5, &d) != 0)
		return -1;
	o->kind = SN_ARCH_FAULT;
	o->disp = disp_of[d];
	return parse_event(c, ydom_map_get(n, "event"), o);
}

static int parse_outcome_as(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			    bool alternative, struct sn_arch_outcome *o);

static int parse_outcome(struct ld_ctx *c, const struct ydom_node *n, bool alternative,
			 struct sn_arch_outcome *o)
{
	return parse_outcome_as(c, n, alternative ? "any-of" : "expect", alternative, o);
}

int ld_arch_outcome(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		    struct sn_arch_outcome *o)
{
	return parse_outcome_as(c, n, key, false, o);
}

static int parse_acceptable(struct ld_ctx *c, const struct ydom_node *n,
			    struct sn_arch_outcome *o)
{
	const struct ydom_node *alts = ld_any_of(c, n);

	if (!alts)
		return -1;
	o->kind = SN_ARCH_ACCEPTABLE;
	o->any_of = ld_alloc_items(alts->n_kids, sizeof(*o->any_of));
	if (!o->any_of)
		return ld_fail(c, alts, "out of memory");
	o->n_any_of = alts->n_kids;
	for (unsigned i = 0; i < alts->n_kids; i++)
		if (parse_outcome(c, alts->kids[i], true, &o->any_of[i]) != 0)
			return -1;
	return 0;
}

static int parse_outcome_as(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			    bool alternative, struct sn_arch_outcome *o)
{
	const struct ydom_node *result;
	char text[YDOM_EXCERPT_LEN];

	if (ld_want_kind(c, n, key, YDOM_MAP) != 0)
		return -1;
	o->loc = ld_loc_of(c, n);
	result = ydom_map_get(n, "result");
	if (!result)
		return ld_fail(c, n, "key '%s': the outcome lacks the required key 'result'", key);
	if (result->kind != YDOM_SCALAR)
		return ld_fail(c, result, "key 'result': must be ok, fault or acceptable, not %s",
			       ydom_kind_name(result->kind));
	if (strcmp(result->text, "ok") == 0)
		return parse_ok(c, n, o);
	if (strcmp(result->text, "fault") == 0)
		return parse_fault(c, n, o);
	if (strcmp(result->text, "acceptable") == 0 && alternative)
		return ld_fail(c, result, "key 'result': an any-of alternative must be 'ok' or "
			       "'fault', not 'acceptable'");
	if (strcmp(result->text, "acceptable") == 0)
		return parse_acceptable(c, n, o);
	ydom_excerpt(result->text, text);
	return ld_fail(c, result, "key 'result': unknown result '%s' (expected ok, fault or "
		       "acceptable)", text);
}

/* ------------------------------------------------------------------ */
/* transactions                                                        */

static const struct ld_key_spec txn_keys[] = {
	{ "sid", true }, { "ssid", false }, { "addr", true }, { "write", false },
	{ "priv", false }, { "instr", false }, { "kind", false }, { "expect", true },
};

int ld_arch_txn_fields(struct ld_ctx *c, const struct ydom_node *n, struct sn_txn *t)
{
	const struct ydom_node *x;
	u64 v;

	if (ld_get_number(c, ydom_map_get(n, "sid"), "sid", 32, &v) != 0)
		return -1;
	t->sid = (u32)v;
	if ((x = ydom_map_get(n, "ssid"))) {
		if (ld_get_number(c, x, "ssid", SSID_BITS, &v) != 0)
			return -1;
		t->ssv = true;
		t->ssid = (u32)v;
	}
	if (ld_get_number(c, ydom_map_get(n, "addr"), "addr", 64, &t->addr) != 0 ||
	    opt_bool(c, n, "write", &t->write) != 0 || opt_bool(c, n, "priv", &t->priv) != 0 ||
	    opt_bool(c, n, "instr", &t->instr) != 0)
		return -1;
	if (t->write && t->instr)
		return ld_fail(c, ydom_map_get(n, "instr"), "key 'instr': a write is never an "
			       "instruction fetch");
	return 0;
}

static int parse_txn(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_txn *t)
{
	static const char *const kinds[] = { "untranslated", "ats-request", "ats-translated" };
	const struct ydom_node *x;
	unsigned kind;

	t->loc = ld_loc_of(c, n);
	if (LD_CHECK_KEYS(c, n, "a transaction", txn_keys) != 0 ||
	    ld_arch_txn_fields(c, n, &t->t) != 0)
		return -1;
	if ((x = ydom_map_get(n, "kind"))) {
		if (get_choice(c, x, "kind", kinds, 3, &kind) != 0)
			return -1;
		t->t.kind = (enum sn_txn_kind)kind;
	}
	return parse_outcome(c, ydom_map_get(n, "expect"), false, &t->expect);
}

static int parse_txns(struct ld_ctx *c, const struct ydom_node *n, struct sn_scenario *s)
{
	if (want_map_list(c, n, "transactions", "a transaction mapping") != 0)
		return -1;
	if (n->n_kids == 0)
		return ld_fail(c, n, "key 'transactions': must not be empty");
	s->txns = ld_alloc_items(n->n_kids, sizeof(*s->txns));
	if (!s->txns)
		return ld_fail(c, n, "out of memory");
	s->n_txns = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (parse_txn(c, n->kids[i], &s->txns[i]) != 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Input                                                               */

int ld_arch_defaults(struct ld_ctx *c, const struct ydom_node *defaults)
{
	const struct ydom_node *x;
	struct sn_scn_smmu smmu;

	if (ld_want_kind(c, defaults, "defaults", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, defaults, "the header's defaults", defaults_keys) != 0)
		return -1;
	/* smmu stands alone; the rest can refer to each other and is read per vector. */
	return (x = ydom_map_get(defaults, "smmu")) ? parse_smmu(c, x, &smmu) : 0;
}

/* The input's @key, else the defaults'. */
static const struct ydom_node *input_key(const struct ydom_node *input,
					 const struct ydom_node *defaults, const char *key)
{
	const struct ydom_node *x = ydom_map_get(input, key);

	return x || !defaults ? x : ydom_map_get(defaults, key);
}

int ld_arch_parts(struct ld_ctx *c, const struct ydom_node *input,
		  const struct ydom_node *defaults, struct sn_scenario *s)
{
	const struct ydom_node *x;

	smmu_idr_default(&s->smmu.idr);
	s->smmu.cr2_recinvsid = true;
	if (defaults && (x = ydom_map_get(defaults, "smmu")) && parse_smmu(c, x, &s->smmu) != 0)
		return -1;
	if ((x = ydom_map_get(input, "smmu")) && parse_smmu(c, x, &s->smmu) != 0)
		return -1;
	s->memory.max_pages = SN_SCN_DEFAULT_PAGES;
	if ((x = input_key(input, defaults, "memory")) && parse_memory(c, x, &s->memory) != 0)
		return -1;
	if ((x = input_key(input, defaults, "tables")) && parse_tables(c, x, s) != 0)
		return -1;
	/* CD tables before the stream table, which refers to them. */
	if ((x = input_key(input, defaults, "cds")) && parse_cds(c, x, s) != 0)
		return -1;
	if ((x = input_key(input, defaults, "stream-table")) && parse_strtab(c, x, s, &s->strtab))
		return -1;
	return 0;
}

static int parse_parts(struct ld_ctx *c, const struct ydom_node *input,
		       const struct ydom_node *defaults, struct sn_scenario *s)
{
	if (ld_arch_parts(c, input, defaults, s) != 0)
		return -1;
	return parse_txns(c, ydom_map_get(input, "transactions"), s);
}

int ld_arch_input(struct ld_ctx *c, const struct ydom_node *input,
		  const struct ydom_node *defaults, struct sn_scenario **out)
{
	struct sn_built built;

	*out = calloc(1, sizeof(**out));
	if (!*out)
		return ld_fail(c, input, "out of memory");
	if (ld_want_kind(c, input, "input", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, input, "a vector's input", input_keys) != 0 ||
	    parse_parts(c, input, defaults, *out) != 0)
		return -1;
	if (sn_scenario_build(*out, &built, c->err) != 0)
		return -1;
	sn_built_free(&built);
	return 0;
}
