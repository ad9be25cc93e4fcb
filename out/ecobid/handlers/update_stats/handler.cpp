// Handler update_stats: Counts reservations and auction results per user and category
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace ecobid::update_stats {

void handle(const slipway::Event<AuctionEnded>& event, Context& ctx) {
  ctx.log.info("AuctionEnded " + event.id);
  // TODO: react to event.detail (AuctionEnded).
}

void handle(const slipway::Event<ReservationCreated>& event, Context& ctx) {
  ctx.log.info("ReservationCreated " + event.id);
  // TODO: react to event.detail (ReservationCreated).
}

}  // namespace ecobid::update_stats
