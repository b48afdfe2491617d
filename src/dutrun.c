// SPDX-License-Identifier: MIT
/*
 * Golden vectors against a device under test (dutrun.h, dut.h).  The model
 * builds each scenario; its memory image, ID registers and stream table go
 * to the DUT, and the DUT's answers are compared with the vector's
 * expectations by the same comparison the model's own replay uses, after
 * dropping the fields the DUT does not report.
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/dutrun.h>
#include <smmu-nest/invariants.h>
#include <smmu-nest/replay.h>
#include <smmu-nest/scenario.h>
#include <smmu-nest/tlbscn.h>

/* The interface's constants are the model's (a table could map them; none needs to). */
_Static_assert(SN_DUT_PERM_R_PRIV == SN_PERM_R_PRIV && SN_DUT_PERM_X_UNPRIV == SN_PERM_X_UNPRIV,
	       "dut.h permission bits follow smmu.h");
_Static_assert(SN_DUT_ATS_R == SN_ATS_R && SN_DUT_ATS_W == SN_ATS_W && SN_DUT_ATS_X == SN_ATS_X,
	       "dut.h ATS grant bits follow smmu.h");

struct sn_dut {
	void *handle;                   /* dlopen(), or NULL when attached */
	const struct sn_dut_ops *ops;
	void *inst;
};

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static bool table_ok(const struct sn_dut_ops *o, struct sn_error *err)
{
	const char *missing = NULL;

	if (o->abi_version != SN_DUT_ABI_VERSION) {
		snprintf(err->msg, sizeof(err->msg), "the adapter's table is ABI version %" PRIu32
			 ", this replay speaks %u", o->abi_version, SN_DUT_ABI_VERSION);
		return false;
	}
	if (!o->name || !o->open || !o->close)
		missing = "name, open or close";
	else if ((o->caps & SN_DUT_CAP_SMMU) &&
		 (!o->reset || !o->write64 || !o->set_strtab || !o->command || !o->translate))
		missing = "an SMMU operation (reset, write64, set_strtab, command, translate)";
	else if ((o->caps & SN_DUT_CAP_ABORTS) && (!(o->caps & SN_DUT_CAP_SMMU) || !o->add_abort))
		missing = "add_abort (or the SMMU it belongs to)";
	else if ((o->caps & SN_DUT_CAP_VSTE) && !o->validate_vste)
		missing = "validate_vste";
	else if ((o->caps & SN_DUT_CAP_S2_CHANGE) && !o->s2_change)
		missing = "s2_change";
	else if (!(o->caps & (SN_DUT_CAP_SMMU | SN_DUT_CAP_VSTE | SN_DUT_CAP_S2_CHANGE)))
		missing = "every capability: caps names none";
	if (missing) {
		snprintf(err->msg, sizeof(err->msg), "the adapter's table lacks %s", missing);
		return false;
	}
	return true;
}

int sn_dut_attach(const struct sn_dut_ops *ops, const char *arg, struct sn_dut **out,
		  struct sn_error *err)
{
	char msg[SN_DUT_MSG] = "";
	struct sn_dut *d;

