// The graph backend: ARCHITECTURE.md (the event flow as a Mermaid diagram and a table of events with
// their producers and consumers) and schemas/<Event>.json (a JSON Schema, draft 2020-12, of the whole
// EventBridge envelope of each event, its `detail` typed by the spec).
#include <algorithm>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <utility>

#include "base/json_text.h"
#include "emit/backend.h"
#include "emit/graph/flow.h"

namespace slipway::emit {

namespace {

// Writes JSON as nlohmann's dump(2) lays it out (two spaces per level, "key": value, empty containers as
// {} and []), straight into the output: a schema per event made through JSON trees cost more than every
// other part of this backend. Callers give the keys of an object in byte order, as a JSON tree would.
class PrettyJson {
 public:
  explicit PrettyJson(std::string& out) : out_(out) {}

  void open_object() { open('{'); }
  void close_object() { close('}'); }
  void open_array() { open('['); }
  void close_array() { close(']'); }
  // Starts the next member of the innermost object.
  void key(std::string_view k) {
    next();
    base::append_json_string(out_, k);
    out_ += ": ";
  }
  // Starts the next element of the innermost array.
  void item() { next(); }
  void string(std::string_view v) { base::append_json_string(out_, v); }
  void member(std::string_view k, std::string_view v) {
    key(k);
    string(v);
  }
  // An object whose members are all strings, e.g. {"format": "date-time", "type": "string"}.
  void string_object(std::initializer_list<std::pair<std::string_view, std::string_view>> members) {
    open_object();
    for (const auto& [k, v] : members) member(k, v);
    close_object();
  }

 private:
  std::string& out_;
  std::vector<bool> empty_;  // per open container: nothing written into it yet

  void open(char c) {
    out_ += c;
    empty_.push_back(true);
  }
  void close(char c) {
    const bool was_empty = empty_.back();
    empty_.pop_back();
    if (!was_empty) {
      out_ += '\n';
      out_.append(2 * empty_.size(), ' ');
    }
    out_ += c;
  }
  void next() {
    out_ += empty_.back() ? "\n" : ",\n";
    empty_.back() = false;
    out_.append(2 * empty_.size(), ' ');
  }
};

// The JSON Schema of a spec type; `description`, when given, is its first key ("description" sorts before
// every other key a type schema has).
void type_schema(PrettyJson& j, const model::Type* t, std::string_view description = {}) {
  j.open_object();
  if (!description.empty()) j.member("description", description);
  if (!t) {
    j.member("type", "object");
    j.close_object();
    return;
  }
  switch (t->kind) {
    case model::TypeKind::String: j.member("type", "string"); break;
    case model::TypeKind::Integer: j.member("type", "integer"); break;
    case model::TypeKind::Number: j.member("type", "number"); break;
    case model::TypeKind::Boolean: j.member("type", "boolean"); break;
    case model::TypeKind::Timestamp:
      j.member("format", "date-time");
      j.member("type", "string");
      break;
    case model::TypeKind::Enum:
      j.key("enum");
      j.open_array();
      for (const auto& v : t->enum_values) {
        j.item();
        j.string(v);
      }
      j.close_array();
      j.member("type", "string");
      break;
    case model::TypeKind::Array:
      if (t->element) {
        j.key("items");
        type_schema(j, t->element.get());
      }
      j.member("type", "array");
      break;
    case model::TypeKind::Object: {
      // Properties in byte order of their names; of two fields with one name the later one counts.
      std::vector<const model::Field*> fields;
      for (const auto& f : t->fields) {
        if (f.type) fields.push_back(&f);
      }
      std::stable_sort(fields.begin(), fields.end(),
                       [](const model::Field* a, const model::Field* b) { return a->name < b->name; });
      j.key("properties");
      j.open_object();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i + 1 < fields.size() && fields[i + 1]->name == fields[i]->name) continue;
        j.key(fields[i]->name);
        type_schema(j, fields[i]->type.get());
      }
      j.close_object();
      bool any_required = false;
      for (const auto& f : t->fields) {
        if (!f.type || f.optional) continue;
        if (!any_required) {
          j.key("required");
          j.open_array();
          any_required = true;
        }
        j.item();
        j.string(f.name);
      }
      if (any_required) j.close_array();
      j.member("type", "object");
      break;
    }
  }
  j.close_object();
}

