// Handler schedule_auction_end: Creates the one-off schedule that ends the auction at its end time
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace ecobid::schedule_auction_end {

void handle(const slipway::Event<AuctionCreated>& event, Context& ctx) {
  ctx.log.info("AuctionCreated " + event.id);
  // TODO: react to event.detail (AuctionCreated).
}

}  // namespace ecobid::schedule_auction_end
