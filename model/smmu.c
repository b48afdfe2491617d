// SPDX-License-Identifier: MIT
/*
 * One transaction through the SMMU, in the order of IHI0070 G.b §7.3.22:
 * Stream table and STE (strtab.c), SubstreamID and S1DSS, CD (cd_fetch.c),
 * then the walk (walk.c); a translation-related fault is then handled by the
 * A/R/S configuration of the stage that raised it (§5.5, §3.12).
 *
 * Three kinds of transaction (§3.9.1):
 *  - untranslated: the ordinary path above; every configuration error and
 *    fault aborts the transaction and records an event, except where A/R/S
 *    say otherwise.
 *  - ATS Translation Request: never records an event except F_BAD_ATS_TREQ
 *    (SMMU_CR2.REC_CFG_ATS is not modelled, i.e. 0).  UR when the effective
 *    EATS is 0b00 (with F_BAD_ATS_TREQ) or Config is 0b000 (without); CA for
 *    a configuration error (C_BAD_STREAMID, F_STE_FETCH, C_BAD_STE including
 *    V == 0, C_BAD_SUBSTREAMID, F_STREAM_DISABLED, F_CD_FETCH, C_BAD_CD,
 *    F_WALK_EABT); a translation-related fault at either stage, including
 *    stage 2 of a CD fetch or of a stage-1 table walk, is "Success with
 *    R == W == 0" (SN_XLATE_OK, ats_grant 0, one STU) (§3.9.1.2).  A
 *    permission fault on the request's own address only withholds
 *    permissions: the grant is computed from the walk's permissions as in
 *    §13.7.1; the model walks as a read and, if that is denied, once more
 *    as a write, to find what the page allows.  Split-stage ATS (EATS 0b10)
 *    answers with the IPA.
 *  - ATS Translated: with SMMU_CR0.ATSCHK == 0 it bypasses unchecked; with
 *    ATSCHK == 1 configuration errors abort silently (no REC_CFG_ATS),
 *    EATS 0b00 or Config 0b100 give F_TRANSL_FORBIDDEN, EATS 0b01 bypasses
 *    and EATS 0b10 translates the address as an IPA through stage 2
 *    (§3.9.1.3).  SMMU_IDR3.PASIDTT is not modelled (0): the transaction is
 *    Data, Unprivileged, without SubstreamID before STE overrides.
 *
 * IMPLEMENTATION DEFINED / model choices:
 *  - ATS Translated address above the OAS: aborted, no event (§3.9.1.1).
 *  - STE.PRIVCFG/INSTCFG are honoured (as if SMMU_IDR1.ATTR_PERMS_OVR == 1);
 *    INSTCFG never makes a write an instruction access (§13.1.2).
 *  - STE.EATS 0b11 behaves as 0b00 (SMMU_IDR3.DPT is not modelled, §5.2).
 *  - STAG is IMPLEMENTATION SPECIFIC (§3.12.2); the model keeps no state
 *    between transactions, so a stalled transaction reports STAG 0 and the
 *    caller tracks stalls if it needs several at once.  Events without
 *    Stall carry STAG 0.
 *  - A bypassed (zero-stage) transaction reports page_shift 12, memattr 0
 *    and sh 0: incoming attributes are not modelled.
 */
#include <stdio.h>
#include <string.h>

#include <smmu-nest/cache.h>

#include "smmu_int.h"

/* One transaction in flight. */
struct xctx {
	struct smmu *s;
	const struct sn_txn *t;
	struct sn_xlate *out;
	struct ste_fields ste;
	bool ssv;               /* SubstreamID as presented (ATS Translated: none) */
	u32 ssid;
	bool priv, instr;       /* post-override PnU and InD (InD only for reads) */
	unsigned eats;          /* effective EATS */
};

static bool is_ars_fault(u8 type)
{
	return type == EVT_F_TRANSLATION || type == EVT_F_ADDR_SIZE ||
	       type == EVT_F_ACCESS || type == EVT_F_PERMISSION;
}

