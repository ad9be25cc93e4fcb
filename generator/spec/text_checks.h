// Byte-level checks that run before YAML parsing: encoding, tabs, NUL.
#pragma once
#include <cstdint>
#include <string>

#include "base/diagnostic.h"

namespace slipway::spec {

// Reports invalid UTF-8, NUL bytes and tabs in indentation. Returns false when the text must not be
// parsed (invalid encoding or NUL). A leading UTF-8 byte order mark is accepted and stripped from `text`.
bool check_text(std::string& text, std::uint32_t file, base::Diagnostics& diags);

}  // namespace slipway::spec
