// How the slipway binary and the stage benchmarks set up mimalloc, the allocator they link in place of
// glibc's (CMakeLists.txt, slipway_link_mimalloc, which defines SLIPWAY_MIMALLOC). Builds without it
// (the sanitizers, the tests) do nothing here.
#pragma once
#ifdef SLIPWAY_MIMALLOC
#include <charconv>
#include <cstdint>
#include <fstream>
#include <string>
#include <mimalloc.h>
#include <sys/mman.h>
#endif

namespace slipway::cli {

#ifdef SLIPWAY_MIMALLOC
// Asks the kernel for 2 MiB pages in the mapping that holds `block` (from its first 2 MiB boundary on),
// as /proc/self/maps lists it. Does nothing when the file cannot be read or lists no such mapping.
inline void huge_pages_for_mapping_of(const void* block) {
  const auto at = reinterpret_cast<std::uintptr_t>(block);
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    // "<low>-<high> perms offset dev inode path", the addresses in hexadecimal
    std::uintptr_t low = 0, high = 0;
    const char* end = line.data() + line.size();
    auto [dash, e1] = std::from_chars(line.data(), end, low, 16);
    if (e1 != std::errc{} || dash == end || *dash != '-') continue;
    if (std::from_chars(dash + 1, end, high, 16).ec != std::errc{} || at < low || at >= high) continue;
    const std::uintptr_t from = (low + kHuge - 1) & ~(kHuge - 1);
    if (from < high) ::madvise(reinterpret_cast<void*>(from), high - from, MADV_HUGEPAGE);
    return;
  }
}
#endif

#ifdef SLIPWAY_MIMALLOC
// What the heap frees stays the process's and is used again, without the kernel's help: mimalloc gets a
// reserved range of address space as its arena (its segments come from there first, and a freed segment
// goes back there instead of being unmapped) and never hands back the pages of free memory inside it.
//
// A build frees much while it runs (the spec's tree after lowering, 730 MB at N=100,000; each backend's
// working data), and mimalloc used to unmap what it freed and map fresh memory for what came next: 3.2 GiB
// mapped over an N=100,000 build for a 2.0 GiB peak, every page of it a fault the kernel serves by
// zeroing the page. On this project's virtual machines a fresh page costs many times more at N=100,000
// than at N=10,000 (the host backs the guest's memory lazily), so this was the build's steepest cost. The
// range is reserved without backing (MAP_NORESERVE): it costs nothing until used, and its 8 GiB suffice
// for about N=350,000 before mimalloc maps more in its usual way. Where it cannot be reserved (a limit
// on address space), nothing changes; nor where the kernel counts every mapping against a limit of
// committed memory (overcommit mode 2, which ignores MAP_NORESERVE), so that the reservation would take
// 8 GiB of that limit from every other process while a build runs.
inline void keep_freed_memory() {
  std::ifstream overcommit("/proc/sys/vm/overcommit_memory");
  int mode = 0;
  if (overcommit >> mode && mode == 2) return;
  constexpr std::size_t kSize = std::size_t{8} << 30;
  constexpr std::size_t kAlign = std::size_t{64} << 20;  // a multiple of mimalloc's segment alignment
  void* at = ::mmap(nullptr, kSize + kAlign, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                    -1, 0);
  if (at == MAP_FAILED) return;
  const auto start = (reinterpret_cast<std::uintptr_t>(at) + kAlign - 1) & ~(kAlign - 1);
  void* arena = reinterpret_cast<void*>(start);
  ::madvise(arena, kSize, MADV_HUGEPAGE);
  // Committed (readable and writable, though not yet touched), not in huge OS pages, zeroed, any NUMA node.
  if (!mi_manage_os_memory(arena, kSize, true, false, true, -1)) {
    ::munmap(at, kSize + kAlign);
    return;
  }
  mi_option_disable(mi_option_allow_decommit);
}
#endif

// Called first thing in main: the allocator maps its memory in 2 MiB pages where the kernel gives them
// on request (transparent huge pages in "madvise" mode; in "always" mode it does so anyway, in "never"
// mode the kernel quietly keeps 4 KiB pages). A build touches a few hundred MB once, and each page is a
// fault: N=10,000 and N=100,000 spend a sixth to a fifth less system CPU, for ~25 MB more peak at
// N=10,000 (docs/performance.md, sixth round).
//
// Two parts of the heap stayed in 4 KiB pages until the tenth round, 12,000 faults of an N=1,000 build:
// the segment mimalloc mapped for the main thread before main() ran (for the C++ library's own start-up),
// which the option below cannot reach, so its mapping is advised here; and the first segment of every
// other thread, which mimalloc commits piece by piece unless `eager_commit_delay` is 0. With both, an
// N=1,000 build takes 300 faults and 6 % less time, for about 7 MB more peak (14 MB at N=10,000); N=10
// takes 0.4 ms more (a huge page zeroed for each thread that touches a few KB of it).
//
// Since the twelfth round the heap also keeps what it frees (keep_freed_memory, above): N=100,000 builds
// 2 to 7 % faster in four sets of pairs, N=10,000 and N=1,000 the same (docs/performance.md).
inline void tune_allocator() {
#ifdef SLIPWAY_MIMALLOC
  mi_option_enable(mi_option_large_os_pages);
  mi_option_set(mi_option_eager_commit_delay, 0);
  keep_freed_memory();
  void* probe = mi_malloc(16);
  huge_pages_for_mapping_of(probe);
  mi_free(probe);
#endif
}

}  // namespace slipway::cli