static struct sn_event event_of(const struct xctx *x, u8 type)
{
	return (struct sn_event){
		.type = type, .sid = x->t->sid, .ssv = x->ssv, .ssid = x->ssv ? x->ssid : 0,
	};
}

static void finish(struct xctx *x, enum sn_disposition disp, const struct sn_event *e)
{
	x->out->disp = disp;
	x->out->has_event = e != NULL;
	if (e)
		x->out->event = *e;
}

/*
 * A configuration error or fetch abort: an ordinary transaction aborts and
 * records @e; an ATS Translation Request gets CA, a Translated transaction
 * aborts, both silently (§3.9.1.2, §3.9.1.3).
 */
static void config_error(struct xctx *x, const struct sn_event *e)
{
	switch (x->t->kind) {
	case SN_TXN_ATS_REQUEST:
		finish(x, SN_XLATE_ATS_CA, NULL);
		return;
	case SN_TXN_ATS_TRANSLATED:
		finish(x, SN_XLATE_ABORT, NULL);
		return;
	default:
		finish(x, SN_XLATE_ABORT, e);
	}
}

static void config_event(struct xctx *x, u8 type)
{
	struct sn_event e = event_of(x, type);

	config_error(x, &e);
}

static void fetch_event(struct xctx *x, u8 type, u64 fetch_addr)
{
	struct sn_event e = event_of(x, type);

	e.fetch_addr = fetch_addr;
	config_error(x, &e);
}

/* C_BAD_SUBSTREAMID always carries a SubstreamID: @ssid is the CD index
 * that was being looked up (§7.3.9). */
static void bad_substreamid(struct xctx *x, u32 ssid)
{
	struct sn_event e = event_of(x, EVT_C_BAD_SUBSTREAMID);

	e.ssid = ssid;
	config_error(x, &e);
}

/* Out-of-range StreamID: the event only if SMMU_CR2.RECINVSID (§7.3.3). */
static void bad_streamid(struct xctx *x)
{
	struct sn_event e = event_of(x, EVT_C_BAD_STREAMID);

	if (x->t->kind == SN_TXN_UNTRANSLATED && !x->s->cr2_recinvsid) {
		finish(x, SN_XLATE_ABORT, NULL);
		return;
	}
	config_error(x, &e);
}

static struct sn_event fault_event(const struct xctx *x, const struct walk_fault *f)
{
	struct sn_event e = event_of(x, f->type);

	e.rnw = !x->t->write;
	e.pnu = x->priv;
	e.ind = x->instr;
	e.s2 = f->s2;
	e.class = f->class;
	e.input_addr = x->t->addr;
	if (f->s2)
		e.ipa = f->ipa;
	if (f->type == EVT_F_WALK_EABT)
		e.fetch_addr = f->fetch_addr;
	if (f->type == EVT_F_PERMISSION && f->class == SN_CLASS_TT)
		e.ttrnw = f->ttrnw;
	return e;
}

/* The Smallest Translation Unit: the smallest granule implemented (§3.9.1). */
static unsigned stu_shift(const struct smmu_idr *idr)
{
	if (idr->gran4k || (!idr->gran16k && !idr->gran64k))
		return 12;
	return idr->gran16k ? 14 : 16;
}

/* ATS Translation Request: "Success, R == W == 0" for one STU (§3.9.1.2). */
static void ats_no_access(struct xctx *x)
{
	x->out->disp = SN_XLATE_OK;
	x->out->page_shift = stu_shift(&x->s->idr);
	x->out->ats_grant = 0;
}

