#include "slipway/timestamp.h"

#include <cstdio>
#include <stdexcept>

#include "slipway/json.h"

namespace slipway {

namespace {

using namespace std::chrono;

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// RFC 3339 section 5.6: full-date "T" full-time, where full-time ends in "Z" or an offset.
std::optional<system_clock::time_point> parse_rfc3339(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;  // 60: a leap second
  std::size_t pos = 19;
  nanoseconds fraction{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    long long scale = 100000000, ns = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ns += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
    fraction = nanoseconds{ns};
  }
  if (pos >= s.size()) return std::nullopt;  // the zone is required
  minutes offset{0};
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0, om = 0;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = minutes{(oh * 60 + om) * (s[pos] == '-' ? -1 : 1)};
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + fraction;
  return time_point_cast<system_clock::duration>(local - offset);
}

std::string format_utc(system_clock::time_point t, bool millis) {
  auto day_point = floor<days>(t);
  year_month_day ymd{day_point};
  hh_mm_ss<milliseconds> tod{floor<milliseconds>(t - day_point)};
  char buf[40];
  if (millis) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                  static_cast<int>(tod.seconds().count()), static_cast<int>(tod.subseconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                  static_cast<int>(tod.seconds().count()));
  }
  return buf;
}

}  // namespace

Timestamp::Timestamp() : text_("1970-01-01T00:00:00Z"), point_() {}

Timestamp::Timestamp(std::string text, system_clock::time_point point) : text_(std::move(text)), point_(point) {}

std::optional<Timestamp> Timestamp::try_parse(std::string_view text) {
  auto point = parse_rfc3339(text);
  if (!point) return std::nullopt;
  return Timestamp(std::string(text), *point);
}

Timestamp Timestamp::parse(std::string_view text) {
  auto t = try_parse(text);
  if (!t) throw std::invalid_argument("not an RFC 3339 timestamp: '" + std::string(text) + "'");
  return *t;
}

Timestamp Timestamp::from(system_clock::time_point t) {
  auto ms = floor<milliseconds>(t);
  return Timestamp(format_utc(ms, true), time_point_cast<system_clock::duration>(ms));
}

Timestamp Timestamp::now() { return from(system_clock::now()); }

std::string scheduler_at_text(system_clock::time_point t) { return format_utc(floor<seconds>(t), false); }

void read_value(const nlohmann::json& j, const std::string& path, Timestamp& out) {
  if (!j.is_string()) type_mismatch(j, path, "timestamp (an RFC 3339 string)");
  auto t = Timestamp::try_parse(j.get_ref<const std::string&>());
  if (!t) throw PayloadError(path, "expected timestamp (RFC 3339, e.g. 2024-05-01T12:00:00Z), got '" +
                                       j.get<std::string>() + "'");
  out = *t;
}

void to_json(nlohmann::json& j, const Timestamp& t) { j = t.text(); }

}  // namespace slipway
