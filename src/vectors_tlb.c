// SPDX-License-Identifier: MIT
/*
 * The input of the cache area (tlb; vectors/SCHEMA.md "Area tlb: caches,
 * invalidation and staleness"): from the YAML tree into struct sn_tlbscn.
 *
 * The scenario keys are the architecture areas' (vectors_arch.c reads
 * them); this file adds the host's stage-2 domain, the vIOMMU and the
 * steps.  As in the other loaders every check stops at the first problem
 * and reports it as "file:line:col: message" at the node that is wrong,
 * and arrays are sized before their items are parsed, so a half-filled
 * vector can always be freed.
 *
 * What only the model can tell is checked here too, once per vector, so
 * that a replay never stops half-way: the scenario is built and every
 * write step applied to it (the memory cap), and every host step's change
 * is run through each of the vector's policies (s2inval.h) to learn the
 * length of its command sequence, which bounds the 'after' of its
 * 'during' translations.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/tlbscn.h>
#include "load.h"

bool ld_area_is_tlb(const char *area)
{
	return strcmp(area, "tlb") == 0;
}

/* ------------------------------------------------------------------ */
/* Planted bugs                                                        */

static const struct {
	const char *name;
	unsigned bug;
	bool host;              /* the host's stage-2 sequence; else the vIOMMU path */
} bug_names[] = {
	{ "no-nh-all", BUG_S2INV_NO_NH_ALL, true },
	{ "no-atc-full", BUG_S2INV_NO_ATC_FULL, true },
	{ "no-sync-before-nh-all", BUG_S2INV_NO_SYNC_BEFORE_NH_ALL, true },
	{ "partial-range", BUG_S2INV_PARTIAL_RANGE, true },
	{ "vmid-passthrough", BUG_VIOMMU_VMID_PASSTHROUGH, false },
};

#define N_BUGS (sizeof(bug_names) / sizeof(bug_names[0]))

bool sn_tlb_bug_parse(const char *name, unsigned *bug, bool *host)
{
	for (unsigned i = 0; i < N_BUGS; i++) {
		if (strcmp(bug_names[i].name, name) == 0) {
			*bug = bug_names[i].bug;
			*host = bug_names[i].host;
			return true;
		}
	}
	return false;
}

