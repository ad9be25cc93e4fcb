// Handler on_card_created
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace shipyard::on_card_created {

void handle(const slipway::Event<CardCreated>& event, Context& ctx) {
  ctx.log.info("CardCreated " + event.id);
  // TODO: react to event.detail (CardCreated).
}

}  // namespace shipyard::on_card_created
