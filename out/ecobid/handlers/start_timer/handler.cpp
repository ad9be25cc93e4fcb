// Handler start_timer: Schedules the reservation's expiry 24 hours ahead
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace ecobid::start_timer {

void handle(const slipway::Event<ReservationCreated>& event, Context& ctx) {
  ctx.log.info("ReservationCreated " + event.id);
  // TODO: react to event.detail (ReservationCreated).
}

}  // namespace ecobid::start_timer
