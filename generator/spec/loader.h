// YAML -> spec::Node, with every node's file:line:col: through libyaml, the only YAML library in the
// project, or through spec/simple_yaml.h's scanner for texts in the plain subset of YAML that it reads
// as libyaml does. Follows `include:` of further files.
#pragma once
#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "spec/node.h"

namespace slipway::spec {

// The loader reads files only through this seam, so tests can use an in-memory fake.
class FileReader {
 public:
  virtual ~FileReader() = default;
  // The file's bytes, or nullopt when it cannot be read.
  virtual std::optional<std::string> read(const std::string& path) = 0;
};

struct Limits {
  std::size_t max_file_bytes = 16u << 20;       // larger files are rejected before parsing
  std::size_t max_depth = 128;                   // nesting of mappings and sequences
  std::uint64_t max_expanded_nodes = 2'000'000;  // after alias expansion ("billion laughs")
  std::size_t max_includes = 256;
  // A text this large is parsed a top-level key at a time on several threads (parse_yaml_in_pieces).
  std::size_t parallel_from_bytes = 256u << 10;
  // Texts in the plain subset of YAML are read by spec/simple_yaml.h's scanner, others by libyaml.
  bool simple_scanner = true;
};

// Parses one YAML text. `file` is the index of `path` in the Sources of the compilation.
// Returns nullptr (and reports why) when the text is not a usable YAML document.
NodePtr parse_yaml(const std::string& text, std::uint32_t file, base::Diagnostics& diags,
                   const Limits& limits = {});

// The parallel path of parse_yaml, for a text that passed its encoding checks: the document parsed one
// top-level key at a time, the pieces on several threads, into the tree a whole parse gives. Returns
// nullptr when the text must be parsed whole: when any piece has a problem (the whole parse reports it)
// or the text has a layout the cut at top-level keys cannot follow.
NodePtr parse_yaml_in_pieces(const std::string& text, std::uint32_t file, const Limits& limits = {});

// Loads a spec and every file it includes (`include: [a.yaml, ...]`, paths relative to the including
// file). Sections of included files are merged into the root mapping; a name declared twice is an error.
// The files of one include list are parsed on several threads; files are numbered in `sources`, and their
// diagnostics reported, as when they are read one after the other.
NodePtr load(const std::string& path, FileReader& reader, base::Sources& sources, base::Diagnostics& diags,
             const Limits& limits = {});

}  // namespace slipway::spec
