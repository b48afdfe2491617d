// SPDX-License-Identifier: MIT
/*
 * A loaded architecture scenario made real (scenario.h): memory with its
 * page cap, the translation tables through the builder, the stream table,
 * the CD tables, raw words and abort ranges, and an SMMU pointing at them.
 * The order is fixed and documented in vectors/SCHEMA.md, so that raw words
 * can patch anything the builders wrote.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/scenario.h>

const char *const sn_evf_names[SN_EVF_COUNT] = {
	[SN_EVF_TYPE] = "type", [SN_EVF_SID] = "sid", [SN_EVF_SSV] = "ssv",
	[SN_EVF_SSID] = "ssid", [SN_EVF_STALL] = "stall", [SN_EVF_STAG] = "stag",
	[SN_EVF_PNU] = "pnu", [SN_EVF_IND] = "ind", [SN_EVF_RNW] = "rnw", [SN_EVF_S2] = "s2",
	[SN_EVF_CLASS] = "class", [SN_EVF_TTRNW] = "ttrnw", [SN_EVF_INPUT_ADDR] = "input-addr",
	[SN_EVF_IPA] = "ipa", [SN_EVF_FETCH_ADDR] = "fetch-addr",
};

/* ------------------------------------------------------------------ */
/* Names                                                               */

static const struct {
	char letter;
	u8 bit;
} perm_letters[6] = {
	{ 'r', SN_PERM_R_PRIV }, { 'w', SN_PERM_W_PRIV }, { 'x', SN_PERM_X_PRIV },
	{ 'r', SN_PERM_R_UNPRIV }, { 'w', SN_PERM_W_UNPRIV }, { 'x', SN_PERM_X_UNPRIV },
};

void sn_perm_format(u8 perm, char out[7])
{
	for (unsigned i = 0; i < 6; i++)
		out[i] = perm & perm_letters[i].bit ? perm_letters[i].letter : '-';
	out[6] = '\0';
}

bool sn_perm_parse(const char *s, u8 *perm)
{
	u8 p = 0;

	if (strlen(s) != 6)
		return false;
	for (unsigned i = 0; i < 6; i++) {
		if (s[i] == perm_letters[i].letter)
			p |= perm_letters[i].bit;
		else if (s[i] != '-')
			return false;
	}
	*perm = p;
	return true;
}

const char *sn_disposition_name(enum sn_disposition d)
{
	static const char *const names[] = {
		[SN_XLATE_OK] = "ok", [SN_XLATE_ABORT] = "abort", [SN_XLATE_STALL] = "stall",
		[SN_XLATE_RAZWI] = "razwi", [SN_XLATE_ATS_UR] = "ats-ur",
		[SN_XLATE_ATS_CA] = "ats-ca",
	};

	return (unsigned)d < sizeof(names) / sizeof(names[0]) ? names[d] : "?";
}

const char *sn_class_name(u8 class)
{
	static const char *const names[4] = { "CD", "TT", "IN", "reserved" };

	return names[class & 3];
}

void sn_event_recorded(const struct sn_event *e, struct sn_event *rec)
{
	u64 w[4];

	sn_event_encode(e, w);
	sn_event_decode(w, rec);
}

/* ------------------------------------------------------------------ */
/* Freeing                                                             */

static void struct_spec_free(struct sn_struct_spec *sp)
{
	free(sp->fields);
}

static void outcome_free(struct sn_arch_outcome *o)
{
	for (unsigned i = 0; i < o->n_any_of; i++)
		outcome_free(&o->any_of[i]);
	free(o->any_of);
}

void sn_scenario_free(struct sn_scenario *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->memory.n_raw; i++)
		free(s->memory.raw[i].words);
	free(s->memory.raw);
	free(s->memory.aborts);
	for (unsigned i = 0; i < s->n_tables; i++) {
		free(s->tables[i].name);
		free(s->tables[i].maps);
		free(s->tables[i].map_locs);
	}
	free(s->tables);
	free(s->strtab.l1);
	for (unsigned i = 0; i < s->strtab.n_stes; i++)
		struct_spec_free(&s->strtab.stes[i].desc);
	free(s->strtab.stes);
	for (unsigned i = 0; i < s->n_cdtabs; i++) {
		free(s->cdtabs[i].name);
		free(s->cdtabs[i].l1);
		for (unsigned j = 0; j < s->cdtabs[i].n_cds; j++)
			struct_spec_free(&s->cdtabs[i].cds[j].desc);
		free(s->cdtabs[i].cds);
	}
	free(s->cdtabs);
	for (unsigned i = 0; i < s->n_txns; i++)
		outcome_free(&s->txns[i].expect);
	free(s->txns);
	memset(s, 0, sizeof(*s));
}

