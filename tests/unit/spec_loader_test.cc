// spec/: YAML -> spec::Node with a span on every node; includes through an in-memory FileReader.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "spec/loader.h"

namespace {

using slipway::base::Diagnostics;
using slipway::base::Sources;
using slipway::base::Span;
using slipway::spec::Limits;
using slipway::spec::Node;
using slipway::spec::NodePtr;

class MemoryReader : public slipway::spec::FileReader {
 public:
  std::map<std::string, std::string> files;
  std::vector<std::string> reads;
  std::optional<std::string> read(const std::string& path) override {
    reads.push_back(path);
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
};

struct Parsed {
  Sources sources;
  Diagnostics diags;
  NodePtr root;
  std::string text() const { return slipway::base::format_text(diags, sources); }
};

Parsed parse(const std::string& yaml, const Limits& limits = {}) {
  Parsed p;
  std::uint32_t file = p.sources.add("t.yaml");
  p.root = slipway::spec::parse_yaml(yaml, file, p.diags, limits);
  p.diags.sort_and_unique();
  return p;
}

Parsed load(MemoryReader& reader, const std::string& path = "spec.yaml", const Limits& limits = {}) {
  Parsed p;
  p.root = slipway::spec::load(path, reader, p.sources, p.diags, limits);
  p.diags.sort_and_unique();
  return p;
}

Span at(std::uint32_t line, std::uint32_t col) { return Span{1, line, col}; }

TEST(SpecLoader, EveryNodeHasItsPosition) {
  Parsed p = parse(
      "slipway: 1\n"
      "handlers:\n"
      "  h:\n"
      "    emits: [A, B]\n"
      "    env: { X: \"q\" }\n"
      "    list:\n"
      "      - one\n"
      "      - 'two'\n"
      "    empty:\n"
      "    text: |\n"
      "      block\n");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.text(), "");
  const Node& root = *p.root;
  ASSERT_TRUE(root.is_mapping());
  EXPECT_EQ(root.span, at(1, 1));
  EXPECT_EQ(root.entries[0].key.span, at(1, 1));
  EXPECT_EQ(root.entries[0].value->span, at(1, 10));
  EXPECT_EQ(root.entries[0].value->value, "1");
  const Node* h = root.get("handlers")->get("h");
  ASSERT_TRUE(h);
  EXPECT_EQ(root.get("handlers")->entries[0].key.span, at(3, 3));
  EXPECT_EQ(h->span, at(4, 5));
  const Node* emits = h->get("emits");
  EXPECT_TRUE(emits->is_sequence());
  EXPECT_TRUE(emits->flow);
  EXPECT_EQ(emits->span, at(4, 12));
  EXPECT_EQ(emits->items[0]->span, at(4, 13));
  EXPECT_EQ(emits->items[1]->span, at(4, 16));
  const Node* env = h->get("env");
  EXPECT_TRUE(env->flow);
  EXPECT_EQ(env->entries[0].key.span, at(5, 12));
  EXPECT_EQ(env->entries[0].value->span, at(5, 15));
  EXPECT_FALSE(env->entries[0].value->plain);
  const Node* list = h->get("list");
  EXPECT_FALSE(list->flow);
  EXPECT_EQ(list->items[0]->span, at(7, 9));
  EXPECT_TRUE(list->items[0]->plain);
  EXPECT_EQ(list->items[1]->span, at(8, 9));
  EXPECT_FALSE(list->items[1]->plain);
  EXPECT_EQ(list->items[1]->value, "two");
  const Node* empty = h->get("empty");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->is_null());
  EXPECT_TRUE(empty->span.known());
  EXPECT_EQ(h->get("text")->value, "block\n");
  EXPECT_EQ(h->get("text")->span, at(10, 11));
}

TEST(SpecLoader, NullWordsAreNullOnlyWhenPlain) {
  Parsed p = parse("a: ~\nb: null\nc: 'null'\nd: Null\ne: nullish\n");
  ASSERT_TRUE(p.root);
  EXPECT_TRUE(p.root->get("a")->is_null());
  EXPECT_TRUE(p.root->get("b")->is_null());
  EXPECT_TRUE(p.root->get("c")->is_scalar());
  EXPECT_TRUE(p.root->get("d")->is_null());
  EXPECT_TRUE(p.root->get("e")->is_scalar());
}

