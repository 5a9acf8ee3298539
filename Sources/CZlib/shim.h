#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

/// deflateInit2 and inflateInit2 are macros, which Swift cannot import: wrap them.
static inline int czlib_deflateInit2(z_streamp strm, int level, int windowBits, int strategy) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, strategy);
}

static inline int czlib_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