void sn_built_free(struct sn_built *b)
{
	if (!b)
		return;
	for (unsigned i = 0; i < b->n_tts; i++)
		sn_tt_free(&b->tts[i]);
	free(b->tts);
	sn_mem_free(b->mem);
	b->tts = NULL;
	b->n_tts = 0;
	b->mem = NULL;
}

/* ------------------------------------------------------------------ */
/* Building                                                            */

__attribute__((format(printf, 3, 4)))
static int fail_at(struct sn_error *err, const struct sn_loc *at, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	snprintf(err->msg, sizeof(err->msg), "%s:%u:%u: ", at->file, at->line, at->col);
	used = strlen(err->msg);
	va_start(ap, fmt);
	vsnprintf(err->msg + used, sizeof(err->msg) - used, fmt, ap);
	va_end(ap);
	return -1;
}

/* Where a structure goes: through the stage-2 table @via (NULL: PAs), named @space. */
struct writer {
	struct sn_built *b;
	const struct sn_tt *via;
	const char *via_name;
};

static int write_at(const struct writer *w, u64 addr, u64 value, const struct sn_loc *loc,
		    struct sn_error *err)
{
	u64 pa = addr;

	if (w->via && !sn_tt_translate(w->via, addr, &pa))
		return fail_at(err, loc, "IPA 0x%" PRIx64 " is not mapped by table '%s'", addr,
			       w->via_name);
	if (sn_mem_write64(w->b->mem, pa, value) != 0)
		return fail_at(err, loc, "writing PA 0x%" PRIx64 " passes the memory cap of %u "
			       "pages", pa, sn_mem_max_pages(w->b->mem));
	return 0;
}

static int build_tables(const struct sn_scenario *s, struct sn_built *b, struct sn_error *err)
{
	b->tts = calloc(s->n_tables ? s->n_tables : 1, sizeof(*b->tts));
	if (!b->tts)
		return snprintf(err->msg, sizeof(err->msg), "out of memory"), -1;
	b->n_tts = s->n_tables;
	/* Stage 2 first: the stage-1 tables of a nested setup are written through it. */
	for (unsigned stage = 2; stage >= 1; stage--) {
		for (unsigned i = 0; i < s->n_tables; i++) {
			const struct sn_scn_table *t = &s->tables[i];
			struct sn_tt_cfg cfg = t->cfg;
			struct sn_tt_err te;

			if (cfg.stage != stage)
				continue;
			if (t->s2 >= 0) {
				cfg.resolve = sn_tt_resolve_s2;
				cfg.resolve_ctx = &b->tts[t->s2];
			}
			if (sn_tt_build(b->mem, &cfg, t->maps, t->n_maps, &b->tts[i], &te) == 0)
				continue;
			if (te.other >= 0)
				return fail_at(err, &t->map_locs[te.map], "table '%s': %s (at line %u, "
					       "column %u)", t->name, te.msg,
					       t->map_locs[te.other].line, t->map_locs[te.other].col);
			return fail_at(err, te.map >= 0 ? &t->map_locs[te.map] : &t->loc,
				       "table '%s': %s", t->name, te.msg);
		}
	}
	return 0;
}

static unsigned cd_fmt_s1fmt(enum sn_cdtab_fmt fmt)
{
	return fmt == SN_CD_2L_4K ? 1 : fmt == SN_CD_2L_64K ? 2 : 0;
}

bool sn_ref_value(const struct sn_scenario *s, const struct sn_built *b,
		  const struct sn_field_value *fv, u64 *value)
{
	if (fv->ref == SN_REF_NONE) {
		*value = fv->value;
		return true;
	}
	if (fv->ref == SN_REF_CDS) {
		if (fv->ref_index >= s->n_cdtabs)
			return false;
		*value = fv->ref_attr == SN_REF_FMT ? cd_fmt_s1fmt(s->cdtabs[fv->ref_index].fmt) :
			 s->cdtabs[fv->ref_index].base;
		return true;
	}
	if (fv->ref_index >= b->n_tts)
		return false;
	switch (fv->ref_attr) {
	case SN_REF_ADDR: *value = b->tts[fv->ref_index].ttb; break;
	case SN_REF_SL0: *value = b->tts[fv->ref_index].sl0; break;
	case SN_REF_TSZ: *value = b->tts[fv->ref_index].cfg.tsz; break;
	case SN_REF_TG:
		*value = strcmp(fv->field->name, "TG1") == 0 ? b->tts[fv->ref_index].tg1 :
			 b->tts[fv->ref_index].tg;
		break;
	default: return false;
	}
	return true;
}

