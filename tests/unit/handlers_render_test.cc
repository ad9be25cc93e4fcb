// The Mustache rendering of the handlers backend: no HTML escaping, the spec's standalone-line rule,
// errors reported instead of thrown; and, against kainjow's Mustache as the reference, the same output for
// every built-in template over every handler of the fixture and the seeds, for hand-picked corner cases
// and for thousands of generated templates.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <kainjow/mustache.hpp>
#include <random>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "emit/backend.h"
#include "emit/handlers/render.h"
#include "emit/handlers/sources.h"
#include "emit/handlers/view.h"

namespace slipway::emit::handlers {
namespace {

namespace mu = kainjow::mustache;

mu::data to_kainjow(const model::Json& j) {
  switch (j.type()) {
    case model::Json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, to_kainjow(v));
      return d;
    }
    case model::Json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const auto& v : j) d.push_back(to_kainjow(v));
      return d;
    }
    case model::Json::value_t::boolean: return mu::data{j.get<bool>()};
    case model::Json::value_t::string: return mu::data{j.get<std::string>()};
    case model::Json::value_t::null: return mu::data{false};
    default: return mu::data{j.dump()};
  }
}

// What the backend rendered before it had its own engine: the standalone pass, kainjow without escaping,
// the markers removed.
Rendered reference(const std::string& text, const model::Json& view) {
  if (text.find(kStandaloneMarker) != std::string::npos) return Rendered{"", "contains the control character U+0001"};
  mu::mustache tmpl{strip_standalone_lines(text)};
  if (!tmpl.is_valid()) return Rendered{"", tmpl.error_message()};
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  Rendered out;
  out.text = tmpl.render(to_kainjow(view));
  std::erase(out.text, kStandaloneMarker);
  if (!tmpl.is_valid()) out = Rendered{"", tmpl.error_message()};
  return out;
}

// Returns the reference's result, for a caller that compares more with it.
Rendered expect_same_as_reference(const std::string& text, const model::Json& view, const std::string& what) {
  Rendered ours = render(text, view);
  Rendered ref = reference(text, view);
  EXPECT_EQ(ours.error, ref.error) << what;
  EXPECT_EQ(ours.text, ref.text) << what;
  return ref;
}

TEST(HandlersRender, InsertsCodeWithoutHtmlEscaping) {
  Rendered r = render("x = {{a}}; y = {{{a}}};", model::Json{{"a", "a < b && c > \"d\""}});
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.text, "x = a < b && c > \"d\"; y = a < b && c > \"d\";");
}

TEST(HandlersRender, StandaloneSectionLinesLeaveNoTrace) {
  const std::string t = "a\n  {{#yes}}\n\nb\n  {{/yes}}\n{{#no}}\nc\n{{/no}}\n{{^no}}\nd\n{{/no}}\ne\n";
  Rendered r = render(t, model::Json{{"yes", true}, {"no", false}});
  EXPECT_EQ(r.text, "a\n\nb\nd\ne\n");
}

TEST(HandlersRender, ListsRepeatAndMarkTheLast) {
  Rendered r = render("{{#xs}}{{n}}{{^last}}, {{/last}}{{/xs}}",
                      model::Json{{"xs", {{{"n", 1}, {"last", false}}, {{"n", 2}, {"last", true}}}}});
  EXPECT_EQ(r.text, "1, 2");
}

TEST(HandlersRender, ReportsAnUnclosedSection) {
  Rendered r = render("{{#a}} never closed", model::Json{{"a", true}});
  EXPECT_NE(r.error, "");
  EXPECT_EQ(r.text, "");
}

TEST(HandlersRender, PartialsNestedWithoutEndAreAnError) {
  Rendered r = render("{{>loop}}", model::Json{{"loop", "x{{>loop}}"}});
  EXPECT_EQ(r.error, "partial \"loop\" nests deeper than 64 levels");
  EXPECT_EQ(r.text, "");
}

// A build keeps every output until it is written: a render holds no capacity beyond its text, whatever
// the renders before it made (a long one, then shorter ones; a value with the standalone marker removed).
TEST(HandlersRender, OutputsHoldNoSpareCapacity) {
  Renderer renderer;
  const std::string tmpl = "{{#items}}line {{name}}\n{{/items}}";
  for (int n : {200, 190, 150, 3, 0, 120}) {
    Data items = Data::list();
    for (int i = 0; i < n; ++i) {
      items.push_back(Data{{"name", i % 7 == 0 ? std::string("a\x01" "b") : std::to_string(i)}});
    }
    renderer.set_view(Data{{"items", std::move(items)}});
    Rendered r = renderer.render("t", tmpl);
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.text.size() > 0, n > 0);
    EXPECT_LE(r.text.capacity(), std::max<std::size_t>(r.text.size(), 15)) << n << " items";
  }
  Rendered once = render(tmpl, model::Json{{"items", model::Json::array({{{"name", "x"}}, {{"name", "y"}}})}});
  EXPECT_EQ(once.text, "line x\nline y\n");
  EXPECT_LE(once.text.capacity(), std::max<std::size_t>(once.text.size(), 15));
}

TEST(HandlersData, MembersAreFoundByNameAndReplaced) {
  Data d{{"a", 1}, {"b", "x"}};
  d["a"] = "y";
  d["c"] = true;
  EXPECT_EQ(d.size(), 3u);
  ASSERT_NE(d.find(Data::hash("a"), "a"), nullptr);
  EXPECT_EQ(d.find(Data::hash("a"), "a")->text(), "y");
  EXPECT_EQ(d.find(Data::hash("b"), "b")->text(), "x");
  EXPECT_EQ(d.find(Data::hash("z"), "z"), nullptr);
  EXPECT_EQ(d.find(Data::hash("b"), "a"), nullptr);  // the hash alone does not match
  EXPECT_EQ(Data::list(Data{{"a", 1}}).find(Data::hash("a"), "a"), nullptr);
  EXPECT_EQ(d.to_json(), (model::Json{{"a", "y"}, {"b", "x"}, {"c", true}}));
}

TEST(HandlersData, SectionsTestNullFalseAndEmptyListsAsFalse) {
  EXPECT_TRUE(Data().is_false());
  EXPECT_TRUE(Data(false).is_false());
  EXPECT_TRUE(Data::list().is_false());
  EXPECT_FALSE(Data(true).is_false());
  EXPECT_FALSE(Data("").is_false());
  EXPECT_FALSE(Data(0).is_false());
  EXPECT_FALSE(Data::object().is_false());
  EXPECT_FALSE(Data::list(Data()).is_false());
}

TEST(HandlersData, JsonRoundTripsAndNumbersPrintAsJsonDoes) {
  const model::Json j = {{"s", "text"}, {"i", -42}, {"u", 18446744073709551615u}, {"f", 1.5}, {"big", 1e300},
                         {"t", true}, {"nil", nullptr}, {"list", {1, "two", {{"three", 3}}}},
                         {"empty", model::Json::object()}, {"none", model::Json::array()}};
  const Data d = Data::from_json(j);
  EXPECT_EQ(d.to_json(), j);
  EXPECT_EQ(d.find(Data::hash("f"), "f")->text(), "1.5");
  EXPECT_EQ(d.find(Data::hash("big"), "big")->text(), model::Json(1e300).dump());
  EXPECT_EQ(d.find(Data::hash("u"), "u")->text(), "18446744073709551615");
  EXPECT_EQ(Data(std::int64_t{-7}).text(), model::Json(-7).dump());
  EXPECT_FALSE(d.find(Data::hash("t"), "t")->printable());
}

TEST(HandlersRender, BuiltInTemplatesRenderAsTheReferenceDoes) {
  const std::filesystem::path src = SLIPWAY_SOURCE_DIR;
  auto reader = cli::real_reader();
  const std::map<std::string, std::string> templates = emit::default_templates();
  std::vector<std::string> specs = {"tests/handlers/triggers.yaml"};
  for (const auto& entry : std::filesystem::directory_iterator(src / "specs")) {
    if (entry.path().extension() == ".yaml") specs.push_back(std::filesystem::relative(entry.path(), src).string());
  }
  std::sort(specs.begin(), specs.end());
  int views = 0;
  Renderer renderer;  // as the backend renders: one engine for every view, templates compiled once
  for (const std::string& spec : specs) {
    cli::Compiled c = cli::compile((src / spec).string(), *reader);
    ASSERT_TRUE(c.ok()) << spec;
    const model::System& system = c.program.systems.front();
    const SourceIndex sources = index_sources(system);
    std::vector<Data> all{system_view(system)};
    for (const auto& h : system.handlers) all.push_back(handler_view(system, h, sources));
    for (const Data& data : all) {
      ++views;
      const model::Json view = data.to_json();
      renderer.set_view(data);
      for (const auto& [name, text] : templates) {
        if (name.size() > 9 && name.compare(name.size() - 9, 9, ".mustache") == 0) {
          // The reference renders once (it is most of this test's time); both of our paths must match it.
          const Rendered ref = expect_same_as_reference(text, view, spec + ": " + name);
          const Rendered direct = renderer.render(name, text);
          EXPECT_EQ(direct.error, "") << spec << ": " << name;
          EXPECT_EQ(direct.text, ref.text) << spec << ": " << name;
        }
      }
    }
  }
  EXPECT_GT(views, 10);
}