/*
 * A fault from a walk or a CD fetch.  The four translation-related faults
 * obey the A/R/S of the stage that raised them: CD.{A,R,S} for stage 1,
 * STE.{S2R,S2S} with an implicit A == 1 for stage 2; S == 1 stalls and
 * records whatever R says.  Anything else (F_WALK_EABT), and a stage-1
 * Address Size fault of a bypassed stage 1 (@s1 NULL), aborts and records
 * (§5.5, §3.12, §3.4).
 */
static void translation_fault(struct xctx *x, const struct walk_fault *f,
			      const struct s1_cfg *s1, const struct s2_cfg *s2)
{
	struct sn_event e = fault_event(x, f);
	bool a = true, r = true, stall = false;

	if (x->t->kind == SN_TXN_ATS_REQUEST) {
		if (is_ars_fault(f->type))
			ats_no_access(x);
		else
			finish(x, SN_XLATE_ATS_CA, NULL);
		return;
	}
	if (is_ars_fault(f->type) && f->s2 && s2) {
		r = s2->r;
		stall = s2->s;
	} else if (is_ars_fault(f->type) && !f->s2 && s1) {
		a = s1->a;
		r = s1->r;
		stall = s1->s;
	}
	if (stall) {
		e.stall = true;
		e.stag = 0;
		finish(x, SN_XLATE_STALL, &e);
		return;
	}
	/* RAZ/WI only for stage 1 with A == 0 and IDR0.TERM_MODEL == 0. */
	finish(x, a || x->s->idr.term_model ? SN_XLATE_ABORT : SN_XLATE_RAZWI, r ? &e : NULL);
}

/* PRIVCFG/INSTCFG: 0b00 and 0b01 use the incoming attribute (§5.2). */
static void apply_overrides(struct xctx *x)
{
	const struct sn_txn *t = x->t;
	bool priv = t->priv, instr = t->instr;

	if (t->kind == SN_TXN_ATS_TRANSLATED) {
		priv = false;           /* no PASIDTT: Data, Unprivileged (§3.9.1.3) */
		instr = false;
	} else if (t->kind == SN_TXN_ATS_REQUEST && !t->ssv) {
		priv = false;           /* Priv/Exe come only with a PASID (§13.7) */
		instr = false;
	}
	if (x->ste.privcfg >= 2)
		priv = x->ste.privcfg == 3;
	if (x->ste.instcfg >= 2)
		instr = x->ste.instcfg == 3;
	x->priv = priv;
	x->instr = instr && !t->write;
}

/* ---- Translation -------------------------------------------------------- */

static void fill_ok(struct xctx *x, const struct walk_env *w, const struct walk_out *o)
{
	struct sn_xlate *out = x->out;

	out->disp = SN_XLATE_OK;
	out->pa = o->oa;
	out->ipa = o->ipa;
	out->page_shift = o->page_shift;
	out->s1_perm = w->s1 ? o->s1_perm : SN_PERM_ALL;
	out->s2_perm = w->s2 ? o->s2_perm : SN_PERM_ALL;
	out->memattr = o->memattr;
	out->sh = o->sh;
	out->s1_enabled = w->s1 != NULL;
	out->s2_enabled = w->s2 != NULL;
	out->eff_priv = x->priv;
	out->eff_instr = x->instr && !x->t->write;
	out->reads_as_fetch = x->ste.instcfg == 3;
}

/* The Translation Completion permissions of §13.7.1 from permissions @p. */
static u8 ats_grant(const struct xctx *x, u8 p)
{
	bool exe = x->t->ssv && x->t->instr;    /* Exe only with a PASID */
	bool rd = p & (x->priv ? SN_PERM_R_PRIV : SN_PERM_R_UNPRIV);
	bool wr = p & (x->priv ? SN_PERM_W_PRIV : SN_PERM_W_UNPRIV);
	bool ex = p & (x->priv ? SN_PERM_X_PRIV : SN_PERM_X_UNPRIV);
	u8 g = wr ? SN_ATS_W : 0;

	if (x->ste.instcfg == 3) {              /* Instruction: reads are fetches */
		rd = ex;
		ex = exe && ex;
	} else if (x->ste.instcfg == 2) {       /* Data: X as R */
		ex = exe && rd;
	} else {
		ex = exe && rd && ex;
	}
	return g | (rd ? SN_ATS_R : 0) | (ex ? SN_ATS_X : 0);
}

