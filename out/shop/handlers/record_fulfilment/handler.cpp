// Handler record_fulfilment
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace shop::record_fulfilment {

void handle(const slipway::Event<OrderFulfilled>& event, Context& ctx) {
  ctx.log.info("OrderFulfilled " + event.id);
  // TODO: react to event.detail (OrderFulfilled).
}

}  // namespace shop::record_fulfilment
