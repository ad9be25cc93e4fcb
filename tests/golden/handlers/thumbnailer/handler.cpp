// Handler thumbnailer
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace shipyard::thumbnailer {

void handle(const slipway::s3::Record& record, Context& ctx) {
  ctx.log.info(record.event_name + " s3://" + record.bucket + "/" + record.key);
  // TODO: process the object.
}

}  // namespace shipyard::thumbnailer
