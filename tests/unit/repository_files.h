// Files of the repository in a test: a file's whole text, every YAML file under specs/ and tests/, and
// every source file of the compiler.
#pragma once
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace slipway::testing {

// The bytes of `path`, or an empty string when it cannot be read.
inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every *.yaml file under specs/ and tests/ of the source tree, in path order.
inline std::vector<std::filesystem::path> repository_yaml() {
  std::vector<std::filesystem::path> out;
  for (const char* dir : {"specs", "tests"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(SLIPWAY_SOURCE_DIR) / dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every *.cc and *.h file under generator/ of the source tree, in path order.
inline std::vector<std::filesystem::path> generator_sources() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(SLIPWAY_SOURCE_DIR) / "generator")) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".cc" || ext == ".h")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace slipway::testing
