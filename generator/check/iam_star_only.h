// IAM actions with no required resource type: their plain use is authorized on "*" only, so a
// raw grant doing so is not a wildcard worth a warning.
#pragma once
#include <string_view>
#include <vector>

namespace slipway::check {

// The generated table (iam_star_only.cc): newline-separated, lowercased, sorted chunks.
const std::vector<const char*>& iam_star_only_chunks();

// Whether `action` (service:Action, any case, no wildcard) supports only Resource "*".
bool iam_star_only(std::string_view action);

}  // namespace slipway::check
