// Handler get_items: Searches and browses items (by location via GSI1, by category via GSI2)
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace ecobid::get_items {

slipway::http::Response handle(const HttpRequest& request, Context& ctx) {
  ctx.log.info(request.method + " " + request.path);
  // TODO: answer GET /items, e.g. slipway::http::Response::json(200, result).
  nlohmann::json body = nlohmann::json::object();
  body["message"] = "not implemented yet";
  return slipway::http::Response::json(501, body);
}

}  // namespace ecobid::get_items