	*out = NULL;
	if (!ops) {
		snprintf(err->msg, sizeof(err->msg), "the adapter returned no table for ABI version %u",
			 SN_DUT_ABI_VERSION);
		return -1;
	}
	if (!table_ok(ops, err))
		return -1;
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	d->ops = ops;
	d->inst = ops->open(arg ? arg : "", msg);
	if (!d->inst) {
		msg[SN_DUT_MSG - 1] = '\0';
		snprintf(err->msg, sizeof(err->msg), "%s: open failed: %s", ops->name,
			 msg[0] ? msg : "no reason given");
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

int sn_dut_load(const char *path, const char *arg, struct sn_dut **out, struct sn_error *err)
{
	void *h;
	union { void *obj; sn_dut_entry_fn fn; } entry;

	*out = NULL;
	/* A bare name would search the library path: say where, as dlopen needs a slash. */
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot load: %s", path, dlerror());
		return -1;
	}
	entry.obj = dlsym(h, SN_DUT_ENTRY);
	if (!entry.obj) {
		snprintf(err->msg, sizeof(err->msg), "%s: no function %s()", path, SN_DUT_ENTRY);
		dlclose(h);
		return -1;
	}
	if (sn_dut_attach(entry.fn(SN_DUT_ABI_VERSION), arg, out, err) != 0) {
		char why[300];

		memcpy(why, err->msg, sizeof(why) - 1);
		why[sizeof(why) - 1] = '\0';
		snprintf(err->msg, sizeof(err->msg), "%.200s: %s", path, why);
		dlclose(h);
		return -1;
	}
	(*out)->handle = h;
	return 0;
}

void sn_dut_free(struct sn_dut *d)
{
	if (!d)
		return;
	d->ops->close(d->inst);
	if (d->handle)
		dlclose(d->handle);
	free(d);
}

const char *sn_dut_name(const struct sn_dut *d)
{
	return d->ops->name;
}

uint32_t sn_dut_caps(const struct sn_dut *d)
{
	return d->ops->caps;
}

/* ------------------------------------------------------------------ */
/* Verdicts                                                            */

__attribute__((format(printf, 4, 5)))
static void fail(struct sn_dut_verdict *v, unsigned line, const char *what, const char *fmt, ...)
{
	va_list ap;

	v->status = SN_CASE_FAIL;
	v->n_failed++;
	if (v->n_diags == SN_DUT_MAX_DIAGS)
		return;
	struct sn_dut_diag *dg = &v->diags[v->n_diags++];

	dg->line = line;
	snprintf(dg->what, sizeof(dg->what), "%s", what ? what : "");
	va_start(ap, fmt);
	vsnprintf(dg->msg, sizeof(dg->msg), fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 3)))
static void skip(struct sn_dut_verdict *v, const char *fmt, ...)
{
	va_list ap;

	if (v->status == SN_CASE_SKIP)
		return;
	v->status = SN_CASE_SKIP;
	va_start(ap, fmt);
	vsnprintf(v->skip, sizeof(v->skip), fmt, ap);
	va_end(ap);
}

/* A DUT status other than OK: a skip (UNSUPPORTED) or a failure; false for either. */
static bool dut_status(struct sn_dut_verdict *v, int rc, char msg[SN_DUT_MSG], const char *op,
		       unsigned line, const char *what)
{
	msg[SN_DUT_MSG - 1] = '\0';
	if (rc == SN_DUT_OK)
		return true;
	if (rc == SN_DUT_UNSUPPORTED)
		skip(v, "the DUT does not support %s%s%s", op, msg[0] ? ": " : "", msg);
	else
		fail(v, line, what, "%s failed%s%s", op, msg[0] ? ": " : "", msg);
	return false;
}

/* ------------------------------------------------------------------ */
/* The SMMU: building the DUT's state, and its answers                 */

/* The scenario's image, registers and stream table into the DUT. */
struct mirror {
	struct sn_dut *d;
	struct sn_dut_verdict *v;
	unsigned line;
	char msg[SN_DUT_MSG];
};

static int mirror_word(void *ctx, u64 pa, u64 value)
{
	struct mirror *m = ctx;

	m->msg[0] = '\0';
	return dut_status(m->v, m->d->ops->write64(m->d->inst, pa, value, m->msg), m->msg,
			  "write64", m->line, "") ? 0 : 1;
}

static bool smmu_begin(struct sn_dut *d, const struct sn_built *b, unsigned line,
		       struct sn_dut_verdict *v)
{
	const struct sn_dut_ops *o = d->ops;
	struct sn_dut_config cfg = { .max_pages = sn_mem_max_pages(b->mem) };
	struct mirror m = { .d = d, .v = v, .line = line };
	u64 pa, size;

