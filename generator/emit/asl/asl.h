// The ASL backend's parts: workflow -> Amazon States Language definition (JSONPath query language).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace slipway::emit::asl {

using OJson = nlohmann::ordered_json;

// The whole definition of one workflow: Comment, StartAt, States, TimeoutSeconds.
OJson definition(const model::System& system, const model::Workflow& workflow);

// What the flattener knows about the state data at a step: the workflow's typed input (the event's detail)
// while no step has replaced it, and the top-level fields that steps have added since.
struct DataShape {
  const model::Type* input = nullptr;
  std::set<std::string> added;
};

// The declared type at `path` ($.a.b[0]) or nullptr when unknown.
const model::Type* path_type(const DataShape& shape, std::string_view path);

// A Choice rule for a condition (without Next).
OJson choice_rule(const model::Condition& c, const DataShape& shape);

// A spec JSON value as it appears in a template: keys in sorted order, `${...}` references turned into
// placeholders and other template syntax escaped.
OJson template_json(const model::Json& j);
// A spec JSON value as DynamoDB attribute values; `key_types` gives the S/N/B type of key attributes.
OJson dynamodb_values(const model::Json& j, const std::map<std::string, std::string>& key_types,
                      const DataShape& shape);
// Retry and Catch entries.
OJson retrier(const model::StepRetry& r);
OJson lambda_retrier();
// A number as an integer when it is whole.
OJson number(double d);
// Reorders a state's fields the way they are usually written: Type first, Next/End last.
OJson canonical_state(const OJson& state);

}  // namespace slipway::emit::asl
