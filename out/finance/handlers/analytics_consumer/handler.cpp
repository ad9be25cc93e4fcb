// Handler analytics_consumer: Updates per-user spending analytics from newly processed transactions
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace finance::analytics_consumer {

void handle(const slipway::Event<FileProcessed>& event, Context& ctx) {
  ctx.log.info("FileProcessed " + event.id);
  // TODO: react to event.detail (FileProcessed).
}

}  // namespace finance::analytics_consumer
