// The condition language: trees for valid text, and the full text of every diagnostic, with its column
// inside the condition.
#include <gtest/gtest.h>

#include "lower/condition.h"

namespace slipway {
namespace {

using Op = model::Condition::Op;

// A compact rendering of a condition tree, for comparisons.
std::string show(const model::Operand& o) { return o.is_path ? o.path : o.literal.dump(); }
std::string show(const model::Condition& c) {
  static const char* kOps[] = {"and", "or", "not", "==", "!=", "<", "<=", ">", ">=", "is_present", "is_null",
                               "is_string", "is_numeric", "is_boolean", "is_timestamp", "matches"};
  const std::string op = kOps[static_cast<int>(c.op)];
  if (c.op == Op::And || c.op == Op::Or || c.op == Op::Not) {
    std::string out = "(" + op;
    for (const auto& child : c.children) out += " " + show(child);
    return out + ")";
  }
  if (c.op >= Op::IsPresent && c.op <= Op::IsTimestamp) return op + "(" + show(c.lhs) + ")";
  return "(" + show(c.lhs) + " " + op + " " + show(c.rhs) + ")";
}

std::string parse(const std::string& text) {
  base::Diagnostics diags;
  auto c = lower::parse_condition(text, {1, 7, 11}, diags);
  base::Sources sources;
  sources.add("spec.yaml");
  if (!c) return base::format_text(diags, sources);
  EXPECT_TRUE(diags.items().empty());
  return show(*c);
}

TEST(ConditionParser, Comparisons) {
  EXPECT_EQ(parse("$.a == 1"), "($.a == 1)");
  EXPECT_EQ(parse("$.a != \"x\""), "($.a != \"x\")");
  EXPECT_EQ(parse("$.score < 0.5"), "($.score < 0.5)");
  EXPECT_EQ(parse("$.n <= -2"), "($.n <= -2)");
  EXPECT_EQ(parse("$.n > 1e3"), "($.n > 1000.0)");
  EXPECT_EQ(parse("$.ok >= $.limit"), "($.ok >= $.limit)");
  EXPECT_EQ(parse("$.flag == true"), "($.flag == true)");
  EXPECT_EQ(parse("$.gone == null"), "($.gone == null)");
  EXPECT_EQ(parse("'single' == $.s"), "(\"single\" == $.s)");
  EXPECT_EQ(parse("$.a[0].b-c == \"say \\\"hi\\\"\""), "($.a[0].b-c == \"say \\\"hi\\\"\")");
  EXPECT_EQ(parse("$$.Execution.Name == \"x\""), "($$.Execution.Name == \"x\")");
}

TEST(ConditionParser, LogicAndPrecedence) {
  EXPECT_EQ(parse("$.a == 1 or $.b == 2 and not $.c == 3"),
            "(or ($.a == 1) (and ($.b == 2) (not ($.c == 3))))");
  EXPECT_EQ(parse("($.a == 1 or $.b == 2) and $.c == 3"), "(and (or ($.a == 1) ($.b == 2)) ($.c == 3))");
  EXPECT_EQ(parse("$.a == 1 and $.b == 2 and $.c == 3"), "(and ($.a == 1) ($.b == 2) ($.c == 3))");
  EXPECT_EQ(parse("not not is_null($.x)"), "(not (not is_null($.x)))");
  EXPECT_EQ(parse("$.agents[1].score < 0.5 and is_present($.cardId)"),
            "(and ($.agents[1].score < 0.5) is_present($.cardId))");
}

TEST(ConditionParser, TestsAndMatches) {
  EXPECT_EQ(parse("is_present($.a)"), "is_present($.a)");
  EXPECT_EQ(parse("is_null($.a) or is_string($.a) or is_numeric($.a) or is_boolean($.a) or is_timestamp($.a)"),
            "(or is_null($.a) is_string($.a) is_numeric($.a) is_boolean($.a) is_timestamp($.a))");
  EXPECT_EQ(parse("$.key matches \"originals/*.jpg\""), "($.key matches \"originals/*.jpg\")");
  EXPECT_EQ(parse("$.key matches 'a\\*b*'"), "($.key matches \"a\\\\*b*\")");
}

TEST(ConditionParser, Spans) {
  base::Diagnostics diags;
  auto c = lower::parse_condition("$.a == 1 and  is_present($.b)", {1, 7, 11}, diags);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->children[0].lhs.span, (base::Span{1, 7, 11}));
  EXPECT_EQ(c->children[0].rhs.span, (base::Span{1, 7, 18}));
  EXPECT_EQ(c->children[1].span, (base::Span{1, 7, 25}));
  EXPECT_EQ(c->children[1].lhs.span, (base::Span{1, 7, 36}));
}

TEST(ConditionParser, Diagnostics) {
  EXPECT_EQ(parse(""), "spec.yaml:7:11: error: the condition is empty [bad-condition]\n"
                       "  help: write a comparison such as '$.status == \"done\"'\n");
  EXPECT_EQ(parse("$.a = 1"), "spec.yaml:7:15: error: unexpected '=' [bad-condition]\n"
                              "  help: write '==' to compare\n");
  EXPECT_EQ(parse("$.a == 1 && $.b == 2"), "spec.yaml:7:20: error: unexpected '&&' [bad-condition]\n"
                                           "  help: write 'and'\n");
  EXPECT_EQ(parse("!is_null($.a)"), "spec.yaml:7:11: error: unexpected '!' [bad-condition]\n"
                                    "  help: write 'not' to negate a condition\n");
  EXPECT_EQ(parse("$.a =="), "spec.yaml:7:17: error: expected a value after '==' but found the end of the "
                             "condition [bad-condition]\n");
  EXPECT_EQ(parse("is_presnt($.a)"), "spec.yaml:7:11: error: unknown test 'is_presnt' [bad-condition]\n"
                                     "  help: did you mean 'is_present'?\n");
  EXPECT_EQ(parse("($.a == 1"), "spec.yaml:7:20: error: expected ')' but found the end of the condition "
                                "[bad-condition]\n"
                                "  help: the '(' at column 11 is not closed\n");
  EXPECT_EQ(parse("$.a == \"x"), "spec.yaml:7:18: error: unterminated string [bad-condition]\n"
                                 "  help: close it with \"\n");
  EXPECT_EQ(parse("$.a"), "spec.yaml:7:14: error: expected a comparison (== != < <= > >=) or 'matches' after "
                          "'$.a' but found the end of the condition [bad-condition]\n"
                          "  help: to test that a field exists, write is_present($.a)\n");
  EXPECT_EQ(parse("1 == 2"), "spec.yaml:7:11: error: a comparison needs a path on at least one side "
                             "[bad-condition]\n"
                             "  help: compare a field such as $.status\n");
  EXPECT_EQ(parse("$.status == paid"), "spec.yaml:7:23: error: expected a value after '==' but found 'paid' "
                                       "[bad-condition]\n"
                                       "  help: paths start with '$.'; quote text: \"paid\"\n");
  EXPECT_EQ(parse("$.a == 1 $.b == 2"), "spec.yaml:7:20: error: unexpected '$.b' after a complete condition "
                                        "[bad-condition]\n"
                                        "  help: join conditions with 'and' or 'or'\n");
  EXPECT_EQ(parse("$.a == 1 == 2"), "spec.yaml:7:20: error: unexpected '==' after a complete condition "
                                    "[bad-condition]\n"
                                    "  help: put parentheses around the comparison on its left\n");
  EXPECT_EQ(parse("$.a[x] == 1"), "spec.yaml:7:15: error: expected an array index such as [0] in path "
                                  "[bad-condition]\n"
                                  "  help: a condition reads one value; write $.items[0]\n");
  EXPECT_EQ(parse("$.a. == 1"), "spec.yaml:7:15: error: expected a field name after '.' in path "
                                "[bad-condition]\n");
  EXPECT_EQ(parse("$.a matches 5"), "spec.yaml:7:23: error: expected a quoted pattern after 'matches' but "
                                    "found '5' [bad-condition]\n"
                                    "  help: write $.key matches \"*.jpg\"\n");
  EXPECT_EQ(parse("$.a == 12abc"), "spec.yaml:7:18: error: malformed number '12abc' [bad-condition]\n"
                                   "  help: quote text: \"12abc\"\n");
  EXPECT_EQ(parse("$.a == \"x\\n\""), "spec.yaml:7:20: error: unknown escape '\\n' in string [bad-condition]\n"
                                      "  help: only \\\\, \\* and the quote may be escaped\n");
  EXPECT_EQ(parse("is_present $.a"), "spec.yaml:7:22: error: expected '(' after 'is_present' [bad-condition]\n"
                                     "  help: write is_present($.field)\n");
  EXPECT_EQ(parse("is_null(3)"), "spec.yaml:7:19: error: expected a path in is_null(...) but found '3' "
                                 "[bad-condition]\n"
                                 "  help: write is_null($.field)\n");
  EXPECT_EQ(parse("$.a == 1 and"), "spec.yaml:7:23: error: expected a condition but found the end of the "
                                   "condition [bad-condition]\n");
  EXPECT_EQ(parse("$.a == #"), "spec.yaml:7:18: error: unexpected character '#' [bad-condition]\n");
  EXPECT_EQ(parse("$.a* == 1"), "spec.yaml:7:14: error: unexpected '*' in path '$.a' [bad-condition]\n"
                                "  help: paths look like $.field.sub[0]\n");
}

TEST(ConditionParser, OneDiagnosticPerCondition) {
  base::Diagnostics diags;
  EXPECT_FALSE(lower::parse_condition("$.a = 1 && (", {1, 1, 1}, diags));
  EXPECT_EQ(diags.items().size(), 1u);
}

}  // namespace
}  // namespace slipway
