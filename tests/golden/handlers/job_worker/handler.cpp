// Handler job_worker
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace shipyard::job_worker {

void handle(const QueueMessage& message, Context& ctx) {
  ctx.log.info("message " + message.message_id);
  // TODO: process message.body; throw to have this message retried.
}

}  // namespace shipyard::job_worker
