// SPDX-License-Identifier: MIT
/*
 * Replay of the architecture areas: a scenario's transactions through
 * smmu_translate(), each compared with its expectation field by field.
 * The first field that differs is reported as "field: expected X, got Y".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smmu-nest/scenario.h>

static void format_grant(u8 g, char out[4])
{
	out[0] = g & SN_ATS_R ? 'r' : '-';
	out[1] = g & SN_ATS_W ? 'w' : '-';
	out[2] = g & SN_ATS_X ? 'x' : '-';
	out[3] = '\0';
}

void sn_xlate_format(const struct sn_xlate *x, char *buf, size_t len)
{
	char s1[7], s2[7];

	if (x->disp == SN_XLATE_OK) {
		sn_perm_format(x->s1_perm, s1);
		sn_perm_format(x->s2_perm, s2);
		snprintf(buf, len, "ok pa=0x%" PRIx64 " ipa=0x%" PRIx64 " page-size=0x%llx "
			 "s1-perm=%s s2-perm=%s", x->pa, x->ipa,
			 x->page_shift < 64 ? 1ULL << x->page_shift : 0ULL, s1, s2);
		return;
	}
	if (!x->has_event) {
		snprintf(buf, len, "fault %s, no event", sn_disposition_name(x->disp));
		return;
	}
	snprintf(buf, len, "fault %s, %s", sn_disposition_name(x->disp),
		 sn_event_name(x->event.type));
}

/* ------------------------------------------------------------------ */
/* Field comparison                                                    */

/* The value of event field @f of @e, and how to print it. */
static u64 event_field(const struct sn_event *e, enum sn_evf f)
{
	switch (f) {
	case SN_EVF_TYPE: return e->type;
	case SN_EVF_SID: return e->sid;
	case SN_EVF_SSV: return e->ssv;
	case SN_EVF_SSID: return e->ssid;
	case SN_EVF_STALL: return e->stall;
	case SN_EVF_STAG: return e->stag;
	case SN_EVF_PNU: return e->pnu;
	case SN_EVF_IND: return e->ind;
	case SN_EVF_RNW: return e->rnw;
	case SN_EVF_S2: return e->s2;
	case SN_EVF_CLASS: return e->class;
	case SN_EVF_TTRNW: return e->ttrnw;
	case SN_EVF_INPUT_ADDR: return e->input_addr;
	case SN_EVF_IPA: return e->ipa;
	case SN_EVF_FETCH_ADDR: return e->fetch_addr;
	default: return 0;
	}
}

static void format_event_field(enum sn_evf f, u64 v, char *buf, size_t len)
{
	switch (f) {
	case SN_EVF_TYPE:
		snprintf(buf, len, "%s", sn_event_name((u8)v));
		break;
	case SN_EVF_CLASS:
		snprintf(buf, len, "%s", sn_class_name((u8)v));
		break;
	case SN_EVF_SSV: case SN_EVF_STALL: case SN_EVF_PNU: case SN_EVF_IND:
	case SN_EVF_RNW: case SN_EVF_S2: case SN_EVF_TTRNW:
		snprintf(buf, len, "%s", v ? "true" : "false");
		break;
	case SN_EVF_SID: case SN_EVF_SSID: case SN_EVF_STAG:
		snprintf(buf, len, "%" PRIu64, v);
		break;
	default:
		snprintf(buf, len, "0x%" PRIx64, v);
		break;
	}
}

static bool differ(char *why, size_t n, const char *field, const char *exp, const char *got)
{
	if (why)
		snprintf(why, n, "%s: expected %s, got %s", field, exp, got);
	return false;
}

static bool differ_hex(char *why, size_t n, const char *field, u64 exp, u64 got)
{
	char e[24], g[24];

	snprintf(e, sizeof(e), "0x%" PRIx64, exp);
	snprintf(g, sizeof(g), "0x%" PRIx64, got);
	return differ(why, n, field, e, g);
}

static bool perm_matches(char *why, size_t n, const char *field, u8 exp, u8 got)
{
	char e[7], g[7];

	if (exp == got)
		return true;
	sn_perm_format(exp, e);
	sn_perm_format(got, g);
	return differ(why, n, field, e, g);
}

