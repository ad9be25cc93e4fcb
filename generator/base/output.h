// The in-memory set of files a build produces. Emitters fill it; only the sink writes it to disk.
#pragma once
#include <functional>
#include <map>
#include <memory>
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
//
// A file too large to hold whole is handed on in parts instead (`open`): its parts, appended in order,
// are its content, and `done` ends it as `add` would have. The Terraform backend's largest files are a
// hundred MB each at N=100,000 handlers; held whole until handed on they were a fifth of a build's peak.
class FileParts {
 public:
  virtual ~FileParts() = default;
  // The next part of the content; the sink copies what it keeps of it.
  virtual void append(std::string_view part) = 0;
  // The file is complete. A FileParts dropped before `done` adds nothing.
  virtual void done() = 0;
};

class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual void add(std::string path, std::string_view content, Ownership ownership) = 0;
  void add(std::string path, const OutputFile& file) { add(std::move(path), file.content, file.ownership); }
  // A file handed on in parts, under the same rule as `add` (one path once). Several may be open at once;
  // each is used by the thread that uses the sink. This form joins the parts and adds them when done.
  virtual std::unique_ptr<FileParts> open(std::string path, Ownership ownership);
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

// The parts of a file collected into one text, added to `sink` when done.
class JoinedParts final : public FileParts {
 public:
  JoinedParts(FileSink& sink, std::string path, Ownership ownership)
      : sink_(sink), path_(std::move(path)), ownership_(ownership) {}
  void append(std::string_view part) override { text_ += part; }
  void done() override { sink_.add(std::move(path_), text_, ownership_); }

 private:
  FileSink& sink_;
  std::string path_;
  Ownership ownership_;
  std::string text_;
};

inline std::unique_ptr<FileParts> FileSink::open(std::string path, Ownership ownership) {
  return std::make_unique<JoinedParts>(*this, std::move(path), ownership);
}

}  // namespace slipway::base
