// SPDX-License-Identifier: MIT
/*
 * smmu-nest explain: run the transactions of an architecture vector and
 * show, from the SMMU's access log, every read the translation made: what
 * it read (L1STD, STE, L1CD, CD, stage-1 or stage-2 descriptor), at which
 * level and index, where, and what it found; the stage-2 walk of every IPA
 * a stage-1 table or CD lives at, grouped under that access; and then the
 * result or the event, every field.  --format=dot draws the same walk as a
 * Graphviz digraph.
 *
 * For a cache vector (area tlb) the work is sn_tlb_explain() (replay_tlb.c):
 * one step's judgement, its culprits and what would have removed them; and
 * --invalidation-table prints the required-removal table of model/tlb.c.
 *
 * The log records, per read, the PA, the value, the stage and level and
 * the address being translated (the VA for stage 1, the IPA for stage 2,
 * the StreamID or SubstreamID for configuration reads).  Indexes are
 * derived from that address and the geometry of the STE and CD just read,
 * as the walker does (arch.md §6.2, §6.3).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <smmu-nest/builder.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>
#include <smmu-nest/version.h>
#include "cli.h"

enum format { FMT_TEXT, FMT_DOT };

/* The geometry of one stage's tables, from the STE or CD just read. */
struct geom {
	bool valid;
	unsigned g;             /* granule shift */
	unsigned ia_bits;
	int start;
};

struct explain {
	FILE *out;
	enum format fmt;
	u32 strtab_split;
	struct geom s2, s1[2];
	unsigned s1fmt;         /* STE.S1Fmt: L1CD index = SSID >> 6 or >> 10 */
	unsigned n_mismatch;
	unsigned graph_nodes;   /* dot: nodes so far, for unique names */
};

/* ------------------------------------------------------------------ */
/* Geometry and indexes                                                */

/* Stage 1 starts where TxSZ puts it (arch.md §6.2). */
static struct geom s1_geom(unsigned g, u64 tsz)
{
	struct geom gm = { .g = g, .ia_bits = 64 - (unsigned)tsz };

	gm.valid = g && tsz >= 12 && tsz <= 48 && gm.ia_bits > g;
	if (gm.valid)
		gm.start = 4 - (int)((gm.ia_bits - 4) / (g - 3));
	return gm;
}

/* Stage 2 starts where SL0 puts it for the granule (arch.md §6.3). */
static struct geom s2_geom(const u64 ste[STE_DWORDS])
{
	struct geom gm = { .g = sn_tg0_granule_shift(sn_field_get(STE_DW2_S2TG, ste[2])) };
	unsigned sl0 = (unsigned)sn_field_get(STE_DW2_S2SL0, ste[2]), enc;
	u64 tsz = sn_field_get(STE_DW2_S2T0SZ, ste[2]);

	gm.ia_bits = 64 - (unsigned)tsz;
	for (int level = 0; level <= 3 && gm.g; level++)
		if (sn_tt_s2_sl0(gm.g, level, &enc) && enc == sl0) {
			gm.start = level;
			gm.valid = tsz >= 12 && tsz <= 48;
		}
	return gm;
}

/* The index a descriptor read at @level used for @ia; false if unknown. */
static bool desc_index(const struct geom *gm, int level, u64 ia, u64 *index)
{
	unsigned shift, bits;

	if (!gm->valid || level < gm->start || level > 3)
		return false;
	shift = sn_tt_level_shift(gm->g, level);
	if (shift >= gm->ia_bits)
		return false;
	bits = level == gm->start ? gm->ia_bits - shift : gm->g - 3;
	*index = (ia >> shift) & ((1ULL << bits) - 1);
	return true;
}

static const char *what_name(enum sn_access_what w)
{
	static const char *const names[] = {
		[SN_ACC_L1STD] = "L1STD", [SN_ACC_STE] = "STE", [SN_ACC_L1CD] = "L1CD",
		[SN_ACC_CD] = "CD", [SN_ACC_S1_DESC] = "S1 desc", [SN_ACC_S2_DESC] = "S2 desc",
		[SN_ACC_DATA] = "data",
	};

	return (unsigned)w < sizeof(names) / sizeof(names[0]) ? names[w] : "?";
}

