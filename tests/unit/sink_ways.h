// The ways a build reaches the sink, for tests that must hold for each: an OutputSet planned whole
// (`plan`), files streamed as the backends make them (a Stream, as `build` does), files streamed to a
// Stream that checks (as `build --check` does), and files streamed in parts (FileSink::open, as the
// Terraform backend hands on its largest files).
#pragma once
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sink/sink.h"

namespace slipway::sink::testing {

enum class Way { Plan, Stream, Check, Parts };

// The suffix of a test's name: Ways/SinkPlan.X/Plan, .../Stream, .../Check, .../Parts.
inline std::string way_name(const ::testing::TestParamInfo<Way>& info) {
  switch (info.param) {
    case Way::Plan: return "Plan";
    case Way::Stream: return "Stream";
    case Way::Check: return "Check";
    case Way::Parts: return "Parts";
  }
  return "?";
}

// Whether the plans of `way` keep no contents: the files were written as they came.
inline bool writes_as_it_goes(Way way) { return way == Way::Stream || way == Way::Parts; }

// Hands `content` to `writer` in parts of `part_bytes` (and an empty part first, which adds nothing).
inline void add_in_parts(base::FileSink& writer, const std::string& path, const base::OutputFile& file,
                         std::size_t part_bytes) {
  std::unique_ptr<base::FileParts> parts = writer.open(path, file.ownership);
  const std::string_view content = file.content;
  parts->append("");
  for (std::size_t at = 0; at < content.size(); at += part_bytes) parts->append(content.substr(at, part_bytes));
  parts->done();
}

inline std::ostream& operator<<(std::ostream& out, Way way) {
  return out << way_name(::testing::TestParamInfo<Way>(way, 0));
}

// Streams `files` as the backends would: one writer per top folder (a backend's share), each on a thread of
// its own, each adding its files in path order (whole, or in parts of `part_bytes` when that is not 0);
// then closes the stream.
inline Plan stream_files(const base::OutputSet& files, const std::string& root, Disk& disk,
                         Stream::Mode mode = Stream::Mode::Write, std::size_t part_bytes = 0) {
  Stream stream(root, disk, mode);
  std::map<std::string, std::vector<const base::OutputSet::value_type*>> by_top;
  for (const auto& f : files) by_top[f.first.substr(0, f.first.find('/'))].push_back(&f);
  std::vector<std::future<void>> threads;
  for (const auto& entry : by_top) {
    base::FileSink& writer = stream.writer();
    const auto& list = entry.second;
    threads.push_back(std::async(std::launch::async, [&writer, &list, part_bytes] {
      for (const auto* f : list) {
        if (part_bytes == 0) {
          writer.add(f->first, f->second);
        } else {
          add_in_parts(writer, f->first, f->second, part_bytes);
        }
      }
    }));
  }
  for (auto& t : threads) t.get();
  return stream.close();
}

// The plan of `files` made one way or the other.
inline Plan plan_by(Way way, const base::OutputSet& files, const std::string& root, Disk& disk) {
  if (way == Way::Plan) return plan(files, root, disk);
  if (way == Way::Parts) return stream_files(files, root, disk, Stream::Mode::Write, 5);
  return stream_files(files, root, disk, way == Way::Check ? Stream::Mode::Check : Stream::Mode::Write);
}

}  // namespace slipway::sink::testing
