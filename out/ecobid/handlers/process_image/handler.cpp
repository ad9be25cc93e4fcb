// Handler process_image: Categorizes an uploaded image (Rekognition) and moderates it, then hands it to the resizer
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace ecobid::process_image {

void handle(const slipway::s3::Record& record, Context& ctx) {
  ctx.log.info(record.event_name + " s3://" + record.bucket + "/" + record.key);
  // TODO: process the object.
}

}  // namespace ecobid::process_image
