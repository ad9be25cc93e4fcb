// Base64 (RFC 4648, standard alphabet, padded) for HTTP bodies and binary attributes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace slipway {

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace slipway