TEST(SpecLoader, DuplicateKeysAreErrorsWithBothPositions) {
  Parsed p = parse("system: a\nhandlers:\n  h: {}\n  g: {}\n  h: { memory: 1 }\nsystem: b\n");
  EXPECT_EQ(p.text(),
            "t.yaml:5:3: error: duplicate key 'h' [duplicate-key]\n"
            "t.yaml:3:3: note: first defined here\n"
            "  help: remove one of the two or give them different names\n"
            "t.yaml:6:1: error: duplicate key 'system' [duplicate-key]\n"
            "t.yaml:1:1: note: first defined here\n"
            "  help: remove one of the two or give them different names\n");
}

TEST(SpecLoader, DuplicateKeysInLongMappingsAreFoundOnBothSidesOfTheLookupTable) {
  // Small mappings are searched key by key, long ones through a table built at the 16th key: a duplicate
  // of an early key, one of a late key, and one made while the table is being built are all reported.
  std::string text = "m:\n";
  for (int i = 0; i < 40; ++i) text += "  k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "  k3: again\n  k39: again\n  k3: thrice\n";
  Parsed p = parse(text);
  EXPECT_EQ(p.text(),
            "t.yaml:42:3: error: duplicate key 'k3' [duplicate-key]\n"
            "t.yaml:5:3: note: first defined here\n"
            "  help: remove one of the two or give them different names\n"
            "t.yaml:43:3: error: duplicate key 'k39' [duplicate-key]\n"
            "t.yaml:41:3: note: first defined here\n"
            "  help: remove one of the two or give them different names\n"
            "t.yaml:44:3: error: duplicate key 'k3' [duplicate-key]\n"
            "t.yaml:5:3: note: first defined here\n"
            "  help: remove one of the two or give them different names\n");
  std::string early = "m:\n  a: 1\n  a: 2\n";
  for (int i = 0; i < 20; ++i) early += "  k" + std::to_string(i) + ": 0\n";
  early += "  a: 3\n";
  EXPECT_EQ(parse(early).text(),
            "t.yaml:3:3: error: duplicate key 'a' [duplicate-key]\n"
            "t.yaml:2:3: note: first defined here\n"
            "  help: remove one of the two or give them different names\n"
            "t.yaml:24:3: error: duplicate key 'a' [duplicate-key]\n"
            "t.yaml:2:3: note: first defined here\n"
            "  help: remove one of the two or give them different names\n");
  // The table is built again, twice as large, each time it is half full: after several times, the first of
  // a key written twice before the table existed, and every other key, are still where they were.
  std::string grown = "m:\n  a: 1\n  a: 2\n";
  for (int i = 0; i < 1000; ++i) grown += "  k" + std::to_string(i) + ": 0\n";
  grown += "  a: 3\n  k999: 1\n  k0: 1\n  k517: 1\n";
  std::string want;
  for (auto [line, key, first] : {std::tuple{3, "a", 2}, {1004, "a", 2}, {1005, "k999", 1003}, {1006, "k0", 4},
                                  {1007, "k517", 521}}) {
    want += "t.yaml:" + std::to_string(line) + ":3: error: duplicate key '" + key + "' [duplicate-key]\n" +
            "t.yaml:" + std::to_string(first) + ":3: note: first defined here\n" +
            "  help: remove one of the two or give them different names\n";
  }
  EXPECT_EQ(parse(grown).text(), want);
}

TEST(SpecLoader, DuplicateKeysInFlowMappings) {
  Parsed p = parse("a: { x: 1, x: 2 }\n");
  EXPECT_EQ(p.text(),
            "t.yaml:1:12: error: duplicate key 'x' [duplicate-key]\n"
            "t.yaml:1:6: note: first defined here\n"
            "  help: remove one of the two or give them different names\n");
}

