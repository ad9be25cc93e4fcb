// Handler alert_sink
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace shipyard::alert_sink {

void handle(const slipway::sns::Message& message, Context& ctx) {
  ctx.log.info("notification " + message.message_id + " from " + message.topic_arn);
  // TODO: process message.message.
}

}  // namespace shipyard::alert_sink