std::string envelope_schema(const model::System& s, const model::Event& e) {
  std::string out;
  PrettyJson j(out);
  j.open_object();
  j.member("$schema", "https://json-schema.org/draft/2020-12/schema");
  j.member("description", "The EventBridge event " + e.name + " (source " + e.source + ", detail-type " +
                              e.detail_type + ") as a target receives it: the envelope and its typed detail. System " +
                              s.name + ".");
  j.key("properties");
  j.open_object();
  j.key("account");
  j.string_object({{"pattern", "^[0-9]{12}$"}, {"type", "string"}});
  j.key("detail");
  type_schema(j, e.detail.get(), e.description);
  j.key("detail-type");
  j.string_object({{"const", e.detail_type}});
  j.key("id");
  j.string_object({{"type", "string"}});
  j.key("region");
  j.string_object({{"type", "string"}});
  j.key("resources");
  j.open_object();
  j.key("items");
  j.string_object({{"type", "string"}});
  j.member("type", "array");
  j.close_object();
  j.key("source");
  j.string_object({{"const", e.source}});
  j.key("time");
  j.string_object({{"format", "date-time"}, {"type", "string"}});
  j.key("version");
  j.string_object({{"type", "string"}});
  j.close_object();
  j.key("required");
  j.open_array();
  for (const char* k : {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}) {
    j.item();
    j.string(k);
  }
  j.close_array();
  j.member("title", e.name);
  j.member("type", "object");
  j.close_object();
  out += '\n';
  return out;
}

std::string join(const std::set<std::string>& items) {
  if (items.empty()) return "—";
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string md_escape(const std::string& s) {
  if (s.find('|') == std::string::npos) return s;
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string architecture(const model::System& s) {
  std::map<std::string, std::set<std::string>> producers, consumers;
  for (const auto& h : s.handlers) {
    for (const auto& e : h.emits) producers[e].insert("handler `" + h.name + "`");
  }
  std::function<void(const std::string&, const std::vector<model::Step>&)> walk =
      [&](const std::string& wf, const std::vector<model::Step>& steps) {
        for (const auto& st : steps) {
          if (st.kind == model::StepKind::Emit) producers[st.target].insert("workflow `" + wf + "` step `" + st.name + "`");
          for (const auto& b : st.branches) walk(wf, b);
          walk(wf, st.iterator);
          for (const auto& c : st.choices) walk(wf, c.steps);
          if (st.otherwise) walk(wf, *st.otherwise);
          for (const auto& c : st.catches) walk(wf, c.steps);
        }
      };
  for (const auto& w : s.workflows) {
    walk(w.name, w.steps);
    for (const auto& c : w.catches) walk(w.name, c.steps);
  }
  for (const auto& sc : s.schedules) {
    if (sc.target.kind == model::TargetKind::Event) producers[sc.target.name].insert("schedule `" + sc.name + "`");
  }
  for (const auto& b : s.buckets) {
    for (const auto& e : s.events) {
      if (b.eventbridge && e.source == "aws.s3") producers[e.name].insert("bucket `" + b.name + "` (S3)");
    }
  }
  for (const auto& r : s.rules) {
    if (r.event.empty()) continue;
    for (const auto& t : r.targets) {
      static const char* kKinds[] = {"handler", "workflow", "queue", "topic", "bus", "event"};
      consumers[r.event].insert("rule `" + r.name + "` → " + kKinds[static_cast<int>(t.kind)] + " `" + t.name + "`");
    }
  }
  std::string out = "# " + s.name + " architecture\n\n";
  out += "Generated by slipway from the spec; do not edit. ";
  if (!s.description.empty()) out += s.description;
  out += "\n\n## Event flow\n\n```mermaid\n" + emit::graph::to_mermaid(emit::graph::build_flow(s)) + "```\n\n";
  out += "## Events\n\nSchemas (JSON Schema 2020-12 of the whole EventBridge envelope) are in `schemas/`.\n\n";
  out += "| Event | Bus | Source | Detail type | Producers | Consumers |\n|---|---|---|---|---|---|\n";
  for (const auto& e : s.events) {
    out += "| [" + e.name + "](schemas/" + e.name + ".json) | " + e.bus + " | `" + md_escape(e.source) + "` | " +
           md_escape(e.detail_type) + " | " + md_escape(join(producers[e.name])) + " | " +
           md_escape(join(consumers[e.name])) + " |\n";
  }
  return out;
}

class GraphBackend final : public Backend {
 public:
  std::string name() const override { return "graph"; }
  void emit(const model::Program& program, const Options&, const Derived&, base::FileSink& out,
            base::Diagnostics&) const override {
    if (program.systems.empty()) return;
    const model::System& s = program.systems.front();
    out.add("ARCHITECTURE.md", architecture(s), base::Ownership::Generated);
    for (const auto& e : s.events) out.add("schemas/" + e.name + ".json", envelope_schema(s, e), base::Ownership::Generated);
  }
};

}  // namespace

std::unique_ptr<Backend> make_graph_backend() { return std::make_unique<GraphBackend>(); }

}  // namespace slipway::emit
