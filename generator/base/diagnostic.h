// One diagnostic type for every stage: severity, code, span, message, notes and an optional fix-it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"

namespace slipway::base {

enum class Severity { Error, Warning };

struct Note {
  Span span;  // may be unknown
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;  // registered in base/codes.h, e.g. "unknown-key"
  Span span;
  std::string message;
  std::vector<Note> notes;
  std::string fix;  // "did you mean ..." or "write ... instead"; printed as a help note
};

// Collects diagnostics from every stage. Not thread-safe; one per compilation.
class Diagnostics {
 public:
  Diagnostic& error(std::string code, Span span, std::string message);
  Diagnostic& warning(std::string code, Span span, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }

  // Sorts by file, line, column, then code and message, and removes exact duplicates.
  void sort_and_unique();

 private:
  std::vector<Diagnostic> items_;
};

// `file:line:col: error: message [code]` followed by `  note:` and `  help:` lines.
std::string format_text(const Diagnostic& d, const Sources& sources);
std::string format_text(const Diagnostics& ds, const Sources& sources);
// A JSON array of {file, line, column, severity, code, message, notes, fix}.
std::string format_json(const Diagnostics& ds, const Sources& sources);
// GitHub Actions workflow commands (::error file=...,line=...,col=...::message).
std::string format_github(const Diagnostics& ds, const Sources& sources);

// The closest candidate by edit distance, or "" when none is close enough.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);
// "did you mean 'x'?" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace slipway::base
