// The file system seam of the sink. Tests use an in-memory fake or inject failures.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace slipway::sink {

class Disk {
 public:
  virtual ~Disk() = default;
  virtual std::optional<std::string> read(const std::string& path) = 0;
  // Writes through a temporary file in the same folder and renames it over `path`; creates folders.
  // Returns "" on success or a message.
  virtual std::string write_atomic(const std::string& path, const std::string& content) = 0;
  virtual std::string remove(const std::string& path) = 0;
  // Every regular file under `root`, as paths relative to it, sorted. Empty when root does not exist.
  virtual std::vector<std::string> list(const std::string& root) = 0;
};

std::unique_ptr<Disk> real_disk();

}  // namespace slipway::sink
