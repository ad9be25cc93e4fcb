// The ways a build reaches the sink, for tests that must hold for each: an OutputSet planned whole
// (`plan`), files streamed as the backends make them (a Stream, as `build` does) and files streamed to a
// Stream that checks (as `build --check` does).
#pragma once
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "sink/sink.h"

namespace slipway::sink::testing {

enum class Way { Plan, Stream, Check };

// The suffix of a test's name: Ways/SinkPlan.X/Plan, .../Stream, .../Check.
inline std::string way_name(const ::testing::TestParamInfo<Way>& info) {
  return info.param == Way::Plan ? "Plan" : info.param == Way::Stream ? "Stream" : "Check";
}

inline std::ostream& operator<<(std::ostream& out, Way way) {
  return out << way_name(::testing::TestParamInfo<Way>(way, 0));
}

// Streams `files` as the backends would: one writer per top folder (a backend's share), each on a thread of
// its own, each adding its files in path order; then closes the stream.
inline Plan stream_files(const base::OutputSet& files, const std::string& root, Disk& disk,
                         Stream::Mode mode = Stream::Mode::Write) {
  Stream stream(root, disk, mode);
  std::map<std::string, std::vector<const base::OutputSet::value_type*>> by_top;
  for (const auto& f : files) by_top[f.first.substr(0, f.first.find('/'))].push_back(&f);
  std::vector<std::future<void>> threads;
  for (const auto& entry : by_top) {
    base::FileSink& writer = stream.writer();
    const auto& list = entry.second;
    threads.push_back(std::async(std::launch::async, [&writer, &list] {
      for (const auto* f : list) writer.add(f->first, f->second);
    }));
  }
  for (auto& t : threads) t.get();
  return stream.close();
}

// The plan of `files` made one way or the other.
inline Plan plan_by(Way way, const base::OutputSet& files, const std::string& root, Disk& disk) {
  if (way == Way::Plan) return plan(files, root, disk);
  return stream_files(files, root, disk, way == Way::Stream ? Stream::Mode::Write : Stream::Mode::Check);
}

}  // namespace slipway::sink::testing
