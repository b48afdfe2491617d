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
