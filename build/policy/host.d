build/policy/host.o: policy/host.c include/smmu-nest/policy.h \
 include/smmu-nest/ste.h include/smmu-nest/bits.h \
 include/smmu-nest/vectors.h
include/smmu-nest/policy.h:
include/smmu-nest/ste.h:
include/smmu-nest/bits.h:
include/smmu-nest/vectors.h:
