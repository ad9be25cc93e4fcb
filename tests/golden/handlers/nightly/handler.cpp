// Handler nightly
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace shipyard::nightly {

void handle(const slipway::ScheduledEvent& event, Context& ctx) {
  ctx.log.info("scheduled run at " + event.time.text());
  // TODO: the scheduled work.
}

}  // namespace shipyard::nightly