TEST(SpecLoader, TabsInIndentationAreErrors) {
  // A tab that starts a line, and one after spaces of indentation.
  const std::pair<const char*, const char*> cases[] = {{"a:\n\tb: 1\n", "t.yaml:2:1"},
                                                       {"a:\n  b: 1\n  \t c: 2\n", "t.yaml:3:3"}};
  for (const auto& [yaml, at] : cases) {
    Parsed p = parse(yaml);
    EXPECT_EQ(p.root, nullptr) << yaml;
    EXPECT_EQ(p.text(), std::string(at) +
                            ": error: a tab in indentation; YAML indents with spaces only [tab-indent]\n"
                            "  help: replace the tab with spaces\n");
  }
}

TEST(SpecLoader, TabsAfterIndentationAreFine) {
  Parsed p = parse("a: \"x\ty\"\nb: 1\t# comment\n");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.text(), "");
  EXPECT_EQ(p.root->get("a")->value, "x\ty");
}

TEST(SpecLoader, InvalidUtf8IsReportedAtTheByte) {
  Parsed p = parse("a: ok\nb: caf\xE9\n");
  EXPECT_EQ(p.root, nullptr);
  EXPECT_EQ(p.text(),
            "t.yaml:2:7: error: the file is not valid UTF-8 (byte 0xE9) [invalid-encoding]\n"
            "  help: save the file as UTF-8\n");
}

TEST(SpecLoader, OverlongAndSurrogateUtf8AreRejected) {
  EXPECT_EQ(parse("a: \xC0\xAF\n").root, nullptr);          // overlong '/'
  EXPECT_EQ(parse("a: \xED\xA0\x80\n").root, nullptr);      // UTF-16 surrogate
  EXPECT_EQ(parse("a: \xF4\x90\x80\x80\n").root, nullptr);  // above U+10FFFF
  EXPECT_EQ(parse("a: \xE2\x82\n").root, nullptr);          // truncated
}

TEST(SpecLoader, ValidUtf8IsKept) {
  Parsed p = parse("description: \"Café — 東京 🚀\"\n");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.root->get("description")->value, "Café — 東京 🚀");
}

TEST(SpecLoader, ColumnsAfterMultibyteCharactersCountCharacters) {
  // text_checks counts columns in characters; positions from the parser must agree with it.
  Parsed p = parse("a: { é: 1, b: 2 }\n");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.root->get("a")->entries[1].key.span, at(1, 12));
}

TEST(SpecLoader, NulByteIsRejected) {
  Parsed p = parse(std::string("a: 1\nb: x\0y\n", 11));
  EXPECT_EQ(p.root, nullptr);
  EXPECT_EQ(p.text(), "t.yaml:2:5: error: the file contains a NUL byte; a spec is UTF-8 text [invalid-encoding]\n");
}

TEST(SpecLoader, ByteOrderMarkIsAcceptedAndDoesNotShiftColumns) {
  Parsed p = parse("\xEF\xBB\xBFslipway: 1\nsystem: x\n");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.root->entries[0].key.value, "slipway");
  EXPECT_EQ(p.root->entries[0].key.span, at(1, 1));
  EXPECT_EQ(p.root->entries[1].key.span, at(2, 1));
}

TEST(SpecLoader, CrlfLineEndings) {
  Parsed p = parse("a: 1\r\nb:\r\n  c: two\r\n");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.root->get("b")->get("c")->value, "two");
  EXPECT_EQ(p.root->get("b")->entries[0].key.span, at(3, 3));
  EXPECT_EQ(p.root->get("b")->get("c")->span, at(3, 6));
}

TEST(SpecLoader, AliasesShareTheAnchoredNode) {
  Parsed p = parse("base: &b { memory: 256 }\nh1: *b\nh2: *b\n");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.root->get("h1"), p.root->get("base"));
  EXPECT_EQ(p.root->get("h2")->get("memory")->value, "256");
  EXPECT_EQ(p.root->weight, 1u + 3u * 3u + 3u);  // root + 3 * (mapping, key, value) + 3 keys
}

