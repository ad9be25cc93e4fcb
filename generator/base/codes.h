// The registry of every diagnostic code. A code names one kind of problem; the message says what is
// wrong in this spec. tests/unit/codes_test.cc fails when a source uses a code that is not listed here,
// or when a listed code has no test case.
#pragma once
#include <string_view>
#include <vector>

namespace slipway::base {

struct CodeInfo {
  std::string_view code;         // e.g. "unknown-key"
  std::string_view stage;        // the stage that reports it: spec, lower, check, emit, cli
  std::string_view description;  // one line, for `slipway explain`-style listings and docs
};

// Every code, sorted by code.
const std::vector<CodeInfo>& codes();

// The entry for `code`, or nullptr when it is not registered.
const CodeInfo* find_code(std::string_view code);

}  // namespace slipway::base
