// SPDX-License-Identifier: MIT
/* The SMMU instance's plumbing: defaults, logged memory reads, event records. */
#include <string.h>

#include <smmu-nest/smmu.h>

void smmu_idr_default(struct smmu_idr *idr)
{
	*idr = (struct smmu_idr){
		.s2p = true, .s1p = true, .ttf = 2, .httu = 0, .hyp = true,
		.ats = true, .ns1ats = false, .asid16 = true, .vmid16 = true,
		.cd2l = true, .ttendian = 0, .stall_model = 0, .term_model = false,
		.st_level = 1, .sidsize = 16, .ssidsize = 20,
		.fwb = false, .stt = false, .ril = true, .xnx = false,
		.oas = 5, .gran4k = true, .gran16k = true, .gran64k = true,
	};
}

void smmu_idr_encode(const struct smmu_idr *idr, u32 regs[6])
{
	memset(regs, 0, 6 * sizeof(*regs));
	regs[0] = (u32)(sn_field_prep(IDR0_S2P, idr->s2p) | sn_field_prep(IDR0_S1P, idr->s1p) |
			sn_field_prep(IDR0_TTF, idr->ttf) | sn_field_prep(IDR0_HTTU, idr->httu) |
			sn_field_prep(IDR0_HYP, idr->hyp) | sn_field_prep(IDR0_ATS, idr->ats) |
			sn_field_prep(IDR0_NS1ATS, idr->ns1ats) |
			sn_field_prep(IDR0_ASID16, idr->asid16) |
			sn_field_prep(IDR0_VMID16, idr->vmid16) |
			sn_field_prep(IDR0_CD2L, idr->cd2l) |
			sn_field_prep(IDR0_TTENDIAN, idr->ttendian) |
			sn_field_prep(IDR0_STALL_MODEL, idr->stall_model) |
			sn_field_prep(IDR0_TERM_MODEL, idr->term_model) |
			sn_field_prep(IDR0_ST_LEVEL, idr->st_level));
	regs[1] = (u32)(sn_field_prep(IDR1_SIDSIZE, idr->sidsize) |
			sn_field_prep(IDR1_SSIDSIZE, idr->ssidsize));
	regs[3] = (u32)(sn_field_prep(IDR3_XNX, idr->xnx) | sn_field_prep(IDR3_FWB, idr->fwb) |
			sn_field_prep(IDR3_STT, idr->stt) | sn_field_prep(IDR3_RIL, idr->ril));
	regs[5] = (u32)(sn_field_prep(IDR5_OAS, idr->oas) |
			sn_field_prep(IDR5_GRAN4K, idr->gran4k) |
			sn_field_prep(IDR5_GRAN16K, idr->gran16k) |
			sn_field_prep(IDR5_GRAN64K, idr->gran64k));
}

void smmu_idr_decode(const u32 regs[6], struct smmu_idr *idr)
{
	*idr = (struct smmu_idr){
		.s2p = sn_field_get(IDR0_S2P, regs[0]),
		.s1p = sn_field_get(IDR0_S1P, regs[0]),
		.ttf = (u8)sn_field_get(IDR0_TTF, regs[0]),
		.httu = (u8)sn_field_get(IDR0_HTTU, regs[0]),
		.hyp = sn_field_get(IDR0_HYP, regs[0]),
		.ats = sn_field_get(IDR0_ATS, regs[0]),
		.ns1ats = sn_field_get(IDR0_NS1ATS, regs[0]),
		.asid16 = sn_field_get(IDR0_ASID16, regs[0]),
		.vmid16 = sn_field_get(IDR0_VMID16, regs[0]),
		.cd2l = sn_field_get(IDR0_CD2L, regs[0]),
		.ttendian = (u8)sn_field_get(IDR0_TTENDIAN, regs[0]),
		.stall_model = (u8)sn_field_get(IDR0_STALL_MODEL, regs[0]),
		.term_model = sn_field_get(IDR0_TERM_MODEL, regs[0]),
		.st_level = (u8)sn_field_get(IDR0_ST_LEVEL, regs[0]),
		.sidsize = (u8)sn_field_get(IDR1_SIDSIZE, regs[1]),
		.ssidsize = (u8)sn_field_get(IDR1_SSIDSIZE, regs[1]),
		.xnx = sn_field_get(IDR3_XNX, regs[3]),
		.fwb = sn_field_get(IDR3_FWB, regs[3]),
		.stt = sn_field_get(IDR3_STT, regs[3]),
		.ril = sn_field_get(IDR3_RIL, regs[3]),
		.oas = (u8)sn_field_get(IDR5_OAS, regs[5]),
		.gran4k = sn_field_get(IDR5_GRAN4K, regs[5]),
		.gran16k = sn_field_get(IDR5_GRAN16K, regs[5]),
		.gran64k = sn_field_get(IDR5_GRAN64K, regs[5]),
	};
}

