// SPDX-License-Identifier: MIT
/*
 * smmu-nest lint: every vector file and rules catalogue under some paths,
 * loaded and then checked against each other (vectors/SCHEMA.md, end).
 *
 * Problems are printed in a fixed order, so two runs over the same tree
 * print the same lines: first each file's load error, in sorted file
 * order; then duplicate vector ids, duplicate rule ids, unknown rules and
 * uncovered rules, each in file order.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>
#include <smmu-nest/vectors.h>

struct lint {
	FILE *out;
	unsigned problems;
	unsigned n_files;
	struct sn_vector_file *vfiles;
	unsigned n_vfiles;
	struct sn_rule_file *rfiles;
	unsigned n_rfiles;
	bool vector_file_failed, rule_file_failed;
};

/* An id with where it was defined, in file order (@seq). */
struct id_ref {
	const char *id;
	const struct sn_loc *loc;
	const struct sn_rule *rule;   /* for rule ids */
	unsigned seq;
	struct id_ref *first;         /* the earlier definition, if this one repeats it */
	bool covered;                 /* for rule ids: some vector checks the rule */
};

struct id_index {
	struct id_ref *by_id;         /* sorted by id, then seq */
	struct id_ref **by_seq;       /* the same entries in file order */
	unsigned n;
};

__attribute__((format(printf, 3, 4)))
static void problem(struct lint *l, const struct sn_loc *at, const char *fmt, ...)
{
	va_list ap;

	fprintf(l->out, "%s:%u:%u: ", at->file, at->line, at->col);
	va_start(ap, fmt);
	vfprintf(l->out, fmt, ap);
	va_end(ap);
	fputc('\n', l->out);
	l->problems++;
}

static void load_all(struct lint *l, char **files, unsigned n)
{
	struct sn_error err;

	for (unsigned i = 0; i < n; i++) {
		int rc;

		if (sn_is_rules_path(files[i])) {
			rc = sn_rule_file_load(files[i], &l->rfiles[l->n_rfiles], &err);
			l->n_rfiles += rc == 0;
			l->rule_file_failed |= rc != 0;
		} else {
			rc = sn_vector_file_load(files[i], &l->vfiles[l->n_vfiles], &err);
			l->n_vfiles += rc == 0;
			l->vector_file_failed |= rc != 0;
		}
		if (rc != 0) {
			fprintf(l->out, "%s\n", err.msg);
			l->problems++;
		}
	}
}

