// Handler analyzer: Analyzes the image with an LLM, stores the analysis in PostgreSQL, publishes AnalysisComplete
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace collections::analyzer {

void handle(const slipway::Event<ImageProcessed>& event, Context& ctx) {
  ctx.log.info("ImageProcessed " + event.id);
  // TODO: react to event.detail (ImageProcessed).
}

}  // namespace collections::analyzer