const char *sn_tlb_bug_name(unsigned bug)
{
	for (unsigned i = 0; i < N_BUGS; i++)
		if (bug_names[i].bug == bug)
			return bug_names[i].name;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Command fields                                                      */

const char *const sn_tlb_cmd_field_names[SN_CF_COUNT] = {
	[SN_CF_VMID] = "vmid", [SN_CF_ASID] = "asid", [SN_CF_ADDR] = "addr",
	[SN_CF_LEAF] = "leaf", [SN_CF_NUM] = "num", [SN_CF_SCALE] = "scale",
	[SN_CF_TG] = "tg", [SN_CF_TTL] = "ttl", [SN_CF_SID] = "sid", [SN_CF_SSID] = "ssid",
	[SN_CF_SSV] = "ssv", [SN_CF_RANGE] = "range", [SN_CF_GLOBAL] = "global",
	[SN_CF_SIZE] = "size",
};

/* IHI0070 chapter 4 widths; addr is placed in the opcode's own address field. */
static const unsigned char cmd_field_bits[SN_CF_COUNT] = {
	[SN_CF_VMID] = 16, [SN_CF_ASID] = 16, [SN_CF_ADDR] = 64, [SN_CF_LEAF] = 1,
	[SN_CF_NUM] = 5, [SN_CF_SCALE] = 6, [SN_CF_TG] = 2, [SN_CF_TTL] = 2, [SN_CF_SID] = 32,
	[SN_CF_SSID] = 20, [SN_CF_SSV] = 1, [SN_CF_RANGE] = 5, [SN_CF_GLOBAL] = 1,
	[SN_CF_SIZE] = 6,
};

bool sn_tlb_cmd_field_is_bool(enum sn_tlb_cmd_field f)
{
	return f == SN_CF_LEAF || f == SN_CF_SSV || f == SN_CF_GLOBAL;
}

unsigned sn_tlb_cmd_field_bits(enum sn_tlb_cmd_field f)
{
	return (unsigned)f < SN_CF_COUNT ? cmd_field_bits[f] : 0;
}

u64 sn_tlb_cmd_field_get(const struct sn_cmd *c, enum sn_tlb_cmd_field f)
{
	switch (f) {
	case SN_CF_VMID: return c->vmid;
	case SN_CF_ASID: return c->asid;
	case SN_CF_ADDR: return c->addr;
	case SN_CF_LEAF: return c->leaf;
	case SN_CF_NUM: return c->num;
	case SN_CF_SCALE: return c->scale;
	case SN_CF_TG: return c->tg;
	case SN_CF_TTL: return c->ttl;
	case SN_CF_SID: return c->sid;
	case SN_CF_SSID: return c->ssid;
	case SN_CF_SSV: return c->ssv;
	case SN_CF_RANGE: return c->range;
	case SN_CF_GLOBAL: return c->global;
	case SN_CF_SIZE: return c->size;
	default: return 0;
	}
}

void sn_tlb_cmd_field_set(struct sn_cmd *c, enum sn_tlb_cmd_field f, u64 v)
{
	switch (f) {
	case SN_CF_VMID: c->vmid = (u16)v; break;
	case SN_CF_ASID: c->asid = (u16)v; break;
	case SN_CF_ADDR: c->addr = v; break;
	case SN_CF_LEAF: c->leaf = v != 0; break;
	case SN_CF_NUM: c->num = (u8)v; break;
	case SN_CF_SCALE: c->scale = (u8)v; break;
	case SN_CF_TG: c->tg = (u8)v; break;
	case SN_CF_TTL: c->ttl = (u8)v; break;
	case SN_CF_SID: c->sid = (u32)v; break;
	case SN_CF_SSID: c->ssid = (u32)v; break;
	case SN_CF_SSV: c->ssv = v != 0; break;
	case SN_CF_RANGE: c->range = (u8)v; break;
	case SN_CF_GLOBAL: c->global = v != 0; break;
	case SN_CF_SIZE: c->size = (u8)v; break;
	default: break;
	}
}

/* Does @op have field @f?  Set it in an otherwise empty command and see if the encoding changes. */
bool sn_tlb_cmd_has_field(u8 op, enum sn_tlb_cmd_field f)
{
	struct sn_cmd plain = { .op = op }, probe = plain;
	u64 a[2], b[2];

	sn_tlb_cmd_field_set(&probe, f, f == SN_CF_ADDR ? 0x1000 : 1);
	sn_cmd_encode(&plain, a);
	sn_cmd_encode(&probe, b);
	return a[0] != b[0] || a[1] != b[1];
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

/* The key node @name of @map (for errors about a key rather than its value). */
static const struct ydom_node *key_node(const struct ydom_node *map, const char *name)
{
	for (unsigned i = 0; i < ydom_map_size(map); i++)
		if (strcmp(ydom_map_key(map, i)->text, name) == 0)
			return ydom_map_key(map, i);
	return map;
}

__attribute__((format(printf, 3, 4)))
static int fail_loc(struct ld_ctx *c, const struct sn_loc *at, const char *fmt, ...)
{
	char *msg = c->err->msg;
	const size_t len = sizeof(c->err->msg);
	size_t used;
	va_list ap;

	snprintf(msg, len, "%s:%u:%u: ", c->path, at->line, at->col);
	used = strlen(msg);
	va_start(ap, fmt);
	vsnprintf(msg + used, len - used, fmt, ap);
	va_end(ap);
	return -1;
}

static int opt_bool(struct ld_ctx *c, const struct ydom_node *map, const char *key, bool *out)
{
	const struct ydom_node *n = ydom_map_get(map, key);

	return n ? ld_get_bool(c, n, key, out) : 0;
}

/* A non-empty list whose items are all mappings (@item names one). */
static int want_map_list(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			 const char *item, bool non_empty)
{
	if (ld_want_kind(c, n, key, YDOM_SEQ) != 0)
		return -1;
	if (non_empty && n->n_kids == 0)
		return ld_fail(c, n, "key '%s': must not be empty", key);
	for (unsigned i = 0; i < n->n_kids; i++)
		if (n->kids[i]->kind != YDOM_MAP)
			return ld_fail(c, n->kids[i], "each entry of '%s' must be %s, not %s", key,
				       item, ydom_kind_name(n->kids[i]->kind));
	return 0;
}

static unsigned policy_limit(void)
{
	return host_policy_count < SN_MAX_POLICIES ? host_policy_count : SN_MAX_POLICIES;
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */

/* An opcode by its spec name without CMD_ (IHI0070 §4.1.1); CFGI_ALL is CFGI_STE_RANGE, Range 31. */
static int parse_op(struct ld_ctx *c, const struct ydom_node *n, u8 *op, bool *cfgi_all)
{
	char full[64], text[YDOM_EXCERPT_LEN];

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key 'op': must be a command name, not %s",
			       ydom_kind_name(n->kind));
	*cfgi_all = strcmp(n->text, "CFGI_ALL") == 0;
	if (*cfgi_all) {
		*op = CMD_CFGI_STE_RANGE;
		return 0;
	}
	if (strlen(n->text) < sizeof(full) - 4) {
		snprintf(full, sizeof(full), "CMD_%s", n->text);
		for (unsigned o = 0; o < 256; o++) {
			if (strcmp(sn_cmd_name((u8)o), full) == 0) {
				*op = (u8)o;
				return 0;
			}
		}
	}
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key 'op': unknown command '%s' (expected a name of IHI0070 §4.1.1 "
		       "without CMD_, e.g. TLBI_NH_VA, TLBI_S2_IPA, CFGI_STE, CFGI_CD, ATC_INV or "
		       "SYNC)", text);
}

/* "vmid, asid and addr": the fields @op has, or "none". */
static void op_fields(u8 op, bool cfgi_all, char *buf, size_t len)
{
	unsigned n = 0, k = 0;

	for (unsigned f = 0; f < SN_CF_COUNT; f++)
		n += sn_tlb_cmd_has_field(op, f) && !(cfgi_all && f == SN_CF_RANGE);
	snprintf(buf, len, "%s", n ? "" : "none");
	for (unsigned f = 0; f < SN_CF_COUNT; f++) {
		size_t used = strlen(buf);

		if (!sn_tlb_cmd_has_field(op, f) || (cfgi_all && f == SN_CF_RANGE))
			continue;
		snprintf(buf + used, len - used, "%s%s", k == 0 ? "" : k + 1 == n ? " and " : ", ",
			 sn_tlb_cmd_field_names[f]);
		k++;
	}
}

static int unknown_cmd_key(struct ld_ctx *c, const struct ydom_node *k)
{
	char text[YDOM_EXCERPT_LEN], choices[200] = "";

	ld_append_choice(choices, sizeof(choices), "op", 0, SN_CF_COUNT + 1);
	for (unsigned f = 0; f < SN_CF_COUNT; f++)
		ld_append_choice(choices, sizeof(choices), sn_tlb_cmd_field_names[f], f + 1,
				 SN_CF_COUNT + 1);
	ydom_excerpt(k->text, text);
	return ld_fail(c, k, "unknown key '%s' in a command (expected %s)", text, choices);
}

/* One field of a command given by name: it must exist for the opcode and fit its place. */
static int parse_cmd_field(struct ld_ctx *c, const struct ydom_node *k, const struct ydom_node *v,
			   const char *opname, bool cfgi_all, struct sn_cmd *cmd)
{
	char fields[160];
	struct sn_cmd back;
	unsigned f;
	u64 value, w[2];
	bool flag;

	for (f = 0; f < SN_CF_COUNT && strcmp(sn_tlb_cmd_field_names[f], k->text) != 0; f++)
		;
	if (f == SN_CF_COUNT)
		return unknown_cmd_key(c, k);
	if (!sn_tlb_cmd_has_field(cmd->op, f) || (cfgi_all && f == SN_CF_RANGE)) {
		op_fields(cmd->op, cfgi_all, fields, sizeof(fields));
		return ld_fail(c, k, "key '%s': CMD_%s has no field '%s' (its fields: %s)", k->text,
			       opname, k->text, fields);
	}
	if (sn_tlb_cmd_field_is_bool(f)) {
		if (ld_get_bool(c, v, k->text, &flag) != 0)
			return -1;
		value = flag;
	} else if (ld_get_number(c, v, k->text, cmd_field_bits[f], &value) != 0) {
		return -1;
	}
	sn_tlb_cmd_field_set(cmd, f, value);
	/* What the command carries is what decodes back: e.g. an addr keeps bits [63:12]
	 * (VA), [55:12] (IPA) or [63:12] (ATC) only, a PREFETCH size 5 bits. */
	sn_cmd_encode(cmd, w);
	sn_cmd_decode(w, &back);
	if (sn_tlb_cmd_field_get(&back, f) != value)
		return ld_fail(c, v, "key '%s': 0x%" PRIx64 " does not fit the field of CMD_%s "
			       "(it would be sent as 0x%" PRIx64 ")", k->text, value, opname,
			       sn_tlb_cmd_field_get(&back, f));
	return 0;
}

/*
 * A command: [w0, w1], or {op, fields...} encoded as cmdq.h does (a SYNC as
 * Linux builds it, CS=SEV, MSH=ISH: s2inv_sync_cmd()).
 */
static int parse_cmd(struct ld_ctx *c, const struct ydom_node *n, const char *key,
		     struct sn_tlb_cmd *out)
{
	const struct ydom_node *opn;
	struct sn_cmd cmd;
	bool cfgi_all = false;
	u8 op = 0;

	out->loc = ld_loc_of(c, n);
	if (n->kind == YDOM_SEQ)
		return ld_get_words(c, n, key, out->w, 2, "command words 0 and 1");
	if (n->kind != YDOM_MAP)
		return ld_fail(c, n, "each entry of '%s' must be a command, [w0, w1] or a mapping "
			       "with 'op', not %s", key, ydom_kind_name(n->kind));
	opn = ydom_map_get(n, "op");
	if (!opn)
		return ld_fail(c, n, "a command lacks the required key 'op'");
	if (parse_op(c, opn, &op, &cfgi_all) != 0)
		return -1;
	memset(&cmd, 0, sizeof(cmd));
	cmd.op = op;
	if (cfgi_all)
		cmd.range = CMD_CFGI_RANGE_ALL;
	for (unsigned i = 0; i < ydom_map_size(n); i++) {
		const struct ydom_node *k = ydom_map_key(n, i);

		if (k == key_node(n, "op"))
			continue;
		if (parse_cmd_field(c, k, ydom_map_value(n, i), opn->text, cfgi_all, &cmd) != 0)
			return -1;
	}
	if (op == CMD_SYNC)
		s2inv_sync_cmd(out->w);
	else
		sn_cmd_encode(&cmd, out->w);
	return 0;
}

static int parse_cmd_list(struct ld_ctx *c, const struct ydom_node *n, const char *key,
			  struct sn_tlb_step *st)
{
	if (ld_want_kind(c, n, key, YDOM_SEQ) != 0)
		return -1;
	if (n->n_kids == 0)
		return ld_fail(c, n, "key '%s': must hold at least one command", key);
	st->cmds = ld_alloc_items(n->n_kids, sizeof(*st->cmds));
	if (!st->cmds)
		return ld_fail(c, n, "out of memory");
	st->n_cmds = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (parse_cmd(c, n->kids[i], key, &st->cmds[i]) != 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Translations                                                        */

static const struct ld_key_spec txn_keys[] = {
	{ "sid", true }, { "ssid", false }, { "addr", true }, { "write", false },
	{ "priv", false }, { "instr", false }, { "kind", false },
};

/* translate, expect, verdict and served of the mapping @map (a step or a 'during' entry). */
static int parse_xlate(struct ld_ctx *c, const struct ydom_node *map, struct sn_tlb_xlate *x)
{
	static const char *const kinds[] = { "untranslated", "ats-request", "ats-translated", "atc" };
	static const char *const verdicts[] = { "fresh", "stale", "acceptable" };
	const struct ydom_node *t = ydom_map_get(map, "translate"), *k;
	unsigned v;

	x->loc = ld_loc_of(c, map);
	if (ld_want_kind(c, t, "translate", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, t, "a translation", txn_keys) != 0 ||
	    ld_arch_txn_fields(c, t, &x->t) != 0)
		return -1;
	if ((k = ydom_map_get(t, "kind"))) {
		if (ld_get_choice(c, k, "kind", kinds, 4, &v) != 0)
			return -1;
		/* atc: the device asks its ATC, and on a miss sends an ATS Translation Request. */
		x->device_atc = v == 3;
		x->t.kind = v == 3 ? SN_TXN_ATS_REQUEST : (enum sn_txn_kind)v;
	}
	if (ld_arch_outcome(c, ydom_map_get(map, "expect"), "expect", &x->expect) != 0)
		return -1;
	x->verdict = SN_VERDICT_FRESH;
	if ((k = ydom_map_get(map, "verdict"))) {
		if (ld_get_choice(c, k, "verdict", verdicts, 3, &v) != 0)
			return -1;
		x->verdict = (enum sn_verdict)v;
	}
	if (!(k = ydom_map_get(map, "served")))
		return 0;
	/* SCHEMA.md: served only with stale or acceptable; a FRESH one is served its fresh outcome. */
	if (x->verdict == SN_VERDICT_FRESH)
		return ld_fail(c, key_node(map, "served"), "key 'served': allowed only with verdict "
			       "stale or acceptable (a fresh translation is served its expected "
			       "outcome)");
	x->has_served = true;
	return ld_arch_outcome(c, k, "served", &x->served);
}

static void xlate_free(struct sn_tlb_xlate *x)
{
	free(x->expect.any_of);
	free(x->served.any_of);
	x->expect.any_of = x->served.any_of = NULL;
}

/* ------------------------------------------------------------------ */
/* Steps                                                               */

static const char *const actions[] = { "translate", "write", "commands", "host", "guest" };
#define N_ACTIONS 5

static const struct ld_key_spec translate_keys[] = {
	{ "translate", true }, { "expect", true }, { "verdict", false }, { "served", false },
};
static const struct ld_key_spec write_keys[] = { { "write", true } };
static const struct ld_key_spec commands_keys[] = { { "commands", true }, { "settle", false } };
static const struct ld_key_spec host_keys[] = { { "host", true }, { "during", false } };
static const struct ld_key_spec guest_keys[] = { { "guest", true }, { "error", false } };

static const struct {
	const char *what;
	const struct ld_key_spec *keys;
	unsigned n_keys;
} step_forms[N_ACTIONS] = {
	[SN_TLB_TRANSLATE] = { "a translate step", translate_keys, 4 },
	[SN_TLB_WRITE] = { "a write step", write_keys, 1 },
	[SN_TLB_COMMANDS] = { "a commands step", commands_keys, 2 },
	[SN_TLB_HOST] = { "a host step", host_keys, 2 },
	[SN_TLB_GUEST] = { "a guest step", guest_keys, 2 },
};

/* Which action the step @n is: exactly one of the action keys. */
static int step_kind(struct ld_ctx *c, const struct ydom_node *n, enum sn_tlb_step_kind *kind)
{
	static const char *const extras[] = { "expect", "verdict", "served", "settle", "during",
					      "error" };
	const struct ydom_node *first = NULL;
	char text[YDOM_EXCERPT_LEN];

	for (unsigned i = 0; i < ydom_map_size(n); i++) {
		const struct ydom_node *k = ydom_map_key(n, i);

		for (unsigned a = 0; a < N_ACTIONS; a++) {
			if (strcmp(k->text, actions[a]) != 0)
				continue;
			if (first)
				return ld_fail(c, k, "key '%s': a step has exactly one action, and this "
					       "one already has '%s' (line %u, column %u)", k->text,
					       first->text, first->line, first->col);
			first = k;
			*kind = (enum sn_tlb_step_kind)a;
		}
	}
	if (first)
		return 0;
	for (unsigned i = 0; i < ydom_map_size(n); i++) {
		const struct ydom_node *k = ydom_map_key(n, i);
		bool known = false;

		for (unsigned e = 0; e < sizeof(extras) / sizeof(extras[0]); e++)
			known = known || strcmp(k->text, extras[e]) == 0;
		if (known)
			continue;
		ydom_excerpt(k->text, text);
		return ld_fail(c, k, "unknown key '%s' in a step (expected one of translate, write, "
			       "commands, host or guest, with the keys that action allows)", text);
	}
	return ld_fail(c, n, "a step needs one of the keys translate, write, commands, host or "
		       "guest");
}

static const struct ld_key_spec write_entry_keys[] = { { "addr", true }, { "words", true } };

static int parse_write_entry(struct ld_ctx *c, const struct ydom_node *n, struct sn_scn_raw *r)
{
	const struct ydom_node *a;

	r->loc = ld_loc_of(c, n);
	if (LD_CHECK_KEYS(c, n, "a memory write", write_entry_keys) != 0)
		return -1;
	a = ydom_map_get(n, "addr");
	if (ld_get_number(c, a, "addr", 64, &r->addr) != 0)
		return -1;
	if (r->addr & 7)
		return ld_fail(c, a, "key 'addr': 0x%" PRIx64 " is not aligned to 0x8", r->addr);
	return ld_mem_words(c, ydom_map_get(n, "words"), r->addr, &r->words, &r->n_words);
}

static int parse_write_step(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlb_step *st)
{
	if (want_map_list(c, n, "write", "a mapping with addr and words", true) != 0)
		return -1;
	st->writes = ld_alloc_items(n->n_kids, sizeof(*st->writes));
	if (!st->writes)
		return ld_fail(c, n, "out of memory");
	st->n_writes = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (parse_write_entry(c, n->kids[i], &st->writes[i]) != 0)
			return -1;
	return 0;
}

/*
 * Host queue commands the SMMU would refuse stop the queue with CERROR_ILL
 * (IHI0070 §4.1.3, §7.1); the runner does not model a stopped queue, so
 * such a command is refused here.
 */
static int check_legal(struct ld_ctx *c, const struct sn_tlbscn *t, const struct sn_tlb_cmd *cmd)
{
	struct sn_cmd d;
	const char *why = "";

	sn_cmd_decode(cmd->w, &d);
	if (sn_cmd_check(&d, &t->scn.smmu.idr, &why) == SN_CERROR_NONE)
		return 0;
	return fail_loc(c, &cmd->loc, "opcode 0x%02x (%s): the SMMU would stop the command queue "
			"with CERROR_ILL: %s", d.op, sn_cmd_name(d.op), why);
}

static int parse_commands_step(struct ld_ctx *c, const struct ydom_node *step,
			       const struct sn_tlbscn *t, struct sn_tlb_step *st)
{
	const struct ydom_node *x;
	bool settle = true, last_sync;

	if (parse_cmd_list(c, ydom_map_get(step, "commands"), "commands", st) != 0)
		return -1;
	for (unsigned i = 0; i < st->n_cmds; i++)
		if (check_legal(c, t, &st->cmds[i]) != 0)
			return -1;
	last_sync = sn_field_get(CMD_DW0_OP, st->cmds[st->n_cmds - 1].w[0]) == CMD_SYNC;
	if ((x = ydom_map_get(step, "settle"))) {
		if (ld_get_bool(c, x, "settle", &settle) != 0)
			return -1;
		if (settle && !last_sync)
			return ld_fail(c, x, "key 'settle': a commands step settles only when its "
				       "last command is a SYNC");
	}
	/* SCHEMA.md: a SYNC ends the software's update unless settle: false. */
	st->settle = last_sync && settle;
	return 0;
}

static const struct ld_key_spec range_keys[] = {
	{ "change", true }, { "iova", true }, { "size", true }, { "granule", false },
	{ "leaf", false },
};
static const struct ld_key_spec flush_keys[] = { { "change", true } };
static const struct ld_key_spec during_keys[] = {
	{ "after", true }, { "translate", true }, { "expect", true }, { "verdict", false },
	{ "served", false },
};

static int parse_change(struct ld_ctx *c, const struct ydom_node *n, const struct sn_tlbscn *t,
			struct s2inv_change *ch)
{
	static const char *const kinds[] = { "range", "flush-all" };
	const struct ydom_node *k;
	unsigned kind;

	if (ld_want_kind(c, n, "host", YDOM_MAP) != 0)
		return -1;
	if (!(k = ydom_map_get(n, "change")))
		return ld_fail(c, n, "a host change lacks the required key 'change'");
	if (ld_get_choice(c, k, "change", kinds, 2, &kind) != 0)
		return -1;
	if (kind == 1) {
		ch->kind = S2INV_FLUSH_ALL;
		return LD_CHECK_KEYS(c, n, "a flush-all change", flush_keys);
	}
	ch->kind = S2INV_RANGE;
	ch->leaf = true;
	ch->granule = 1ULL << t->domain.page_shift;
	if (LD_CHECK_KEYS(c, n, "a range change", range_keys) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "iova"), "iova", 64, &ch->iova) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "size"), "size", 64, &ch->size) != 0 ||
	    opt_bool(c, n, "leaf", &ch->leaf) != 0)
		return -1;
	if ((k = ydom_map_get(n, "granule")) && ld_get_number(c, k, "granule", 64, &ch->granule))
		return -1;
	return 0;
}

static int parse_during(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlb_step *st)
{
	if (want_map_list(c, n, "during", "a mapping with after, translate and expect", false))
		return -1;
	st->during = ld_alloc_items(n->n_kids, sizeof(*st->during));
	if (!st->during)
		return ld_fail(c, n, "out of memory");
	st->n_during = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++) {
		const struct ydom_node *e = n->kids[i], *a;
		struct sn_tlb_during *d = &st->during[i];
		u64 after;

		if (LD_CHECK_KEYS(c, e, "a 'during' translation", during_keys) != 0)
			return -1;
		a = ydom_map_get(e, "after");
		d->after_loc = ld_loc_of(c, a);
		if (ld_get_number(c, a, "after", 32, &after) != 0)
			return -1;
		if (after == 0)
			return ld_fail(c, a, "key 'after': counts commands from 1 (a translation "
				       "before the sequence is a translate step)");
		/* They run in the order of the queue, which is the order of the list. */
		if (i && after < st->during[i - 1].after)
			return ld_fail(c, a, "key 'after': %" PRIu64 " comes before the previous "
				       "entry's %u (list 'during' in the order the translations run)",
				       after, st->during[i - 1].after);
		d->after = (unsigned)after;
		if (parse_xlate(c, e, &d->x) != 0)
			return -1;
	}
	return 0;
}

