// The workflow pass (check/workflows.cc and friends): every diagnostic by its full text.
#include <gtest/gtest.h>

#include "check/passes.h"
#include "lower/condition.h"

namespace slipway {
// Named: the helpers below differ from asl_backend_test.cc's namesakes, which a unity build puts beside them.
namespace asl_check {
namespace {

using model::Step;
using model::StepKind;

model::TypePtr prim(model::TypeKind k) {
  auto t = std::make_shared<model::Type>();
  t->kind = k;
  return t;
}

model::System sys() {
  model::System s;
  s.name = "shop";
  s.environment = "dev";
  auto status = std::make_shared<model::Type>();
  status->kind = model::TypeKind::Enum;
  status->enum_values = {"new", "paid"};
  auto items = std::make_shared<model::Type>();
  items->kind = model::TypeKind::Array;
  items->element = prim(model::TypeKind::String);
  auto address = std::make_shared<model::Type>();
  address->kind = model::TypeKind::Object;
  address->fields = {{"city", false, prim(model::TypeKind::String), {}}};
  auto detail = std::make_shared<model::Type>();
  detail->kind = model::TypeKind::Object;
  detail->fields = {{"address", false, address, {}},
                    {"express", false, prim(model::TypeKind::Boolean), {}},
                    {"items", false, items, {}},
                    {"orderId", false, prim(model::TypeKind::String), {}},
                    {"placedAt", false, prim(model::TypeKind::Timestamp), {}},
                    {"status", false, status, {}},
                    {"total", true, prim(model::TypeKind::Number), {}}};
  model::Event e;
  e.name = "OrderPlaced";
  e.source = "shop.orders";
  e.detail_type = "OrderPlaced";
  e.bus = "default";
  e.detail = detail;
  s.events = {e};
  model::Handler h;
  h.name = "charge";
  s.handlers = {h};
  model::Table t;
  t.name = "orders";
  s.tables = {t};
  model::Topic topic;
  topic.name = "alerts";
  s.topics = {topic};
  model::Queue q;
  q.name = "jobs";
  s.queues = {q};
  return s;
}

std::uint32_t g_line = 0;  // each step gets its own line, so diagnostics show which step they are about

Step step(std::string name, StepKind kind, std::string target = "") {
  Step s;
  s.name = std::move(name);
  s.kind = kind;
  s.target = std::move(target);
  s.span = {1, ++g_line, 7};
  return s;
}

model::ChoiceBranch when(const std::string& text, std::vector<Step> steps) {
  base::Diagnostics diags;
  auto c = lower::parse_condition(text, {1, 90, 13}, diags);
  EXPECT_TRUE(c) << text;
  return model::ChoiceBranch{c.value_or(model::Condition{}), std::move(steps), {}};
}

std::string check(std::vector<Step> steps, std::string input = "", std::vector<model::StepCatch> catches = {},
                  std::string type = "STANDARD") {
  model::System s = sys();
  model::Workflow w;
  w.name = "flow";
  w.span = {1, 1, 3};
  w.type = type;
  w.steps = std::move(steps);
  w.input_event = std::move(input);
  w.catches = std::move(catches);
  s.workflows = {w};
  base::Diagnostics diags;
  check::check_workflows(s, diags);
  diags.sort_and_unique();
  base::Sources sources;
  sources.add("spec.yaml");
  g_line = 0;
  return base::format_text(diags, sources);
}

TEST(AslCheck, UnknownReferences) {
  EXPECT_EQ(check({step("a", StepKind::Invoke, "chrage"), step("b", StepKind::Emit, "OrderPlacd"),
                   step("c", StepKind::Publish, "alert"), step("d", StepKind::Send, "job"),
                   step("e", StepKind::DynamoDb, "order"), step("f", StepKind::Start, "flw")}),
            "spec.yaml:1:7: error: step 'a' refers to handler 'chrage', which is not declared "
            "[unknown-handler]\n  help: did you mean 'charge'?\n"
            "spec.yaml:2:7: error: step 'b' refers to event 'OrderPlacd', which is not declared "
            "[unknown-event]\n  help: did you mean 'OrderPlaced'?\n"
            "spec.yaml:3:7: error: step 'c' refers to topic 'alert', which is not declared "
            "[unknown-topic]\n  help: did you mean 'alerts'?\n"
            "spec.yaml:4:7: error: step 'd' refers to queue 'job', which is not declared "
            "[unknown-queue]\n  help: did you mean 'jobs'?\n"
            "spec.yaml:5:7: error: step 'e' refers to table 'order', which is not declared "
            "[unknown-table]\n  help: did you mean 'orders'?\n"
            "spec.yaml:6:7: error: step 'f' refers to workflow 'flw', which is not declared "
            "[unknown-workflow]\n  help: did you mean 'flow'?\n");
}

TEST(AslCheck, GotoScope) {
  Step p = step("fan", StepKind::Parallel);
  p.branches = {{step("inner", StepKind::Goto, "first")}};
  Step c = step("route", StepKind::Choice);
  c.choices = {when("$.x == 1", {step("left", StepKind::Pass)})};
  c.otherwise = std::vector<Step>{step("jump", StepKind::Goto, "left")};
  EXPECT_EQ(check({step("first", StepKind::Pass), p, c, step("bad", StepKind::Goto, "nowhere")}),
            "spec.yaml:2:7: error: step 'inner' goes to step 'first', which is not in the same list or an enclosing "
            "one [goto-out-of-scope]\n"
            "  help: a goto may jump back or ahead in its own list or a list around it, but not into another "
            "branch, or out of a parallel or map step\n"
            "spec.yaml:5:7: error: step 'jump' goes to step 'left', which is not in the same list or an enclosing "
            "one [goto-out-of-scope]\n"
            "  help: a goto may jump back or ahead in its own list or a list around it, but not into another "
            "branch, or out of a parallel or map step\n"
            "spec.yaml:7:7: error: step 'bad' goes to step 'nowhere', which the workflow does not have "
            "[unknown-step]\n");
}

TEST(AslCheck, UnreachableAndEndless) {
  Step fail = step("stop", StepKind::Fail);
  EXPECT_EQ(check({step("a", StepKind::Pass), fail, step("b", StepKind::Pass), step("c", StepKind::Pass)}),
            "spec.yaml:3:7: error: step 'b' can never run [unreachable-step]\n"
            "  help: the step before it always ends or jumps elsewhere; remove the step or go to it\n");
  Step wait = step("wait", StepKind::Wait);
  wait.wait_seconds = 5;
  EXPECT_EQ(check({step("poll", StepKind::Invoke, "charge"), wait, step("again", StepKind::Goto, "poll")}),
            "spec.yaml:2:7: error: steps 'poll', 'wait' loop forever: no way leads from them to the end "
            "[endless-loop]\n"
            "  help: add a choice that leaves the loop, or let a step succeed or fail\n");
  EXPECT_EQ(check({step("a", StepKind::Goto, "b"), step("b", StepKind::Goto, "a")}),
            "spec.yaml:1:7: error: step 'a' goes to a goto that leads back to it [endless-loop]\n"
            "  help: go to a step that does something\n"
            "spec.yaml:2:7: error: step 'b' goes to a goto that leads back to it [endless-loop]\n"
            "  help: go to a step that does something\n");
  // A loop with a way out is fine, and so is a state only a catch reaches.
  Step c = step("done_yet", StepKind::Choice);
  c.choices = {when("$.done == true", {step("ok", StepKind::Succeed)})};
  c.otherwise = std::vector<Step>{step("back", StepKind::Goto, "poll")};
  Step poll = step("poll", StepKind::Invoke, "charge");
  poll.catches = {model::StepCatch{{}, "", {}, "cleanup", {}}};
  EXPECT_EQ(check({poll, c, step("cleanup", StepKind::Pass)}), "");
}

TEST(AslCheck, StateNames) {
  const std::string long_name(81, 'x');
  Step c = step("pick", StepKind::Choice);
  c.choices = {when("$.x == 1", {step("one", StepKind::Pass)})};
  Step dup = step("one", StepKind::Pass);
  Step p = step("par", StepKind::Parallel);
  p.branches = {{dup}};
  EXPECT_EQ(check({step(long_name, StepKind::Pass), p, c, step("pick_done", StepKind::Pass)}),
            "spec.yaml:2:7: error: two states of workflow 'flow' are named 'one' [duplicate-state]\n"
            "spec.yaml:3:7: note: the other one is here\n"
            "  help: rename one of the steps\n"
            "spec.yaml:5:7: error: state name '" + long_name +
                "' is 81 characters long; Step Functions allows 80 [state-name-too-long]\n"
                "  help: use a shorter step name\n");
  Step last = step("pick", StepKind::Choice);
  last.choices = {when("$.x == 1", {step("one", StepKind::Pass)})};
  EXPECT_EQ(check({step("pick_done", StepKind::Pass), last}),
            "spec.yaml:1:7: error: two states of workflow 'flow' are named 'pick_done' [duplicate-state]\n"
            "spec.yaml:3:7: note: the other one is here\n"
            "  help: rename step 'pick_done'; a choice without else uses it\n");
}

TEST(AslCheck, TypedInputPaths) {
  Step a = step("a", StepKind::Invoke, "charge");
  a.payload = {{"id.$", "$.orderID"}, {"city.$", "$.address.town"}, {"msg.$", "States.Format('{}', $.totl)"},
               {"deep.$", "$.orderId.length"}, {"ok.$", "$.items[0]"}, {"ctx.$", "$$.Execution.Id"}};
  a.result_path = "$.charged";
  Step b = step("b", StepKind::Pass);
  b.input_path = "$.charged.receipt";  // added by step a: not checked
  Step c = step("c", StepKind::Invoke, "charge");  // replaces the state: later paths are not checked
  Step d = step("d", StepKind::Wait);
  d.wait_until_path = "$.anything";
  EXPECT_EQ(check({a, b, c, d}, "OrderPlaced"),
            "spec.yaml:1:7: error: '$.address.town' is not in the input of workflow 'flow': '$.address' has no "
            "field 'town' (step 'a') [unknown-input-path]\n"
            "spec.yaml:1:7: error: '$.orderID' is not in the input of workflow 'flow': event 'OrderPlaced' has no "
            "field 'orderID' (step 'a') [unknown-input-path]\n"
            "  help: did you mean 'orderId'?\n"
            "spec.yaml:1:7: error: '$.orderId.length' reads field 'length' of '$.orderId', which is a string "
            "(step 'a') [unknown-input-path]\n"
            "spec.yaml:1:7: error: '$.totl' is not in the input of workflow 'flow': event 'OrderPlaced' has no "
            "field 'totl' (step 'a') [unknown-input-path]\n"
            "  help: did you mean 'total'?\n");
}

TEST(AslCheck, ConditionTypes) {
  Step c = step("route", StepKind::Choice);
  c.choices = {
      when("$.total == \"10\"", {}),         when("$.express < true", {}),      when("$.status == \"payed\"", {}),
      when("$.placedAt > \"yesterday\"", {}), when("$.total matches \"1*\"", {}), when("$.items == \"a\"", {}),
      when("$.orderId < $.total", {}),        when("$.express > false", {}),     when("$.statuss == \"x\"", {}),
      when("$.placedAt < \"2024-01-31T12:00:00Z\" and $.total >= 3 and $.status != \"new\"", {}),
  };
  EXPECT_EQ(check({c}, "OrderPlaced"),
            "spec.yaml:90:13: error: \"payed\" is not a value of '$.status', which is enum(new, paid) "
            "[condition-type]\n"
            "spec.yaml:90:13: error: '$.items' is a string[]; conditions compare single values [condition-type]\n"
            "spec.yaml:90:13: error: '$.orderId' is a string and '$.total' is a number; they cannot be compared "
            "[condition-type]\n"
            "spec.yaml:90:13: error: '$.placedAt' is a timestamp, but \"yesterday\" is not an RFC 3339 timestamp "
            "such as \"2024-01-31T12:00:00Z\" [condition-type]\n"
            "spec.yaml:90:13: error: '$.total' is a number and cannot be compared with the string \"10\" "
            "[condition-type]\n"
            "spec.yaml:90:13: error: '$.total' is a number; 'matches' applies to strings [condition-type]\n"
            "spec.yaml:90:13: error: '<' cannot compare with true; only == and != can [condition-type]\n"
            "spec.yaml:90:13: error: '>' cannot compare with false; only == and != can [condition-type]\n"
            "spec.yaml:90:13: error: '$.statuss' is not in the input of workflow 'flow': event 'OrderPlaced' has "
            "no field 'statuss' (step 'route') [unknown-input-path]\n"
            "  help: did you mean 'status'?\n");
}

TEST(AslCheck, ConditionPositionsInsideTheText) {
  model::System s = sys();
  model::Workflow w;
  w.name = "flow";
  w.input_event = "OrderPlaced";
  Step c = step("route", StepKind::Choice);
  base::Diagnostics parse;
  c.choices = {model::ChoiceBranch{*lower::parse_condition("$.express == true and $.total == \"x\"", {1, 9, 17}, parse),
                                   {}, {}}};
  w.steps = {c};
  s.workflows = {w};
  base::Diagnostics diags;
  check::check_workflows(s, diags);
  base::Sources sources;
  sources.add("spec.yaml");
  EXPECT_EQ(base::format_text(diags, sources),
            "spec.yaml:9:39: error: '$.total' is a number and cannot be compared with the string \"x\" "
            "[condition-type]\n");
  g_line = 0;
}

TEST(AslCheck, ExpressAndErrorOrder) {
  Step s = step("child", StepKind::Start, "flow");
  s.sync = true;
  Step t = step("t", StepKind::Invoke, "charge");
  t.retry = {model::StepRetry{{"States.ALL"}, 3, 1, 2, {}, false, {1, 20, 9}},
             model::StepRetry{{"Lambda.Unknown"}, 3, 1, 2, {}, false, {1, 21, 9}}};
  t.retry_given = true;
  Step w = step("w", StepKind::Wait);
  w.wait_seconds = 30;
  w.catches = {model::StepCatch{{}, "", {}, "t", {1, 22, 9}}};
  EXPECT_EQ(check({s, t, w}, "", {}, "EXPRESS"),
            "spec.yaml:1:7: error: step 'child' waits for workflow 'flow', which express workflows cannot do "
            "[express-limit]\n"
            "  help: start it without `sync: true`, or make 'flow' a standard workflow\n"
            "spec.yaml:21:9: error: this retry entry can never apply: an earlier entry matches States.ALL "
            "[states-all-not-last]\n"
            "  help: move the States.ALL entry last\n");
}

TEST(AslCheck, EmittedDetail) {
  Step e = step("announce", StepKind::Emit, "OrderPlaced");
  e.payload = {{"orderId.$", "$.id"}, {"stat", "new"}};
  EXPECT_EQ(check({e}),
            "spec.yaml:1:7: error: event 'OrderPlaced' has no field 'stat' (step 'announce') "
            "[unknown-detail-field]\n"
            "spec.yaml:1:7: warning: step 'announce' emits OrderPlaced without its required field(s) 'address', "
            "'express', 'items', 'placedAt', 'status' [missing-detail-field]\n");
}

}  // namespace
}  // namespace asl_check
}  // namespace slipway
