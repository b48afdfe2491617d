/* SPDX-License-Identifier: MIT */
/* The model adapter's instance, for adapters that wrap it (dut_broken.c). */
#ifndef SMMU_NEST_DUT_MODEL_H
#define SMMU_NEST_DUT_MODEL_H

#include <smmu-nest/dut.h>
#include <smmu-nest/oracle.h>
#include <smmu-nest/policy.h>
#include <smmu-nest/smmu.h>

struct model_dut {
	const struct host_policy *pol;
	struct tlb_policy cache;
	struct sn_mem *mem;             /* NULL before the first reset() */
	struct smmu smmu;
	struct sn_oracle *o;
	struct sn_judgement *j;
};

/* The model adapter's table; its instances are struct model_dut. */
const struct sn_dut_ops *sn_dut_model_ops(void);

#endif
