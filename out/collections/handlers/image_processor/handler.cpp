// Handler image_processor: Makes an 800x800 thumbnail at {user_id}/thumbnails/{filename} and publishes ImageProcessed
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace collections::image_processor {

void handle(const slipway::Event<ImageUploaded>& event, Context& ctx) {
  ctx.log.info("ImageUploaded " + event.id);
  // TODO: react to event.detail (ImageUploaded).
}

}  // namespace collections::image_processor
