// A spec held in memory: a FileReader that knows one file, spec.yaml, for the tests and fuzz targets that
// compile a text without touching the disk (an include of any other name finds nothing).
#pragma once
#include <optional>
#include <string>
#include <utility>

#include "spec/loader.h"

namespace slipway::testing {

class OneFileReader final : public spec::FileReader {
 public:
  static constexpr const char* kPath = "spec.yaml";
  explicit OneFileReader(std::string text) : text_(std::move(text)) {}
  std::optional<std::string> read(const std::string& path) override {
    if (path == kPath) return text_;
    return std::nullopt;
  }

 private:
  std::string text_;
};

}  // namespace slipway::testing
