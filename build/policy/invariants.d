build/policy/invariants.o: policy/invariants.c \
 include/smmu-nest/invariants.h include/smmu-nest/policy.h \
 include/smmu-nest/ste.h include/smmu-nest/bits.h
include/smmu-nest/invariants.h:
include/smmu-nest/policy.h:
include/smmu-nest/ste.h:
include/smmu-nest/bits.h:
