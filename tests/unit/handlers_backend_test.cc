// The handlers backend: which files it writes, who owns them, the environment variables it expects,
// template overrides, and golden files of a fixture covering every trigger kind
// (SLIPWAY_UPDATE_GOLDEN=1 rewrites tests/golden/handlers/).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "emit/backend.h"
#include "emit/handlers/view.h"
#include "one_file_reader.h"

namespace slipway {
namespace {

namespace fs = std::filesystem;

model::TypePtr scalar(model::TypeKind k) {
  auto t = std::make_shared<model::Type>();
  t->kind = k;
  return t;
}

model::System tiny_system() {
  model::System s;
  s.name = "dock";
  s.environment = "dev";
  s.environments = {"dev"};
  model::Bus bus;
  bus.name = "events";
  s.buses.push_back(bus);
  auto detail = std::make_shared<model::Type>();
  detail->kind = model::TypeKind::Object;
  detail->fields.push_back(model::Field{"berth", false, scalar(model::TypeKind::String), {}});
  model::Event e;
  e.name = "Moored";
  e.source = "dock.berths";
  e.detail_type = "Moored";
  e.bus = "events";
  e.detail = detail;
  s.events.push_back(e);
  model::Table t;
  t.name = "berths";
  t.partition = {"pk", "S", {}};
  s.tables.push_back(t);
  model::Handler h;
  h.name = "harbour_master";
  h.emits = {"Moored"};
  h.uses.push_back(model::Use{model::ResourceKind::Table, "berths", model::Access::ReadWrite, "", {}});
  h.env.push_back(model::EnvVar{"MODE", model::Text{{{"strict", std::nullopt}}, {}}});
  s.handlers.push_back(h);
  return s;
}

base::OutputSet emit_handlers(const model::System& s, const emit::Options& options, base::Diagnostics& diags) {
  model::Program p;
  p.systems.push_back(s);
  base::OutputSet out;
  emit::make_handlers_backend()->emit(p, options, out, diags);
  return out;
}

TEST(HandlersBackend, WritesAProjectPerHandlerAndOwnsOnlyTheGeneratedFiles) {
  emit::Options options;
  options.templates = emit::default_templates();
  base::Diagnostics diags;
  base::OutputSet out = emit_handlers(tiny_system(), options, diags);
  EXPECT_TRUE(diags.items().empty());
  for (const char* path : {"handlers/CMakeLists.txt", "handlers/runtime/CMakeLists.txt",
                           "handlers/runtime/src/lambda_curl.cpp", "handlers/harbour_master/CMakeLists.txt",
                           "handlers/harbour_master/generated/handler.h", "handlers/harbour_master/generated/glue.cpp",
                           "handlers/harbour_master/README.md"}) {
    ASSERT_TRUE(out.count(path)) << path;
    EXPECT_EQ(out[path].ownership, base::Ownership::Generated) << path;
  }
  EXPECT_EQ(out["handlers/harbour_master/handler.cpp"].ownership, base::Ownership::Owned);
  EXPECT_EQ(out["handlers/harbour_master/handler_test.cpp"].ownership, base::Ownership::Owned);
  for (const auto& [path, file] : out) {
    EXPECT_EQ(path.find(".mustache"), std::string::npos) << path;
    EXPECT_EQ(path.find(".once"), std::string::npos) << path;
    if (path.rfind("handlers/runtime/", 0) != 0) {
      EXPECT_EQ(file.content.find("{{"), std::string::npos) << path << ": an unrendered tag";
    }
  }
  EXPECT_NE(out["handlers/CMakeLists.txt"].content.find("add_subdirectory(harbour_master)"), std::string::npos);
}

TEST(HandlersBackend, NamesTheEnvironmentVariablesTerraformSets) {
  model::System s = tiny_system();
  std::vector<std::string> vars;
  for (const auto& v : emit::handlers::handler_env_vars(s, s.handlers[0])) vars.push_back(v.var);
  EXPECT_EQ(vars, (std::vector<std::string>{"TABLE_BERTHS_NAME", "BUS_EVENTS_NAME", "MODE"}));
}

TEST(HandlersBackend, IsDeterministicAndWritesNothingWithoutHandlers) {
  emit::Options options;
  options.templates = emit::default_templates();
  base::Diagnostics diags;
  EXPECT_EQ(emit_handlers(tiny_system(), options, diags).size(), emit_handlers(tiny_system(), options, diags).size());
  base::OutputSet a = emit_handlers(tiny_system(), options, diags), b = emit_handlers(tiny_system(), options, diags);
  for (const auto& [p, f] : a) EXPECT_EQ(f.content, b[p].content) << p;
  model::System none = tiny_system();
  none.handlers.clear();
  EXPECT_TRUE(emit_handlers(none, options, diags).empty());
}

TEST(HandlersBackend, AnOverridingTemplateReplacesTheBuiltInOne) {
  emit::Options options;
  options.templates = emit::default_templates();
  options.templates["handler/README.md.mustache"] = "# {{handler}} of {{system}}\n";
  options.templates["handler/NOTES.txt"] = "{{not rendered}}\n";
  base::Diagnostics diags;
  base::OutputSet out = emit_handlers(tiny_system(), options, diags);
  EXPECT_EQ(out["handlers/harbour_master/README.md"].content, "# harbour_master of dock\n");
  EXPECT_EQ(out["handlers/harbour_master/NOTES.txt"].content, "{{not rendered}}\n");
}

TEST(HandlersBackend, ABrokenTemplateIsAnError) {
  emit::Options options;
  options.templates["handler/x.h.mustache"] = "{{#open}}";
  base::Diagnostics diags;
  emit_handlers(tiny_system(), options, diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].code, "template-error");
  EXPECT_NE(diags.items()[0].message.find("template 'handler/x.h.mustache'"), std::string::npos);
}

// A handler named like a folder the system's templates write (the runtime library), or two templates that
// render to one file, would have one file silently replace the other: both are errors, and each path is
// written once.
TEST(HandlersBackend, EveryOutputPathIsWrittenOnce) {
  emit::Options options;
  options.templates = emit::default_templates();
  model::System s = tiny_system();
  s.handlers.push_back(s.handlers.front());
  s.handlers.back().name = "runtime";
  s.handlers.back().span = {1, 7, 3};
  options.templates["handler/README.md"] = "# plain\n";  // and README.md.mustache
  base::Diagnostics diags;
  model::Program p;
  p.systems.push_back(s);
  std::map<std::string, int> writes;
  class Count final : public base::FileSink {
   public:
    explicit Count(std::map<std::string, int>& n) : n_(n) {}
    using base::FileSink::add;
    void add(std::string path, std::string_view, base::Ownership) override { ++n_[path]; }

   private:
    std::map<std::string, int>& n_;
  } count(writes);
  emit::make_handlers_backend()->emit(p, options, count, diags);
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_EQ(diags.items()[0].code, "output-path-clash");
  EXPECT_EQ(diags.items()[0].message,
            "templates 'handler/README.md' and 'handler/README.md.mustache' both write handlers/<handler>/README.md");
  EXPECT_EQ(diags.items()[0].fix, "remove or rename one of them");
  EXPECT_EQ(diags.items()[1].message,
            "handler 'runtime' would write its files into handlers/runtime/, where the system's "
            "'handlers/runtime/CMakeLists.txt' goes");
  EXPECT_EQ(diags.items()[1].span, (base::Span{1, 7, 3}));
  EXPECT_EQ(diags.items()[1].fix, "rename the handler");
  for (const auto& [path, n] : writes) EXPECT_EQ(n, 1) << path;
  EXPECT_EQ(writes.count("handlers/runtime/handler.cpp"), 0u);
  EXPECT_EQ(writes.count("handlers/harbour_master/README.md"), 1u);
}

// A build runs the backend in parts that either thread takes (emit_into): 128 handlers or more a part, at
// most eight. Each part writes its slice of the handlers, the first also the system's files; together
// they write what the backend writes in one piece, each path once, and report each problem once (a
// template clash in the first part only, a handler's own problem in its part).
TEST(HandlersBackend, ItsPartsTogetherWriteWhatItWritesWhole) {
  emit::Options options;
  options.templates = emit::default_templates();
  options.templates["handler/README.md"] = "# plain\n";  // a clash of templates, found by every part
  model::System s = tiny_system();
  const model::Handler first = s.handlers.front();
  s.handlers.clear();
  for (int i = 0; i < 300; ++i) {
    s.handlers.push_back(first);
    s.handlers.back().name = "h" + std::to_string(1000 + i);  // in name order, as lowering leaves them
  }
  s.handlers[250].name = "runtime";  // its slice's own problem (out of order, which is harmless here)
  s.handlers[250].span = {1, 9, 3};
  model::Program p;
  p.systems.push_back(s);
  const auto backend = emit::make_handlers_backend();
  ASSERT_EQ(backend->parts(p), 2u) << "300 handlers: two parts of at least 128";

  base::OutputSet whole;
  base::Diagnostics whole_diags;
  backend->emit(p, options, whole, whole_diags);
  ASSERT_EQ(whole_diags.items().size(), 2u);

  base::OutputSet together;
  base::Diagnostics together_diags;
  std::map<std::string, int> writes;
  for (std::size_t k = 0; k < backend->parts(p); ++k) {
    base::OutputSet part;
    base::CollectFiles into(part);
    base::Diagnostics part_diags;
    backend->emit_part(p, options, emit::Derived(p), k, into, part_diags);
    EXPECT_EQ(part.count("handlers/CMakeLists.txt"), k == 0 ? 1u : 0u) << "the system's files: part 0";
    EXPECT_EQ(part.count(k == 0 ? "handlers/h1000/README.md" : "handlers/h1299/README.md"), 1u) << k;
    for (auto& [path, file] : part) {
      ++writes[path];
      together.emplace(path, file);
    }
    together_diags.append(part_diags);
  }
  ASSERT_EQ(together.size(), whole.size());
  for (const auto& [path, file] : whole) {
    ASSERT_EQ(together.count(path), 1u) << path;
    EXPECT_EQ(together.at(path).content, file.content) << path;
    EXPECT_EQ(together.at(path).ownership, file.ownership) << path;
  }
  for (const auto& [path, n] : writes) EXPECT_EQ(n, 1) << path;
  ASSERT_EQ(together_diags.items().size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(together_diags.items()[i].message, whole_diags.items()[i].message);
    EXPECT_EQ(together_diags.items()[i].span, whole_diags.items()[i].span);
  }
  EXPECT_EQ(together_diags.items()[1].span, (base::Span{1, 9, 3}));

  model::Program few;
  few.systems.push_back(tiny_system());
  EXPECT_EQ(backend->parts(few), 1u);
  few.systems.front().handlers.resize(8 * 128 * 4, first);
  EXPECT_EQ(backend->parts(few), 8u) << "at most eight";
}

// Compiles the spec at `path` and adds what the handlers backend writes for it, with the built-in
// templates, to `out`; fails the test when either reports an error.
void emit_handlers_of(const std::string& path, spec::FileReader& reader, base::OutputSet& out) {
  cli::Compiled c = cli::compile(path, reader);
  ASSERT_TRUE(c.ok()) << base::format_text(c.diags, c.sources);
  emit::Options options;
  options.templates = emit::default_templates();
  base::Diagnostics diags;
  emit::make_handlers_backend()->emit(c.program, options, out, diags);
  ASSERT_FALSE(diags.has_errors()) << base::format_text(diags, c.sources);
}

// Sample payloads are JSON as nlohmann's dump(2) prints it, whichever way they were made: the
// EventBridge envelopes are written as text around their details, and each must be the value's canonical
// text (keys in order, two spaces a level, strings escaped as dump() escapes them), including a
// detail-type with quotes, a backslash and non-ASCII letters, nested objects and lists, and no detail.
TEST(HandlersBackend, SamplePayloadsAreTheCanonicalTextOfTheirValues) {
  testing::OneFileReader reader(R"(slipway: 1
system: quirks
defaults: { region: eu-west-1 }
buses: { bus: {} }
events:
  Odd:
    source: app.quirks
    bus: bus
    external: true
    detail_type: "Say \"hi\" \\ back, ünï"
    detail: { note: string, tags: "string[]", inner: { n: integer, when: timestamp }, items: [{ k: string }] }
  Bare: { source: app.bare, bus: bus, external: true }
handlers:
  h: {}
rules:
  r: { on: Odd, target: { handler: h } }
  b: { on: Bare, target: { handler: h } }
)");
  base::OutputSet out;
  ASSERT_NO_FATAL_FAILURE(emit_handlers_of(testing::OneFileReader::kPath, reader, out));
  const std::string& samples = out.at("handlers/h/generated/samples.h").content;
  std::vector<std::string> payloads;
  const std::string open = "R\"json(", close = ")json\"";
  for (auto at = samples.find(open); at != std::string::npos; at = samples.find(open, at + 1)) {
    const auto end = samples.find(close, at);
    ASSERT_NE(end, std::string::npos);
    payloads.push_back(samples.substr(at + open.size(), end - at - open.size()));
  }
  ASSERT_EQ(payloads.size(), 4u) << samples;  // good and malformed, for each of the two events
  for (const std::string& text : payloads) {
    const model::Json value = model::Json::parse(text);
    EXPECT_EQ(text, value.dump(2));
    EXPECT_EQ(value.at("detail-type").get<std::string>() == "Bare" ? "app.bare" : "app.quirks",
              value.at("source").get<std::string>());
  }
  EXPECT_EQ(model::Json::parse(payloads[2]).at("detail-type"), "Say \"hi\" \\ back, ünï");
  EXPECT_EQ(model::Json::parse(payloads[2]).at("detail").at("items").at(0).at("k"), "k-1");
  EXPECT_EQ(model::Json::parse(payloads[1]).at("detail"), 42);  // Bare's malformed sample
}

// Golden files: every generated file of tests/handlers/triggers.yaml except the runtime (copied verbatim).
TEST(HandlersBackend, GoldenFiles) {
  const fs::path src = SLIPWAY_SOURCE_DIR;
  auto reader = cli::real_reader();
  base::OutputSet out;
  ASSERT_NO_FATAL_FAILURE(emit_handlers_of((src / "tests/handlers/triggers.yaml").string(), *reader, out));
  const fs::path golden = src / "tests/golden/handlers";
  const bool update = std::getenv("SLIPWAY_UPDATE_GOLDEN") != nullptr;
  std::set<std::string> expected;
  for (const auto& [path, file] : out) {
    if (path.rfind("handlers/runtime/", 0) == 0) continue;
    const std::string rel = path.substr(std::string("handlers/").size());
    expected.insert(rel);
    const fs::path g = golden / rel;
    if (update) {
      fs::create_directories(g.parent_path());
      std::ofstream(g, std::ios::binary) << file.content;
      continue;
    }
    std::ifstream in(g, std::ios::binary);
    ASSERT_TRUE(in) << g << " is missing; run with SLIPWAY_UPDATE_GOLDEN=1";
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), file.content) << path << " differs from " << g << "; SLIPWAY_UPDATE_GOLDEN=1 updates it";
  }
  if (!update) {
    for (const auto& entry : fs::recursive_directory_iterator(golden)) {
      if (!entry.is_regular_file()) continue;
      std::string rel = fs::relative(entry.path(), golden).generic_string();
      EXPECT_TRUE(expected.count(rel)) << rel << " is no longer generated; SLIPWAY_UPDATE_GOLDEN=1 removes it";
    }
  } else {
    std::vector<fs::path> stale;
    for (const auto& entry : fs::recursive_directory_iterator(golden)) {
      std::string rel = fs::relative(entry.path(), golden).generic_string();
      if (entry.is_regular_file() && !expected.count(rel)) stale.push_back(entry.path());
    }
    for (const auto& p : stale) fs::remove(p);
  }
}

}  // namespace
}  // namespace slipway
