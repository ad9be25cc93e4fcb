// A point in time as the ISO-8601 / RFC 3339 text it arrived in ("2024-05-01T12:00:00Z",
// "2024-05-01T14:00:00.250+02:00"), validated on construction. The text is kept as it was, so a timestamp
// read from an event is written back unchanged.
#pragma once
#include <chrono>
#include <compare>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace slipway {

class Timestamp {
 public:
  Timestamp();  // 1970-01-01T00:00:00Z

  // Throws std::invalid_argument unless `text` is an RFC 3339 date-time with a time zone.
  static Timestamp parse(std::string_view text);
  static std::optional<Timestamp> try_parse(std::string_view text);
  // UTC text with millisecond precision, e.g. "2024-05-01T12:00:00.000Z".
  static Timestamp from(std::chrono::system_clock::time_point t);
  static Timestamp now();

  const std::string& text() const noexcept { return text_; }
  std::chrono::system_clock::time_point time_point() const noexcept { return point_; }

  // Ordered by the instant, not the text: "12:00:00Z" equals "14:00:00+02:00".
  friend bool operator==(const Timestamp& a, const Timestamp& b) noexcept { return a.point_ == b.point_; }
  friend std::strong_ordering operator<=>(const Timestamp& a, const Timestamp& b) noexcept {
    return a.point_ <=> b.point_;
  }

 private:
  Timestamp(std::string text, std::chrono::system_clock::time_point point);
  std::string text_;
  std::chrono::system_clock::time_point point_;
};

// "2024-05-01T12:00:00" in UTC, as EventBridge Scheduler's at() expressions want it (whole seconds).
std::string scheduler_at_text(std::chrono::system_clock::time_point t);

void read_value(const nlohmann::json& j, const std::string& path, Timestamp& out);
void to_json(nlohmann::json& j, const Timestamp& t);

}  // namespace slipway
