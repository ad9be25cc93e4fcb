// spec/loader.cc parses a large spec one top-level key at a time on several threads
// (parse_yaml_in_pieces). Whatever it accepts must be the tree a whole parse gives, node for node and
// position for position; whatever it cannot follow it must decline, so that the whole parse reports it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "spec/loader.h"
#include "repository_files.h"

using slipway::testing::file_text;

namespace {

namespace fs = std::filesystem;
using slipway::base::Diagnostics;
using slipway::spec::Node;

// Every field of every node, with its position.
void dump(const Node& n, std::string& out, int depth = 0) {
  out += std::string(static_cast<std::size_t>(depth) * 2, ' ');
  out += std::to_string(static_cast<int>(n.kind)) + " " + std::to_string(n.span.file) + ":" +
         std::to_string(n.span.line) + ":" + std::to_string(n.span.col) + " plain=" + std::to_string(n.plain) +
         " flow=" + std::to_string(n.flow) + " weight=" + std::to_string(n.weight) + " [" + n.value + "]\n";
  for (const auto& item : n.items) dump(*item, out, depth + 1);
  for (const auto& e : n.entries) {
    out += std::string(static_cast<std::size_t>(depth + 1) * 2, ' ') + "key " + std::to_string(e.key.span.file) + ":" +
           std::to_string(e.key.span.line) + ":" + std::to_string(e.key.span.col) + " [" + e.key.value + "]\n";
    dump(*e.value, out, depth + 2);
  }
}

std::string dump(const slipway::spec::NodePtr& n) {
  std::string out;
  if (n) dump(*n, out);
  return out;
}

slipway::spec::Limits whole_only() {
  slipway::spec::Limits l;
  l.parallel_from_bytes = std::numeric_limits<std::size_t>::max();
  return l;
}

TEST(SpecPieces, EveryFileOfTheRepositoryParsesToTheSameTree) {
  std::size_t files = 0, in_pieces = 0;
  for (const auto& path : slipway::testing::repository_yaml()) {
    const std::string text = file_text(path);
    Diagnostics whole_diags;
    auto whole = slipway::spec::parse_yaml(text, 1, whole_diags, whole_only());
    ++files;
    auto pieces = whole ? slipway::spec::parse_yaml_in_pieces(text, 1) : nullptr;
    if (!pieces) continue;
    ++in_pieces;
    EXPECT_EQ(dump(pieces), dump(whole)) << path;
  }
  EXPECT_GT(files, 100u);
  // The seeds, the examples and most test specs are plain block mappings that the cut follows.
  EXPECT_GT(in_pieces, files / 2) << in_pieces << " of " << files;
}

TEST(SpecPieces, TheSeedSpecsAreParsedInPieces) {
  for (const char* name : {"collectiq", "collections", "ecobid", "file-processing"}) {
    const std::string text = file_text(fs::path(SLIPWAY_SOURCE_DIR) / "specs" / (std::string(name) + ".yaml"));
    Diagnostics d;
    auto whole = slipway::spec::parse_yaml(text, 1, d, whole_only());
    auto pieces = slipway::spec::parse_yaml_in_pieces(text, 1);
    ASSERT_TRUE(pieces) << name;
    EXPECT_EQ(dump(pieces), dump(whole)) << name;
  }
}

TEST(SpecPieces, ALargeSpecGoesThroughPiecesByDefault) {
  std::string text = "slipway: 1\nsystem: big\n# the tables\ntables:\n";
  for (int i = 0; i < 6000; ++i) text += "  t" + std::to_string(i) + ": { key: { pk: string } }   # a table\n";
  text += "\nqueues:\n  q: {}\n";
  ASSERT_GE(text.size(), slipway::spec::Limits{}.parallel_from_bytes);
  Diagnostics a, b;
  auto by_default = slipway::spec::parse_yaml(text, 1, a);
  auto whole = slipway::spec::parse_yaml(text, 1, b, whole_only());
  ASSERT_TRUE(slipway::spec::parse_yaml_in_pieces(text, 1));
  EXPECT_EQ(dump(by_default), dump(whole));
  EXPECT_EQ(by_default->entry("queues")->key.span.line, 6006u);
  EXPECT_EQ(by_default->get("queues")->span.line, 6007u);
}

// Each of these parses whole (or fails whole) but cannot be cut at its top-level keys, or is only right
// when parsed whole: the pieces path must decline it.
TEST(SpecPieces, DeclinesWhatItCannotFollow) {
  const char* cases[] = {
      "a: &x { k: 1 }\nb: *x\n",                 // an alias to an anchor of another key
      "a: 1\nb: 2\na: 3\n",                      // a duplicate top-level key
      "a: 1\r\nb: 2\r\n",                        // CR in line breaks
      "a: \"one\ntwo: three\"\nb: 1\n",          // a quoted scalar continued at column 0
      "a: { x: 1,\ny: 2 }\nb: 1\n",              // a flow mapping continued at column 0
      "a: 1\n---\nb: 2\n",                       // a second document
      "include:\n- x.yaml\nb: 1\n",              // a sequence at column 0
      "\"a\": 1\nb: 2\n",                        // a quoted key
      "a: 1\nb\n",                               // a key without a value
      "a:\n  b: 1\nc: \xC2\x85\n",               // a line break libyaml knows and the cut does not
      "only: 1\n",                               // nothing to cut
  };
  for (const char* c : cases) EXPECT_EQ(slipway::spec::parse_yaml_in_pieces(c, 1), nullptr) << c;
  // The first is a fine spec fragment when parsed whole.
  Diagnostics d;
  auto whole = slipway::spec::parse_yaml(cases[0], 1, d, whole_only());
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->get("b")->get("k")->value, "1");
}

TEST(SpecPieces, LimitsApplyToThePiecesTogether) {
  // Each key alone stays under the node limit; together they pass it, as a whole parse would find.
  slipway::spec::Limits tight;
  tight.max_expanded_nodes = 8;  // a document may hold 32 nodes; each key below brings 12, 36 in all
  std::string text;
  for (int k = 0; k < 3; ++k) {
    text += "k" + std::to_string(k) + ":\n";
    for (int i = 0; i < 10; ++i) text += "  - " + std::to_string(i) + "\n";
  }
  EXPECT_EQ(slipway::spec::parse_yaml_in_pieces(text, 1, tight), nullptr);
  tight.parallel_from_bytes = 0;
  Diagnostics d;
  EXPECT_EQ(slipway::spec::parse_yaml(text, 1, d, tight), nullptr);
  EXPECT_NE(slipway::base::format_text(d, {}).find("holds more than 32 nodes"), std::string::npos)
      << slipway::base::format_text(d, {});
  tight.max_expanded_nodes = 9;  // 36 nodes allowed
  EXPECT_NE(slipway::spec::parse_yaml_in_pieces(text, 1, tight), nullptr);
}

}  // namespace
