// One JSON line per log message on stderr, which Lambda forwards to CloudWatch Logs:
// {"level":"ERROR","requestId":"...","message":"..."}. CloudWatch Logs Insights can filter by each key.
#pragma once
#include <string>
#include <string_view>

namespace slipway {

class Logger {
 public:
  Logger() = default;
  explicit Logger(std::string request_id) : request_id_(std::move(request_id)) {}
  void info(std::string_view message) const { write("INFO", message); }
  void warn(std::string_view message) const { write("WARN", message); }
  void error(std::string_view message) const { write("ERROR", message); }
  const std::string& request_id() const noexcept { return request_id_; }

 private:
  void write(std::string_view level, std::string_view message) const;
  std::string request_id_;
};

}  // namespace slipway
