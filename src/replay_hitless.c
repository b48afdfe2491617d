// SPDX-License-Identifier: MIT
/*
 * Replay of the entry-writer area (hitless; vectors/SCHEMA.md "Area
 * hitless"): one transition of a live STE or CD under one host policy.
 *
 * The policy's writer (writer_run()) gives the steps, the number of syncs,
 * the path and the KUnit harness's hitless verdict; the torn-state checker
 * (torn_check()) then judges every mix of old and new qwords the SMMU
 * could fetch at each step.  The vector passes under the policy when the
 * syncs, the hitless flag, the path (when the vector gives one) and the
 * torn verdict (default safe) all match its expectation for that policy.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smmu-nest/hitlessvec.h>

static void fail(struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS], unsigned *n,
		 const char *field, const char *expected, const char *got)
{
	struct sn_hitless_fail *f = &fails[*n];

	f->field = field;
	snprintf(f->expected, sizeof(f->expected), "%s", expected);
	snprintf(f->got, sizeof(f->got), "%s", got);
	(*n)++;
}

/* "q0,q2": the qwords of @mask. */
static void qwords(u8 mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned q = 0; q < WRITER_QWORDS && used < len; q++)
		if (mask >> q & 1)
			used += (size_t)snprintf(buf + used, len - used, "%sq%u", used ? "," : "", q);
	if (!used)
		snprintf(buf, len, "none");
}

/* What the checker found, for a torn mismatch: the count and the first unsafe mix. */
static void torn_text(const struct torn_report *t, char *buf, size_t len)
{
	const struct torn_mix *m = &t->unsafe[0];
	char q[40];

	if (t->safe) {
		snprintf(buf, len, "safe (%u mixes examined)", t->mixes);
		return;
	}
	if (!t->n_unsafe) {
		snprintf(buf, len, "unsafe (%u of %u mixes)", t->unsafe_total, t->mixes);
		return;
	}
	qwords(m->new_mask, q, sizeof(q));
	snprintf(buf, len, "unsafe (%u of %u mixes; first at step %u with new %s: %s: %s)",
		 t->unsafe_total, t->mixes, m->step, q, torn_class_name(m->cls), m->why);
}

unsigned sn_hitless_run(const struct sn_hitless *h, const struct host_policy *p,
			const struct sn_hitless_outcome *exp, struct sn_hitless_run *run,
			struct sn_hitless_fail fails[SN_HITLESS_MAX_FAILS])
{
	struct sn_hitless_run local;
	struct sn_hitless_run *r = run ? run : &local;
	char e[32], g[224];
	unsigned n = 0;

	writer_run(p, h->kind, h->from, h->to, &r->w);
	torn_check(p, h->kind, h->from, &r->w, &r->torn);
	if (r->w.syncs != exp->syncs) {
		snprintf(e, sizeof(e), "%u", exp->syncs);
		snprintf(g, sizeof(g), "%u", r->w.syncs);
		fail(fails, &n, "syncs", e, g);
	}
	if (r->w.hitless != exp->hitless)
		fail(fails, &n, "hitless", exp->hitless ? "true" : "false",
		     r->w.hitless ? "true" : "false");
	if (exp->has_path && r->w.path != exp->path) {
		const char *name = sn_hitless_path_name(r->w.path);

		fail(fails, &n, "path", sn_hitless_path_name(exp->path), name ? name : "?");
	}
	if (r->torn.safe == exp->torn_unsafe) {
		torn_text(&r->torn, g, sizeof(g));
		fail(fails, &n, "torn", exp->torn_unsafe ? "unsafe" : "safe", g);
	}
	return n;
}
