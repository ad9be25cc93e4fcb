// Handler pricing_agent: Estimates the card's market value from pricing data and Claude 3.5 Sonnet
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace collectiq::pricing_agent {

nlohmann::json handle(const nlohmann::json& input, Context& ctx) {
  ctx.log.info("invoked with " + nlohmann::json(input).dump());
  // TODO: compute the result.
  return nlohmann::json::object();
}

}  // namespace collectiq::pricing_agent
