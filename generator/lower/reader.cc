#include "lower/reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace slipway::lower {

void wrong_type(const Node& n, const std::string& what, const std::string& expected, base::Diagnostics& d) {
  d.error("wrong-type", n.span, what + " must be " + expected + ", not " + describe(n));
}

std::optional<std::string> as_string(const Node& n, const std::string& what, base::Diagnostics& d) {
  if (!n.is_scalar()) {
    wrong_type(n, what, "a string", d);
    return std::nullopt;
  }
  return n.value;
}

namespace {
bool parse_int(const std::string& s, long long& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e;
}
bool parse_double(const std::string& s, double& out) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno == 0 && std::isfinite(out) &&
         s.find_first_of("xXnN") == std::string::npos;  // no hex, nan, inf
}
}  // namespace

std::optional<long long> as_integer(const Node& n, const std::string& what, base::Diagnostics& d) {
  long long v = 0;
  if (!n.is_scalar() || !n.plain || !parse_int(n.value, v)) {
    wrong_type(n, what, "a whole number", d);
    return std::nullopt;
  }
  return v;
}

std::optional<long long> as_integer_in(const Node& n, const std::string& what, long long lo, long long hi,
                                       base::Diagnostics& d) {
  auto v = as_integer(n, what, d);
  if (!v) return v;
  if (*v < lo || *v > hi) {
    d.error("out-of-range", n.span,
            what + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", not " +
                n.value);
    return std::nullopt;
  }
  return v;
}

std::optional<double> as_number(const Node& n, const std::string& what, base::Diagnostics& d) {
  double v = 0;
  if (!n.is_scalar() || !n.plain || !parse_double(n.value, v)) {
    wrong_type(n, what, "a number", d);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> as_bool(const Node& n, const std::string& what, base::Diagnostics& d) {
  if (n.is_scalar() && n.plain) {
    if (n.value == "true" || n.value == "True" || n.value == "TRUE") return true;
    if (n.value == "false" || n.value == "False" || n.value == "FALSE") return false;
  }
  wrong_type(n, what, "true or false", d);
  return std::nullopt;
}

std::optional<long long> parse_duration(const std::string& text) {
  long long v = 0;
  if (parse_int(text, v)) return v >= 0 ? std::optional<long long>(v) : std::nullopt;
  if (text.empty()) return std::nullopt;
  long long total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i - start > 9) return std::nullopt;
    long long num = std::stoll(text.substr(start, i - start));
    std::size_t ustart = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(ustart, i - ustart);
    long long mul = unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
    if (mul == 0) return std::nullopt;
    total += num * mul;
    any = true;
  }
  return any ? std::optional<long long>(total) : std::nullopt;
}

std::optional<long long> as_duration(const Node& n, const std::string& what, base::Diagnostics& d) {
  if (n.is_scalar()) {
    if (auto v = parse_duration(n.value)) return v;
  }
  d.error("bad-duration", n.span, what + " must be a duration such as 30s, 5m, 1h or 7d, not " + describe(n));
  return std::nullopt;
}

std::optional<std::vector<std::string>> as_string_list(const Node& n, const std::string& what,
                                                       base::Diagnostics& d) {
  std::vector<std::string> out;
  if (n.is_scalar()) {
    out.push_back(n.value);
    return out;
  }
  if (!n.is_sequence()) {
    wrong_type(n, what, "a list of strings", d);
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : n.items) {
    if (!item->is_scalar()) {
      wrong_type(*item, "each entry of " + what, "a string", d);
      ok = false;
      continue;
    }
    out.push_back(item->value);
  }
  return ok ? std::optional(out) : std::nullopt;
}

model::Json scalar_json(const Node& n) {
  if (n.is_null()) return nullptr;
  if (!n.plain) return n.value;
  if (n.value == "true" || n.value == "True" || n.value == "TRUE") return true;
  if (n.value == "false" || n.value == "False" || n.value == "FALSE") return false;
  long long i = 0;
  if (parse_int(n.value, i)) return i;
  double dv = 0;
  if (parse_double(n.value, dv) && n.value.find_first_of("0123456789") != std::string::npos) return dv;
  return n.value;
}

model::Json to_json(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null: return nullptr;
    case Node::Kind::Scalar: return scalar_json(n);
    case Node::Kind::Sequence: {
      model::Json arr = model::Json::array();
      for (const auto& item : n.items) arr.push_back(to_json(*item));
      return arr;
    }
    case Node::Kind::Mapping: {
      model::Json obj = model::Json::object();
      for (const auto& e : n.entries) obj[e.key.value] = to_json(*e.value);
      return obj;
    }
  }
  return nullptr;
}

