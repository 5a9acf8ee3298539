#ifndef TIKI_CZSTD_SHIM_H
#define TIKI_CZSTD_SHIM_H
#include <zstd.h>
#endif
