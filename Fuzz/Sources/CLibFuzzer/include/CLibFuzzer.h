#ifndef TIKI_CLIBFUZZER_H
#define TIKI_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): runs the fuzzing loop with the command line's
/// options. SwiftPM gives every executable its own `main`, so the fuzz targets call this instead of relying on
/// libFuzzer's `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