bool check_literal(const Node& n, const std::string& what, base::Diagnostics& d) {
  if (n.value.find("${") != std::string::npos) {
    d.error("bad-reference", n.span, what + " cannot refer to deployed values ('${'); it is used literally")
        .fix = "remove the '${...}'";
    return false;
  }
  return true;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

bool check_identifier(const spec::Key& key, const std::string& what, base::Diagnostics& d) {
  if (is_identifier(key.value) && key.value.size() <= 64) return true;
  if (key.value.size() > 64) {
    d.error("invalid-name", key.span, what + " name '" + key.value.substr(0, 64) + "...' is longer than 64 characters");
    return false;
  }
  std::string fixed;
  for (char c : key.value) fixed += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (!fixed.empty() && !std::isalpha(static_cast<unsigned char>(fixed[0]))) fixed.clear();  // no good guess
  auto& diag = d.error("invalid-name", key.span,
                       what + " name '" + key.value +
                           "' is not an identifier: use letters, digits and '_', starting with a letter");
  if (!fixed.empty()) diag.fix = "write '" + fixed + "'";
  return false;
}

MapReader::MapReader(const Node& node, std::string what, base::Diagnostics& d)
    : node_(node), what_(std::move(what)), d_(d), ok_(node.is_mapping() || node.is_null()) {
  if (!ok_) wrong_type(node, what_, "a mapping", d_);
  // One allocation for the keys a reader is asked for (a handler's, a rule's: 10 to 20) instead of five
  // as the list doubles: 1.7 % of the instructions of `validate` at N=10,000.
  known_.reserve(16);
}

const Node* MapReader::get(const std::string& key) {
  known_.push_back(key);
  if (!node_.is_mapping()) return nullptr;
  return node_.get(key);
}

const spec::Key* MapReader::key_of(const std::string& key) const {
  if (!node_.is_mapping()) return nullptr;
  const spec::Entry* e = node_.entry(key);
  return e ? &e->key : nullptr;
}

void MapReader::allow(std::initializer_list<const char*> keys) {
  for (const char* k : keys) known_.push_back(k);
}

// Each reader below returns a well-formed value at once and names the field, a string built for a
// message, only when there is something to report: building it for every read was a tenth of lowering.
std::optional<std::string> MapReader::str(const std::string& key) {
  const Node* n = get(key);
  if (!n) return std::nullopt;
  if (n->is_scalar()) return n->value;
  return as_string(*n, field(key), d_);
}

std::optional<long long> MapReader::integer(const std::string& key, long long lo, long long hi) {
  const Node* n = get(key);
  if (!n) return std::nullopt;
  long long v = 0;
  if (n->is_scalar() && n->plain && parse_int(n->value, v) && v >= lo && v <= hi) return v;
  return as_integer_in(*n, field(key), lo, hi, d_);
}

std::optional<bool> MapReader::boolean(const std::string& key) {
  const Node* n = get(key);
  if (!n) return std::nullopt;
  return as_bool(*n, field(key), d_);
}

std::optional<long long> MapReader::duration(const std::string& key) {
  const Node* n = get(key);
  if (!n) return std::nullopt;
  if (n->is_scalar()) {
    if (auto v = parse_duration(n->value)) return v;
  }
  return as_duration(*n, field(key), d_);
}

std::optional<std::vector<std::string>> MapReader::strings(const std::string& key) {
  const Node* n = get(key);
  if (!n) return std::nullopt;
  return as_string_list(*n, field(key), d_);
}

void MapReader::finish() {
  if (!node_.is_mapping()) return;
  for (const auto& e : node_.entries) {
    if (std::find(known_.begin(), known_.end(), e.key.value) != known_.end()) continue;
    std::vector<std::string> sorted = known_;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    auto& diag = d_.error("unknown-key", e.key.span, "unknown key '" + e.key.value + "' in " + what_);
    diag.fix = base::did_you_mean(e.key.value, sorted);
    if (diag.fix.empty() && sorted.size() <= 24) {
      std::string list;
      for (const auto& k : sorted) list += (list.empty() ? "" : ", ") + k;
      diag.fix = "expected one of: " + list;
    }
  }
}

}  // namespace slipway::lower