static int cmp_id_ref(const void *pa, const void *pb)
{
	const struct id_ref *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sort @ix->by_id, link every repeat to its first definition, and fill by_seq. */
static int index_finish(struct id_index *ix)
{
	ix->by_seq = calloc(ix->n ? ix->n : 1, sizeof(*ix->by_seq));
	if (!ix->by_seq)
		return -1;
	if (ix->n)
		qsort(ix->by_id, ix->n, sizeof(*ix->by_id), cmp_id_ref);
	for (unsigned i = 0, run = 0; i < ix->n; i++) {
		if (strcmp(ix->by_id[i].id, ix->by_id[run].id) != 0)
			run = i;
		if (i != run)
			ix->by_id[i].first = &ix->by_id[run];
		ix->by_seq[ix->by_id[i].seq] = &ix->by_id[i];
	}
	return 0;
}

static int index_vectors(const struct lint *l, struct id_index *ix)
{
	unsigned n = 0;

	for (unsigned f = 0; f < l->n_vfiles; f++)
		n += l->vfiles[f].n_vectors;
	ix->by_id = calloc(n ? n : 1, sizeof(*ix->by_id));
	if (!ix->by_id)
		return -1;
	for (unsigned f = 0; f < l->n_vfiles; f++) {
		for (unsigned i = 0; i < l->vfiles[f].n_vectors; i++) {
			const struct sn_vector *v = &l->vfiles[f].vectors[i];

			ix->by_id[ix->n] = (struct id_ref){ .id = v->id, .loc = &v->loc, .seq = ix->n };
			ix->n++;
		}
	}
	return index_finish(ix);
}

static int index_rules(const struct lint *l, struct id_index *ix)
{
	unsigned n = 0;

	for (unsigned f = 0; f < l->n_rfiles; f++)
		n += l->rfiles[f].n_rules;
	ix->by_id = calloc(n ? n : 1, sizeof(*ix->by_id));
	if (!ix->by_id)
		return -1;
	for (unsigned f = 0; f < l->n_rfiles; f++) {
		for (unsigned i = 0; i < l->rfiles[f].n_rules; i++) {
			const struct sn_rule *r = &l->rfiles[f].rules[i];

			ix->by_id[ix->n] = (struct id_ref){ .id = r->id, .loc = &r->loc, .rule = r,
							    .seq = ix->n };
			ix->n++;
		}
	}
	return index_finish(ix);
}

static void index_free(struct id_index *ix)
{
	free(ix->by_id);
	free(ix->by_seq);
}

/* Each repeated id, at the repeat, naming where the id was first defined. */
static void report_repeats(struct lint *l, const struct id_index *ix, const char *what)
{
	for (unsigned i = 0; i < ix->n; i++) {
		const struct id_ref *r = ix->by_seq[i];

		if (r->first)
			problem(l, r->loc, "duplicate %s id '%s' (first at %s:%u:%u)", what, r->id,
				r->first->loc->file, r->first->loc->line, r->first->loc->col);
	}
}

static int cmp_id_only(const void *key, const void *elem)
{
	return strcmp(key, ((const struct id_ref *)elem)->id);
}

/* The first definition of rule @id, or NULL. */
static struct id_ref *find_rule(struct id_index *rules, const char *id)
{
	struct id_ref *hit;

	if (!rules->n)
		return NULL;
	hit = bsearch(id, rules->by_id, rules->n, sizeof(*rules->by_id), cmp_id_only);
	return hit && hit->first ? hit->first : hit;
}

/* Every rule a vector names must exist; mark the ones that do as covered. */
static void check_rule_refs(struct lint *l, struct id_index *rules)
{
	for (unsigned f = 0; f < l->n_vfiles; f++) {
		for (unsigned i = 0; i < l->vfiles[f].n_vectors; i++) {
			const struct sn_vector *v = &l->vfiles[f].vectors[i];

			for (unsigned r = 0; r < v->n_rules; r++) {
				struct id_ref *hit = find_rule(rules, v->rules[r]);

				if (hit)
					hit->covered = true;
				else
					problem(l, &v->rule_locs[r],
						"vector '%s' checks unknown rule '%s'", v->id,
						v->rules[r]);
			}
		}
	}
}

static void check_coverage(struct lint *l, const struct id_index *rules)
{
	for (unsigned i = 0; i < rules->n; i++) {
		const struct id_ref *r = rules->by_seq[i];

		/* A repeated id is already reported; its first definition speaks for it. */
		if (r->first || r->covered || r->rule->waiver)
			continue;
		problem(l, r->loc, "rule '%s' is checked by no vector and has no waiver", r->id);
	}
}

/*
 * The cross-file checks.  A file that failed to load hides its ids, so the
 * checks that would then cry wolf are skipped: unknown rules when a rules
 * file failed (or none was given), coverage when a vector file failed (or
 * none was given).  The load failure is itself a problem, so nothing clean
 * slips through.
 */
static int cross_check(struct lint *l)
{
	struct id_index vectors = { 0 }, rules = { 0 };
	const bool refs = l->n_rfiles > 0 && !l->rule_file_failed;
	const bool coverage = refs && l->n_vfiles > 0 && !l->vector_file_failed;
	int rc = -1;

	if (index_vectors(l, &vectors) != 0 || index_rules(l, &rules) != 0)
		goto out;
	report_repeats(l, &vectors, "vector");
	report_repeats(l, &rules, "rule");
	if (refs)
		check_rule_refs(l, &rules);
	if (coverage)
		check_coverage(l, &rules);
	if (!refs && l->n_vfiles && !l->rule_file_failed)
		fprintf(l->out, "lint: note: no rules file given, so rule ids are not checked\n");
	if (refs && !l->n_vfiles && !l->vector_file_failed)
		fprintf(l->out, "lint: note: no vector file given, so rule coverage is not checked\n");
	rc = 0;
out:
	index_free(&vectors);
	index_free(&rules);
	return rc;
}

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

static void summary(const struct lint *l)
{
	unsigned vectors = 0, rules = 0;

	for (unsigned f = 0; f < l->n_vfiles; f++)
		vectors += l->vfiles[f].n_vectors;
	for (unsigned f = 0; f < l->n_rfiles; f++)
		rules += l->rfiles[f].n_rules;
	fprintf(l->out, "lint: %u file%s, %u vector%s, %u rule%s: ", l->n_files,
		plural(l->n_files), vectors, plural(vectors), rules, plural(rules));
	if (l->problems == 0)
		fprintf(l->out, "ok\n");
	else
		fprintf(l->out, "%u problem%s\n", l->problems, plural(l->problems));
}

int sn_lint(const char *const *paths, unsigned n_paths, FILE *out)
{
	struct lint l = { .out = out };
	struct sn_error err;
	char **files;

	if (sn_collect_yaml(paths, n_paths, &files, &l.n_files, &err) != 0) {
		fprintf(out, "%s\n", err.msg);
		l.problems++;
		summary(&l);
		return 2;
	}
	if (l.n_files == 0) {
		fprintf(out, "lint: no YAML files under the given paths\n");
		l.problems++;
	}
	l.vfiles = calloc(l.n_files ? l.n_files : 1, sizeof(*l.vfiles));
	l.rfiles = calloc(l.n_files ? l.n_files : 1, sizeof(*l.rfiles));
	if (!l.vfiles || !l.rfiles) {
		fprintf(out, "lint: out of memory\n");
		l.problems++;
	} else {
		load_all(&l, files, l.n_files);
		if (cross_check(&l) != 0) {
			fprintf(out, "lint: out of memory\n");
			l.problems++;
		}
	}
	summary(&l);
	for (unsigned i = 0; i < l.n_vfiles; i++)
		sn_vector_file_free(&l.vfiles[i]);
	for (unsigned i = 0; i < l.n_rfiles; i++)
		sn_rule_file_free(&l.rfiles[i]);
	free(l.vfiles);
	free(l.rfiles);
	sn_free_paths(files, l.n_files);
	return l.problems ? 2 : 0;
}

/* ------------------------------------------------------------------ */
/* Which event fields the architecture vectors assert                  */

struct evf_count {
	unsigned events;                /* fault outcomes that expect an event */
	unsigned fields[SN_EVF_COUNT];
};

static void count_outcome(const struct sn_arch_outcome *o, struct evf_count *n)
{
	for (unsigned i = 0; i < o->n_any_of; i++)
		count_outcome(&o->any_of[i], n);
	if (o->kind != SN_ARCH_FAULT || !o->has_event)
		return;
	n->events++;
	for (unsigned f = 0; f < SN_EVF_COUNT; f++)
		n->fields[f] += (o->event_fields >> f) & 1;
}

static void report_event_fields(const struct sn_vector_file *f, FILE *out)
{
	struct evf_count n = { 0 };
	const char *sep = "";

	for (unsigned i = 0; i < f->n_vectors; i++)
		for (unsigned t = 0; t < f->vectors[i].scn->n_txns; t++)
			count_outcome(&f->vectors[i].scn->txns[t].expect, &n);
	/* tlb: each translation's expect and served, the during ones included. */
	for (unsigned i = 0; f->arch == false && i < f->n_vectors; i++) {
		const struct sn_tlbscn *t = sn_tlbscn_of(&f->vectors[i]);

		for (unsigned s = 0; s < t->n_steps; s++) {
			const struct sn_tlb_step *st = &t->steps[s];

			if (st->kind == SN_TLB_TRANSLATE) {
				count_outcome(&st->x.expect, &n);
				if (st->x.has_served)
					count_outcome(&st->x.served, &n);
			}
			for (unsigned d = 0; d < st->n_during; d++) {
				count_outcome(&st->during[d].x.expect, &n);
				if (st->during[d].x.has_served)
					count_outcome(&st->during[d].x.served, &n);
			}
		}
	}
	if (!n.events) {
		fprintf(out, "%s: no events expected\n", f->path);
		return;
	}
	fprintf(out, "%s: %u event%s expected; asserted:", f->path, n.events, plural(n.events));
	sep = " ";
	for (unsigned k = 0; k < SN_EVF_COUNT; k++) {
		if (n.fields[k]) {
			fprintf(out, "%s%s %u", sep, sn_evf_names[k], n.fields[k]);
			sep = ", ";
		}
	}
	fprintf(out, "; never:");
	sep = " ";
	for (unsigned k = 0; k < SN_EVF_COUNT; k++) {
		if (!n.fields[k]) {
			fprintf(out, "%s%s", sep, sn_evf_names[k]);
			sep = ", ";
		}
	}
	fprintf(out, "%s\n", strcmp(sep, " ") == 0 ? " none" : "");
}

int sn_lint_event_fields(const char *const *paths, unsigned n_paths, FILE *out)
{
	struct sn_error err;
	char **files;
	unsigned n;
	int rc = 0;

	if (sn_collect_yaml(paths, n_paths, &files, &n, &err) != 0) {
		fprintf(out, "%s\n", err.msg);
		return 2;
	}
	for (unsigned i = 0; i < n; i++) {
		struct sn_vector_file f;

		if (sn_is_rules_path(files[i]))
			continue;
		if (sn_vector_file_load(files[i], &f, &err) != 0) {
			rc = 2;         /* already reported by sn_lint() */
			continue;
		}
		if (f.arch || strcmp(f.area, "tlb") == 0)
			report_event_fields(&f, out);
		sn_vector_file_free(&f);
	}
	sn_free_paths(files, n);
	return rc;
}
