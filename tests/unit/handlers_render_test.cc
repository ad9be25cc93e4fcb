// The Mustache rendering of the handlers backend: no HTML escaping, the spec's standalone-line rule,
// errors reported instead of thrown.
#include <gtest/gtest.h>

#include "emit/handlers/render.h"

namespace slipway::emit::handlers {
namespace {

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

}  // namespace
}  // namespace slipway::emit::handlers