/* The eight words of an STE or CD given by fields, references resolved. */
static int compose(const struct sn_scenario *s, const struct sn_built *b,
		   const struct sn_struct_spec *sp, u64 words[8], struct sn_error *err)
{
	if (sp->raw) {
		memcpy(words, sp->words, 8 * sizeof(*words));
		return 0;
	}
	memset(words, 0, 8 * sizeof(*words));
	for (unsigned i = 0; i < sp->n_fields; i++) {
		const struct sn_field_value *fv = &sp->fields[i];
		const u64 mask = fv->field->mask;
		u64 v = 0;

		sn_ref_value(s, b, fv, &v);
		if (fv->ref == SN_REF_TABLE && fv->ref_attr == SN_REF_SL0 &&
		    s->tables[fv->ref_index].cfg.stage != 2)
			return fail_at(err, &fv->loc, "field %s: table '%s' is a stage-1 table, "
				       "which has no SL0", fv->field->name,
				       s->tables[fv->ref_index].name);
		if (fv->is_addr && (v & ~mask))
			return fail_at(err, &fv->loc, "field %s: the address 0x%" PRIx64 " has bits "
				       "outside [%u:%u]", fv->field->name, v,
				       63 - (unsigned)__builtin_clzll(mask), sn_mask_shift(mask));
		if (!fv->is_addr && !sn_field_fits(mask, v))
			return fail_at(err, &fv->loc, "field %s: %" PRIu64 " does not fit",
				       fv->field->name, v);
		words[fv->field->dw] |= fv->is_addr ? v : sn_field_prep(mask, v);
	}
	return 0;
}

static int write_struct(const struct writer *w, const struct sn_scenario *s, u64 addr,
			const struct sn_scn_entry *e, struct sn_error *err)
{
	u64 words[8];

	if (compose(s, w->b, &e->desc, words, err) != 0)
		return -1;
	for (unsigned i = 0; i < 8; i++)
		if (write_at(w, addr + 8 * i, words[i], &e->loc, err) != 0)
			return -1;
	return 0;
}

static const struct sn_scn_l1 *find_l1(const struct sn_scn_l1 *l1, unsigned n, u32 index)
{
	for (unsigned i = 0; i < n; i++)
		if (l1[i].index == index)
			return &l1[i];
	return NULL;
}

/* arch.md §3: the L1STD's span must reach SID[SPLIT-1:0]. */
static int ste_addr(const struct sn_scn_strtab *st, const struct sn_scn_entry *e, u64 *addr,
		    struct sn_error *err)
{
	const u32 sid = e->index, index = sid >> st->split, low = sid & ((1u << st->split) - 1);
	const struct sn_scn_l1 *l1;
	unsigned span;

	if (st->fmt == SN_STRTAB_LINEAR) {
		*addr = st->base + 64ULL * sid;
		return 0;
	}
	l1 = find_l1(st->l1, st->n_l1, index);
	if (!l1)
		return fail_at(err, &e->loc, "SID %" PRIu32 ": no L1STD with index %" PRIu32
			       " in 'l1'", sid, index);
	span = (unsigned)sn_field_get(L1STD_SPAN, l1->word);
	if (span < 1 || span > 11 || span > st->split + 1 || low >= (1u << (span - 1)))
		return fail_at(err, &e->loc, "SID %" PRIu32 ": its L1STD (index %" PRIu32 ", Span "
			       "%u) does not reach it", sid, index, span);
	*addr = (l1->word & L1STD_L2PTR & ~((64ULL << (span - 1)) - 1)) + 64ULL * low;
	return 0;
}

