build/model/fieldtab.o: model/fieldtab.c model/fieldtab.h \
 include/smmu-nest/ste.h include/smmu-nest/bits.h
model/fieldtab.h:
include/smmu-nest/ste.h:
include/smmu-nest/bits.h:
