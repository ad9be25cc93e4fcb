// The events of a YAML text, one line each ("map 3:2 flow", "scalar 3:4 plain [x]"), as spec/simple_yaml.h's
// scanner gives them and as libyaml gives them: what tests/unit/spec_simple_yaml_test.cc and the
// simple_yaml fuzz target compare. End events carry no position: the loader never reads one.
#pragma once
#include <yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/simple_yaml.h"

namespace slipway::testing {

inline std::string line_of(const char* type, std::size_t line, std::size_t column, std::string_view value,
                           std::string_view anchor, bool plain, bool flow) {
  return std::string(type) + " " + std::to_string(line) + ":" + std::to_string(column) + (plain ? " plain" : "") +
         (flow ? " flow" : "") + (anchor.empty() ? "" : " &" + std::string(anchor)) + " [" + std::string(value) + "]";
}

// The scanner's events, one line each; nullopt when it declines.
inline std::optional<std::vector<std::string>> scanned(std::string_view text) {
  struct Record final : spec::YamlEventSink {
    std::vector<std::string> lines;
    bool on(const spec::YamlEvent& e) override {
      const char* names[] = {"scalar", "alias", "seq", "map", "seq-end", "map-end"};
      const bool end = e.type == spec::YamlEvent::Type::SequenceEnd || e.type == spec::YamlEvent::Type::MappingEnd;
      // libyaml's end events carry positions the loader never reads; they are left out on both sides.
      lines.push_back(end ? names[static_cast<int>(e.type)]
                          : line_of(names[static_cast<int>(e.type)], e.line, e.column, e.value, e.anchor, e.plain,
                                    e.flow));
      return true;
    }
  } r;
  if (!spec::scan_simple_yaml(text, r)) return std::nullopt;
  return r.lines;
}

// libyaml's events in the same form; nullopt on a syntax error or a second document.
inline std::optional<std::vector<std::string>> by_libyaml(std::string_view text) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) return std::nullopt;
  yaml_parser_set_input_string(&p, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::vector<std::string> lines;
  int documents = 0;
  bool ok = true;
  auto str = [](const yaml_char_t* s) {
    return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view{};
  };
  while (ok) {
    yaml_event_t e;
    if (!yaml_parser_parse(&p, &e)) {
      ok = false;
      break;
    }
    const auto line = e.start_mark.line, column = e.start_mark.column;
    bool done = false;
    switch (e.type) {
      case YAML_SCALAR_EVENT:
        lines.push_back(line_of("scalar", line, column,
                                std::string_view(reinterpret_cast<const char*>(e.data.scalar.value),
                                                 e.data.scalar.length),
                                str(e.data.scalar.anchor),
                                e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && e.data.scalar.plain_implicit,
                                false));
        break;
      case YAML_ALIAS_EVENT: lines.push_back(line_of("alias", line, column, str(e.data.alias.anchor), {}, false, false)); break;
      case YAML_SEQUENCE_START_EVENT:
        lines.push_back(line_of("seq", line, column, {}, str(e.data.sequence_start.anchor), false,
                                e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE));
        break;
      case YAML_MAPPING_START_EVENT:
        lines.push_back(line_of("map", line, column, {}, str(e.data.mapping_start.anchor), false,
                                e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE));
        break;
      case YAML_SEQUENCE_END_EVENT: lines.push_back("seq-end"); break;
      case YAML_MAPPING_END_EVENT: lines.push_back("map-end"); break;
      case YAML_DOCUMENT_START_EVENT: ok = ++documents == 1; break;
      case YAML_STREAM_END_EVENT: done = true; break;
      default: break;
    }
    yaml_event_delete(&e);
    if (done) break;
  }
  yaml_parser_delete(&p);
  if (!ok) return std::nullopt;
  return lines;
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace slipway::testing