/*
 * A stage-1-bypassed address must fit the IAS (Config 0b100: the OAS), else
 * a stage-1 Address Size fault, CLASS = IN, that always aborts (§3.4).
 */
static bool bypass_size_ok(struct xctx *x, const struct s2_cfg *s2)
{
	const struct smmu_idr *idr = &x->s->idr;
	unsigned bits = x->ste.config == STE_CFG_BYPASS ? smmu_oas_bits(idr) : smmu_ias_bits(idr);
	struct walk_fault f = { .type = EVT_F_ADDR_SIZE, .s2 = false, .class = SN_CLASS_IN };

	if (sn_addr_fits(x->t->addr, bits))
		return true;
	translation_fault(x, &f, NULL, s2);
	return false;
}

/* No stage translates: the input goes out, truncated to the OAS (§3.4). */
static void zero_stage(struct xctx *x, const struct walk_env *w)
{
	unsigned oas = smmu_oas_bits(&x->s->idr);
	u64 addr = x->t->addr;
	struct walk_out o = {
		.oa = sn_addr_fits(addr, oas) ? addr : addr & ((1ULL << oas) - 1),
		.ipa = addr, .page_shift = SN_MEM_PAGE_SHIFT, .perm = SN_PERM_ALL,
	};

	fill_ok(x, w, &o);
	if (x->t->kind == SN_TXN_ATS_REQUEST)
		x->out->ats_grant = ats_grant(x, SN_PERM_ALL);
}

static bool do_walk(const struct walk_env *w, const struct walk_req *req,
		    struct walk_out *o, struct walk_fault *f)
{
	memset(o, 0, sizeof(*o));
	memset(f, 0, sizeof(*f));
	return walk_translate(w, req, o, f);
}

/* An ATS Translation Request: walk as a read, then as a write if the read
 * is denied, and grant what the walk allowed (§13.7.1, §3.9.1.2). */
static void ats_request_walk(struct xctx *x, const struct walk_env *w)
{
	struct walk_req req = {
		.addr = x->t->addr, .write = false, .priv = x->priv,
		.instr = x->ste.instcfg == 3,
	};
	struct walk_out o;
	struct walk_fault f;
	bool ok = do_walk(w, &req, &o, &f);

	if (!ok && f.type == EVT_F_PERMISSION && f.class == SN_CLASS_IN) {
		req.write = true;
		req.instr = false;
		ok = do_walk(w, &req, &o, &f);
	}
	if (!ok) {
		translation_fault(x, &f, w->s1, w->s2);
		return;
	}
	fill_ok(x, w, &o);
	if (x->eats == STE_EATS_S1CHK)
		x->out->pa = o.ipa;     /* split-stage: the IPA goes to the ATC */
	x->out->ats_grant = ats_grant(x, o.perm);
}

static void run_walk(struct xctx *x, const struct walk_env *w)
{
	struct walk_req req = {
		.addr = x->t->addr, .write = x->t->write, .priv = x->priv, .instr = x->instr,
	};
	struct walk_out o;
	struct walk_fault f;

	if (!w->s1 && !bypass_size_ok(x, w->s2))
		return;
	if (!w->s1 && !w->s2) {
		zero_stage(x, w);
		return;
	}
	if (x->t->kind == SN_TXN_ATS_REQUEST) {
		ats_request_walk(x, w);
		return;
	}
	if (!do_walk(w, &req, &o, &f)) {
		translation_fault(x, &f, w->s1, w->s2);
		return;
	}
	fill_ok(x, w, &o);
}

/* ---- SubstreamID and CD ------------------------------------------------- */

