// A valid, deterministic sample EventBridge event for a declared event: the envelope EventBridge delivers
// and a detail built from the event's schema. Used by `slipway sample-event` and the handler tests.
#pragma once
#include "model/model.h"

namespace slipway::derive {

// A sample value of a type: strings "example-<field>", integers 1, numbers 1.5, booleans true,
// timestamps 2024-01-01T00:00:00Z, an enum's first value, arrays of one element, objects with every field
// (optional ones too).
model::Json sample_value(const model::Type& type, const std::string& field_name);

// The whole event: version, id, detail-type, source, account, time, region, resources, detail.
model::Json sample_event(const model::System& system, const model::Event& event);

}  // namespace slipway::derive
