build/tools/main_stub.o: tools/main_stub.c