/* "S2 L1 [index 2]", "STE [sid 65]", "CD [ssid 0]". */
static void step_label(const struct explain *x, const struct sn_access *a, char *buf, size_t len)
{
	const struct geom *gm = a->what == SN_ACC_S2_DESC ? &x->s2 : &x->s1[(a->ia >> 55) & 1];
	u64 index;

	switch (a->what) {
	case SN_ACC_L1STD:
		snprintf(buf, len, "L1STD [index %" PRIu64 "]", a->ia >> x->strtab_split);
		break;
	case SN_ACC_STE:
		snprintf(buf, len, "STE [sid %" PRIu64 "]", a->ia);
		break;
	case SN_ACC_L1CD:
		snprintf(buf, len, "L1CD [index %" PRIu64 "]", a->ia >> (x->s1fmt == 1 ? 6 : 10));
		break;
	case SN_ACC_CD:
		snprintf(buf, len, "CD [ssid %" PRIu64 "]", a->ia);
		break;
	case SN_ACC_S1_DESC:
	case SN_ACC_S2_DESC:
		if (desc_index(gm, a->level, a->ia, &index))
			snprintf(buf, len, "S%u L%d [index %" PRIu64 "]", a->stage, a->level, index);
		else
			snprintf(buf, len, "S%u L%d [index ?]", a->stage, a->level);
		break;
	default:
		snprintf(buf, len, "%s", what_name(a->what));
		break;
	}
}

/* Learn the geometry from an STE or CD once all its words are read. */
static void learn(struct explain *x, const struct sn_access *log, unsigned i)
{
	u64 w[8];

	if (i < 7 || (log[i].what != SN_ACC_STE && log[i].what != SN_ACC_CD))
		return;
	for (unsigned k = 0; k < 8; k++) {
		if (log[i - 7 + k].what != log[i].what)
			return;
		w[k] = log[i - 7 + k].value;
	}
	if (log[i].what == SN_ACC_STE) {
		x->s2 = s2_geom(w);
		x->s1fmt = (unsigned)sn_field_get(STE_DW0_S1FMT, w[0]);
		return;
	}
	x->s1[0] = s1_geom(sn_tg0_granule_shift(sn_field_get(CD_DW0_TG0, w[0])),
			   sn_field_get(CD_DW0_T0SZ, w[0]));
	x->s1[1] = s1_geom(sn_tg1_granule_shift(sn_field_get(CD_DW0_TG1, w[0])),
			   sn_field_get(CD_DW0_T1SZ, w[0]));
}

/* ------------------------------------------------------------------ */
/* Steps: the log folded into what a reader follows                    */

/*
 * One step: a read (or the 8 reads of an STE or CD), with the stage-2
 * reads that translated the IPA it lives at (CLASS CD or TT), if any.
 */
struct step {
	unsigned first, count;          /* the read(s) in the log */
	unsigned s2_first, s2_count;    /* the stage-2 reads before it, for its IPA */
	bool final_s2;                  /* a stage-2 read of the output IPA (CLASS IN) */
	bool orphan_s2;                 /* stage-2 reads whose access never happened (a fault) */
};

#define MAX_STEPS SN_LOG_MAX

