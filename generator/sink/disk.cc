#include "sink/disk.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace slipway::sink {

namespace fs = std::filesystem;

namespace {

class RealDisk final : public Disk {
 public:
  std::optional<std::string> read(const std::string& path) override {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  std::string write_atomic(const std::string& path, const std::string& content) override {
    std::error_code ec;
    fs::path p(path);
    if (p.has_parent_path()) {
      fs::create_directories(p.parent_path(), ec);
      if (ec) return "cannot create folder '" + p.parent_path().string() + "': " + ec.message();
    }
    std::string tmp = path + ".slipway-tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot write '" + path + "': " + std::strerror(errno);
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
      ssize_t n = ::write(fd, data, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        std::string msg = std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        return "cannot write '" + path + "': " + msg;
      }
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
      ::unlink(tmp.c_str());
      return "cannot write '" + path + "': " + std::strerror(errno);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      std::string msg = std::strerror(errno);
      ::unlink(tmp.c_str());
      return "cannot replace '" + path + "': " + msg;
    }
    return {};
  }

  std::string remove(const std::string& path) override {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return "cannot remove '" + path + "': " + ec.message();
    // Drop folders the removal left empty, up to the first non-empty one.
    fs::path dir = fs::path(path).parent_path();
    while (!dir.empty() && fs::is_directory(dir, ec) && fs::is_empty(dir, ec)) {
      fs::remove(dir, ec);
      dir = dir.parent_path();
    }
    return {};
  }

  std::vector<std::string> list(const std::string& root) override {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_symlink(ec)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec)) out.push_back(fs::relative(it->path(), root, ec).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

std::unique_ptr<Disk> real_disk() { return std::make_unique<RealDisk>(); }

}  // namespace slipway::sink
