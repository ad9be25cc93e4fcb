// Golden files for the ASL backend: one hand-built workflow per construct, compared with
// tests/golden/asl/<name>.asl.json (SLIPWAY_UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "check/passes.h"
#include "derive/workflow.h"
#include "emit/backend.h"
#include "lower/condition.h"
#include "repository_files.h"

using slipway::testing::file_text;

namespace slipway {
namespace {

using model::Step;
using model::StepKind;

model::TypePtr prim(model::TypeKind k) {
  auto t = std::make_shared<model::Type>();
  t->kind = k;
  return t;
}

model::Field field(std::string name, model::TypePtr t, bool optional = false) {
  return model::Field{std::move(name), optional, std::move(t), {}};
}

model::System shop() {
  model::System s;
  s.name = "shop";
  s.environment = "dev";
  s.buses = {model::Bus{"default", {}, "", {}}, model::Bus{"events", 7, "", {}}};
  auto item = std::make_shared<model::Type>();
  item->kind = model::TypeKind::Object;
  item->fields = {field("qty", prim(model::TypeKind::Integer)), field("sku", prim(model::TypeKind::String))};
  auto items = std::make_shared<model::Type>();
  items->kind = model::TypeKind::Array;
  items->element = item;
  auto status = std::make_shared<model::Type>();
  status->kind = model::TypeKind::Enum;
  status->enum_values = {"new", "paid"};
  auto detail = std::make_shared<model::Type>();
  detail->kind = model::TypeKind::Object;
  detail->fields = {field("express", prim(model::TypeKind::Boolean)),
                    field("items", items),
                    field("limit", prim(model::TypeKind::Number)),
                    field("note", prim(model::TypeKind::String), true),
                    field("orderId", prim(model::TypeKind::String)),
                    field("placedAt", prim(model::TypeKind::Timestamp)),
                    field("shipBy", prim(model::TypeKind::Timestamp)),
                    field("status", status),
                    field("total", prim(model::TypeKind::Number))};
  model::Event placed;
  placed.name = "OrderPlaced";
  placed.source = "shop.orders";
  placed.detail_type = "OrderPlaced";
  placed.bus = "events";
  placed.detail = detail;
  model::Event shipped = placed;
  shipped.name = "OrderShipped";
  shipped.detail_type = "Order Shipped";
  s.events = {placed, shipped};
  model::Table orders;
  orders.name = "orders";
  orders.partition = {"pk", "S", {}};
  orders.sort = model::KeyAttribute{"sk", "N", {}};
  s.tables = {orders};
  model::Queue jobs;
  jobs.name = "jobs";
  model::Queue ledger;
  ledger.name = "ledger";
  ledger.fifo = true;
  s.queues = {jobs, ledger};
  model::Topic alerts;
  alerts.name = "alerts";
  s.topics = {alerts};
  for (const char* h : {"charge", "notify", "price", "reserve", "ship"}) {
    model::Handler handler;
    handler.name = h;
    s.handlers.push_back(handler);
  }
  return s;
}

Step step(std::string name, StepKind kind, std::string target = "") {
  Step s;
  s.name = std::move(name);
  s.kind = kind;
  s.target = std::move(target);
  return s;
}
Step invoke(std::string name, std::string handler) { return step(std::move(name), StepKind::Invoke, std::move(handler)); }

model::Condition cond(const std::string& text) {
  base::Diagnostics diags;
  auto c = lower::parse_condition(text, {}, diags);
  EXPECT_TRUE(c.has_value()) << text;
  return c.value_or(model::Condition{});
}

model::ChoiceBranch when(const std::string& text, std::vector<Step> steps) {
  return model::ChoiceBranch{cond(text), std::move(steps), {}};
}

model::Workflow workflow(std::string name, std::vector<Step> steps, std::string input = "") {
  model::Workflow w;
  w.name = std::move(name);
  w.steps = std::move(steps);
  w.input_event = std::move(input);
  return w;
}

using Case = std::pair<std::string, std::function<model::Workflow()>>;

std::vector<Case> cases() {
  std::vector<Case> out;
  out.emplace_back("invoke", [] {
    Step shaped = invoke("charge", "charge");
    shaped.payload = {{"orderId.$", "$.orderId"}, {"amount.$", "$.total"}, {"currency", "EUR"}};
    shaped.result_path = "$.payment";
    shaped.timeout_seconds = 60;
    shaped.heartbeat_seconds = 10;
    Step retried = invoke("reserve", "reserve");
    retried.retry_given = true;
    retried.retry = {model::StepRetry{{"Reserve.Busy"}, 5, 2, 1.5, 30, true, {}}};
    retried.output_path = "$.reservation";
    Step plain = invoke("ship", "ship");
    plain.input_path = "$.payment";
    model::Workflow w = workflow("invoke", {shaped, retried, plain}, "OrderPlaced");
    w.description = "Charges, reserves and ships an order";
    w.timeout_seconds = 300;
    return w;
  });
  out.emplace_back("parallel", [] {
    Step p = step("quotes", StepKind::Parallel);
    p.branches = {{invoke("price", "price")}, {invoke("reserve", "reserve"), invoke("notify", "notify")}};
    p.result_path = "$.quotes";
    p.retry_given = true;
    p.retry = {model::StepRetry{{}, 2, 1, 2, {}, false, {}}};
    return workflow("parallel", {p, invoke("charge", "charge")});
  });
  out.emplace_back("map", [] {
    Step m = step("each_item", StepKind::Map);
    m.items_path = "$.items";
    m.max_concurrency = 5;
    m.payload = {{"sku.$", "$$.Map.Item.Value.sku"}, {"orderId.$", "$.orderId"}};
    Step w = step("pause", StepKind::Wait);
    w.wait_seconds = 1;
    m.iterator = {invoke("reserve_item", "reserve"), w};
    m.result_path = "$.reserved";
    return workflow("map", {m}, "OrderPlaced");
  });
  out.emplace_back("choice", [] {
    Step c = step("route", StepKind::Choice);
    c.choices = {
        when("$.total >= 100 and $.express == true", {invoke("ship_fast", "ship")}),
        when("$.status != \"paid\" or not is_present($.orderId)", {step("reject", StepKind::Fail)}),
        when("$.placedAt < \"2024-01-01T00:00:00Z\"", {}),
        when("$.shipBy <= $.placedAt and $.limit < $.total", {invoke("escalate", "notify")}),
        when("$.note matches \"*urgent*\" and not ($.note == null)", {invoke("urgent", "notify")}),
        when("100 > $.total and is_numeric($.total) and not is_string($.orderId)", {}),
    };
    c.choices[1].steps[0].error = "NotPaid";
    c.choices[1].steps[0].cause = "The order is not paid";
    c.otherwise = std::vector<Step>{invoke("ship_slow", "ship")};
    Step check = step("check", StepKind::Choice);
    check.choices = {when("is_present($.tracking)", {invoke("announce", "notify")})};
    return workflow("choice", {c, invoke("record", "charge"), check}, "OrderPlaced");
  });
  out.emplace_back("wait", [] {
    Step a = step("cool_down", StepKind::Wait);
    a.wait_seconds = 30;
    Step b = step("until_ship_by", StepKind::Wait);
    b.wait_until_path = "$.shipBy";
    return workflow("wait", {a, b, invoke("ship", "ship")});
  });
  out.emplace_back("pass_succeed_fail", [] {
    Step p = step("defaults", StepKind::Pass);
    p.payload = {{"currency", "EUR"}, {"retries", 0}, {"template", "${not.a.ref} and %{ directive }"}};
    p.result_path = "$.config";
    Step shape = step("shape", StepKind::Pass);
    shape.payload = {{"id.$", "$.orderId"}, {"table", "${tables.orders.name}"}};
    shape.result_path = "$.shaped";
    Step c = step("decide", StepKind::Choice);
    Step f = step("failed", StepKind::Fail);
    f.error = "Order.Invalid";
    f.cause = "The order has no items";
    c.choices = {when("is_present($.items[0])", {step("done", StepKind::Succeed)})};
    c.otherwise = std::vector<Step>{f};
    return workflow("pass_succeed_fail", {p, shape, c});
  });
  out.emplace_back("messaging", [] {
    Step e = step("announce", StepKind::Emit, "OrderShipped");
    e.payload = {{"orderId.$", "$.orderId"}, {"note", "shipped by dhl"}};
    Step all = step("forward", StepKind::Emit, "OrderPlaced");
    Step pub = step("alert", StepKind::Publish, "alerts");
    pub.payload = {{"text.$", "States.Format('Order {} shipped', $.orderId)"}};
    Step q = step("enqueue", StepKind::Send, "jobs");
    q.payload = "$.items";
    Step f = step("book", StepKind::Send, "ledger");
    f.payload = {{"orderId.$", "$.orderId"}};
    return workflow("messaging", {e, all, pub, q, f}, "OrderPlaced");
  });
  out.emplace_back("dynamodb", [] {
    Step get = step("load", StepKind::DynamoDb, "orders");
    get.dynamodb_op = "get";
    get.key = {{"pk.$", "$.orderId"}, {"sk", 1}};
    get.result_path = "$.stored";
    Step put = step("save", StepKind::DynamoDb, "orders");
    put.dynamodb_op = "put";
    put.item = {{"pk.$", "$.orderId"}, {"sk.$", "$.total"}, {"total.$", "$.total"}, {"express.$", "$.express"},
                {"items.$", "$.items"}, {"source", "workflow"}, {"tags", {"a", "b"}}, {"meta", {{"v", 1}}},
                {"ok", true}, {"gone", nullptr}};
    Step upd = step("mark_paid", StepKind::DynamoDb, "orders");
    upd.dynamodb_op = "update";
    upd.key = {{"pk.$", "$.orderId"}, {"sk.$", "$.total"}};
    upd.update_expression = "SET paid = :paid, paidAt = :at";
    upd.expression_values = {{":paid", true}, {":at.$", "$$.State.EnteredTime"}};
    Step del = step("forget", StepKind::DynamoDb, "orders");
    del.dynamodb_op = "delete";
    del.key = {{"pk", {{"S", "fixed"}}}, {"sk", {{"N", "1"}}}};
    return workflow("dynamodb", {get, put, upd, del}, "OrderPlaced");
  });
  out.emplace_back("start", [] {
    Step sync = step("fulfil", StepKind::Start, "fulfilment");
    sync.sync = true;
    sync.payload = {{"orderId.$", "$.orderId"}};
    sync.result_path = "$.fulfilment";
    Step whole = step("audit", StepKind::Start, "audit");
    Step child = step("child", StepKind::Start, "fulfilment");
    child.sync = true;
    Step self = step("again", StepKind::Start, "start");
    return workflow("start", {sync, whole, child, self});
  });
  out.emplace_back("goto", [] {
    Step poll = invoke("poll", "price");
    poll.result_path = "$.status";
    Step c = step("ready", StepKind::Choice);
    c.choices = {when("$.status.ready == true", {invoke("ship", "ship")})};
    Step wait = step("wait_a_bit", StepKind::Wait);
    wait.wait_seconds = 10;
    Step back = step("again", StepKind::Goto, "poll");
    c.otherwise = std::vector<Step>{wait, back};
    return workflow("goto", {poll, c});
  });
  out.emplace_back("catch", [] {
    Step charge = invoke("charge", "charge");
    model::StepCatch declined{{"Payment.Declined"}, "$.error", {}, "", {}};
    Step refund = invoke("refund", "notify");
    declined.steps = {refund};
    model::StepCatch other{{}, "$.error", {}, "cancel", {}};
    charge.catches = {declined, other};
    Step ship = invoke("ship", "ship");
    Step cancel = invoke("cancel", "notify");
    model::Workflow w = workflow("catch", {charge, ship, step("finish", StepKind::Succeed), cancel});
    Step alert = step("alert", StepKind::Publish, "alerts");
    w.catches = {model::StepCatch{{"States.ALL"}, "$.error", {alert}, "", {}}};
    w.retry = {model::StepRetry{{"States.Timeout"}, 2, 5, 2, {}, false, {}}};
    return w;
  });
  out.emplace_back("raw", [] {
    Step r = step("custom", StepKind::Raw);
    r.raw = {{"Type", "Task"}, {"Resource", "arn:aws:states:::aws-sdk:s3:listBuckets"},
             {"Parameters", model::Json::object()}, {"ResultPath", "$.buckets"}};
    Step r2 = step("stop", StepKind::Raw);
    r2.raw = {{"Type", "Succeed"}, {"Comment", "raw terminal"}};
    model::Workflow w = workflow("raw", {r, invoke("ship", "ship"), r2});
    w.catches = {model::StepCatch{{}, "", {}, "stop", {}}};
    return w;
  });
  out.emplace_back("revalue", [] {
    // The DESIGN.md example.
    Step agents = step("agents", StepKind::Parallel);
    agents.branches = {{invoke("price_agent", "price")}, {invoke("check", "reserve")}};
    Step verdict = step("verdict", StepKind::Choice);
    Step suspicious = step("suspicious", StepKind::Fail);
    suspicious.error = "Suspicious";
    suspicious.cause = "Low authenticity";
    verdict.choices = {when("$.agents[1].score < 0.5 and is_present($.cardId)", {suspicious})};
    Step aggregate = invoke("aggregate", "charge");
    aggregate.retry_given = true;
    aggregate.retry = {model::StepRetry{{}, 3, 2, 2, {}, false, {}}};
    Step announce = step("announce", StepKind::Emit, "OrderShipped");
    announce.payload = {{"orderId.$", "$.cardId"}};
    model::Workflow w = workflow("revalue", {invoke("extract", "price"), agents, verdict, aggregate, announce});
    w.timeout_seconds = 300;
    w.catches = {model::StepCatch{{"States.ALL"}, "", {step("alert", StepKind::Publish, "alerts")}, "", {}}};
    return w;
  });
  return out;
}

TEST(AslBackend, GoldenFiles) {
  const bool update = std::getenv("SLIPWAY_UPDATE_GOLDEN") != nullptr;
  for (const auto& [name, make] : cases()) {
    model::System sys = shop();
    model::Workflow w = make();
    sys.workflows = {w};
    if (name == "start") {
      for (const char* other : {"audit", "fulfilment"}) sys.workflows.push_back(workflow(other, {invoke("x", "ship")}));
      std::sort(sys.workflows.begin(), sys.workflows.end(),
                [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    model::Program program;
    program.systems = {sys};
    base::OutputSet out;
    base::Diagnostics diags;
    emit::make_asl_backend()->emit(program, {}, out, diags);
    EXPECT_FALSE(diags.has_errors()) << name;
    const std::string key = "statemachines/" + name + ".asl.json";
    ASSERT_TRUE(out.count(key)) << name;
    const std::string& text = out.at(key).content;
    const std::string path = std::string(SLIPWAY_SOURCE_DIR) + "/tests/golden/asl/" + name + ".asl.json";
    if (update) {
      std::ofstream(path, std::ios::binary) << text;
      continue;
    }
    EXPECT_EQ(file_text(path), text) << "golden file differs: " << path << " (SLIPWAY_UPDATE_GOLDEN=1 rewrites it)";

    // Every placeholder in the definition has a Terraform expression, and no expression is unused.
    const auto vars = derive::workflow_template_vars(sys, w);
    std::set<std::string> used;
    std::regex re(R"((^|[^$])\$\{([A-Za-z0-9_]+)\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
      used.insert((*it)[2]);
    }
    std::set<std::string> given;
    for (const auto& [k, _] : vars) given.insert(k);
    EXPECT_EQ(used, given) << name;
  }
}

// Every construct's workflow is clean for the workflow pass (only the messaging case emits a partial
// event detail on purpose).
TEST(AslBackend, GoldenWorkflowsPassTheChecks) {
  for (const auto& [name, make] : cases()) {
    model::System sys = shop();
    sys.workflows = {make(), workflow("audit", {invoke("x", "ship")}), workflow("fulfilment", {invoke("x", "ship")})};
    std::sort(sys.workflows.begin(), sys.workflows.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    base::Diagnostics diags;
    check::check_workflows(sys, diags);
    std::string errors;
    for (const auto& d : diags.items()) {
      if (d.severity == base::Severity::Error) errors += d.code + ": " + d.message + "\n";
    }
    EXPECT_EQ(errors, "") << name;
  }
}

TEST(AslBackend, TemplateVars) {
  model::System sys = shop();
  model::Workflow w = cases()[6].second();  // messaging
  const auto vars = derive::workflow_template_vars(sys, w);
  EXPECT_EQ(vars.at("bus_events_name"), "aws_cloudwatch_event_bus.events.name");
  EXPECT_EQ(vars.at("topic_alerts_arn"), "aws_sns_topic.alerts.arn");
  EXPECT_EQ(vars.at("queue_jobs_url"), "aws_sqs_queue.jobs.url");
  EXPECT_EQ(vars.at("queue_ledger_url"), "aws_sqs_queue.ledger.url");
  EXPECT_EQ(vars.size(), 4u);

  sys.events[0].bus = "default";
  EXPECT_EQ(derive::workflow_template_vars(sys, w).at("bus_default_name"), "\"default\"");
}

TEST(AslBackend, TemplateVarsOfStartsAndTables) {
  model::System sys = shop();
  model::Workflow start = cases()[8].second();
  sys.workflows = {workflow("audit", {}), workflow("fulfilment", {}), start};
  const auto vars = derive::workflow_template_vars(sys, start);
  EXPECT_EQ(vars.at("workflow_fulfilment_arn"), "aws_sfn_state_machine.fulfilment.arn");
  EXPECT_EQ(vars.at("workflow_start_arn"),
            "\"arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.region}:"
            "${data.aws_caller_identity.current.account_id}:stateMachine:shop-dev-start\"");
  const auto dyn = derive::workflow_template_vars(sys, cases()[7].second());
  EXPECT_EQ(dyn.at("table_orders_name"), "aws_dynamodb_table.orders.name");
  const auto pass = derive::workflow_template_vars(sys, cases()[5].second());
  EXPECT_EQ(pass.at("table_orders_name"), "aws_dynamodb_table.orders.name");
}

TEST(AslBackend, Touches) {
  model::Workflow w = cases()[10].second();  // catch
  const auto t = derive::workflow_touches(w);
  EXPECT_EQ(t.handlers, (std::set<std::string>{"charge", "notify", "ship"}));
  EXPECT_EQ(t.topics, (std::set<std::string>{"alerts"}));
  const auto d = derive::workflow_touches(cases()[7].second());
  EXPECT_EQ(d.tables.at("orders"), (std::set<std::string>{"delete", "get", "put", "update"}));
  const auto s = derive::workflow_touches(cases()[8].second());
  EXPECT_EQ(s.workflows_sync, (std::set<std::string>{"fulfilment"}));
  EXPECT_EQ(s.workflows_async, (std::set<std::string>{"audit", "start"}));
}

TEST(AslBackend, TemplateText) {
  std::map<std::string, model::Ref> used;
  EXPECT_EQ(derive::template_text("q=${queues.jobs.url} ${x} %{if} $${y}", &used),
            "q=${queue_jobs_url} $${x} %%{if} $$${y}");
  EXPECT_EQ(used.size(), 1u);
  EXPECT_EQ(derive::template_text("${flags.auto}"), "${flag_auto_value}");
}

TEST(AslBackend, DefinitionTooLarge) {
  model::System sys = shop();
  Step p = step("big", StepKind::Pass);
  p.payload = {{"blob", std::string(1100000, 'x')}};
  sys.workflows = {workflow("huge", {p})};
  sys.workflows[0].span = {1, 4, 3};
  model::Program program;
  program.systems = {sys};
  base::OutputSet out;
  base::Diagnostics diags;
  emit::make_asl_backend()->emit(program, {}, out, diags);
  ASSERT_EQ(diags.items().size(), 1u);
  base::Sources sources;
  sources.add("spec.yaml");
  EXPECT_EQ(base::format_text(diags.items()[0], sources),
            "spec.yaml:4:3: error: the definition of workflow 'huge' is 1100147 bytes; Step Functions accepts at "
            "most 1048576 [definition-too-large]\n"
            "  help: split it: move a part into its own workflow and `start:` it with `sync: true`\n");
}

}  // namespace
}  // namespace slipway