// A mapping's key keeps only its text and position (spec::Key); a key that is anchored, or an alias used
// as a key, gives its text to the key without taking it from the node the anchor names.
TEST(SpecLoader, AnchoredKeysAndAliasKeysKeepTheirText) {
  Parsed p = parse("&k first: 1\nsecond: *k\nthird: &v value\n*v : 4\n");
  ASSERT_TRUE(p.root) << p.text();
  ASSERT_EQ(p.root->entries.size(), 4u);
  EXPECT_EQ(p.root->entries[0].key.value, "first");
  EXPECT_EQ(p.root->entries[0].key.span, at(1, 1));
  EXPECT_EQ(p.root->get("second")->value, "first");
  EXPECT_EQ(p.root->get("third")->value, "value");
  EXPECT_EQ(p.root->entries[3].key.value, "value");
  EXPECT_EQ(p.root->entries[3].key.span, at(3, 8));  // an alias stands where its anchored node is
  EXPECT_EQ(p.root->get("value")->value, "4");
}

TEST(SpecLoader, AliasExpansionIsLimited) {
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string name(1, c);
    yaml += name + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) yaml += (i ? ", *" : "*") + prev;
    yaml += "]\n";
    prev = name;
  }
  Limits limits;
  limits.max_expanded_nodes = 10000;
  Parsed p = parse(yaml, limits);
  EXPECT_EQ(p.root, nullptr);
  ASSERT_EQ(p.diags.items().size(), 1u) << p.text();
  EXPECT_EQ(p.diags.items()[0].code, "yaml-syntax");
  EXPECT_EQ(p.diags.items()[0].message.rfind("the document expands to more than 10000 nodes through aliases", 0), 0u)
      << p.diags.items()[0].message;
  EXPECT_TRUE(p.diags.items()[0].span.known());
  // The default limit stops a billion laughs too, without running out of memory.
  Parsed big = parse(yaml);
  EXPECT_EQ(big.root, nullptr);
  EXPECT_EQ(big.diags.items().size(), 1u);
}

// The alias bound is on what aliases repeat: a long spec without aliases (N=100,000 of the benchmark
// workload has about 2 million nodes in its rules file) loads; only four times the bound in all stops it.
TEST(SpecLoader, LongDocumentsWithoutAliasesAreNotAliasBombs) {
  Limits limits;
  limits.max_expanded_nodes = 1000;
  std::string yaml;
  for (int i = 0; i < 600; ++i) yaml += "r" + std::to_string(i) + ": { on: E, target: h }\n";  // 3,601 nodes
  Parsed p = parse(yaml, limits);
  EXPECT_TRUE(p.root) << p.text();
  EXPECT_TRUE(p.diags.items().empty()) << p.text();
  std::string longer;
  for (int i = 0; i < 2000; ++i) longer += "r" + std::to_string(i) + ": [a, b]\n";  // 8,001 nodes
  Parsed q = parse(longer, limits);
  EXPECT_EQ(q.root, nullptr);
  ASSERT_EQ(q.diags.items().size(), 1u) << q.text();
  EXPECT_EQ(q.diags.items()[0].message.rfind("the document holds more than 4000 nodes; split it into files with 'include'", 0), 0u)
      << q.text();
}

