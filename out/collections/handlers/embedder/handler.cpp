// Handler embedder: Generates the analysis's embedding with Voyage AI and stores it in pgvector
//
// This file is yours: slipway created it once and never overwrites it. The types and the glue it relies on
// are in generated/ and follow the spec: when an event's schema changes, the compiler points here at each
// use of a field that changed.
#include "generated/handler.h"

namespace collections::embedder {

void handle(const slipway::Event<AnalysisComplete>& event, Context& ctx) {
  ctx.log.info("AnalysisComplete " + event.id);
  // TODO: react to event.detail (AnalysisComplete).
}

}  // namespace collections::embedder
