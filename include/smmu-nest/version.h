/* SPDX-License-Identifier: MIT */
#ifndef SMMU_NEST_VERSION_H
#define SMMU_NEST_VERSION_H
#define SMMU_NEST_VERSION "0.1.0"
#define SMMU_NEST_SCHEMA_VERSION 1
#endif
