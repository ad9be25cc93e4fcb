#include "base/diagnostic.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <tuple>

namespace slipway::base {

Diagnostic& Diagnostics::error(std::string code, Span span, std::string message) {
  items_.push_back(Diagnostic{Severity::Error, std::move(code), span, std::move(message), {}, {}});
  return items_.back();
}

Diagnostic& Diagnostics::warning(std::string code, Span span, std::string message) {
  items_.push_back(Diagnostic{Severity::Warning, std::move(code), span, std::move(message), {}, {}});
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() != 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::Error;
  }));
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

namespace {
auto sort_key(const Diagnostic& d) {
  return std::tie(d.span.file, d.span.line, d.span.col, d.severity, d.code, d.message);
}
}  // namespace

void Diagnostics::sort_and_unique() {
  std::stable_sort(items_.begin(), items_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return sort_key(a) < sort_key(b); });
  items_.erase(std::unique(items_.begin(), items_.end(),
                           [](const Diagnostic& a, const Diagnostic& b) {
                             return sort_key(a) == sort_key(b) && a.fix == b.fix;
                           }),
               items_.end());
}

namespace {
std::string location(Span span, const Sources& sources) {
  std::string out = sources.path(span.file);
  if (out.empty()) out = "<spec>";
  if (span.known()) out += ":" + std::to_string(span.line) + ":" + std::to_string(span.col);
  return out;
}
const char* severity_name(Severity s) { return s == Severity::Error ? "error" : "warning"; }
}  // namespace

std::string format_text(const Diagnostic& d, const Sources& sources) {
  std::string out = location(d.span, sources) + ": " + severity_name(d.severity) + ": " + d.message + " [" +
                    d.code + "]\n";
  for (const auto& n : d.notes) {
    out += n.span.known() ? location(n.span, sources) + ": note: " : std::string("  note: ");
    out += n.message + "\n";
  }
  if (!d.fix.empty()) out += "  help: " + d.fix + "\n";
  return out;
}

std::string format_text(const Diagnostics& ds, const Sources& sources) {
  std::string out;
  for (const auto& d : ds.items()) out += format_text(d, sources);
  return out;
}

std::string format_json(const Diagnostics& ds, const Sources& sources) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& d : ds.items()) {
    nlohmann::ordered_json j;
    j["file"] = sources.path(d.span.file);
    j["line"] = d.span.line;
    j["column"] = d.span.col;
    j["severity"] = severity_name(d.severity);
    j["code"] = d.code;
    j["message"] = d.message;
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const auto& n : d.notes) {
      nlohmann::ordered_json nj;
      nj["file"] = sources.path(n.span.file);
      nj["line"] = n.span.line;
      nj["column"] = n.span.col;
      nj["message"] = n.message;
      notes.push_back(std::move(nj));
    }
    j["notes"] = std::move(notes);
    if (!d.fix.empty()) j["fix"] = d.fix;
    arr.push_back(std::move(j));
  }
  return arr.dump(2) + "\n";
}

namespace {
// GitHub workflow commands need %, CR and LF escaped in the message, and also , and : in properties.
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}
}  // namespace

std::string format_github(const Diagnostics& ds, const Sources& sources) {
  std::string out;
  for (const auto& d : ds.items()) {
    out += d.severity == Severity::Error ? "::error " : "::warning ";
    out += "file=" + gh_escape(sources.path(d.span.file), true);
    if (d.span.known()) {
      out += ",line=" + std::to_string(d.span.line) + ",col=" + std::to_string(d.span.col);
    }
    out += ",title=" + gh_escape(d.code, true) + "::";
    std::string msg = d.message;
    if (!d.fix.empty()) msg += " (" + d.fix + ")";
    out += gh_escape(msg, false) + "\n";
  }
  return out;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions
// ("wrok" -> "work") each cost 1 (callers lower-case both words first). Gives up, returning more than
// `bound`, once every cell of a row exceeds `bound` + 1: a row's smallest cell is at most one more than
// the previous row's, so neither the next row nor a transposition from this one can come back under
// `bound`. `rows` is scratch space, reused from call to call.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t bound, std::vector<std::size_t>& rows) {
  std::size_t w = b.size() + 1;
  rows.assign(3 * w, 0);
  std::size_t* prev2 = rows.data();
  std::size_t* prev = prev2 + w;
  std::size_t* cur = prev + w;
  for (std::size_t j = 0; j < w; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j < w; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > bound + 1) return bound + 1;
    std::size_t* t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.size()];
}

}  // namespace

// The closest candidate, when it is close enough to be what the user meant: at most a third of the
// shorter word's letters (at least one) differ, case aside. A candidate whose length differs from the
// word's by more than that can never qualify, so it is not compared at all; that keeps a spec with an
// error in each of thousands of handlers, each checked against thousands of names, fast.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > 256) return {};
  const std::string w = lower(word);
  const std::size_t most = std::max<std::size_t>(1, w.size() / 3);
  std::vector<std::size_t> rows;
  std::string best;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    if (c.size() > 256) continue;
    std::size_t gap = c.size() > w.size() ? c.size() - w.size() : w.size() - c.size();
    if (gap > most) continue;
    std::size_t d = edit_distance(w, lower(c), most, rows);
    if (d > most) continue;
    if (best.empty() || d < best_d || (d == best_d && c < best)) {
      best = c;
      best_d = d;
    }
  }
  if (best.empty()) return {};
  std::size_t limit = std::max<std::size_t>(1, std::min(word.size(), best.size()) / 3);
  return (best_d <= limit && best_d < word.size()) ? best : std::string{};
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string m = closest_match(word, candidates);
  return m.empty() ? std::string{} : "did you mean '" + m + "'?";
}

}  // namespace slipway::base
