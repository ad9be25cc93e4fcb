// The in-memory set of files a build produces. Emitters fill it; only the sink writes it to disk.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace slipway::base {

enum class Ownership {
  Generated,  // rewritten on every build; a hand edit is reported
  Owned,      // created once (handler bodies); never overwritten or deleted
};

struct OutputFile {
  std::string content;
  Ownership ownership = Ownership::Generated;
};

// Paths are relative to the output root, '/'-separated, without '.' or '..' segments.
// A std::map keeps them sorted, so iteration order is deterministic; std::less<> lets a part of a path
// (a string_view) be looked up without a copy.
using OutputSet = std::map<std::string, OutputFile, std::less<>>;

// Where a backend puts the files it makes, one at a time, as it makes them. A backend adds each path at
// most once; one sink is used by one thread at a time. The sink copies what it keeps of `content`: the
// caller may change or free it once `add` returns, so that a backend can print file after file into one
// buffer (the Terraform backend's files reach 100 MB at N=100,000; printed each into a string of its own,
// grown by doubling, they made the kernel hand the process twice that in fresh pages, file after file).
class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual void add(std::string path, std::string_view content, Ownership ownership) = 0;
  void add(std::string path, const OutputFile& file) { add(std::move(path), file.content, file.ownership); }
};

// A FileSink that keeps the files in an OutputSet (a path added again replaces the file).
class CollectFiles final : public FileSink {
 public:
  explicit CollectFiles(OutputSet& files) : files_(files) {}
  using FileSink::add;
  void add(std::string path, std::string_view content, Ownership ownership) override {
    files_.insert_or_assign(std::move(path), OutputFile{std::string(content), ownership});
  }

 private:
  OutputSet& files_;
};

}  // namespace slipway::base