/*
 * Which CD a transaction uses (§5.2 S1CDMax, S1DSS): @index, or stage 1
 * skipped (@s1_bypass).  False once C_BAD_SUBSTREAMID or F_STREAM_DISABLED
 * has been raised.
 */
static bool select_substream(struct xctx *x, u32 *index, bool *s1_bypass)
{
	const struct ste_fields *f = &x->ste;
	bool s1_on = f->config & 1;
	unsigned cdmax = x->s->idr.ssidsize ? (unsigned)f->s1cdmax : 0;

	*index = 0;
	*s1_bypass = false;
	if (x->ssv) {
		/* No substreams, stage 1 off, or SSID >= 2^S1CDMax (§7.3.9). */
		if (!s1_on || cdmax == 0 || (x->ssid >> cdmax) != 0) {
			bad_substreamid(x, x->ssid);
			return false;
		}
		if (f->s1dss == STE_S1DSS_SSID0 && x->ssid == 0) {
			config_event(x, EVT_F_STREAM_DISABLED);    /* §7.3.7 */
			return false;
		}
		*index = x->ssid;
		return true;
	}
	if (!s1_on || cdmax == 0)
		return true;
	switch (f->s1dss) {
	case STE_S1DSS_BYPASS:
		*s1_bypass = true;
		return true;
	case STE_S1DSS_SSID0:
		return true;
	default:                /* 0b00 terminate; 0b11 reserved, behaves as 0b00 */
		config_event(x, EVT_F_STREAM_DISABLED);
		return false;
	}
}

/*
 * CD @index of the current StreamID: from the configuration cache, or
 * fetched and cached, valid or not (arch.md §4.4: any reachable structure
 * may be cached); failed fetches are not cached (arch.md §2).
 */
static void cached_cd_fetch(struct smmu *s, const struct walk_env *w, const struct cd_table *tab,
			    u32 index, u64 words[CD_DWORDS], struct cd_fetch_result *r)
{
	struct sn_cache_mark m = sn_cache_mark(s);
	const struct tlb_entry *hit;
	struct tlb_entry e;

	if (s->cache && (hit = tlb_lookup_cd(s->cache->tlb, s->cache->sid, index))) {
		sn_cache_use(s, hit);
		memcpy(words, hit->words, CD_DWORDS * sizeof(*words));
		memset(r, 0, sizeof(*r));
		r->status = CD_FETCH_OK;
		return;
	}
	cd_fetch(w, tab, index, words, r);
	if (!s->cache || r->status != CD_FETCH_OK)
		return;
	e = (struct tlb_entry){ .kind = TLB_CD, .sid = s->cache->sid, .ssid = index };
	memcpy(e.words, words, CD_DWORDS * sizeof(*words));
	snprintf(e.desc, sizeof(e.desc), "CD SID 0x%x SSID 0x%x", s->cache->sid, index);
	sn_cache_fill(s, &e, m);
}

/* Fetch, check and decode CD @index; false once an event has been raised. */
static bool load_cd(struct xctx *x, const struct walk_env *w, u32 index, struct s1_cfg *c)
{
	u64 words[CD_DWORDS];
	struct cd_table tab;
	struct cd_fetch_result r;
	struct cd_fields cd;
	enum sn_stream_world sw = ste_stream_world(x->s, &x->ste);
	const char *why;

	ste_cd_table(&x->ste, &x->s->idr, &tab);
	cached_cd_fetch(x->s, w, &tab, index, words, &r);
	switch (r.status) {
	case CD_FETCH_BAD_SUBSTREAMID:
		bad_substreamid(x, index);
		return false;
	case CD_FETCH_ABORT:
		fetch_event(x, EVT_F_CD_FETCH, r.fetch_addr);
		return false;
	case CD_FETCH_S2_FAULT:
		translation_fault(x, &r.fault, NULL, w->s2);
		return false;
	default:
		break;
	}
	cd_decode(words, &cd);
	cd_to_s1_cfg(&cd, sw, c);
	if (cd_is_illegal(x->s, &x->ste, sw, &cd, c, &why)) {
		config_event(x, EVT_C_BAD_CD);
		return false;
	}
	return true;
}

