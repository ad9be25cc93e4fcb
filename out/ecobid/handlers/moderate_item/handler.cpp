// Handler moderate_item: Screens a new item's title and description with Comprehend and flags it
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace ecobid::moderate_item {

void handle(const slipway::Event<ItemCreated>& event, Context& ctx) {
  ctx.log.info("ItemCreated " + event.id);
  // TODO: react to event.detail (ItemCreated).
}

}  // namespace ecobid::moderate_item
