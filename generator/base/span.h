// Source positions. A Span names a file (by index into Sources) and a 1-based line and column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace slipway::base {

struct Span {
  std::uint32_t file = 0;  // index into Sources::paths; 0 is "no file"
  std::uint32_t line = 0;  // 1-based; 0 means unknown
  std::uint32_t col = 0;   // 1-based
  bool known() const { return line != 0; }
  friend bool operator==(const Span&, const Span&) = default;
  friend auto operator<=>(const Span&, const Span&) = default;
};

// The files a compilation read, in the order they were first read. Index 0 is reserved.
class Sources {
 public:
  Sources() : paths_{std::string{}} {}
  std::uint32_t add(std::string path) {
    paths_.push_back(std::move(path));
    return static_cast<std::uint32_t>(paths_.size() - 1);
  }
  const std::string& path(std::uint32_t file) const {
    return file < paths_.size() ? paths_[file] : paths_[0];
  }
  std::size_t size() const { return paths_.size(); }

 private:
  std::vector<std::string> paths_;
};

}  // namespace slipway::base