static int parse_guest_error(struct ld_ctx *c, const struct ydom_node *n, int *err)
{
	char text[YDOM_EXCERPT_LEN], choices[128] = "";

	if (n->kind == YDOM_SCALAR && sn_errno_parse(n->text, err) && *err != SN_OK)
		return 0;
	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key 'error': must be an errno name, not %s",
			       ydom_kind_name(n->kind));
	for (int i = 1; i < SN_ERRNO_COUNT; i++)
		ld_append_choice(choices, sizeof(choices), sn_errno_name(i), (unsigned)i - 1,
				 SN_ERRNO_COUNT - 1);
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key 'error': unknown errno '%s' (expected %s)", text, choices);
}

static int parse_step(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlbscn *t,
		      struct sn_tlb_step *st)
{
	const struct ydom_node *x, *action;

	st->loc = ld_loc_of(c, n);
	if (step_kind(c, n, &st->kind) != 0 ||
	    ld_check_keys(c, n, step_forms[st->kind].what, step_forms[st->kind].keys,
			  step_forms[st->kind].n_keys) != 0)
		return -1;
	action = ydom_map_get(n, actions[st->kind]);
	st->action_loc = ld_loc_of(c, action);
	switch (st->kind) {
	case SN_TLB_TRANSLATE:
		return parse_xlate(c, n, &st->x);
	case SN_TLB_WRITE:
		return parse_write_step(c, action, st);
	case SN_TLB_COMMANDS:
		return parse_commands_step(c, n, t, st);
	case SN_TLB_HOST:
		t->has_host = true;
		if (!t->domain.present)
			return ld_fail(c, key_node(n, "host"), "key 'host': a host step needs the "
				       "input's 'domain' (the host's stage-2 domain)");
		if (parse_change(c, action, t, &st->change) != 0)
			return -1;
		return (x = ydom_map_get(n, "during")) ? parse_during(c, x, st) : 0;
	case SN_TLB_GUEST:
		t->has_guest = true;
		if (!t->viommu.present)
			return ld_fail(c, key_node(n, "guest"), "key 'guest': a guest step needs the "
				       "input's 'viommu'");
		if (parse_cmd_list(c, action, "guest", st) != 0)
			return -1;
		return (x = ydom_map_get(n, "error")) ? parse_guest_error(c, x, &st->error) : 0;
	}
	return 0;
}

