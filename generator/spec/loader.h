// YAML -> spec::Node (through libyaml, the only YAML library in the project), with every node's
// file:line:col. Follows `include:` of further files.
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
};

// Parses one YAML text. `file` is the index of `path` in the Sources of the compilation.
// Returns nullptr (and reports why) when the text is not a usable YAML document.
NodePtr parse_yaml(const std::string& text, std::uint32_t file, base::Diagnostics& diags,
                   const Limits& limits = {});

// Loads a spec and every file it includes (`include: [a.yaml, ...]`, paths relative to the including
// file). Sections of included files are merged into the root mapping; a name declared twice is an error.
NodePtr load(const std::string& path, FileReader& reader, base::Sources& sources, base::Diagnostics& diags,
             const Limits& limits = {});

}  // namespace slipway::spec