static bool ok_matches(const struct sn_arch_outcome *exp, const struct sn_xlate *got, char *why,
		       size_t n)
{
	const u64 page = got->page_shift < 64 ? 1ULL << got->page_shift : 0;
	char e[8], g[8];

	if (got->pa != exp->pa)
		return differ_hex(why, n, "pa", exp->pa, got->pa);
	if ((exp->ok_fields & SN_OKF_IPA) && got->ipa != exp->ipa)
		return differ_hex(why, n, "ipa", exp->ipa, got->ipa);
	if ((exp->ok_fields & SN_OKF_PAGE_SIZE) && page != exp->page_size)
		return differ_hex(why, n, "page-size", exp->page_size, page);
	if ((exp->ok_fields & SN_OKF_S1_PERM) &&
	    !perm_matches(why, n, "s1-perm", exp->s1_perm, got->s1_perm))
		return false;
	if ((exp->ok_fields & SN_OKF_S2_PERM) &&
	    !perm_matches(why, n, "s2-perm", exp->s2_perm, got->s2_perm))
		return false;
	if ((exp->ok_fields & SN_OKF_ATS_GRANT) && got->ats_grant != exp->ats_grant) {
		format_grant(exp->ats_grant, e);
		format_grant(got->ats_grant, g);
		return differ(why, n, "ats-grant", e, g);
	}
	return true;
}

static bool fault_matches(const struct sn_arch_outcome *exp, const struct sn_xlate *got,
			  char *why, size_t n)
{
	char e[48], g[48], field[24];
	struct sn_event rec;

	if (got->disp != exp->disp)
		return differ(why, n, "disposition", sn_disposition_name(exp->disp),
			      sn_disposition_name(got->disp));
	if (!exp->has_event && got->has_event)
		return differ(why, n, "event", "none", sn_event_name(got->event.type));
	if (!exp->has_event)
		return true;
	if (!got->has_event)
		return differ(why, n, "event", sn_event_name(exp->event.type), "none");
	/* Compared as the record holds them: a field the event type does not define reads 0. */
	sn_event_recorded(&got->event, &rec);
	for (unsigned f = 0; f < SN_EVF_COUNT; f++) {
		u64 want = event_field(&exp->event, (enum sn_evf)f);
		u64 have = event_field(&rec, (enum sn_evf)f);

		if (!(exp->event_fields & (1u << f)) || want == have)
			continue;
		format_event_field((enum sn_evf)f, want, e, sizeof(e));
		format_event_field((enum sn_evf)f, have, g, sizeof(g));
		snprintf(field, sizeof(field), "event.%s", sn_evf_names[f]);
		return differ(why, n, field, e, g);
	}
	return true;
}

static bool single_matches(const struct sn_arch_outcome *exp, const struct sn_xlate *got,
			   char *why, size_t n)
{
	char g[160];

	if (exp->kind == SN_ARCH_OK && got->disp != SN_XLATE_OK) {
		sn_xlate_format(got, g, sizeof(g));
		return differ(why, n, "result", "ok", g);
	}
	if (exp->kind == SN_ARCH_FAULT && got->disp == SN_XLATE_OK) {
		sn_xlate_format(got, g, sizeof(g));
		return differ(why, n, "result", "fault", g);
	}
	return exp->kind == SN_ARCH_OK ? ok_matches(exp, got, why, n) :
					 fault_matches(exp, got, why, n);
}

bool sn_arch_outcome_matches(const struct sn_arch_outcome *exp, const struct sn_xlate *got,
			     char *why, size_t why_len, unsigned *alt)
{
	char g[160];

	if (exp->kind != SN_ARCH_ACCEPTABLE)
		return single_matches(exp, got, why, why_len);
	for (unsigned i = 0; i < exp->n_any_of; i++) {
		if (single_matches(&exp->any_of[i], got, NULL, 0)) {
			if (alt)
				*alt = i;
			return true;
		}
	}
	sn_xlate_format(got, g, sizeof(g));
	if (why)
		snprintf(why, why_len, "result: expected one of %u acceptable outcomes, got %s",
			 exp->n_any_of, g);
	return false;
}

/* ------------------------------------------------------------------ */

int sn_scenario_run(const struct sn_scenario *s, struct sn_txn_report *reports,
		    struct sn_error *err)
{
	struct sn_built *b = malloc(sizeof(*b));
	int failed = 0;

	if (!b) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	if (sn_scenario_build(s, b, err) != 0) {
		free(b);
		return -1;
	}
	for (unsigned i = 0; i < s->n_txns; i++) {
		struct sn_txn_report r;

		memset(&r, 0, sizeof(r));
		smmu_translate(&b->smmu, &s->txns[i].t, &r.got);
		r.passed = sn_arch_outcome_matches(&s->txns[i].expect, &r.got, r.why,
						   sizeof(r.why), NULL);
		failed += !r.passed;
		if (reports)
			reports[i] = r;
	}
	sn_built_free(b);
	free(b);
	return failed;
}
