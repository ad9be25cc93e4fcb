#include "model/model.h"

#include <algorithm>

namespace slipway::model {

namespace {
template <typename T>
const T* find_named(const std::vector<T>& v, const std::string& n) {
  auto it = std::lower_bound(v.begin(), v.end(), n, [](const T& a, const std::string& b) { return a.name < b; });
  return (it != v.end() && it->name == n) ? &*it : nullptr;
}
}  // namespace

const Field* Type::field(const std::string& n) const { return find_named(fields, n); }

std::string type_name(const Type& t) {
  switch (t.kind) {
    case TypeKind::String: return "string";
    case TypeKind::Integer: return "integer";
    case TypeKind::Number: return "number";
    case TypeKind::Boolean: return "boolean";
    case TypeKind::Timestamp: return "timestamp";
    case TypeKind::Object: return "object";
    case TypeKind::Array: return (t.element ? type_name(*t.element) : std::string("?")) + "[]";
    case TypeKind::Enum: {
      std::string out = "enum(";
      for (std::size_t i = 0; i < t.enum_values.size(); ++i) out += (i ? ", " : "") + t.enum_values[i];
      return out + ")";
    }
  }
  return "?";
}

bool Text::is_literal() const {
  return std::all_of(parts.begin(), parts.end(), [](const Part& p) { return !p.ref; });
}

std::string Text::literal() const {
  std::string out;
  for (const auto& p : parts) {
    if (!p.ref) out += p.literal;
  }
  return out;
}

std::string access_name(Access a) {
  switch (a) {
    case Access::Read: return "read";
    case Access::Write: return "write";
    case Access::ReadWrite: return "readwrite";
    case Access::Send: return "send";
    case Access::Consume: return "consume";
    case Access::Publish: return "publish";
    case Access::Create: return "create";
  }
  return "?";
}

std::string resource_kind_name(ResourceKind k) {
  switch (k) {
    case ResourceKind::Table: return "table";
    case ResourceKind::Bucket: return "bucket";
    case ResourceKind::Queue: return "queue";
    case ResourceKind::Topic: return "topic";
    case ResourceKind::Secret: return "secret";
    case ResourceKind::Parameter: return "parameter";
    case ResourceKind::ScheduleGroup: return "schedule group";
    case ResourceKind::Bus: return "bus";
  }
  return "?";
}

const Flag* System::flag(const std::string& n) const { return find_named(flags, n); }
const Bus* System::bus(const std::string& n) const { return find_named(buses, n); }
const Event* System::event(const std::string& n) const { return find_named(events, n); }
const Table* System::table(const std::string& n) const { return find_named(tables, n); }
const Bucket* System::bucket(const std::string& n) const { return find_named(buckets, n); }
const Queue* System::queue(const std::string& n) const { return find_named(queues, n); }
const Topic* System::topic(const std::string& n) const { return find_named(topics, n); }
const Secret* System::secret(const std::string& n) const { return find_named(secrets, n); }
const Parameter* System::parameter(const std::string& n) const { return find_named(parameters, n); }
const Schedule* System::schedule(const std::string& n) const { return find_named(schedules, n); }
const Handler* System::handler(const std::string& n) const { return find_named(handlers, n); }
const Workflow* System::workflow(const std::string& n) const { return find_named(workflows, n); }
const Rule* System::rule(const std::string& n) const { return find_named(rules, n); }

}  // namespace slipway::model