	if (sn_mem_abort_range(b->mem, 0, &pa, &size) && !(o->caps & SN_DUT_CAP_ABORTS)) {
		skip(v, "the vector has memory that answers with external aborts, and the DUT "
		     "has no add_abort");
		return false;
	}
	smmu_idr_encode(&b->smmu.idr, cfg.idr);
	cfg.cr0 = 1u | (b->smmu.cr0_atschk ? 1u << 4 : 0);
	cfg.cr2 = (b->smmu.cr2_e2h ? 1u : 0) | (b->smmu.cr2_recinvsid ? 1u << 1 : 0);
	if (!dut_status(v, o->reset(d->inst, &cfg, m.msg), m.msg, "reset", line, ""))
		return false;
	if (sn_mem_foreach_word(b->mem, mirror_word, &m) != 0)
		return false;
	for (unsigned i = 0; sn_mem_abort_range(b->mem, i, &pa, &size); i++)
		if (!dut_status(v, o->add_abort(d->inst, pa, size, m.msg), m.msg, "add_abort",
				line, ""))
			return false;
	return dut_status(v, o->set_strtab(d->inst, b->smmu.strtab_base, b->smmu.strtab_base_cfg,
					   m.msg), m.msg, "set_strtab", line, "");
}

static bool to_disposition(u32 disp, enum sn_disposition *out)
{
	static const enum sn_disposition map[] = {
		[SN_DUT_XLATE_OK] = SN_XLATE_OK, [SN_DUT_XLATE_ABORT] = SN_XLATE_ABORT,
		[SN_DUT_XLATE_STALL] = SN_XLATE_STALL, [SN_DUT_XLATE_RAZWI] = SN_XLATE_RAZWI,
		[SN_DUT_XLATE_ATS_UR] = SN_XLATE_ATS_UR, [SN_DUT_XLATE_ATS_CA] = SN_XLATE_ATS_CA,
	};

	if (disp >= sizeof(map) / sizeof(map[0]))
		return false;
	*out = map[disp];
	return true;
}

/*
 * One transaction through the DUT, as a struct sn_xlate.  False (with the
 * verdict updated) when the DUT fails, refuses or answers nonsense.
 */
static bool dut_translate(struct sn_dut *d, const struct sn_txn *t, bool device_atc,
			  struct sn_dut_verdict *v, unsigned line, const char *what,
			  struct sn_xlate *x, u32 *valid)
{
	const struct sn_dut_txn dt = {
		.sid = t->sid, .ssv = t->ssv, .ssid = t->ssid, .addr = t->addr, .write = t->write,
		.priv = t->priv, .instr = t->instr, .kind = (u32)t->kind, .device_atc = device_atc,
	};
	struct sn_dut_result r;
	char msg[SN_DUT_MSG] = "";

	memset(&r, 0, sizeof(r));
	if (!dut_status(v, d->ops->translate(d->inst, &dt, &r, msg), msg, "translate", line, what))
		return false;
	memset(x, 0, sizeof(*x));
	if (!to_disposition(r.disp, &x->disp)) {
		fail(v, line, what, "disposition: the DUT answered %" PRIu32 ", which dut.h does "
		     "not define", r.disp);
		return false;
	}
	x->pa = r.pa;
	x->ipa = r.ipa;
	x->page_shift = r.page_shift;
	x->s1_perm = (u8)r.s1_perm;
	x->s2_perm = (u8)r.s2_perm;
	x->ats_grant = (u8)r.ats_grant;
	x->has_event = r.has_event;
	if (r.has_event)
		sn_event_decode(r.event, &x->event);
	*valid = r.valid;
	return true;
}

/*
 * @exp without the optional fields the DUT did not report (SN_DUT_R_*),
 * alternatives included; free with outcome_unmask().  The event fields
 * are always compared: the record is the DUT's whole answer to a fault.
 */
