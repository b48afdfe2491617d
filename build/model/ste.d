build/model/ste.o: model/ste.c include/smmu-nest/ste.h \
 include/smmu-nest/bits.h model/fieldtab.h
include/smmu-nest/ste.h:
include/smmu-nest/bits.h:
model/fieldtab.h:
