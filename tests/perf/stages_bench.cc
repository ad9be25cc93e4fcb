// Google Benchmark of each stage on the eventbridge-fanout workload (tests/perf/synth.py), in process:
// load (YAML -> nodes), lower + check, each backend of emit::all_backends() alone, all of them through
// emit_all, the sink's plan against an empty folder, and writing: a first build into a new folder, and a
// rebuild into an up-to-date one. The spec comes from SLIPWAY_BENCH_SPEC, or is generated with synth.py
// for SLIPWAY_BENCH_N handlers (default 1000). Files go under $TMPDIR (default /tmp).
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "check/check.h"
#include "cli/allocator.h"
#include "cli/cli.h"
#include "cli/pipeline.h"
#include "emit/backend.h"
#include "lower/lower.h"
#include "sink/sink.h"

namespace {

using namespace slipway;

std::string temp_dir() {
  const char* t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

// A name under $TMPDIR that no other run of this benchmark uses.
std::string temp_path(const std::string& what) {
  return temp_dir() + "/slipway-bench-" + std::to_string(::getpid()) + "-" + what;
}

// The spec the benchmarks read; a generated one is removed when the process ends.
struct SpecFile {
  std::string path;
  bool generated;
  SpecFile(std::string p, bool g) : path(std::move(p)), generated(g) {}
  SpecFile(const SpecFile&) = delete;
  SpecFile& operator=(const SpecFile&) = delete;
  ~SpecFile() {
    if (generated) std::remove(path.c_str());
  }
};

SpecFile make_spec() {
  if (const char* p = std::getenv("SLIPWAY_BENCH_SPEC")) return {p, false};
  const char* n_env = std::getenv("SLIPWAY_BENCH_N");
  const std::string n = n_env && *n_env ? n_env : "1000";
  if (n.find_first_not_of("0123456789") != std::string::npos) {
    std::fprintf(stderr, "SLIPWAY_BENCH_N must be a number, not '%s'\n", n.c_str());
    std::exit(2);
  }
  std::string path = temp_path("spec-" + n + ".yaml");
  std::string here = __FILE__;  // .../tests/perf/stages_bench.cc
  std::string cmd = "python3 '" + here.substr(0, here.find_last_of('/')) + "/synth.py' " + n + " > '" + path + "'";
  if (std::system(cmd.c_str()) != 0) {
    std::remove(path.c_str());
    std::fprintf(stderr, "could not write the workload: %s\n", cmd.c_str());
    std::exit(2);
  }
  return {path, true};
}

const std::string& spec() {
  static const SpecFile file = make_spec();
  return file.path;
}

// The spec compiled once, with the built-in templates: what every emit benchmark starts from.
struct Compiled {
  cli::Compiled compiled;
  emit::Options options;
};

const Compiled& compiled() {
  static const Compiled c = [] {
    auto reader = cli::real_reader();
    Compiled out{cli::compile(spec(), *reader), {}};
    if (!out.compiled.ok()) {
      std::fprintf(stderr, "%s: the spec does not compile; nothing to benchmark\n", spec().c_str());
      std::exit(2);
    }
    out.options.templates = emit::default_templates();
    return out;
  }();
  return c;
}

void BM_Load(benchmark::State& state) {
  auto reader = cli::real_reader();
  for (auto _ : state) {
    base::Sources sources;
    base::Diagnostics diags;
    benchmark::DoNotOptimize(spec::load(spec(), *reader, sources, diags));
  }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

void BM_LowerCheck(benchmark::State& state) {
  auto reader = cli::real_reader();
  base::Sources sources;
  base::Diagnostics diags;
  spec::NodePtr root = spec::load(spec(), *reader, sources, diags);
  for (auto _ : state) {
    base::Diagnostics d;
    model::Program p = lower::lower(*root, d);
    check::check(p, d);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_LowerCheck)->Unit(benchmark::kMillisecond);

void BM_Backend(benchmark::State& state) {
  const Compiled& c = compiled();
  const emit::Options& options = c.options;
  auto backends = emit::all_backends();
  const auto& backend = backends[static_cast<std::size_t>(state.range(0))];
  state.SetLabel(backend->name());
  for (auto _ : state) {
    base::OutputSet out;
    base::Diagnostics d;
    backend->emit(c.compiled.program, options, out, d);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Backend)->DenseRange(0, static_cast<int>(emit::all_backends().size()) - 1)->Unit(benchmark::kMillisecond);

// All backends as a build runs them: emit_all, side by side on the machine's cores, sharing what they
// derive in common. Real time is the figure here (the CPU column counts the calling thread only).
void BM_EmitAll(benchmark::State& state) {
  const Compiled& c = compiled();
  const emit::Options& options = c.options;
  for (auto _ : state) {
    base::Diagnostics d;
    benchmark::DoNotOptimize(emit::emit_all(c.compiled.program, options, d));
  }
}
BENCHMARK(BM_EmitAll)->Unit(benchmark::kMillisecond)->UseRealTime();

// The output set of the spec, made once (the sink benchmarks below share it).
const base::OutputSet& output() {
  static const base::OutputSet files = [] {
    const Compiled& c = compiled();
    base::Diagnostics d;
    return emit::emit_all(c.compiled.program, c.options, d);
  }();
  return files;
}

void BM_SinkPlanEmptyFolder(benchmark::State& state) {
  const base::OutputSet& files = output();
  auto disk = sink::real_disk();
  const std::string root = temp_path("missing/out");
  for (auto _ : state) benchmark::DoNotOptimize(sink::plan(files, root, *disk));
}
BENCHMARK(BM_SinkPlanEmptyFolder)->Unit(benchmark::kMillisecond);

// Plans and applies `files` under `root` as `slipway build` does; "" or what went wrong.
std::string build_into(const base::OutputSet& files, const std::string& root, sink::Disk& disk,
                       std::size_t& written) {
  sink::Plan plan = sink::plan(files, root, disk);
  written = plan.changes.size();
  if (!plan.unsafe_paths.empty() || !plan.hand_edited.empty()) return "the plan refuses " + root;
  return sink::apply(plan, disk);
}

// A first build: plan and write the whole tree into a folder that does not exist yet, as `slipway build`
// does (staged beside it, then renamed). The tree is removed between iterations, outside the timing.
// Real time is the figure: the sink writes on several threads.
void BM_SinkWriteFresh(benchmark::State& state) {
  const base::OutputSet& files = output();
  auto disk = sink::real_disk();
  const std::string root = temp_path("fresh");
  for (auto _ : state) {
    std::size_t written = 0;
    if (std::string err = build_into(files, root, *disk, written); !err.empty()) {
      state.SkipWithError(err.c_str());
      break;
    }
    state.PauseTiming();
    const bool complete = written == files.size() + 1;  // every file and the manifest
    std::string removed = disk->remove_tree(root);
    state.ResumeTiming();
    if (!complete || !removed.empty()) {
      state.SkipWithError(complete ? removed.c_str() : "the first build did not write every file");
      break;
    }
  }
  state.counters["files"] = static_cast<double>(files.size());
}
BENCHMARK(BM_SinkWriteFresh)->Unit(benchmark::kMillisecond)->UseRealTime();

// A first build as `slipway build` makes it: every backend, each file streamed into the sink's stage as it
// is made, then the plan applied (the tree renamed into place). Against BM_EmitAll + BM_SinkWriteFresh,
// which hold the whole output between the two.
void BM_BuildStreamed(benchmark::State& state) {
  const Compiled& c = compiled();
  auto disk = sink::real_disk();
  const std::string root = temp_path("streamed");
  std::size_t files = 0;
  for (auto _ : state) {
    base::Diagnostics d;
    sink::Plan plan = cli::stream_output(c.compiled.program, c.options, root, *disk, d);
    if (std::string err = sink::apply(plan, *disk); !err.empty() || d.has_errors()) {
      state.SkipWithError(err.empty() ? "the backends reported errors" : err.c_str());
      break;
    }
    state.PauseTiming();
    files = plan.changes.size();
    plan = sink::Plan{};
    std::string removed = disk->remove_tree(root);
    state.ResumeTiming();
    if (!removed.empty()) {
      state.SkipWithError(removed.c_str());
      break;
    }
  }
  state.counters["files"] = static_cast<double>(files);
}
BENCHMARK(BM_BuildStreamed)->Unit(benchmark::kMillisecond)->UseRealTime();

// A rebuild of an unchanged spec into its up-to-date folder: every file is read back and compared, and
// nothing is written.
void BM_SinkRebuildUnchanged(benchmark::State& state) {
  const base::OutputSet& files = output();
  auto disk = sink::real_disk();
  const std::string root = temp_path("unchanged");
  std::size_t written = 0;
  if (std::string err = build_into(files, root, *disk, written); !err.empty()) {
    state.SkipWithError(err.c_str());
    return;
  }
  for (auto _ : state) {
    if (std::string err = build_into(files, root, *disk, written); !err.empty() || written != 0) {
      state.SkipWithError(err.empty() ? "a rebuild of unchanged output wrote files" : err.c_str());
      break;
    }
  }
  disk->remove_tree(root);
}
BENCHMARK(BM_SinkRebuildUnchanged)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

// benchmark_main's main, with the allocator set up as the slipway binary sets it up.
int main(int argc, char** argv) {
  slipway::cli::tune_allocator();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
