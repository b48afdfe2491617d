// SPDX-License-Identifier: MIT
/* Replay: run a vector under a policy and compare with its expectation. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <smmu-nest/replay.h>

void sn_vector_run(const struct sn_vector *v, unsigned policy_index,
		   struct vste_result *got)
{
	host_policy_apply(host_policies[policy_index], v->vste, v->parent,
			  &v->env, got);
}

static void format_ste(const u64 ste[STE_DWORDS], char *buf, size_t len)
{
	size_t used = 0;

	for (unsigned i = 0; i < STE_DWORDS && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s0x%016" PRIx64,
					 i ? "," : "[", ste[i]);
	if (used < len)
		snprintf(buf + used, len - used, "]");
}

void sn_result_format(const struct vste_result *r, char *buf, size_t len)
{
	char ste[8 * 19 + 4];

	if (r->err != SN_OK) {
		snprintf(buf, len, "error %s (%s): %s", sn_errno_name(r->err),
			 sn_stage_name(r->stage), r->reason);
		return;
	}
	format_ste(r->ste, ste, sizeof(ste));
	snprintf(buf, len, "ok ste=%s ats=%s", ste, r->ats ? "on" : "off");
}

static void format_outcome(const struct sn_outcome *o, char *buf, size_t len)
{
	char ste[8 * 19 + 4];

	switch (o->kind) {
	case SN_RES_OK:
		format_ste(o->ste, ste, sizeof(ste));
		snprintf(buf, len, "ok ste=%s ats=%s", ste, o->ats ? "on" : "off");
		break;
	case SN_RES_ERROR:
		if (o->has_stage)
			snprintf(buf, len, "error %s (%s)", sn_errno_name(o->err),
				 sn_stage_name(o->stage));
		else
			snprintf(buf, len, "error %s", sn_errno_name(o->err));
		break;
	case SN_RES_ACCEPTABLE:
	default:
		snprintf(buf, len, "one of %u acceptable outcomes", o->n_any_of);
		break;
	}
}

static bool single_matches(const struct sn_outcome *exp, const struct vste_result *got,
			   char *why, size_t n)
{
	char e[256], g[256];

	if (exp->kind == SN_RES_ERROR) {
		if (got->err == exp->err && (!exp->has_stage || got->stage == exp->stage))
			return true;
		format_outcome(exp, e, sizeof(e));
		sn_result_format(got, g, sizeof(g));
		if (why)
			snprintf(why, n, "expected %s, got %s", e, g);
		return false;
	}
	if (got->err != SN_OK) {
		format_outcome(exp, e, sizeof(e));
		sn_result_format(got, g, sizeof(g));
		if (why)
			snprintf(why, n, "expected %s, got %s", e, g);
		return false;
	}
	for (unsigned i = 0; i < STE_DWORDS; i++) {
		if (got->ste[i] != exp->ste[i]) {
			if (why)
				snprintf(why, n,
					 "STE word %u: expected 0x%016" PRIx64 ", got 0x%016" PRIx64
					 " (differing bits 0x%016" PRIx64 ")",
					 i, exp->ste[i], got->ste[i], exp->ste[i] ^ got->ste[i]);
			return false;
		}
	}
	if (got->ats != exp->ats) {
		if (why)
			snprintf(why, n, "ATS: expected %s, got %s", exp->ats ? "on" : "off",
				 got->ats ? "on" : "off");
		return false;
	}
	return true;
}

bool sn_outcome_matches(const struct sn_outcome *exp, const struct vste_result *got,
			char *why, size_t why_len, unsigned *alt)
{
	char g[256];

	if (exp->kind != SN_RES_ACCEPTABLE)
		return single_matches(exp, got, why, why_len);
	for (unsigned i = 0; i < exp->n_any_of; i++) {
		if (single_matches(&exp->any_of[i], got, NULL, 0)) {
			if (alt)
				*alt = i;
			return true;
		}
	}
	sn_result_format(got, g, sizeof(g));
	if (why)
		snprintf(why, why_len, "expected one of %u acceptable outcomes, got %s",
			 exp->n_any_of, g);
	return false;
}