TEST(SpecLoader, NestingIsLimited) {
  Limits limits;
  limits.max_depth = 4;
  EXPECT_TRUE(parse("a: [[[1]]]\n", limits).root);
  Parsed p = parse("a: [[[[1]]]]\n", limits);
  EXPECT_EQ(p.root, nullptr);
  EXPECT_EQ(p.text(), "t.yaml:1:7: error: the document nests deeper than 4 levels [nesting-too-deep]\n");
  // The default limit holds for deep input without overflowing the stack.
  Parsed deep = parse("a: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  EXPECT_EQ(deep.root, nullptr);
  ASSERT_FALSE(deep.diags.items().empty());
  EXPECT_EQ(deep.diags.items()[0].code, "nesting-too-deep");
}

TEST(SpecLoader, MultipleDocumentsAreRejected) {
  Parsed p = parse("slipway: 1\n---\nsystem: x\n");
  EXPECT_EQ(p.root, nullptr);
  EXPECT_EQ(p.text(),
            "t.yaml:2:1: error: a spec file holds one YAML document; remove the '---' and what follows or move it "
            "into its own file [yaml-syntax]\n");
}

TEST(SpecLoader, EmptyAndCommentOnlyFilesAreEmpty) {
  for (const char* text : {"", "\n\n", "# just a comment\n", "---\n", "~\n"}) {
    Parsed p = parse(text);
    EXPECT_EQ(p.root, nullptr) << text;
    EXPECT_EQ(p.text(), "t.yaml:1:1: error: the file is empty; a spec starts with 'slipway: 1' [empty-spec]\n") << text;
  }
}

TEST(SpecLoader, SyntaxErrorsHavePositions) {
  Parsed p = parse("a: [1, 2\nb: 3\n");
  EXPECT_EQ(p.root, nullptr);
  ASSERT_EQ(p.diags.items().size(), 1u);
  EXPECT_EQ(p.diags.items()[0].code, "yaml-syntax");
  EXPECT_TRUE(p.diags.items()[0].span.known());
  EXPECT_EQ(p.diags.items()[0].message.find("yaml-cpp"), std::string::npos) << p.diags.items()[0].message;
}

TEST(SpecLoader, ComplexKeysAreRejected) {
  Parsed p = parse("? [a, b]\n: 1\n");
  EXPECT_EQ(p.root, nullptr);
  ASSERT_EQ(p.diags.items().size(), 1u) << p.text();
  EXPECT_EQ(p.diags.items()[0].code, "complex-key");
}

TEST(SpecLoader, RootMustBeAMapping) {
  MemoryReader r;
  r.files["spec.yaml"] = "- a\n- b\n";
  Parsed p = load(r);
  EXPECT_EQ(p.root, nullptr);
  EXPECT_EQ(p.text(), "spec.yaml:1:1: error: a spec file must be a mapping of sections, not a list [wrong-type]\n");
}

TEST(SpecLoader, UnreadableRootFileIsAnIoError) {
  MemoryReader r;
  Parsed p = load(r, "missing.yaml");
  EXPECT_EQ(p.root, nullptr);
  EXPECT_EQ(p.text(), "<spec>: error: cannot read 'missing.yaml' [io]\n");
}

TEST(SpecLoader, FileSizeLimit) {
  MemoryReader r;
  r.files["spec.yaml"] = "slipway: 1\nsystem: abcdefgh\n";
  Limits limits;
  limits.max_file_bytes = 16;
  Parsed p = load(r, "spec.yaml", limits);
  EXPECT_EQ(p.root, nullptr);
  EXPECT_EQ(p.text(),
            "spec.yaml:1:1: error: the file is 28 bytes; a spec file may be at most 16 bytes [file-too-large]\n");
}

TEST(SpecLoader, IncludesMergeSectionsAndKeepTheirOwnPositions) {
  MemoryReader r;
  r.files["specs/main.yaml"] = "slipway: 1\ninclude: [parts/events.yaml, parts/handlers.yaml]\nevents:\n  A: {}\n";
  r.files["specs/parts/events.yaml"] = "events:\n  B: {}\n";
  r.files["specs/parts/handlers.yaml"] = "include: ../shared/queues.yaml\nhandlers:\n  h: {}\n";
  r.files["specs/shared/queues.yaml"] = "queues:\n  jobs: {}\n";
  Parsed p = load(r, "specs/main.yaml");
  ASSERT_TRUE(p.root) << p.text();
  EXPECT_EQ(p.text(), "");
  const Node* events = p.root->get("events");
  ASSERT_EQ(events->entries.size(), 2u);
  EXPECT_EQ(events->entries[1].key.value, "B");
  EXPECT_EQ(p.sources.path(events->entries[1].key.span.file), "specs/parts/events.yaml");
  EXPECT_EQ(events->entries[1].key.span.line, 2u);
  ASSERT_TRUE(p.root->get("handlers"));
  ASSERT_TRUE(p.root->get("queues")) << "an include inside an included file is followed";
  EXPECT_EQ(p.sources.path(p.root->get("queues")->span.file), "specs/shared/queues.yaml");
  EXPECT_EQ(r.reads, (std::vector<std::string>{"specs/main.yaml", "specs/parts/events.yaml",
                                               "specs/parts/handlers.yaml", "specs/shared/queues.yaml"}));
}

TEST(SpecLoader, IncludedNameDeclaredTwice) {
  MemoryReader r;
  r.files["spec.yaml"] = "include: more.yaml\nevents:\n  A: {}\n";
  r.files["more.yaml"] = "events:\n  A: { source: x }\n";
  Parsed p = load(r);
  EXPECT_EQ(p.text(),
            "more.yaml:2:3: error: 'A' is already declared in 'events' [duplicate-name]\n"
            "spec.yaml:3:3: note: first declared here\n");
}

// A section spread over many files (handlers split by team, say) is merged in file order; a name declared
// again in a later file is reported against the first declaration, wherever that was.
TEST(SpecLoader, ASectionSpreadOverManyIncludedFiles) {
  MemoryReader r;
  r.files["spec.yaml"] = "include: [a.yaml, b.yaml, c.yaml]\nhandlers:\n  h_main: {}\n";
  for (const char* f : {"a", "b", "c"}) {
    std::string text = "handlers:\n";
    for (int i = 0; i < 500; ++i) text += "  h_" + std::string(f) + std::to_string(i) + ": {}\n";
    if (std::string(f) == "c") text += "  h_b7: { memory: 512 }\n";
    r.files[std::string(f) + ".yaml"] = text;
  }
  Parsed p = load(r);
  EXPECT_EQ(p.text(),
            "c.yaml:502:3: error: 'h_b7' is already declared in 'handlers' [duplicate-name]\n"
            "b.yaml:9:3: note: first declared here\n");
  ASSERT_TRUE(p.root);
  const Node* handlers = p.root->get("handlers");
  ASSERT_EQ(handlers->entries.size(), 1501u);
  EXPECT_EQ(handlers->entries[0].key.value, "h_main");
  EXPECT_EQ(handlers->entries[1].key.value, "h_a0");
  EXPECT_EQ(handlers->entries[501].key.value, "h_b0");
  EXPECT_EQ(handlers->entries[1500].key.value, "h_c499");
}

TEST(SpecLoader, IncludedScalarSettingTwice) {
  MemoryReader r;
  r.files["spec.yaml"] = "system: a\ninclude: more.yaml\n";
  r.files["more.yaml"] = "system: b\n";
  Parsed p = load(r);
  EXPECT_EQ(p.text(),
            "more.yaml:1:1: error: 'system' is already set by an including file [duplicate-key]\n"
            "spec.yaml:1:1: note: set here\n");
}

TEST(SpecLoader, IncludeCycle) {
  MemoryReader r;
  r.files["spec.yaml"] = "include: a.yaml\n";
  r.files["a.yaml"] = "include: [b.yaml]\n";
  r.files["b.yaml"] = "include: [./spec.yaml]\n";
  Parsed p = load(r);
  EXPECT_EQ(p.text(), "b.yaml:1:11: error: including './spec.yaml' makes a cycle: spec.yaml -> a.yaml -> b.yaml -> spec.yaml [include-cycle]\n"
            "  help: remove this include: files may not include each other in a circle\n");
}

TEST(SpecLoader, IncludeDuplicate) {
  MemoryReader r;
  r.files["spec.yaml"] = "include: [a.yaml, sub/../a.yaml]\n";
  r.files["a.yaml"] = "topics: { t: {} }\n";
  Parsed p = load(r);
  EXPECT_EQ(p.text(), "spec.yaml:1:19: error: 'sub/../a.yaml' is included more than once [include-duplicate]\n"
            "spec.yaml:1:11: note: first included here\n");
}

TEST(SpecLoader, IncludeMissingAbsoluteAndMalformed) {
  MemoryReader r;
  r.files["dir/spec.yaml"] = "include: [gone.yaml, /etc/passwd, {a: b}, '']\n";
  Parsed p = load(r, "dir/spec.yaml");
  EXPECT_EQ(p.text(),
            "dir/spec.yaml:1:11: error: cannot read 'dir/gone.yaml' [include-not-found]\n"
            "dir/spec.yaml:1:22: error: include paths are relative to the including file [include-absolute]\n"
            "  help: write the path relative to 'dir/spec.yaml'\n"
            "dir/spec.yaml:1:35: error: an include is a relative file name, not a mapping [wrong-type]\n"
            "dir/spec.yaml:1:43: error: an include is a relative file name, not '' [wrong-type]\n");
}

TEST(SpecLoader, IncludeLimit) {
  MemoryReader r;
  r.files["spec.yaml"] = "include: [a.yaml, b.yaml, c.yaml]\n";
  r.files["a.yaml"] = "topics: { a: {} }\n";
  r.files["b.yaml"] = "topics: { b: {} }\n";
  r.files["c.yaml"] = "topics: { c: {} }\n";
  Limits limits;
  limits.max_includes = 2;
  Parsed p = load(r, "spec.yaml", limits);
  EXPECT_EQ(p.text(), "spec.yaml:1:27: error: more than 2 includes [include-limit]\n");
}

TEST(SpecLoader, ErrorsInIncludedFilesNameThatFile) {
  MemoryReader r;
  r.files["spec.yaml"] = "include: bad.yaml\nsystem: x\n";
  r.files["bad.yaml"] = "handlers:\n\th: {}\n";
  Parsed p = load(r);
  EXPECT_EQ(p.text(),
            "bad.yaml:2:1: error: a tab in indentation; YAML indents with spaces only [tab-indent]\n"
            "  help: replace the tab with spaces\n");
  ASSERT_TRUE(p.root) << "the including file is still usable";
}

// The files of an include list are parsed ahead, together; each still gets its file number in the order
// the includes are followed (a.yaml, then c.yaml that a.yaml includes, then b.yaml), which is the order its
// diagnostics come in, and every node and note names its own file.
TEST(SpecLoader, FilesParsedAheadKeepTheOrderTheyAreFollowedIn) {
  MemoryReader r;
  r.files["spec.yaml"] = "include: [a.yaml, b.yaml]\nsystem: x\n";
  r.files["a.yaml"] = "include: c.yaml\nevents:\n  A: {}\n";
  r.files["b.yaml"] = "handlers:\n\th: {}\ntopics:\n  t: {}\n  t: {}\n";
  r.files["c.yaml"] = "queues:\n  q: {}\n  q: {}\n";
  Parsed p = load(r);
  EXPECT_EQ(p.text(),
            "c.yaml:3:3: error: duplicate key 'q' [duplicate-key]\n"
            "c.yaml:2:3: note: first defined here\n"
            "  help: remove one of the two or give them different names\n"
            "b.yaml:2:1: error: a tab in indentation; YAML indents with spaces only [tab-indent]\n"
            "  help: replace the tab with spaces\n");
  EXPECT_EQ(p.sources.path(1), "spec.yaml");
  EXPECT_EQ(p.sources.path(2), "a.yaml");
  EXPECT_EQ(p.sources.path(3), "c.yaml");
  EXPECT_EQ(p.sources.path(4), "b.yaml");
  EXPECT_EQ(p.sources.size(), 5u);
  ASSERT_TRUE(p.root);
  const Node* events = p.root->get("events");
  ASSERT_TRUE(events);
  EXPECT_EQ(p.sources.path(events->entries[0].key.span.file), "a.yaml");
  EXPECT_EQ(events->entries[0].key.span.line, 3u);
  const Node* queues = p.root->get("queues");
  ASSERT_TRUE(queues) << p.text();
  EXPECT_EQ(p.sources.path(queues->span.file), "c.yaml");
  EXPECT_EQ(p.sources.path(queues->entries[0].value->span.file), "c.yaml");
  EXPECT_EQ(r.reads, (std::vector<std::string>{"spec.yaml", "a.yaml", "b.yaml", "c.yaml"}));
}

}  // namespace
