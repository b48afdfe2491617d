build/model/cd.o: model/cd.c include/smmu-nest/cd.h \
 include/smmu-nest/ste.h include/smmu-nest/bits.h model/fieldtab.h
include/smmu-nest/cd.h:
include/smmu-nest/ste.h:
include/smmu-nest/bits.h:
model/fieldtab.h:
