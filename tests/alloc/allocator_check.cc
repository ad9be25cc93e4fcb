// Checks what cli::tune_allocator promises (generator/cli/allocator.h), in a process linked with mimalloc
// as the slipway binary is: the mapping of the main thread's heap, made before main(), and the heap of a
// thread started afterwards are both advised for 2 MiB pages (VmFlags "hg" in /proc/self/smaps), and
// mimalloc commits every thread's first segment at once; and memory the heap frees is used again without
// a page fault (the reserved arena, with decommit off). Exits 77 (skipped) where the kernel has no
// transparent huge pages or /proc/self/smaps cannot be read, 1 on a failure.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include <sys/resource.h>

#include "cli/allocator.h"

namespace {

// The VmFlags of the mapping that holds `p`, or "" when /proc/self/smaps lists none.
std::string vm_flags_of(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    unsigned long low = 0, high = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &low, &high) == 2 && line.find(':') > line.find(' ')) {
      inside = low <= at && at < high;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line.substr(8) + " ";
  }
  return "";
}

bool advised(const void* p) { return vm_flags_of(p).find(" hg ") != std::string::npos; }

// Page faults the process has taken so far that the kernel served without I/O.
long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// Allocates `size` bytes, writes one byte in every 4 KiB page of them and frees them; returns the page
// faults this took.
long faults_to_use(std::size_t size) {
  const long before = minor_faults();
  auto* block = static_cast<volatile char*>(mi_malloc(size));
  for (std::size_t i = 0; i < size; i += 4096) block[i] = 1;
  mi_free(const_cast<char*>(block));
  return minor_faults() - before;
}

// Prints each check as it is made and counts the failed ones.
struct Checks {
  int failed = 0;
  void expect(bool ok, const std::string& what) {
    std::printf("%s: %s\n", ok ? "ok" : "FAILED", what.c_str());
    if (!ok) ++failed;
  }
};

}  // namespace

int main() {
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) {
    std::printf("skipped: this kernel has no transparent huge pages\n");
    return 77;
  }
  if (!std::ifstream("/proc/self/smaps")) {
    std::printf("skipped: /proc/self/smaps cannot be read here\n");
    return 77;
  }
  void* before = mi_malloc(64);
  std::printf("before tuning, the main heap's mapping is %sadvised\n", advised(before) ? "" : "not ");
  slipway::cli::tune_allocator();

  Checks checks;
  checks.expect(mi_option_is_enabled(mi_option_large_os_pages), "mimalloc maps its segments in 2 MiB pages");
  checks.expect(mi_option_get(mi_option_eager_commit_delay) == 0,
                "every thread's first segment is committed at once");
  checks.expect(advised(before),
                "the mapping of the main thread's first heap block, made before tuning, is advised");
  void* after = mi_malloc(64);
  checks.expect(advised(after), "a block the main thread allocates after tuning lies in an advised mapping");
  bool thread_advised = false;
  std::thread([&] {
    void* mine = mi_malloc(64);
    thread_advised = advised(mine);
    mi_free(mine);
  }).join();
  checks.expect(thread_advised, "a block allocated on a thread started after tuning lies in an advised mapping");
  // A block of 256 MiB has a segment of its own; freed, it used to be unmapped, and the next one mapped
  // afresh: 128 faults in 2 MiB pages, 65,536 in 4 KiB ones.
  constexpr std::size_t kBig = std::size_t{256} << 20;
  const long first = faults_to_use(kBig);
  const long again = faults_to_use(kBig);
  checks.expect(first > 0 && again < 16, "memory the heap freed is used again without page faults (" +
                                             std::to_string(first) + " faults the first time, " +
                                             std::to_string(again) + " the second)");
  mi_free(after);
  mi_free(before);
  return checks.failed == 0 ? 0 : 1;
}
