// Declarations only: the driver lives in libFuzzer's runtime.
#include "CLibFuzzer.h"
