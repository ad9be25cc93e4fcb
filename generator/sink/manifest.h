// The manifest: which files under the output folder slipway generated, with their content hashes.
#pragma once
#include <map>
#include <string>

namespace slipway::sink {

// path -> content hash, as JSON text (keys sorted, so the text is deterministic).
std::string manifest_text(const std::map<std::string, std::string>& hashes);

// The entries of a manifest; entries that are not path -> string are skipped, unreadable text gives none.
std::map<std::string, std::string> parse_manifest(const std::string& text);

}  // namespace slipway::sink