static int parse_steps(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlbscn *t)
{
	if (want_map_list(c, n, "steps", "a mapping with one action (translate, write, commands, "
			  "host or guest)", true) != 0)
		return -1;
	t->steps = ld_alloc_items(n->n_kids, sizeof(*t->steps));
	if (!t->steps)
		return ld_fail(c, n, "out of memory");
	t->n_steps = n->n_kids;
	for (unsigned i = 0; i < n->n_kids; i++)
		if (parse_step(c, n->kids[i], t, &t->steps[i]) != 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* domain and viommu                                                   */

static const struct ld_key_spec domain_keys[] = {
	{ "vmid", true }, { "page-shift", false }, { "nest-parent", false }, { "masters", false },
};
static const struct ld_key_spec master_keys[] = {
	{ "sids", true }, { "ats", false }, { "nested", false }, { "nested-ats-flush", false },
	{ "ssid", false },
};
static const struct ld_key_spec viommu_keys[] = { { "vmid", true }, { "vdevs", false } };
static const struct ld_key_spec vdev_keys[] = { { "vsid", true }, { "psid", true } };

static int parse_master(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlb_master *m)
{
	const struct ydom_node *x;
	u64 v;

	m->loc = ld_loc_of(c, n);
	m->nested = true;
	if (LD_CHECK_KEYS(c, n, "a master", master_keys) != 0)
		return -1;
	x = ydom_map_get(n, "sids");
	if (ld_want_kind(c, x, "sids", YDOM_SEQ) != 0)
		return -1;
	if (x->n_kids == 0)
		return ld_fail(c, x, "key 'sids': a master has at least one StreamID");
	m->sids = ld_alloc_items(x->n_kids, sizeof(*m->sids));
	if (!m->sids)
		return ld_fail(c, x, "out of memory");
	m->n_sids = x->n_kids;
	for (unsigned i = 0; i < x->n_kids; i++) {
		if (ld_get_number(c, x->kids[i], "sids", 32, &v) != 0)
			return -1;
		m->sids[i] = (u32)v;
	}
	if (opt_bool(c, n, "ats", &m->ats) != 0 || opt_bool(c, n, "nested", &m->nested) != 0)
		return -1;
	/*
	 * The kernel sets nested_ats_flush = enable_ats on a nested attach
	 * only (linux.md §4.1), so the default is "ATS and nested".
	 */
	m->nested_ats_flush = m->ats && m->nested;
	if (opt_bool(c, n, "nested-ats-flush", &m->nested_ats_flush) != 0)
		return -1;
	if ((x = ydom_map_get(n, "ssid"))) {
		if (ld_get_number(c, x, "ssid", 20, &v) != 0)
			return -1;
		m->ssid = (u32)v;
	}
	return 0;
}

static int parse_domain(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlb_domain *d)
{
	const struct ydom_node *x;
	u64 v;

	d->loc = ld_loc_of(c, n);
	d->page_shift = 12;
	d->nest_parent = true;
	if (ld_want_kind(c, n, "domain", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "key 'domain'", domain_keys) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "vmid"), "vmid", 16, &v) != 0)
		return -1;
	d->vmid = (u16)v;
	if ((x = ydom_map_get(n, "page-shift"))) {
		if (ld_get_number(c, x, "page-shift", 8, &v) != 0)
			return -1;
		if (v != 12 && v != 14 && v != 16)
			return ld_fail(c, x, "key 'page-shift': must be 12, 14 or 16 (4 KB, 16 KB or "
				       "64 KB pages), not %" PRIu64, v);
		d->page_shift = (unsigned)v;
	}
	if (opt_bool(c, n, "nest-parent", &d->nest_parent) != 0)
		return -1;
	if ((x = ydom_map_get(n, "masters"))) {
		if (want_map_list(c, x, "masters", "a mapping with sids", false) != 0)
			return -1;
		d->masters = ld_alloc_items(x->n_kids, sizeof(*d->masters));
		if (!d->masters)
			return ld_fail(c, x, "out of memory");
		d->n_masters = x->n_kids;
		for (unsigned i = 0; i < x->n_kids; i++)
			if (parse_master(c, x->kids[i], &d->masters[i]) != 0)
				return -1;
	}
	d->present = true;
	return 0;
}