/* Config 0b1xx for an ordinary transaction or an ATS Translation Request. */
static void translate_stream(struct xctx *x)
{
	unsigned config = (unsigned)x->ste.config;
	struct walk_env w = { .smmu = x->s, .s1 = NULL, .s2 = NULL };
	struct s1_cfg s1;
	struct s2_cfg s2;
	u32 index;
	bool s1_bypass;

	if (!select_substream(x, &index, &s1_bypass))
		return;
	if (config & 2) {
		ste_to_s2_cfg(&x->ste, &x->s->idr, &s2);
		w.s2 = &s2;
	}
	if ((config & 1) && !s1_bypass) {
		if (!load_cd(x, &w, index, &s1))
			return;
		w.s1 = &s1;
	}
	run_walk(x, &w);
}

/* ---- ATS ---------------------------------------------------------------- */

/* The effective EATS (§5.2 EATS): 0b00 when IGNORED, for Config 0b100,
 * for 0b11 without DPT, and for 0b10 without SMMU_CR0.ATSCHK. */
static unsigned effective_eats(const struct xctx *x)
{
	unsigned eats = (unsigned)x->ste.eats;

	if (!x->s->idr.ats || x->ste.config == STE_CFG_BYPASS || eats == STE_EATS_DPT)
		return STE_EATS_ABT;
	if (eats == STE_EATS_S1CHK && !x->s->cr0_atschk)
		return STE_EATS_ABT;
	return eats;
}

/* Translation Request with ATS disabled: UR and F_BAD_ATS_TREQ carrying the
 * request's own attributes, before overrides (§7.3.6). */
static void bad_ats_treq(struct xctx *x)
{
	struct sn_event e = event_of(x, EVT_F_BAD_ATS_TREQ);

	e.rnw = !x->t->write;
	e.pnu = x->t->ssv && x->t->priv;
	e.ind = x->t->ssv && x->t->instr;
	e.input_addr = x->t->addr;
	finish(x, SN_XLATE_ATS_UR, &e);
}

static void ats_bypass(struct xctx *x)
{
	struct walk_env w = { .smmu = x->s };
	struct walk_out o = {
		.oa = x->t->addr, .ipa = x->t->addr, .page_shift = SN_MEM_PAGE_SHIFT,
		.perm = SN_PERM_ALL,
	};

	if (!sn_addr_fits(x->t->addr, smmu_oas_bits(&x->s->idr))) {
		finish(x, SN_XLATE_ABORT, NULL);        /* IMPLEMENTATION DEFINED, §3.9.1.1 */
		return;
	}
	fill_ok(x, &w, &o);
}

/* ATS Translated traffic with SMMU_CR0.ATSCHK == 1 and a usable STE. */
static void ats_translated(struct xctx *x)
{
	struct walk_env w = { .smmu = x->s };
	struct s2_cfg s2;
	struct sn_event e;

	if (x->eats == STE_EATS_ABT) {
		e = event_of(x, EVT_F_TRANSL_FORBIDDEN);        /* §7.3.8 */
		e.rnw = !x->t->write;
		e.input_addr = x->t->addr;
		finish(x, SN_XLATE_ABORT, &e);
		return;
	}
	if (x->eats != STE_EATS_S1CHK) {
		ats_bypass(x);
		return;
	}
	/* Split-stage: the address is an IPA for stage 2 (§13.6.3). */
	ste_to_s2_cfg(&x->ste, &x->s->idr, &s2);
	w.s2 = &s2;
	run_walk(x, &w);
}

