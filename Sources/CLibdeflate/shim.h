#ifndef TIKI_CLIBDEFLATE_SHIM_H
#define TIKI_CLIBDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