TEST(HandlersRender, CornerCasesRenderAsTheReferenceDoes) {
  const model::Json view = {
      {"s", "text"}, {"empty", ""}, {"blank", "  "}, {"n", 42}, {"f", 1.5}, {"t", true}, {"no", false},
      {"nil", nullptr}, {"obj", {{"a", "A"}, {"b", {{"c", "C"}}}}}, {"none", model::Json::array()},
      {"list", {{{"a", "1"}}, {{"a", "2"}, {"x", "X"}}}}, {"strs", {"p", "q"}}, {"part", "<{{s}}>"},
      {"nl", "a\nb"}, {"ctl", std::string("z\x01z")}};
  const std::vector<std::string> cases = {
      "", "plain", "{{s}}|{{{s}}}|{{& s }}|{{ s }}", "{{missing}}.", "{{n}} {{f}} {{t}} {{no}} {{nil}} {{obj}}",
      "{{obj.a}} {{obj.b.c}} {{obj.x}} {{obj.}} {{.}}", "{{#obj}}{{a}}{{b.c}}{{s}}{{/obj}}",
      "{{#list}}[{{a}}{{x}}]{{/list}}", "{{#strs}}{{.}},{{/strs}}", "{{#s}}{{.}}{{/s}}", "{{#n}}{{.}}{{/n}}",
      "{{^none}}none{{/none}}{{^no}}no{{/no}}{{^nil}}nil{{/nil}}{{^missing}}m{{/missing}}{{^t}}t{{/t}}",
      "a\n{{#t}}{{/t}}\nb\n", "a\n  {{#t}} {{/t}}\t\nb", "a\n{{#t}}{{empty}}{{/t}}\nb", "x\n{{#no}}y{{/no}}\nz",
      "{{#t}}\n\n{{/t}}\n", "  {{#t}}\n  in\n  {{/t}}\n  {{^t}}\n  out\n  {{/t}}\nend",
      "a\r\n{{#t}}\r\nb\r\n{{/t}}\r\nc\rd", "{{! comment }}\n  {{! alone }}  \nx {{! inline }} y",
      "{{=<% %>=}}<% s %> {{s}} <%#t%>T<%/t%><%={{ }}=%>{{s}}", "{{=| |=}}|{s}|", "{{>part}}|{{>missing}}|{{>n}}",
      "{{#list}}\n- {{a}}\n{{/list}}", "{{#list}}{{#x}}\n{{/x}}{{/list}}", "{{blank}}\n{{#t}}{{blank}}{{/t}}\n",
      "{{nl}}\n{{#t}}{{nl}}{{/t}}", "{{ctl}}", "{{#t}}  ", "{{#t}}", "{{#a}}{{/b}}", "{{/a}}", "{{s", "{{{s}}",
      "{{=x=}}", "{{#a}}{{#b}}{{/b}}", "x{{", "{{}}", "{{{}}}", "{{#t}}{{#list}}{{a}}{{/list}}{{/t}}",
      "{{#list}}{{s}}{{/list}}", "{{#obj.b}}{{c}}{{/obj.b}}", "{{#.}}{{s}}{{/.}}", "{{a..b}} {{.a}}"};
  for (const std::string& t : cases) expect_same_as_reference(t, view, "template: " + t);
}

// Random templates over a small grammar of text, blanks, line breaks and tags; the same PRNG seed every run.
TEST(HandlersRender, GeneratedTemplatesRenderAsTheReferenceDoes) {
  const model::Json view = {{"a", "A"}, {"b", ""}, {"t", true}, {"f", false}, {"n", 7}, {"z", nullptr},
                            {"o", {{"a", "oa"}, {"t", false}}}, {"l", {{{"a", "1"}}, {{"t", true}}, {{"a", " "}}}},
                            {"e", model::Json::array()}, {"p", "{{a}}\n"}};
  const std::vector<std::string> names = {"a", "b", "t", "f", "n", "z", "o", "l", "e", "o.a", "o.t", ".", "q"};
  const std::vector<std::string> bits = {"x", " ", "\t", "\n", "\r\n", "  ", "{", "}", "."};
  std::mt19937 rng(20261123);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int i = 0; i < 3000; ++i) {
    std::string t;
    std::vector<std::string> open;
    const std::size_t parts = 1 + pick(14);
    for (std::size_t k = 0; k < parts; ++k) {
      switch (pick(7)) {
        case 0:
        case 1: t += bits[pick(bits.size())]; break;
        case 2: t += "{{" + names[pick(names.size())] + "}}"; break;
        case 3:
          open.push_back(names[pick(names.size())]);
          t += std::string("{{") + (pick(2) ? "#" : "^") + open.back() + "}}";
          break;
        case 4:
          if (!open.empty()) {
            t += "{{/" + open.back() + "}}";
            open.pop_back();
          } else {
            t += "{{! c }}";
          }
          break;
        case 5: t += pick(5) == 0 ? "{{>p}}" : "\n  "; break;
        default: t += pick(9) == 0 ? "{{=<< >>=}}" : "\n"; break;
      }
    }
    while (!open.empty() && pick(8) != 0) {
      t += "{{/" + open.back() + "}}" + (pick(2) ? "\n" : "");
      open.pop_back();
    }
    expect_same_as_reference(t, view, "template: " + t);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace slipway::emit::handlers
