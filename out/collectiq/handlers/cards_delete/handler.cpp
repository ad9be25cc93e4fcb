// Handler cards_delete: Deletes a card and its images
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace collectiq::cards_delete {

slipway::http::Response handle(const HttpRequest& request, Context& ctx) {
  ctx.log.info(request.method + " " + request.path);
  // TODO: answer DELETE /cards/{id}, e.g. slipway::http::Response::json(200, result).
  nlohmann::json body = nlohmann::json::object();
  body["message"] = "not implemented yet";
  return slipway::http::Response::json(501, body);
}

}  // namespace collectiq::cards_delete
