// Handler file_processor_consumer: Downloads and analyzes a file, extracts its transactions, publishes FileProcessed
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace finance::file_processor_consumer {

void handle(const slipway::Event<FileUploaded>& event, Context& ctx) {
  ctx.log.info("FileUploaded " + event.id);
  // TODO: react to event.detail (FileUploaded).
}

}  // namespace finance::file_processor_consumer