static int parse_viommu(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlb_viommu *vi)
{
	const struct ydom_node *x;
	u64 v;

	vi->loc = ld_loc_of(c, n);
	if (ld_want_kind(c, n, "viommu", YDOM_MAP) != 0 ||
	    LD_CHECK_KEYS(c, n, "key 'viommu'", viommu_keys) != 0 ||
	    ld_get_number(c, ydom_map_get(n, "vmid"), "vmid", 16, &v) != 0)
		return -1;
	vi->vmid = (u16)v;
	if ((x = ydom_map_get(n, "vdevs"))) {
		if (want_map_list(c, x, "vdevs", "a mapping with vsid and psid", false) != 0)
			return -1;
		vi->vdevs = ld_alloc_items(x->n_kids, sizeof(*vi->vdevs));
		if (!vi->vdevs)
			return ld_fail(c, x, "out of memory");
		vi->n_vdevs = x->n_kids;
		for (unsigned i = 0; i < x->n_kids; i++) {
			const struct ydom_node *e = x->kids[i];

			if (LD_CHECK_KEYS(c, e, "a vDEVICE", vdev_keys) != 0 ||
			    ld_get_number(c, ydom_map_get(e, "vsid"), "vsid", 32, &v) != 0)
				return -1;
			vi->vdevs[i].vsid = (u32)v;
			if (ld_get_number(c, ydom_map_get(e, "psid"), "psid", 32, &v) != 0)
				return -1;
			vi->vdevs[i].psid = (u32)v;
		}
	}
	vi->present = true;
	return 0;
}

