// How the slipway binary and the stage benchmarks set up mimalloc, the allocator they link in place of
// glibc's (CMakeLists.txt, slipway_link_mimalloc, which defines SLIPWAY_MIMALLOC). Builds without it
// (the sanitizers, the tests) do nothing here.
#pragma once
#ifdef SLIPWAY_MIMALLOC
#include <mimalloc.h>
#endif

namespace slipway::cli {

// Called first thing in main: the allocator maps its memory in 2 MiB pages where the kernel gives them
// on request (transparent huge pages in "madvise" mode; in "always" mode it does so anyway, in "never"
// mode mimalloc quietly keeps 4 KiB pages). A build touches a few hundred MB once, and each page is a
// fault: N=10,000 and N=100,000 spend a sixth to a fifth less system CPU, for ~25 MB more peak at
// N=10,000 (docs/performance.md, sixth round).
inline void tune_allocator() {
#ifdef SLIPWAY_MIMALLOC
  mi_option_enable(mi_option_large_os_pages);
#endif
}

}  // namespace slipway::cli
