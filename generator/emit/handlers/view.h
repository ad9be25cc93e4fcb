// The data a handler project's templates render: one object per handler (see docs/handlers.md for
// every key), built from the model only.
#pragma once
#include <string>

#include "emit/handlers/data.h"
#include "emit/handlers/sources.h"
#include "model/model.h"

namespace slipway::emit::handlers {

// `sources` is index_sources(system), computed once for all handlers.
Data handler_view(const model::System& system, const model::Handler& handler, const SourceIndex& sources);

// The data of handlers/CMakeLists.txt: the system and every handler's name.
Data system_view(const model::System& system);

// An environment variable a handler reads: the name Terraform must set and what it holds.
struct EnvVarSpec {
  std::string var;      // "TABLE_CARDS_NAME"
  std::string member;   // "table_cards_name"
  std::string comment;  // "name of table cards"
  std::string test_value;
};
std::vector<EnvVarSpec> handler_env_vars(const model::System& system, const model::Handler& handler);

}  // namespace slipway::emit::handlers