void sn_tlb_s2inv_domain(const struct sn_tlbscn *t, struct s2inv_domain *d,
			 struct s2inv_master *masters)
{
	for (unsigned i = 0; i < t->domain.n_masters; i++) {
		const struct sn_tlb_master *m = &t->domain.masters[i];

		masters[i] = (struct s2inv_master){
			.sids = m->sids, .nsids = m->n_sids, .ats_enabled = m->ats,
			.nested = m->nested, .nested_ats_flush = m->nested_ats_flush, .ssid = m->ssid,
		};
	}
	/* SCHEMA.md: range invalidation and ATS support come from the SMMU's ID registers. */
	*d = (struct s2inv_domain){
		.vmid = t->domain.vmid, .nest_parent = t->domain.nest_parent,
		.page_shift = t->domain.page_shift, .range_inv = t->scn.smmu.idr.ril,
		.ats = t->scn.smmu.idr.ats, .masters = masters, .nmasters = t->domain.n_masters,
	};
}

/* ------------------------------------------------------------------ */
/* The vector                                                          */

static const struct ld_key_spec vector_keys[] = {
	{ "id", true }, { "rules", true }, { "cite", true }, { "comment", false },
	{ "flags", false }, { "policies", false }, { "bug", false }, { "input", true },
};

static const struct ld_key_spec input_keys[] = {
	{ "smmu", false }, { "memory", false }, { "tables", false }, { "stream-table", false },
	{ "cds", false }, { "domain", false }, { "viommu", false }, { "steps", true },
};

int ld_tlb_vector_keys(struct ld_ctx *c, const struct ydom_node *vec)
{
	for (unsigned i = 0; i < ydom_map_size(vec); i++) {
		const struct ydom_node *k = ydom_map_key(vec, i);
		bool known = false;

		for (unsigned j = 0; j < sizeof(vector_keys) / sizeof(vector_keys[0]); j++)
			known = known || strcmp(k->text, vector_keys[j].name) == 0;
		if (known)
			continue;
		if (strcmp(k->text, "expect") == 0 || strcmp(k->text, "expect-by-policy") == 0)
			return ld_fail(c, k, "key '%s': a tlb vector has no vector-level expectation "
				       "(each translate step carries its own 'expect')", k->text);
		break;
	}
	return LD_CHECK_KEYS(c, vec, "a tlb vector", vector_keys);
}

static int check_input_keys(struct ld_ctx *c, const struct ydom_node *input)
{
	const struct ydom_node *x;

	if (ld_want_kind(c, input, "input", YDOM_MAP) != 0)
		return -1;
	if ((x = ydom_map_get(input, "transactions")))
		return ld_fail(c, key_node(input, "transactions"), "key 'transactions': a tlb "
			       "vector's input has 'steps' instead (each translate step is a "
			       "transaction)");
	return LD_CHECK_KEYS(c, input, "a tlb vector's input", input_keys);
}

static int parse_bug(struct ld_ctx *c, const struct ydom_node *n, struct sn_tlbscn *t, bool *host)
{
	char text[YDOM_EXCERPT_LEN], choices[160] = "";

	if (n->kind != YDOM_SCALAR)
		return ld_fail(c, n, "key 'bug': must be a name, not %s", ydom_kind_name(n->kind));
	if (sn_tlb_bug_parse(n->text, &t->bug, host)) {
		t->bug_name = sn_tlb_bug_name(t->bug);
		return 0;
	}
	for (unsigned i = 0; i < N_BUGS; i++)
		ld_append_choice(choices, sizeof(choices), bug_names[i].name, i, N_BUGS);
	ydom_excerpt(n->text, text);
	return ld_fail(c, n, "key 'bug': unknown bug '%s' (expected %s)", text, choices);
}

/* The first step of @kind, for messages. */
static const struct sn_tlb_step *first_step(const struct sn_tlbscn *t, enum sn_tlb_step_kind kind)
{
	for (unsigned i = 0; i < t->n_steps; i++)
		if (t->steps[i].kind == kind)
			return &t->steps[i];
	return NULL;
}

/*
 * SCHEMA.md: without its own 'policies' a vector with a guest step leaves
 * out the policies without a vIOMMU invalidation path (seed-v2); naming
 * one of them is an error.
 */
static int settle_policies(struct ld_ctx *c, const struct ydom_node *vec, bool explicit_policies,
			   const struct sn_tlbscn *t, struct sn_vector *v)
{
	const struct ydom_node *list = ydom_map_get(vec, "policies");
	unsigned without = 0;
	char id[YDOM_EXCERPT_LEN];

	for (unsigned i = 0; i < policy_limit(); i++)
		if (!viommu_inv_supported(host_policies[i]))
			without |= 1u << i;
	if (t->has_guest && explicit_policies && (v->policy_mask & without)) {
		for (unsigned i = 0; i < list->n_kids; i++) {
			const struct host_policy *p = host_policy_find(list->kids[i]->text);

			if (p && !viommu_inv_supported(p))
				return ld_fail(c, list->kids[i], "key 'policies': policy '%s' has no "
					       "vIOMMU invalidation path, which the guest step at "
					       "line %u needs", p->name,
					       first_step(t, SN_TLB_GUEST)->loc.line);
		}
	}
	if (t->has_guest)
		v->policy_mask &= ~without;
	if (v->policy_mask)
		return 0;
	ydom_excerpt(v->id, id);
	return ld_fail(c, vec, "vector '%s' has a guest step, but none of its policies has a "
		       "vIOMMU invalidation path", id);
}

