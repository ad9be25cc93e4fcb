// The one place that turns spec names into AWS names, Terraform addresses, template placeholders and
// C++ identifiers. Every backend calls these; none builds a name by hand.
#pragma once
#include <string>
#include <string_view>

#include "model/model.h"

namespace slipway::derive {

// "<system>-<env>", the prefix of every AWS name.
std::string prefix(const model::System& s);
// "<system>-<env>-<logical>" with '_' turned into '-': functions, rules, state machines, tables, topics.
std::string aws_name(const model::System& s, std::string_view logical);
// Like aws_name, lowercased (bucket names must be lowercase).
std::string bucket_name(const model::System& s, std::string_view logical);
// aws_name plus ".fifo" for FIFO queues and topics.
std::string queue_name(const model::System& s, const model::Queue& q);
std::string topic_name(const model::System& s, const model::Topic& t);
// The event bus's AWS name: "default" for the default bus, otherwise aws_name.
std::string bus_name(const model::System& s, const model::Bus& b);
// IAM role names. Suffixes keep a handler and a workflow of the same name apart.
std::string handler_role_name(const model::System& s, std::string_view handler);      // <fn>-fn
std::string workflow_role_name(const model::System& s, std::string_view workflow);    // <sm>-sfn
std::string service_role_name(const model::System& s, std::string_view purpose);      // <prefix>-<purpose>
// The log group of a function or state machine.
std::string function_log_group(const model::System& s, std::string_view handler);     // /aws/lambda/<fn>
std::string workflow_log_group(const model::System& s, std::string_view workflow);    // /aws/vendedlogs/states/<sm>

// A Terraform identifier for a spec name (spec names are already valid identifiers; kept as they are so
// addresses read like the spec). Used for every resource, variable and output label.
std::string tf_id(std::string_view name);

// Names of template placeholders shared by the ASL, IAM and Terraform backends, e.g.
// placeholder("table", "cards", "arn") == "table_cards_arn". Kind is one of handler, workflow, table,
// bucket, queue, topic, bus, secret, parameter, schedule_group, role.
std::string placeholder(std::string_view kind, std::string_view name, std::string_view attr);

// The environment variable that hands a deployed value to a handler: the placeholder in upper case,
// e.g. env_var("table", "cards", "name") == "TABLE_CARDS_NAME". Terraform sets it; the runtime reads it.
std::string env_var(std::string_view kind, std::string_view name, std::string_view attr);

// C++ identifiers: PascalCase types ("card_created" -> "CardCreated"), snake_case members and
// functions; a leading digit or a C++ keyword gets a trailing '_'.
std::string cpp_type_name(std::string_view name);
std::string cpp_member_name(std::string_view name);
std::string cpp_enum_value_name(std::string_view value);

}  // namespace slipway::derive
