// Handler stream_fanout
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace shipyard::stream_fanout {

void handle(const StreamRecord& record, Context& ctx) {
  ctx.log.info(record.event_name + " " + record.sequence_number);
  // TODO: react to the change (record.keys, record.new_image, record.old_image).
}

}  // namespace shipyard::stream_fanout