static int build_strtab(const struct sn_scenario *s, struct sn_built *b, struct sn_error *err)
{
	const struct sn_scn_strtab *st = &s->strtab;
	const struct writer w = { .b = b };

	if (!st->present)
		return 0;
	for (unsigned i = 0; i < st->n_l1; i++)
		if (write_at(&w, st->base + 8ULL * st->l1[i].index, st->l1[i].word,
			     &st->l1[i].loc, err) != 0)
			return -1;
	for (unsigned i = 0; i < st->n_stes; i++) {
		u64 addr = 0;

		if (ste_addr(st, &st->stes[i], &addr, err) != 0 ||
		    write_struct(&w, s, addr, &st->stes[i], err) != 0)
			return -1;
	}
	b->smmu.strtab_base = st->base & STRTAB_BASE_ADDR;
	b->smmu.strtab_base_cfg = (u32)(sn_field_prep(STRTAB_BASE_CFG_LOG2SIZE, st->log2size) |
					sn_field_prep(STRTAB_BASE_CFG_SPLIT, st->split) |
					sn_field_prep(STRTAB_BASE_CFG_FMT, st->fmt));
	return 0;
}

static int cd_addr(const struct sn_scn_cdtab *t, const struct sn_scn_entry *e, u64 *addr,
		   struct sn_error *err)
{
	const unsigned bits = t->fmt == SN_CD_2L_4K ? 6 : 10;
	const u32 ssid = e->index, index = ssid >> bits;
	const struct sn_scn_l1 *l1;

	if (t->fmt == SN_CD_SINGLE || t->fmt == SN_CD_LINEAR) {
		*addr = t->base + 64ULL * ssid;
		return 0;
	}
	l1 = find_l1(t->l1, t->n_l1, index);
	if (!l1)
		return fail_at(err, &e->loc, "SSID %" PRIu32 ": no L1CD with index %" PRIu32
			       " in 'l1'", ssid, index);
	if (!(l1->word & L1CD_V))
		return fail_at(err, &e->loc, "SSID %" PRIu32 ": its L1CD (index %" PRIu32 ") is "
			       "not valid", ssid, index);
	*addr = (l1->word & L1CD_L2PTR) + 64ULL * (ssid & ((1u << bits) - 1));
	return 0;
}

static int build_cdtabs(const struct sn_scenario *s, struct sn_built *b, struct sn_error *err)
{
	for (unsigned k = 0; k < s->n_cdtabs; k++) {
		const struct sn_scn_cdtab *t = &s->cdtabs[k];
		struct writer w = { .b = b };

		if (t->s2 >= 0) {
			w.via = &b->tts[t->s2];
			w.via_name = s->tables[t->s2].name;
		}
		for (unsigned i = 0; i < t->n_l1; i++)
			if (write_at(&w, t->base + 8ULL * t->l1[i].index, t->l1[i].word,
				     &t->l1[i].loc, err) != 0)
				return -1;
		for (unsigned i = 0; i < t->n_cds; i++) {
			u64 addr = 0;

			if (cd_addr(t, &t->cds[i], &addr, err) != 0 ||
			    write_struct(&w, s, addr, &t->cds[i], err) != 0)
				return -1;
		}
	}
	return 0;
}

static int build_memory(const struct sn_scenario *s, struct sn_built *b, struct sn_error *err)
{
	const struct writer w = { .b = b };

	for (unsigned i = 0; i < s->memory.n_raw; i++) {
		const struct sn_scn_raw *r = &s->memory.raw[i];

		for (unsigned j = 0; j < r->n_words; j++)
			if (write_at(&w, r->addr + 8ULL * j, r->words[j], &r->loc, err) != 0)
				return -1;
	}
	for (unsigned i = 0; i < s->memory.n_aborts; i++) {
		const struct sn_scn_abort *a = &s->memory.aborts[i];

		if (sn_mem_add_abort(b->mem, a->addr, a->size) != 0)
			return fail_at(err, &a->loc, "more than %u abort ranges", SN_MEM_MAX_ABORTS);
	}
	return 0;
}

int sn_scenario_build(const struct sn_scenario *s, struct sn_built *out, struct sn_error *err)
{
	memset(out, 0, sizeof(*out));
	out->mem = sn_mem_new(s->memory.max_pages);
	if (!out->mem) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	smmu_init(&out->smmu, out->mem);
	out->smmu.idr = s->smmu.idr;
	out->smmu.cr0_atschk = s->smmu.cr0_atschk;
	out->smmu.cr2_recinvsid = s->smmu.cr2_recinvsid;
	out->smmu.cr2_e2h = s->smmu.cr2_e2h;
	if (build_tables(s, out, err) != 0 || build_strtab(s, out, err) != 0 ||
	    build_cdtabs(s, out, err) != 0 || build_memory(s, out, err) != 0) {
		sn_built_free(out);
		return -1;
	}
	return 0;
}