static unsigned fold_steps(const struct sn_access_log *log, struct step *steps)
{
	unsigned n = 0, pending = 0, pending_first = 0;

	for (unsigned i = 0; i < log->n; i++) {
		const struct sn_access *a = &log->a[i];
		struct step *st;

		if (a->what == SN_ACC_S2_DESC && a->for_class != SN_CLASS_IN) {
			if (!pending)
				pending_first = i;
			pending++;
			continue;
		}
		if (pending && a->what == SN_ACC_S2_DESC) {
			steps[n++] = (struct step){ .s2_first = pending_first, .s2_count = pending,
						    .orphan_s2 = true };
			pending = 0;
		}
		st = &steps[n];
		if (n && (a->what == SN_ACC_STE || a->what == SN_ACC_CD) && !pending &&
		    steps[n - 1].count && log->a[steps[n - 1].first].what == a->what &&
		    steps[n - 1].first + steps[n - 1].count == i &&
		    log->a[i - 1].pa + 8 == a->pa) {
			steps[n - 1].count++;
			continue;
		}
		*st = (struct step){ .first = i, .count = 1, .s2_first = pending_first,
				     .s2_count = pending,
				     .final_s2 = a->what == SN_ACC_S2_DESC };
		pending = 0;
		n++;
	}
	if (pending)
		steps[n++] = (struct step){ .s2_first = pending_first, .s2_count = pending,
					    .orphan_s2 = true };
	return n;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */

static void print_read(struct explain *x, const struct sn_access *a, const char *indent)
{
	char label[48];

	step_label(x, a, label, sizeof(label));
	fprintf(x->out, "%s%-22s PA 0x%012" PRIx64 " = 0x%016" PRIx64 "%s\n", indent, label,
		a->pa, a->value, a->aborted ? "  (external abort)" : "");
}

static void print_s2_group(struct explain *x, const struct sn_access_log *log,
			   const struct step *st, const char *indent)
{
	for (unsigned k = 0; k < st->s2_count; k++)
		print_read(x, &log->a[st->s2_first + k], indent);
}

static void text_step(struct explain *x, const struct sn_access_log *log, const struct step *st)
{
	const struct sn_access *a = &log->a[st->first];
	char label[48];

	if (st->orphan_s2) {
		fprintf(x->out, "  stage 2 of IPA 0x%" PRIx64 " (CLASS %s), where the walk stopped:\n",
			log->a[st->s2_first].ia, sn_class_name(log->a[st->s2_first].for_class));
		print_s2_group(x, log, st, "      ");
		return;
	}
	if (st->final_s2) {
		print_read(x, a, "  ");
		return;
	}
	if (st->s2_count) {
		step_label(x, a, label, sizeof(label));
		fprintf(x->out, "  %-22s at IPA 0x%" PRIx64 ", through stage 2:\n", label,
			log->a[st->s2_first].ia);
		print_s2_group(x, log, st, "      ");
		fprintf(x->out, "  %-22s ", "");
	} else {
		step_label(x, a, label, sizeof(label));
		fprintf(x->out, "  %-22s ", label);
	}
	fprintf(x->out, "PA 0x%012" PRIx64 " =", a->pa);
	for (unsigned k = 0; k < st->count; k++) {
		const struct sn_access *w = &log->a[st->first + k];

		if (k == 4)
			fprintf(x->out, "\n  %-22s %19s", "", "");
		fprintf(x->out, " 0x%016" PRIx64, w->value);
	}
	fprintf(x->out, "%s\n", log->a[st->first + st->count - 1].aborted ?
		"  (external abort)" : "");
}

static void print_txn(FILE *out, const struct sn_txn *t)
{
	static const char *const kinds[] = { "untranslated", "ats-request", "ats-translated" };

	fprintf(out, "sid %" PRIu32, t->sid);
	if (t->ssv)
		fprintf(out, ", ssid %" PRIu32, t->ssid);
	fprintf(out, ", addr 0x%" PRIx64 ", %s, %s, %s, %s", t->addr, t->write ? "write" : "read",
		t->priv ? "privileged" : "unprivileged", t->instr ? "instruction" : "data",
		kinds[t->kind]);
}

/* The event as its record holds it (what vectors assert), then the record. */
static void print_event(FILE *out, const struct sn_event *ev)
{
	struct sn_event e;
	u64 w[4];

	sn_event_encode(ev, w);
	sn_event_recorded(ev, &e);
	fprintf(out, "  event: %s (0x%02x)\n", sn_event_name(e.type), e.type);
	fprintf(out, "    sid %" PRIu32 ", ssv %s, ssid %" PRIu32 ", stall %s, stag %u\n", e.sid,
		e.ssv ? "true" : "false", e.ssid, e.stall ? "true" : "false", e.stag);
	fprintf(out, "    pnu %s, ind %s, rnw %s, s2 %s, class %s, ttrnw %s\n",
		e.pnu ? "true" : "false", e.ind ? "true" : "false", e.rnw ? "true" : "false",
		e.s2 ? "true" : "false", sn_class_name(e.class), e.ttrnw ? "true" : "false");
	fprintf(out, "    input-addr 0x%" PRIx64 ", ipa 0x%" PRIx64 ", fetch-addr 0x%" PRIx64 "\n",
		e.input_addr, e.ipa, e.fetch_addr);
	fprintf(out, "    record 0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64
		"\n", w[0], w[1], w[2], w[3]);
}

static void print_result(FILE *out, const struct sn_xlate *r)
{
	char s1[7], s2[7];

	if (r->disp == SN_XLATE_OK) {
		sn_perm_format(r->s1_perm, s1);
		sn_perm_format(r->s2_perm, s2);
		fprintf(out, "  result: ok\n");
		fprintf(out, "    pa 0x%" PRIx64 ", ipa 0x%" PRIx64 ", page size 0x%llx\n", r->pa,
			r->ipa, r->page_shift < 64 ? 1ULL << r->page_shift : 0ULL);
		fprintf(out, "    s1-perm %s (stage 1 %s), s2-perm %s (stage 2 %s)\n", s1,
			r->s1_enabled ? "translates" : "bypassed", s2,
			r->s2_enabled ? "translates" : "bypassed");
		fprintf(out, "    memattr 0x%02x, sh %u\n", r->memattr, r->sh);
		return;
	}
	fprintf(out, "  result: fault, %s\n", sn_disposition_name(r->disp));
	if (r->has_event)
		print_event(out, &r->event);
	else
		fprintf(out, "  event: none\n");
}

/* ------------------------------------------------------------------ */
/* Dot                                                                 */

static void dot_node(struct explain *x, unsigned id, const char *label, const char *extra)
{
	fprintf(x->out, "    n%u [label=\"%s\"%s];\n", id, label, extra);
}

static unsigned dot_read(struct explain *x, const struct sn_access_log *log, unsigned i,
			 unsigned count, const char *extra)
{
	const struct sn_access *a = &log->a[i];
	char label[48], text[160];
	unsigned id = x->graph_nodes++;

	step_label(x, a, label, sizeof(label));
	snprintf(text, sizeof(text), "%s\\nPA 0x%" PRIx64 "\\n0x%016" PRIx64 "%s%s", label, a->pa,
		 a->value, count > 1 ? " ..." : "", log->a[i + count - 1].aborted ?
		 "\\nexternal abort" : "");
	dot_node(x, id, text, extra);
	return id;
}

/* A chain of stage-2 reads; the id of the first and of the last. */
static void dot_s2_chain(struct explain *x, const struct sn_access_log *log,
			 const struct step *st, unsigned *first, unsigned *last)
{
	for (unsigned k = 0; k < st->s2_count; k++) {
		unsigned id = dot_read(x, log, st->s2_first + k, 1, ", style=dashed");

		if (k)
			fprintf(x->out, "    n%u -> n%u [style=dashed];\n", *last, id);
		else
			*first = id;
		*last = id;
	}
}

static void dot_txn(struct explain *x, const struct sn_access_log *log, const struct step *steps,
		    unsigned n_steps, const struct sn_xlate *r, const char *title, unsigned cluster)
{
	unsigned prev = 0, id, s2_first = 0, s2_last = 0;
	bool have_prev = false;
	char text[200];

	fprintf(x->out, "  subgraph cluster_%u {\n    label=\"%s\";\n", cluster, title);
	for (unsigned s = 0; s < n_steps; s++) {
		const struct step *st = &steps[s];

		if (st->orphan_s2) {
			dot_s2_chain(x, log, st, &s2_first, &s2_last);
			if (have_prev)
				fprintf(x->out, "    n%u -> n%u [style=dashed, label=\"IPA 0x%" PRIx64
					" via stage 2\"];\n", prev, s2_first, log->a[st->s2_first].ia);
			prev = s2_last;
			have_prev = true;
			continue;
		}
		id = dot_read(x, log, st->first, st->count, st->final_s2 ? ", style=bold" : "");
		if (have_prev)
			fprintf(x->out, "    n%u -> n%u;\n", prev, id);
		if (st->s2_count) {
			dot_s2_chain(x, log, st, &s2_first, &s2_last);
			fprintf(x->out, "    n%u -> n%u [style=dashed, label=\"IPA 0x%" PRIx64 "\"];\n",
				id, s2_first, log->a[st->s2_first].ia);
			fprintf(x->out, "    n%u -> n%u [style=dashed, label=\"PA\"];\n", s2_last, id);
		}
		prev = id;
		have_prev = true;
	}
	id = x->graph_nodes++;
	if (r->disp == SN_XLATE_OK)
		snprintf(text, sizeof(text), "ok\\nPA 0x%" PRIx64 "\\npage 0x%llx", r->pa,
			 r->page_shift < 64 ? 1ULL << r->page_shift : 0ULL);
	else
		snprintf(text, sizeof(text), "fault: %s\\n%s", sn_disposition_name(r->disp),
			 r->has_event ? sn_event_name(r->event.type) : "no event");
	dot_node(x, id, text, ", shape=ellipse");
	if (have_prev)
		fprintf(x->out, "    n%u -> n%u;\n", prev, id);
	fprintf(x->out, "  }\n");
}

/* ------------------------------------------------------------------ */
/* Running                                                             */

static void explain_txn(struct explain *x, const struct sn_vector *v, unsigned ti,
			const struct sn_xlate *r, const struct sn_access_log *log,
			unsigned cluster)
{
	const struct sn_scn_txn *t = &v->scn->txns[ti];
	struct step steps[MAX_STEPS + 1];
	unsigned n_steps;
	char why[320], title[160];
	bool match = sn_arch_outcome_matches(&t->expect, r, why, sizeof(why), NULL);

	x->n_mismatch += !match;
	memset(x->s1, 0, sizeof(x->s1));
	memset(&x->s2, 0, sizeof(x->s2));
	n_steps = fold_steps(log, steps);
	/* Geometry is learnt as the reads go: replay the log through learn() per step. */
	if (x->fmt == FMT_DOT) {
		snprintf(title, sizeof(title), "%s [txn %u]", v->id, ti);
		for (unsigned i = 0; i < log->n; i++)
			learn(x, log->a, i);
		dot_txn(x, log, steps, n_steps, r, title, cluster);
		return;
	}
	fprintf(x->out, "%s [txn %u] (%s:%u): ", v->id, ti, t->loc.file, t->loc.line);
	print_txn(x->out, &t->t);
	fprintf(x->out, "\n");
	for (unsigned s = 0; s < n_steps; s++) {
		const struct step *st = &steps[s];

		text_step(x, log, st);
		if (!st->orphan_s2)
			learn(x, log->a, st->first + st->count - 1);
	}
	if (log->overflow)
		fprintf(x->out, "  (more than %u reads; the rest are not logged)\n", SN_LOG_MAX);
	print_result(x->out, r);
	if (match)
		fprintf(x->out, "  expect: matches\n");
	else
		fprintf(x->out, "  expect: MISMATCH: %s\n", why);
}

/* Run @v's transactions up to the last one shown; explain the shown ones. */
static int explain_vector(struct explain *x, const struct sn_vector *v, int only, unsigned *cluster)
{
	struct sn_built *b = malloc(sizeof(*b));
	struct sn_error err;
	unsigned last = only >= 0 ? (unsigned)only : v->scn->n_txns - 1;

	if (!b)
		return fprintf(stderr, "smmu-nest explain: out of memory\n"), EXIT_USAGE;
	if (sn_scenario_build(v->scn, b, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		free(b);
		return EXIT_USAGE;
	}
	x->strtab_split = (u32)sn_field_get(STRTAB_BASE_CFG_SPLIT, b->smmu.strtab_base_cfg);
	for (unsigned i = 0; i <= last; i++) {
		struct sn_xlate r;

		memset(&r, 0, sizeof(r));
		smmu_translate(&b->smmu, &v->scn->txns[i].t, &r);
		if (only >= 0 && i != (unsigned)only)
			continue;
		if (x->fmt == FMT_TEXT && (*cluster)++)
			fprintf(x->out, "\n");
		explain_txn(x, v, i, &r, &b->smmu.log, x->fmt == FMT_DOT ? (*cluster)++ : 0);
	}
	sn_built_free(b);
	free(b);
	return 0;
}

static void explain_help(void)
{
	printf("Usage: smmu-nest explain [--txn=N] [--format=text|dot] FILE[:ID]\n"
	       "       smmu-nest explain [--step=N] [--policy=P] [--cache=MODE] TLBFILE[:ID]\n"
	       "       smmu-nest explain --invalidation-table\n\n"
	       "Run the transactions of an architecture vector (areas ste, cd, walk) and\n"
	       "show every read the SMMU made: what (L1STD, STE, L1CD, CD, stage-1 or\n"
	       "stage-2 descriptor), level and index, PA and value, with the stage-2 walk\n"
	       "of each IPA a CD or stage-1 table lives at grouped under it; then the\n"
	       "result (PA, page size, permissions) or the event (every field and the\n"
	       "record words), and whether it matches the vector's expectation.\n\n"
	       "Without ID every vector of FILE is explained.\n\n"
	       "For a cache vector (area tlb) the steps run in order on one SMMU with\n"
	       "caches, under policy P (default: the file's default-policy, or the\n"
	       "vector's first) and cache mode MODE (default max); step N is shown: for\n"
	       "a translation the served and the fresh outcome and the verdict, and for\n"
	       "a STALE or ACCEPTABLE one each culprit entry (its tags, the translation\n"
	       "and step that built it, the word of memory that changed and the step\n"
	       "that wrote it, the command that would have removed it); for the other\n"
	       "steps the commands they put on the host queue and whether they settle.\n"
	       "Without --step every step is shown.\n\n"
	       "Options:\n"
	       "  --txn=N          only transaction N (counted from 0; the ones before it\n"
	       "                   still run, in order, on the same SMMU)\n"
	       "  --format=dot     a Graphviz digraph: one cluster per transaction, nodes\n"
	       "                   for reads, solid edges to the next level, dashed edges\n"
	       "                   through the stage-2 walk of an IPA\n"
	       "  --step=N         tlb: only step N (counted from 0)\n"
	       "  --policy=P       tlb: seed-v2, v6.13, v6.15 or v7.0\n"
	       "  --cache=MODE     tlb: none, max or lru:N\n"
	       "  --invalidation-table\n"
	       "                   print what each invalidation command must remove\n"
	       "                   (kinds by Leaf, tag match, citation; arch.md §4.4)\n"
	       "  --help, --version\n\n"
	       "Exit status: 0 every shown transaction (or step) matches its expectation,\n"
	       "1 some does not, 2 bad input or usage.\n");
}

/* FILE or FILE:ID; an existing file named with a colon wins. */
static void split_target(const char *arg, char *file, size_t len, const char **id)
{
	const char *colon = strrchr(arg, ':');
	struct stat st;

	snprintf(file, len, "%s", arg);
	*id = NULL;
	if (!colon || stat(arg, &st) == 0)
		return;
	snprintf(file, len, "%.*s", (int)(colon - arg), arg);
	*id = colon + 1;
}

/* The vectors to show exist and have transaction @txn; 0 or a usage error. */
static int check_selection(const struct sn_vector_file *f, const char *path, const char *id,
			   long txn)
{
	unsigned shown = 0;

	if (!f->arch)
		return cli_usage_error("explain", "%s: area '%s' has no transactions to explain "
				       "(ste, cd, walk or tlb)", path, f->area);
	for (unsigned i = 0; i < f->n_vectors; i++) {
		const struct sn_vector *v = &f->vectors[i];

		if (id && strcmp(v->id, id) != 0)
			continue;
		shown++;
		if (txn >= (long)v->scn->n_txns)
			return cli_usage_error("explain", "vector '%s' has %u transaction%s; --txn=%ld "
					       "is out of range", v->id, v->scn->n_txns,
					       v->scn->n_txns == 1 ? "" : "s", txn);
	}
	if (id && !shown)
		return cli_usage_error("explain", "%s has no vector '%s'", path, id);
	if (!shown)
		return cli_usage_error("explain", "%s has no vectors", path);
	return 0;
}

/* What --step, --policy and --cache ask of a tlb file. */
struct tlb_opts {
	long step;                      /* -1: every step */
	const struct host_policy *policy;       /* NULL: the default */
	bool has_mode;
	struct tlb_policy mode;
};

/* The policy to explain @v under: the one asked for, the file's default, or its first. */
static int tlb_policy_for(const struct sn_vector_file *f, const struct sn_vector *v,
			  const struct tlb_opts *o, const struct host_policy **p)
{
	for (unsigned pi = 0; pi < host_policy_count; pi++) {
		if (!(v->policy_mask & (1u << pi)))
			continue;
		if (o->policy ? host_policies[pi] == o->policy :
				host_policies[pi] == f->default_policy) {
			*p = host_policies[pi];
			return 0;
		}
	}
	if (o->policy)
		return cli_usage_error("explain", "vector '%s' does not run under policy '%s'",
				       v->id, o->policy->name);
	for (unsigned pi = 0; pi < host_policy_count; pi++) {
		if (v->policy_mask & (1u << pi)) {
			*p = host_policies[pi];
			return 0;
		}
	}
	return cli_usage_error("explain", "vector '%s' runs under no policy", v->id);
}

static int explain_tlb(struct explain *x, const struct sn_vector_file *f, const char *id,
		       const struct tlb_opts *o)
{
	struct tlb_policy mode = { TLB_POLICY_MAX, 0 };
	unsigned shown = 0, blocks = 0;

	if (o->has_mode)
		mode = o->mode;
	if (x->fmt == FMT_DOT)
		return cli_usage_error("explain", "%s: --format=dot draws walks of architecture "
				       "vectors (ste, cd or walk), not tlb steps", f->path);
	for (unsigned i = 0; i < f->n_vectors; i++) {
		const struct sn_vector *v = &f->vectors[i];
		const struct sn_tlbscn *t = sn_tlbscn_of(v);
		const struct host_policy *p = NULL;
		struct sn_error err;

		if (id && strcmp(v->id, id) != 0)
			continue;
		shown++;
		if (o->step >= (long)t->n_steps)
			return cli_usage_error("explain", "vector '%s' has %u step%s; --step=%ld is "
					       "out of range", v->id, t->n_steps,
					       t->n_steps == 1 ? "" : "s", o->step);
		if (tlb_policy_for(f, v, o, &p) != 0)
			return EXIT_USAGE;
		for (unsigned s = 0; s < t->n_steps; s++) {
			int rc;

			if (o->step >= 0 && s != (unsigned)o->step)
				continue;
			if (blocks++)
				fprintf(x->out, "\n");
			rc = sn_tlb_explain(x->out, v->id, t, s, p, &mode, &err);
			if (rc < 0) {
				fprintf(stderr, "%s\n", err.msg);
				return EXIT_USAGE;
			}
			x->n_mismatch += (unsigned)rc;
		}
	}
	if (id && !shown)
		return cli_usage_error("explain", "%s has no vector '%s'", f->path, id);
	if (!shown)
		return cli_usage_error("explain", "%s has no vectors", f->path);
	return 0;
}

static int explain_file(struct explain *x, const char *path, const char *id, long txn,
			const struct tlb_opts *o)
{
	struct sn_vector_file f;
	struct sn_error err;
	unsigned cluster = 0;
	int rc;

	if (sn_vector_file_load(path, &f, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	if (strcmp(f.area, "tlb") == 0) {
		rc = txn >= 0 ? cli_usage_error("explain", "%s: a tlb vector has steps, not "
						"transactions: use --step=N", path) :
				explain_tlb(x, &f, id, o);
		sn_vector_file_free(&f);
		return rc;
	}
	if (o->step >= 0 || o->policy || o->has_mode) {
		sn_vector_file_free(&f);
		return cli_usage_error("explain", "%s: --step, --policy and --cache are for tlb "
				       "vectors", path);
	}
	rc = check_selection(&f, path, id, txn);
	if (rc == 0 && x->fmt == FMT_DOT)
		fprintf(x->out, "digraph smmu_walk {\n  node [shape=box, fontname=\"monospace\"];\n");
	for (unsigned i = 0; i < f.n_vectors && rc == 0; i++)
		if (!id || strcmp(f.vectors[i].id, id) == 0)
			rc = explain_vector(x, &f.vectors[i], (int)txn, &cluster);
	if (rc == 0 && x->fmt == FMT_DOT)
		fprintf(x->out, "}\n");
	sn_vector_file_free(&f);
	return rc;
}

int cmd_explain(int argc, char **argv)
{
	struct explain x = { .out = stdout, .fmt = FMT_TEXT };
	struct tlb_opts o = { .step = -1 };
	const char *target = NULL, *v, *id;
	bool table = false;
	char file[4096];
	long txn = -1;
	u64 n;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			explain_help();
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("smmu-nest explain %s\n", SMMU_NEST_VERSION);
			return 0;
		} else if ((v = cli_opt_value(a, "txn"))) {
			if (!cli_parse_u64(v, &n) || n > 0x7fffffff)
				return cli_usage_error("explain", "--txn needs a transaction number, "
						       "not '%s'", v);
			txn = (long)n;
		} else if ((v = cli_opt_value(a, "step"))) {
			if (!cli_parse_u64(v, &n) || n > 0x7fffffff)
				return cli_usage_error("explain", "--step needs a step number, not '%s'",
						       v);
			o.step = (long)n;
		} else if ((v = cli_opt_value(a, "policy"))) {
			o.policy = host_policy_find(v);
			if (!o.policy)
				return cli_usage_error("explain", "unknown policy '%s' (seed-v2, v6.13, "
						       "v6.15, v7.0)", v);
		} else if ((v = cli_opt_value(a, "cache"))) {
			if (!tlb_policy_parse(v, &o.mode))
				return cli_usage_error("explain", "unknown cache mode '%s' (none, max "
						       "or lru:N with N >= 1)", v);
			o.has_mode = true;
		} else if (strcmp(a, "--invalidation-table") == 0) {
			table = true;
		} else if ((v = cli_opt_value(a, "format"))) {
			if (strcmp(v, "text") == 0)
				x.fmt = FMT_TEXT;
			else if (strcmp(v, "dot") == 0)
				x.fmt = FMT_DOT;
			else
				return cli_usage_error("explain", "unknown format '%s' (text or dot)", v);
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("explain", "unknown option '%s'", a);
		} else if (target) {
			return cli_usage_error("explain", "one FILE[:ID] at a time");
		} else {
			target = a;
		}
	}
	if (table) {
		sn_tlb_print_inval_table(stdout);
		if (!target)
			return 0;
		printf("\n");
	}
	if (!target)
		return cli_usage_error("explain", "no vector file given");
	split_target(target, file, sizeof(file), &id);
	rc = explain_file(&x, file, id, txn, &o);
	if (rc)
		return rc;
	return x.n_mismatch ? 1 : 0;
}