static bool outcome_mask(const struct sn_arch_outcome *exp, u32 valid, struct sn_arch_outcome *out)
{
	static const struct { u32 dut; unsigned okf; } fields[] = {
		{ SN_DUT_R_IPA, SN_OKF_IPA }, { SN_DUT_R_PAGE_SHIFT, SN_OKF_PAGE_SIZE },
		{ SN_DUT_R_S1_PERM, SN_OKF_S1_PERM }, { SN_DUT_R_S2_PERM, SN_OKF_S2_PERM },
		{ SN_DUT_R_ATS_GRANT, SN_OKF_ATS_GRANT },
	};

	*out = *exp;
	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!(valid & fields[i].dut))
			out->ok_fields &= ~fields[i].okf;
	if (!exp->n_any_of)
		return true;
	out->any_of = calloc(exp->n_any_of, sizeof(*out->any_of));
	if (!out->any_of) {
		out->n_any_of = 0;
		return false;
	}
	for (unsigned i = 0; i < exp->n_any_of; i++)
		if (!outcome_mask(&exp->any_of[i], valid, &out->any_of[i]))
			return false;
	return true;
}

static void outcome_unmask(struct sn_arch_outcome *o)
{
	for (unsigned i = 0; o->any_of && i < o->n_any_of; i++)
		outcome_unmask(&o->any_of[i]);
	free(o->any_of);
	o->any_of = NULL;
}

/* Does the DUT's @got lie within @exp, as far as the DUT reports?  @why on a difference. */
static bool dut_matches(const struct sn_arch_outcome *exp, const struct sn_xlate *got, u32 valid,
			char *why, size_t n)
{
	struct sn_arch_outcome m;
	bool ok;

	if (!outcome_mask(exp, valid, &m)) {
		outcome_unmask(&m);
		snprintf(why, n, "out of memory");
		return false;
	}
	ok = sn_arch_outcome_matches(&m, got, why, n, NULL);
	outcome_unmask(&m);
	return ok;
}

/*
 * What the model says about @x, as an expectation: every field, save for
 * an ATS Translation Request only the completion (address and grant), as
 * a device's ATC keeps nothing else.
 */
static void outcome_of(const struct sn_xlate *x, const struct sn_txn *t, struct sn_arch_outcome *o)
{
	memset(o, 0, sizeof(*o));
	if (x->disp == SN_XLATE_OK) {
		o->kind = SN_ARCH_OK;
		o->pa = x->pa;
		o->ipa = x->ipa;
		o->page_size = x->page_shift < 64 ? 1ULL << x->page_shift : 0;
		o->s1_perm = x->s1_perm;
		o->s2_perm = x->s2_perm;
		o->ats_grant = x->ats_grant;
		if (t->kind == SN_TXN_ATS_REQUEST)
			o->ok_fields = SN_OKF_ATS_GRANT;
		else
			o->ok_fields = SN_OKF_IPA | SN_OKF_PAGE_SIZE | SN_OKF_S1_PERM |
				       SN_OKF_S2_PERM;
		return;
	}
	o->kind = SN_ARCH_FAULT;
	o->disp = x->disp;
	o->has_event = x->has_event;
	if (x->has_event) {
		sn_event_recorded(&x->event, &o->event);
		o->event_fields = (1u << SN_EVF_COUNT) - 1;
	}
}

/* ------------------------------------------------------------------ */
/* Areas ste, cd, walk                                                 */

static int run_arch(struct sn_dut *d, const struct sn_vector *vec, struct sn_dut_verdict *v,
		    struct sn_error *err)
{
	const struct sn_scenario *s = vec->scn;
	struct sn_built *b;