/* The STE of @sid: from the configuration cache, or fetched and cached. */
static void cached_ste_fetch(struct smmu *s, u32 sid, u64 words[STE_DWORDS],
			     struct ste_fetch_result *r)
{
	struct sn_cache_mark m = sn_cache_mark(s);
	const struct tlb_entry *hit;
	struct tlb_entry e;

	if (s->cache)
		s->cache->sid = sid;
	if (s->cache && (hit = tlb_lookup_ste(s->cache->tlb, sid))) {
		sn_cache_use(s, hit);
		memcpy(words, hit->words, STE_DWORDS * sizeof(*words));
		r->status = STE_FETCH_OK;
		r->fetch_addr = 0;
		return;
	}
	strtab_fetch_ste(s, sid, words, r);
	if (!s->cache || r->status != STE_FETCH_OK)
		return;
	e = (struct tlb_entry){ .kind = TLB_STE, .sid = sid };
	memcpy(e.words, words, STE_DWORDS * sizeof(*words));
	snprintf(e.desc, sizeof(e.desc), "STE SID 0x%x", sid);
	sn_cache_fill(s, &e, m);
}

/*
 * TLB tags of this stream (IHI0070 §3.17): the StreamWorld, and the VMID,
 * which tags NS-EL1 entries, stage-1-only ones included (STE.S2VMID).
 */
static void cache_tags(struct smmu *s, const struct ste_fields *f)
{
	switch (ste_stream_world(s, f)) {
	case SW_EL2:
		s->cache->strw = TLB_STRW_NS_EL2;
		break;
	case SW_EL2_E2H:
		s->cache->strw = TLB_STRW_NS_EL2_E2H;
		break;
	default:
		s->cache->strw = TLB_STRW_NS_EL1;
		break;
	}
	s->cache->vmid = s->cache->strw == TLB_STRW_NS_EL1 ? (u16)f->s2vmid : 0;
}

void smmu_translate(struct smmu *s, const struct sn_txn *t, struct sn_xlate *out)
{
	struct xctx x = { .s = s, .t = t, .out = out, .ssv = t->ssv, .ssid = t->ssid };
	u64 words[STE_DWORDS];
	struct ste_fetch_result fr;
	const char *why;

	memset(out, 0, sizeof(*out));
	s->log.n = 0;
	s->log.overflow = false;
	if (s->cache)
		sn_cache_begin(s->cache);
	if (t->kind == SN_TXN_ATS_TRANSLATED) {
		x.ssv = false;
		x.ssid = 0;
		if (!s->cr0_atschk) {
			ats_bypass(&x);         /* no checks without ATSCHK (§3.9.1) */
			return;
		}
	}
	cached_ste_fetch(s, t->sid, words, &fr);
	if (fr.status == STE_FETCH_BAD_STREAMID) {
		bad_streamid(&x);
		return;
	}
	if (fr.status == STE_FETCH_ABORT) {
		fetch_event(&x, EVT_F_STE_FETCH, fr.fetch_addr);
		return;
	}
	ste_decode(words, &x.ste);
	if (s->cache)
		cache_tags(s, &x.ste);
	if (ste_is_illegal(s, &x.ste, &why)) {
		config_event(&x, EVT_C_BAD_STE);
		return;
	}
	if (x.ste.config < STE_CFG_BYPASS) {
		/* Config 0b000 (0b001..0b011 behave as it): no event (§5.2). */
		finish(&x, t->kind == SN_TXN_ATS_REQUEST ? SN_XLATE_ATS_UR : SN_XLATE_ABORT, NULL);
		return;
	}
	apply_overrides(&x);
	x.eats = effective_eats(&x);
	if (t->kind == SN_TXN_ATS_TRANSLATED) {
		ats_translated(&x);
		return;
	}
	if (t->kind == SN_TXN_ATS_REQUEST && x.eats == STE_EATS_ABT) {
		bad_ats_treq(&x);
		return;
	}
	translate_stream(&x);
}
