// A scanner for the plain subset of YAML that specs are written in: block mappings and sequences
// indented with spaces, one-line plain and quoted scalars, and one-line flow collections. It gives the
// events libyaml gives for such a text, with the same positions, at a tenth of libyaml's cost, and
// declines every text that uses anything else (anchors, tags, block or multi-line scalars, flow
// collections over several lines, quoted keys, document markers, control characters, any syntax
// error); the loader then parses that text with libyaml, which stays the reference and reports every
// problem. tests/unit/spec_simple_yaml_test.cc holds the scanner to libyaml's events.
#pragma once
#include <cstdint>
#include <string_view>

namespace slipway::spec {

struct YamlEvent {
  enum class Type { Scalar, Alias, SequenceStart, MappingStart, SequenceEnd, MappingEnd };
  Type type = Type::Scalar;
  std::uint32_t line = 0;    // 0-based, of the event's first character
  std::uint32_t column = 0;  // 0-based, in characters (not bytes), as libyaml counts
  std::string_view value;    // a scalar's text; an alias's anchor name
  std::string_view anchor;   // a node's anchor name, empty when it has none
  bool plain = false;        // a scalar written without quotes or tag
  bool flow = false;         // a collection written in flow style ({...} or [...])
};

class YamlEventSink {
 public:
  virtual ~YamlEventSink() = default;
  // Takes one event; returns false to stop the scan.
  virtual bool on(const YamlEvent& e) = 0;
};

// Feeds the events of `text` (a document that passed check_text: valid UTF-8, no NUL) to `sink`.
// Returns false when the text needs the full parser or the sink stopped; the sink may then have taken
// a part of the events and must be thrown away.
bool scan_simple_yaml(std::string_view text, YamlEventSink& sink);

}  // namespace slipway::spec
