// Google Benchmark of each stage on the eventbridge-fanout workload (tests/perf/synth.py), in process:
// load (YAML -> nodes), lower + check, each backend of emit::all_backends() alone, all of them through
// emit_all, and the sink's plan against an empty folder. The spec comes from SLIPWAY_BENCH_SPEC, or is
// generated for N=1000 with synth.py.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "check/check.h"
#include "cli/allocator.h"
#include "cli/cli.h"
#include "cli/pipeline.h"
#include "emit/backend.h"
#include "lower/lower.h"
#include "sink/sink.h"

namespace {

using namespace slipway;

std::string spec_path() {
  if (const char* p = std::getenv("SLIPWAY_BENCH_SPEC")) return p;
  std::string path = "/tmp/slipway-bench-1000.yaml";
  std::string here = __FILE__;  // .../tests/perf/stages_bench.cc
  std::string cmd = "python3 " + here.substr(0, here.find_last_of('/')) + "/synth.py 1000 > " + path;
  if (std::system(cmd.c_str()) != 0) std::abort();
  return path;
}

const std::string& spec() {
  static const std::string path = spec_path();
  return path;
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

void BM_SinkPlanEmptyFolder(benchmark::State& state) {
  const Compiled& c = compiled();
  const emit::Options& options = c.options;
  base::Diagnostics d;
  base::OutputSet files = emit::emit_all(c.compiled.program, options, d);
  auto disk = sink::real_disk();
  for (auto _ : state) benchmark::DoNotOptimize(sink::plan(files, "/tmp/slipway-bench-missing/out", *disk));
}
BENCHMARK(BM_SinkPlanEmptyFolder)->Unit(benchmark::kMillisecond);

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