	if (!(d->ops->caps & SN_DUT_CAP_SMMU)) {
		skip(v, "the DUT provides no SMMU (SN_DUT_CAP_SMMU)");
		return 0;
	}
	b = malloc(sizeof(*b));
	if (!b) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	if (sn_scenario_build(s, b, err) != 0) {
		free(b);
		return -1;
	}
	if (smmu_begin(d, b, vec->loc.line, v)) {
		for (unsigned i = 0; i < s->n_txns && v->status != SN_CASE_SKIP; i++) {
			struct sn_xlate got;
			char what[32], why[480];
			u32 valid;

			snprintf(what, sizeof(what), "[txn %u]", i);
			if (!dut_translate(d, &s->txns[i].t, false, v, s->txns[i].loc.line, what,
					   &got, &valid))
				continue;
			if (!dut_matches(&s->txns[i].expect, &got, valid, why, sizeof(why)))
				fail(v, s->txns[i].loc.line, what, "%s", why);
		}
	}
	sn_built_free(b);
	free(b);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Area vste                                                           */

static bool from_errno(int e, int *out)
{
	switch (e) {
	case 0: *out = SN_OK; return true;
	case SN_DUT_EIO: *out = SN_EIO; return true;
	case SN_DUT_EINVAL: *out = SN_EINVAL; return true;
	case SN_DUT_EOPNOTSUPP: *out = SN_EOPNOTSUPP; return true;
	case SN_DUT_EBUSY: *out = SN_EBUSY; return true;
	case SN_DUT_ENOENT: *out = SN_ENOENT; return true;
	default: return false;
	}
}

/* @exp without its stages (a DUT that does not say where it refused); malloc'd alternatives. */
static bool drop_stages(const struct sn_outcome *exp, struct sn_outcome *out)
{
	*out = *exp;
	out->has_stage = false;
	if (!exp->n_any_of)
		return true;
	out->any_of = calloc(exp->n_any_of, sizeof(*out->any_of));
	if (!out->any_of) {
		out->n_any_of = 0;
		return false;
	}
	for (unsigned i = 0; i < exp->n_any_of; i++)
		if (!drop_stages(&exp->any_of[i], &out->any_of[i]))
			return false;
	return true;
}

static void free_stages(struct sn_outcome *o)
{
	for (unsigned i = 0; o->any_of && i < o->n_any_of; i++)
		free_stages(&o->any_of[i]);
	free(o->any_of);
	o->any_of = NULL;
}

static int run_vste(struct sn_dut *d, const struct sn_vector *vec, const struct host_policy *p,
		    unsigned pi, struct sn_dut_verdict *v)
{
	const struct sn_outcome *exp = sn_vector_expect_for(vec, pi);
	const struct host_env *e = &vec->env;
	struct sn_dut_vste_in in = {
		.nesting = e->nesting, .trans_s1 = e->trans_s1, .s2fwb = e->s2fwb,
		.cmdq_force_sync = e->cmdq_force_sync, .canwbs = e->canwbs,
		.ats_supported = e->ats_supported, .parent_paging = e->parent_paging,
		.parent_s2 = e->parent_s2, .parent_same_smmu = e->parent_same_smmu,
		.parent_nest_parent = e->parent_nest_parent, .ssids_in_use = e->ssids_in_use,
		.vdevice = e->vdevice, .alloc_flags = e->alloc_flags,
	};
	struct sn_dut_vste_out out;
	struct vste_result got;
	struct sn_outcome m;
	char msg[SN_DUT_MSG] = "", why[480], detail[256];
	const unsigned line = vec->loc.line;
	enum sn_invariant inv;
	bool ok;

	if (!(d->ops->caps & SN_DUT_CAP_VSTE)) {
		skip(v, "the DUT has no vSTE decision (SN_DUT_CAP_VSTE)");
		return 0;
	}
	if (!exp) {
		skip(v, "the vector has no expectation under policy %s", p->name);
		return 0;
	}
	memcpy(in.vste, vec->vste, sizeof(in.vste));
	memcpy(in.parent, vec->parent, sizeof(in.parent));
	memset(&out, 0, sizeof(out));
	if (!dut_status(v, d->ops->validate_vste(d->inst, &in, &out, msg), msg, "validate_vste",
			line, ""))
		return 0;
	memset(&got, 0, sizeof(got));
	if (!from_errno(out.err, &got.err)) {
		fail(v, line, "", "err: the DUT returned %d, not 0 or an errno a vSTE decision "
		     "returns (EIO, EINVAL, EOPNOTSUPP, EBUSY, ENOENT)", out.err);
		return 0;
	}
	if (out.stage >= SN_STAGE_COUNT) {
		fail(v, line, "", "stage: the DUT answered %" PRIu32 ", which dut.h does not define",
		     out.stage);
		return 0;
	}
	got.stage = (enum sn_stage)out.stage;   /* the two enums share their numbers */
	memcpy(got.ste, out.ste, sizeof(got.ste));
	got.ats = out.ats;
	if (out.stage == SN_DUT_STAGE_UNKNOWN) {
		ok = drop_stages(exp, &m) && sn_outcome_matches(&m, &got, why, sizeof(why), NULL);
		free_stages(&m);
	} else {
		ok = sn_outcome_matches(exp, &got, why, sizeof(why), NULL);
	}
	if (!ok) {
		fail(v, line, "", "%s", why);
		return 0;
	}
	if (got.err == SN_OK &&
	    (inv = vste_check_invariants(p, vec->vste, vec->parent, &vec->env, &got, detail,
					 sizeof(detail))) != INV_NONE)
		fail(v, line, "", "invariant '%s' broken: %s", sn_invariant_name(inv), detail);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Area tlb                                                            */

struct lockstep {
	struct sn_dut *d;
	struct sn_dut_verdict *v;
	const struct sn_tlbscn *t;
	bool mirror;                    /* the DUT's SMMU follows the model's */
	bool dut_host;                  /* the DUT's stage-2 sequence replaces the policy's */
	unsigned step;
	/* s2_change() in progress */
	const struct s2inv_queue *q;
	/*
	 * The memory as it was at the last settle point (the initial image
	 * before the first): until the next one, a DUT may still answer from
	 * it (IHI0070 §4.7.3: no invalidation is complete before its SYNC),
	 * whatever the model's max retention happened to keep.
	 */
	const struct sn_built *b;
	struct sn_mem *settled;
	struct smmu settled_smmu;
	bool oom;
};

static void ls_snapshot(struct lockstep *ls)
{
	sn_mem_free(ls->settled);
	ls->settled = sn_mem_clone(ls->b->mem);
	ls->oom = ls->settled == NULL;
	ls->settled_smmu = ls->b->smmu;
	ls->settled_smmu.mem = ls->settled;
	ls->settled_smmu.cache = NULL;
}

static void step_what(const struct lockstep *ls, unsigned step, int during, char *buf, size_t n)
{
	(void)ls;
	if (during >= 0)
		snprintf(buf, n, "[step %u during %d]", step, during);
	else
		snprintf(buf, n, "[step %u]", step);
}

static void ls_built(void *ctx, const struct sn_built *b)
{
	struct lockstep *ls = ctx;

	ls->b = b;
	if (ls->mirror && !smmu_begin(ls->d, b, ls->t->loc.line, ls->v))
		ls->mirror = false;
	if (ls->mirror)
		ls_snapshot(ls);
}

static void ls_step_end(void *ctx, unsigned step, u64 clock, bool settled)
{
	struct lockstep *ls = ctx;

	(void)step;
	(void)clock;
	if (settled && ls->mirror)
		ls_snapshot(ls);
}

static void ls_write(void *ctx, unsigned step, u64 pa, u64 value)
{
	struct lockstep *ls = ctx;
	char msg[SN_DUT_MSG] = "", what[40];

	if (!ls->mirror)
		return;
	step_what(ls, step, -1, what, sizeof(what));
	if (!dut_status(ls->v, ls->d->ops->write64(ls->d->inst, pa, value, msg), msg, "write64",
			ls->t->steps[step].loc.line, what))
		ls->mirror = false;
}

static void ls_command(void *ctx, unsigned step, unsigned n, const u64 cmd[2],
		       enum tlb_queue_result r)
{
	struct lockstep *ls = ctx;
	char msg[SN_DUT_MSG] = "", what[40], name[160], op[200];

	(void)n;
	(void)r;
	if (!ls->mirror)
		return;
	step_what(ls, step, -1, what, sizeof(what));
	sn_tlb_cmd_format(cmd, name, sizeof(name));
	snprintf(op, sizeof(op), "command %s", name);
	if (!dut_status(ls->v, ls->d->ops->command(ls->d->inst, cmd, msg), msg, op,
			ls->t->steps[step].loc.line, what))
		ls->mirror = false;
}

static void ls_translate(void *ctx, unsigned step, int during, const struct sn_tlb_xlate *x,
			 const struct sn_judgement *j)
{
	struct lockstep *ls = ctx;
	struct sn_arch_outcome stalest;
	struct sn_xlate got;
	char what[40], why[480], why2[480], g[160];
	u32 valid;

	step_what(ls, step, during, what, sizeof(what));
	/* A STALE the vector expects of the policy's own sequence is its point, not the DUT's. */
	if (ls->dut_host && j->verdict == SN_VERDICT_STALE && x->verdict != SN_VERDICT_STALE) {
		char rm[160] = "none";

		if (j->n_culprits && j->culprits[0].has_remover)
			sn_tlb_cmd_format(j->culprits[0].remover, rm, sizeof(rm));
		fail(ls->v, x->loc.line, what, "STALE after the DUT's stage-2 change sequence: %s "
		     "(the weakest command that removes the entry: %s)",
		     j->diff[0] ? j->diff : "served differs from fresh", rm);
	}
	if (!ls->mirror)
		return;
	if (!dut_translate(ls->d, &x->t, x->device_atc, ls->v, x->loc.line, what, &got, &valid)) {
		ls->mirror = ls->v->status != SN_CASE_SKIP;
		return;
	}
	if (dut_matches(&x->expect, &got, valid, why, sizeof(why)))
		return;
	if (ls->settled) {
		struct sn_xlate old;

		smmu_translate(&ls->settled_smmu, &x->t, &old);
		outcome_of(&old, &x->t, &stalest);
		if (dut_matches(&stalest, &got, valid, why2, sizeof(why2)))
			return;
	}
	if (j->verdict != SN_VERDICT_FRESH) {
		outcome_of(&j->served, &x->t, &stalest);
		if (dut_matches(&stalest, &got, valid, why2, sizeof(why2)))
			return;
		sn_xlate_format(&j->served, g, sizeof(g));
		fail(ls->v, x->loc.line, what, "%s (nor the cached result the architecture still "
		     "allows here, %s: %s; %s)", why, sn_verdict_name(j->verdict), g, why2);
		return;
	}
	fail(ls->v, x->loc.line, what, "%s", why);
}

static void ls_failure(void *ctx, unsigned step, int during, const struct sn_loc *at,
		       const char *why)
{
	struct lockstep *ls = ctx;
	char what[40];

	step_what(ls, step, during, what, sizeof(what));
	fail(ls->v, at->line, what, "the model's own run: %s", why);
}

static void ls_emit(void *ctx, const uint64_t cmd[2])
{
	struct lockstep *ls = ctx;

	ls->q->emit(ls->q->ctx, cmd, S2INV_STEP_S2);
}

static void ls_host_change(void *ctx, const struct s2inv_domain *dom, const struct s2inv_change *c,
			   const struct s2inv_queue *q, struct s2inv_result *res)
{
	struct lockstep *ls = ctx;
	struct sn_dut_s2_master *ms = calloc(dom->nmasters + 1, sizeof(*ms));
	struct sn_dut_s2_change dc = {
		.vmid = dom->vmid, .nest_parent = dom->nest_parent, .page_shift = dom->page_shift,
		.range_inv = dom->range_inv, .ats = dom->ats, .nmasters = dom->nmasters,
		.flush_all = c->kind == S2INV_FLUSH_ALL, .iova = c->iova, .size = c->size,
		.granule = c->granule, .leaf = c->leaf,
	};
	char msg[SN_DUT_MSG] = "";
	const unsigned line = ls->t->steps[ls->step].loc.line;

	memset(res, 0, sizeof(*res));
	res->err = SN_OK;
	if (!ms) {
		fail(ls->v, line, "", "out of memory");
		return;
	}
	for (size_t i = 0; i < dom->nmasters; i++)
		ms[i] = (struct sn_dut_s2_master){
			.sids = dom->masters[i].sids, .nsids = dom->masters[i].nsids,
			.ats_enabled = dom->masters[i].ats_enabled, .nested = dom->masters[i].nested,
			.nested_ats_flush = dom->masters[i].nested_ats_flush,
			.ssid = dom->masters[i].ssid,
		};
	dc.masters = ms;
	ls->q = q;
	(void)dut_status(ls->v, ls->d->ops->s2_change(ls->d->inst, &dc, ls_emit, ls, msg), msg,
			 "s2_change", line, "");
	ls->q = NULL;
	free(ms);
}

static void ls_step_begin(void *ctx, unsigned step, u64 clock)
{
	(void)clock;
	((struct lockstep *)ctx)->step = step;
}

static int run_tlb(struct sn_dut *d, const struct sn_vector *vec, const struct host_policy *p,
		   unsigned pi, struct sn_dut_verdict *v, struct sn_error *err)
{
	const struct sn_tlbscn *t = sn_tlbscn_of(vec);
	const u32 caps = d->ops->caps;
	struct lockstep ls = {
		.d = d, .v = v, .t = t, .mirror = caps & SN_DUT_CAP_SMMU,
		.dut_host = (caps & SN_DUT_CAP_S2_CHANGE) && t->has_host && !t->bug,
	};
	struct sn_tlb_obs obs = {
		.ctx = &ls, .step_begin = ls_step_begin, .command = ls_command,
		.translate = ls_translate, .failure = ls_failure, .built = ls_built,
		.write = ls_write, .step_end = ls_step_end,
	};
	struct tlb_policy max;
	int rc;

	if (!(vec->policy_mask & (1u << pi))) {
		skip(v, "the vector does not run under policy %s", p->name);
		return 0;
	}
	if (!ls.mirror && !ls.dut_host) {
		skip(v, "%s", (caps & SN_DUT_CAP_S2_CHANGE) && t->has_host ?
		     "the vector plants a bug in the model's own policy, and the DUT has no SMMU" :
		     "the vector needs an SMMU (SN_DUT_CAP_SMMU) or a stage-2 change sequence "
		     "(SN_DUT_CAP_S2_CHANGE) with a host step");
		return 0;
	}
	if (ls.dut_host) {
		obs.host_change = ls_host_change;
		obs.fresh_only = true;
	}
	(void)tlb_policy_parse("max", &max);
	rc = sn_tlb_run(t, p, &max, &obs, err);
	sn_mem_free(ls.settled);
	if (ls.oom) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	if (rc < 0 && v->status == SN_CASE_PASS)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */

int sn_dut_run(struct sn_dut *d, const struct sn_vector_file *f, const struct sn_vector *vec,
	       const struct host_policy *p, struct sn_dut_verdict *out, struct sn_error *err)
{
	unsigned pi = 0;

	memset(out, 0, sizeof(*out));
	out->status = SN_CASE_PASS;
	while (pi < host_policy_count && host_policies[pi] != p)
		pi++;
	if (pi == host_policy_count) {
		snprintf(err->msg, sizeof(err->msg), "policy %s is not one of the host policies",
			 p->name);
		return -1;
	}
	if (strcmp(f->area, "hitless") == 0) {
		skip(out, "hitless vectors test the host's entry writer, which the DUT interface "
		     "has no hook for");
		return 0;
	}
	if (strcmp(f->area, "tlb") == 0)
		return run_tlb(d, vec, p, pi, out, err);
	if (f->arch)
		return run_arch(d, vec, out, err);
	return run_vste(d, vec, p, pi, out);
}