static int check_bug_used(struct ld_ctx *c, const struct ydom_node *vec, const struct sn_tlbscn *t,
			  bool host)
{
	const struct ydom_node *n = ydom_map_get(vec, "bug");

	if (!t->bug)
		return 0;
	if (host && !t->has_host)
		return ld_fail(c, n, "key 'bug': '%s' changes the host's stage-2 sequence, but the "
			       "vector has no host step", t->bug_name);
	if (!host && !t->has_guest)
		return ld_fail(c, n, "key 'bug': '%s' changes the vIOMMU path, but the vector has "
			       "no guest step", t->bug_name);
	return 0;
}

/* Every host step's change, under every policy of the vector: it can occur, and 'after' fits. */
static int check_host_steps(struct ld_ctx *c, const struct sn_tlbscn *t, unsigned mask)
{
	struct s2inv_master *masters = ld_alloc_items(t->domain.n_masters, sizeof(*masters));
	struct s2inv_domain d;
	int rc = 0;

	if (!masters)
		return fail_loc(c, &t->loc, "out of memory");
	sn_tlb_s2inv_domain(t, &d, masters);
	for (unsigned s = 0; s < t->n_steps && rc == 0; s++) {
		const struct sn_tlb_step *st = &t->steps[s];

		if (st->kind != SN_TLB_HOST)
			continue;
		for (unsigned i = 0; i < policy_limit() && rc == 0; i++) {
			struct host_policy p;
			struct s2inv_result res;
			const struct sn_tlb_during *last;

			if (!(mask & (1u << i)))
				continue;
			p = *host_policies[i];
			p.bugs |= t->bug;
			s2inv_run(&p, &d, &st->change, NULL, &res);
			if (res.err != SN_OK) {
				rc = fail_loc(c, &st->action_loc, "key 'host': policy %s cannot make "
					      "this change: %s", p.name, res.reason);
				break;
			}
			last = st->n_during ? &st->during[st->n_during - 1] : NULL;
			if (last && last->after > res.ncmds)
				rc = fail_loc(c, &last->after_loc, "key 'after': %u is beyond the host "
					      "sequence, which has %zu commands under policy %s",
					      last->after, res.ncmds, p.name);
		}
	}
	free(masters);
	return rc;
}

/* Build the scenario once and apply the writes in order: the page cap is met here, not mid-run. */
static int check_build(struct ld_ctx *c, const struct sn_tlbscn *t)
{
	struct sn_built *b = malloc(sizeof(*b));
	int rc = 0;

	if (!b)
		return fail_loc(c, &t->loc, "out of memory");
	if (sn_scenario_build(&t->scn, b, c->err) != 0) {
		free(b);
		return -1;
	}
	for (unsigned s = 0; s < t->n_steps && rc == 0; s++) {
		const struct sn_tlb_step *st = &t->steps[s];

		for (unsigned i = 0; i < st->n_writes && rc == 0; i++) {
			const struct sn_scn_raw *w = &st->writes[i];

			for (unsigned k = 0; k < w->n_words && rc == 0; k++)
				if (sn_mem_write64(b->mem, w->addr + 8 * (u64)k, w->words[k]) != 0)
					rc = fail_loc(c, &w->loc, "writing PA 0x%" PRIx64 " passes the "
						      "memory cap of %u pages", w->addr + 8 * (u64)k,
						      t->scn.memory.max_pages);
		}
	}
	sn_built_free(b);
	free(b);
	return rc;
}

int ld_tlb_vector(struct ld_ctx *c, const struct ydom_node *vec,
		  const struct ydom_node *defaults, bool explicit_policies,
		  struct sn_vector *v)
{
	const struct ydom_node *input = ydom_map_get(vec, "input"), *x;
	struct sn_tlbscn *t = calloc(1, sizeof(*t));
	bool host_bug = false;

	if (!t)
		return ld_fail(c, vec, "out of memory");
	v->scn = &t->scn;
	t->loc = v->loc;
	if ((x = ydom_map_get(vec, "bug")) && parse_bug(c, x, t, &host_bug) != 0)
		return -1;
	if (check_input_keys(c, input) != 0 || ld_arch_parts(c, input, defaults, &t->scn) != 0)
		return -1;
	if ((x = ydom_map_get(input, "domain")) && parse_domain(c, x, &t->domain) != 0)
		return -1;
	if ((x = ydom_map_get(input, "viommu")) && parse_viommu(c, x, &t->viommu) != 0)
		return -1;
	if (parse_steps(c, ydom_map_get(input, "steps"), t) != 0 ||
	    settle_policies(c, vec, explicit_policies, t, v) != 0 ||
	    check_bug_used(c, vec, t, host_bug) != 0 ||
	    check_build(c, t) != 0)
		return -1;
	return check_host_steps(c, t, v->policy_mask);
}

void ld_tlb_vector_release(struct sn_vector *v)
{
	struct sn_tlbscn *t = v->scn ? (struct sn_tlbscn *)(void *)v->scn : NULL;

	if (!t)
		return;
	for (unsigned s = 0; s < t->n_steps; s++) {
		struct sn_tlb_step *st = &t->steps[s];

		xlate_free(&st->x);
		for (unsigned i = 0; i < st->n_writes; i++)
			free(st->writes[i].words);
		free(st->writes);
		free(st->cmds);
		for (unsigned i = 0; i < st->n_during; i++)
			xlate_free(&st->during[i].x);
		free(st->during);
	}
	free(t->steps);
	for (unsigned i = 0; i < t->domain.n_masters; i++)
		free(t->domain.masters[i].sids);
	free(t->domain.masters);
	free(t->viommu.vdevs);
	t->steps = NULL;
	t->n_steps = 0;
	t->domain.masters = NULL;
	t->domain.n_masters = 0;
	t->viommu.vdevs = NULL;
}