/* IHI0070 §6.3.6 IDR5.OAS, same encoding as S2PS and CD.IPS (arch.md §1.2). */
unsigned sn_pa_bits(unsigned encoded)
{
	static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 52, 56 };

	return bits[encoded & 7];
}

void smmu_init(struct smmu *s, struct sn_mem *mem)
{
	memset(s, 0, sizeof(*s));
	smmu_idr_default(&s->idr);
	s->cr2_recinvsid = true;
	s->mem = mem;
}

bool smmu_read64(struct smmu *s, u64 pa, enum sn_access_what what, u8 stage,
		 s8 level, u64 ia, u8 for_class, u64 *value)
{
	bool aborted = sn_mem_aborts(s->mem, pa);
	struct sn_access_log *log = &s->log;

	*value = aborted ? 0 : sn_mem_read64(s->mem, pa);
	if (log->n < SN_LOG_MAX) {
		log->a[log->n++] = (struct sn_access){
			.pa = pa, .size = 8, .write = false, .aborted = aborted,
			.what = what, .stage = stage, .level = level, .ia = ia,
			.value = *value, .for_class = for_class,
		};
	} else {
		log->overflow = true;
	}
	return !aborted;
}

static const char *const event_names[256] = {
	[EVT_F_UUT] = "F_UUT",
	[EVT_C_BAD_STREAMID] = "C_BAD_STREAMID",
	[EVT_F_STE_FETCH] = "F_STE_FETCH",
	[EVT_C_BAD_STE] = "C_BAD_STE",
	[EVT_F_BAD_ATS_TREQ] = "F_BAD_ATS_TREQ",
	[EVT_F_STREAM_DISABLED] = "F_STREAM_DISABLED",
	[EVT_F_TRANSL_FORBIDDEN] = "F_TRANSL_FORBIDDEN",
	[EVT_C_BAD_SUBSTREAMID] = "C_BAD_SUBSTREAMID",
	[EVT_F_CD_FETCH] = "F_CD_FETCH",
	[EVT_C_BAD_CD] = "C_BAD_CD",
	[EVT_F_WALK_EABT] = "F_WALK_EABT",
	[EVT_F_TRANSLATION] = "F_TRANSLATION",
	[EVT_F_ADDR_SIZE] = "F_ADDR_SIZE",
	[EVT_F_ACCESS] = "F_ACCESS",
	[EVT_F_PERMISSION] = "F_PERMISSION",
	[EVT_F_TLB_CONFLICT] = "F_TLB_CONFLICT",
	[EVT_F_CFG_CONFLICT] = "F_CFG_CONFLICT",
	[EVT_E_PAGE_REQUEST] = "E_PAGE_REQUEST",
	[EVT_F_VMS_FETCH] = "F_VMS_FETCH",
};

const char *sn_event_name(u8 type)
{
	return event_names[type] ? event_names[type] : "reserved";
}
