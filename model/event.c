// SPDX-License-Identifier: MIT
/*
 * Event records: four little-endian doublewords (IHI0070 G.b §7.3;
 * field positions in shared/reference/arch.md §5.2).  Each event type writes
 * only the fields §7.3 defines for it; everything else is RES0.
 *
 *  - SubstreamID is written only with SSV == 1 (otherwise it is UNKNOWN),
 *    except in C_BAD_SUBSTREAMID, which has no SSV and always carries it.
 *  - STAG is written only with Stall == 1 (it identifies a stalled
 *    transaction); InD only with RnW == 1 (InD == 0 for writes).
 *  - IPA is written only for stage-2 faults (S2 == 1); TTRnW only for
 *    F_PERMISSION with CLASS == TT.
 *  - F_BAD_ATS_TREQ and E_PAGE_REQUEST carry InputAddr[63:12]; their
 *    request-attribute fields (R/W/X/PRIV, Span) are shown only in figures
 *    the available copy of the specification does not render, so they are
 *    left zero.  The IMPLEMENTATION DEFINED Reason fields are zero.
 */
#include <string.h>

#include <smmu-nest/smmu.h>

#define EVT_DW2_INPUT_PAGE SN_GENMASK(63, 12)

/* SSV and, when valid, SubstreamID. */
static u64 dw0_substream(const struct sn_event *e)
{
	if (!e->ssv)
		return 0;
	return EVT_DW0_SSV | sn_field_prep(EVT_DW0_SSID, e->ssid);
}

/* PnU, InD, RnW: the attributes of the input transaction. */
static u64 dw1_attrs(const struct sn_event *e)
{
	return sn_field_prep(EVT_DW1_PNU, e->pnu) |
	       sn_field_prep(EVT_DW1_IND, e->ind && e->rnw) |
	       sn_field_prep(EVT_DW1_RNW, e->rnw);
}

static u64 dw1_stall(const struct sn_event *e)
{
	if (!e->stall)
		return 0;
	return EVT_DW1_STALL | sn_field_prep(EVT_DW1_STAG, e->stag);
}

static u64 dw1_stage(const struct sn_event *e)
{
	return sn_field_prep(EVT_DW1_S2, e->s2) | sn_field_prep(EVT_DW1_CLASS, e->class);
}

static u64 dw3_ipa(const struct sn_event *e)
{
	return e->s2 ? e->ipa & EVT_DW3_IPA : 0;
}

void sn_event_encode(const struct sn_event *e, u64 words[4])
{
	u64 *w = words;

	memset(w, 0, 4 * sizeof(*w));
	w[0] = sn_field_prep(EVT_DW0_TYPE, e->type) | sn_field_prep(EVT_DW0_SID, e->sid);
	switch (e->type) {
	case EVT_F_UUT:                 /* §7.3.2 */
		w[0] |= dw0_substream(e);
		w[1] = dw1_attrs(e);
		w[2] = e->input_addr;
		break;
	case EVT_C_BAD_STREAMID:        /* §7.3.3 */
	case EVT_C_BAD_STE:             /* §7.3.5 */
	case EVT_C_BAD_CD:              /* §7.3.11 */
	case EVT_F_CFG_CONFLICT:        /* §7.3.18 */
		w[0] |= dw0_substream(e);
		break;
	case EVT_F_STE_FETCH:           /* §7.3.4 */
	case EVT_F_CD_FETCH:            /* §7.3.10 */
	case EVT_F_VMS_FETCH:           /* §7.3.20 */
		w[0] |= dw0_substream(e);
		w[3] = e->fetch_addr & EVT_DW3_FETCH_ADDR;
		break;
	case EVT_F_BAD_ATS_TREQ:        /* §7.3.6 */
	case EVT_E_PAGE_REQUEST:        /* §7.3.19 */
		w[0] |= dw0_substream(e);
		w[2] = e->input_addr & EVT_DW2_INPUT_PAGE;
		break;
	case EVT_F_STREAM_DISABLED:     /* §7.3.7: StreamID only */
		break;
	case EVT_F_TRANSL_FORBIDDEN:    /* §7.3.8 */
		w[1] = sn_field_prep(EVT_DW1_RNW, e->rnw);
		w[2] = e->input_addr;
		break;
	case EVT_C_BAD_SUBSTREAMID:     /* §7.3.9: no SSV */
		w[0] |= sn_field_prep(EVT_DW0_SSID, e->ssid);
		break;
	case EVT_F_WALK_EABT:           /* §7.3.12 */
		w[0] |= dw0_substream(e);
		w[1] = dw1_attrs(e) | dw1_stage(e);
		w[2] = e->input_addr;
		w[3] = e->fetch_addr & EVT_DW3_FETCH_ADDR;
		break;
	case EVT_F_TRANSLATION:         /* §7.3.13 */
	case EVT_F_ADDR_SIZE:           /* §7.3.14 */
	case EVT_F_ACCESS:              /* §7.3.15 */
	case EVT_F_PERMISSION:          /* §7.3.16 */
		w[0] |= dw0_substream(e);
		w[1] = dw1_stall(e) | dw1_attrs(e) | dw1_stage(e);
		if (e->type == EVT_F_PERMISSION && e->class == SN_CLASS_TT)
			w[1] |= sn_field_prep(EVT_DW1_TTRNW, e->ttrnw);
		w[2] = e->input_addr;
		w[3] = dw3_ipa(e);
		break;
	case EVT_F_TLB_CONFLICT:        /* §7.3.17 */
		w[0] |= dw0_substream(e);
		w[1] = dw1_attrs(e) | sn_field_prep(EVT_DW1_S2, e->s2);
		w[2] = e->input_addr;
		w[3] = dw3_ipa(e);
		break;
	default:                        /* reserved or IMPLEMENTATION DEFINED */
		break;
	}
}

/* DW3 holds a FetchAddr for the fetch aborts, an IPA for the rest (arch.md §5.2). */
static bool dw3_is_fetch_addr(u8 type)
{
	return type == EVT_F_STE_FETCH || type == EVT_F_CD_FETCH || type == EVT_F_VMS_FETCH ||
	       type == EVT_F_WALK_EABT;
}

void sn_event_decode(const u64 words[4], struct sn_event *e)
{
	const u64 *w = words;

	*e = (struct sn_event){
		.type = (u8)sn_field_get(EVT_DW0_TYPE, w[0]),
		.sid = (u32)sn_field_get(EVT_DW0_SID, w[0]),
		.ssv = sn_field_get(EVT_DW0_SSV, w[0]),
		.ssid = (u32)sn_field_get(EVT_DW0_SSID, w[0]),
		.stall = sn_field_get(EVT_DW1_STALL, w[1]),
		.stag = (u16)sn_field_get(EVT_DW1_STAG, w[1]),
		.pnu = sn_field_get(EVT_DW1_PNU, w[1]),
		.ind = sn_field_get(EVT_DW1_IND, w[1]),
		.rnw = sn_field_get(EVT_DW1_RNW, w[1]),
		.s2 = sn_field_get(EVT_DW1_S2, w[1]),
		.class = (u8)sn_field_get(EVT_DW1_CLASS, w[1]),
		.ttrnw = sn_field_get(EVT_DW1_TTRNW, w[1]),
		.input_addr = w[2],
	};
	if (dw3_is_fetch_addr(e->type))
		e->fetch_addr = w[3] & EVT_DW3_FETCH_ADDR;
	else
		e->ipa = w[3] & EVT_DW3_IPA;
}
