// A hand-built model of a CollectIQ-like system that exercises every IAM mapping; shared by the IAM
// unit and golden tests (declared in each test file that uses it).
#include <gtest/gtest.h>

#include "model/model.h"

namespace slipway_iam_test {

using namespace slipway::model;

namespace {
Span at(std::uint32_t line) { return Span{1, line, 3}; }

Use use(ResourceKind k, std::string name, Access a, std::string prefix = "") {
  Use u;
  u.kind = k;
  u.name = std::move(name);
  u.access = a;
  u.prefix = std::move(prefix);
  u.span = at(50);
  return u;
}

Handler handler(std::string name, std::uint32_t line) {
  Handler h;
  h.name = std::move(name);
  h.span = at(line);
  return h;
}

Step step(std::string name, StepKind k, std::string target) {
  Step s;
  s.name = std::move(name);
  s.kind = k;
  s.target = std::move(target);
  return s;
}

Target target(TargetKind k, std::string name, std::string dlq = "") {
  Target t;
  t.kind = k;
  t.name = std::move(name);
  t.dlq = std::move(dlq);
  return t;
}

template <typename T>
void sort_by_name(std::vector<T>& v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.name < b.name; });
}
}  // namespace

System collectiq() {
  System s;
  s.name = "collectiq";
  s.environment = "dev";
  s.environments = {"dev"};
  s.buses = {Bus{"default", {}, "", at(5)}, Bus{"events", 7, "", at(6)}};
  auto event = [](std::string name, std::string source, std::string bus, std::uint32_t line) {
    Event e;
    e.name = name;
    e.source = std::move(source);
    e.detail_type = name;
    e.bus = std::move(bus);
    e.span = at(line);
    return e;
  };
  s.events = {event("CardCreated", "collectiq.cards", "events", 8), event("CardDeleted", "collectiq.cards", "events", 9),
              event("CardValued", "collectiq.valuation", "events", 10)};

  Table cards;
  cards.name = "cards";
  cards.partition = {"pk", "S", at(12)};
  cards.indexes.push_back(TableIndex{"byUser", {"userId", "S", at(13)}, std::nullopt, "ALL", {}, at(13)});
  cards.stream = "NEW_AND_OLD_IMAGES";
  cards.span = at(12);
  Table audit;
  audit.name = "audit";
  audit.partition = {"pk", "S", at(14)};
  audit.span = at(14);
  s.tables = {audit, cards};

  Bucket uploads;
  uploads.name = "uploads";
  uploads.versioning = true;
  uploads.span = at(16);
  s.buckets = {uploads};

  Queue dlq;
  dlq.name = "valuation_dlq";
  dlq.span = at(18);
  Queue jobs;
  jobs.name = "jobs";
  jobs.dlq = "valuation_dlq";
  jobs.span = at(19);
  Queue notify;
  notify.name = "notify";
  notify.span = at(20);
  s.queues = {jobs, notify, dlq};

  Topic alerts;
  alerts.name = "alerts";
  alerts.subscriptions = {Subscription{"sqs", "notify", at(22)}, Subscription{"email", "ops@example.com", at(22)}};
  alerts.span = at(22);
  s.topics = {alerts};
  s.secrets = {Secret{"pricing_api_key", "", at(24)}};
  s.parameters = {Parameter{"database_url", "/collectiq/DATABASE_URL", true, "", at(26)},
                  Parameter{"feature_config", "/collectiq/features", false, "", at(27)}};

  Schedule expiry;
  expiry.name = "card_expiry";
  expiry.target = target(TargetKind::Handler, "expire_card", "valuation_dlq");
  expiry.span = at(29);
  Schedule weekly;
  weekly.name = "weekly_report";
  weekly.schedule = {"rate(7 days)", "Europe/Berlin", at(30)};
  weekly.target = target(TargetKind::Handler, "report");
  weekly.span = at(30);
  Schedule announce;
  announce.name = "daily_digest";
  announce.schedule = {"cron(0 6 * * ? *)", "", at(31)};
  announce.target = target(TargetKind::Event, "CardValued");
  announce.span = at(31);
  s.schedules = {expiry, announce, weekly};

  Handler create = handler("cards_create", 40);
  create.http = HttpTrigger{"POST", "/cards", true, at(41)};
  create.uses = {use(ResourceKind::Table, "cards", Access::Write)};
  create.emits = {"CardCreated", "CardDeleted"};
  Handler revalue = handler("cards_revalue", 43);
  revalue.uses = {use(ResourceKind::Table, "cards", Access::Read)};
  revalue.starts = {"revalue"};
  Handler thumb = handler("thumbnailer", 46);
  thumb.s3 = S3Trigger{"uploads", {"created"}, "originals/", ".jpg", false, at(47)};
  thumb.uses = {use(ResourceKind::Bucket, "uploads", Access::ReadWrite, "thumbnails/")};
  Handler fanout = handler("stream_fanout", 49);
  fanout.stream = StreamTrigger{};
  fanout.stream->table = "cards";
  fanout.stream->dlq = "valuation_dlq";
  fanout.stream->span = at(50);
  fanout.tracing = false;
  Handler sched = handler("schedule_expiry", 52);
  sched.uses = {use(ResourceKind::ScheduleGroup, "card_expiry", Access::Create)};
  Handler pricing = handler("pricing_agent", 54);
  pricing.uses = {use(ResourceKind::Secret, "pricing_api_key", Access::Read),
                  use(ResourceKind::Parameter, "database_url", Access::Read),
                  use(ResourceKind::Parameter, "feature_config", Access::Read)};
  pricing.aws = {RawGrant{{"bedrock:InvokeModel"}, {"arn:aws:bedrock:*::foundation-model/anthropic.*"}, at(57)}};
  Handler aggregator = handler("aggregator", 59);
  aggregator.uses = {use(ResourceKind::Table, "cards", Access::ReadWrite), use(ResourceKind::Table, "audit", Access::Write)};
  aggregator.emits = {"CardValued"};
  Handler expire = handler("expire_card", 62);
  Handler report = handler("report", 63);
  report.uses = {use(ResourceKind::Bucket, "uploads", Access::Read)};
  Handler worker = handler("worker", 65);
  worker.queue = QueueTrigger{"jobs", 10, std::nullopt, std::nullopt, at(66)};
  worker.dlq = "valuation_dlq";
  Handler cleanup = handler("cleanup", 68);
  cleanup.schedule = HandlerSchedule{{"cron(0 3 * * ? *)", "", at(69)}, nullptr, at(69)};
  Handler publisher = handler("publisher", 71);
  publisher.uses = {use(ResourceKind::Queue, "jobs", Access::Send), use(ResourceKind::Topic, "alerts", Access::Publish)};
  s.handlers = {create, revalue, thumb, fanout, sched, pricing, aggregator, expire, report, worker, cleanup, publisher};
  sort_by_name(s.handlers);

  Workflow wf;
  wf.name = "revalue";
  wf.span = at(80);
  Step par = step("agents", StepKind::Parallel, "");
  par.branches = {{step("price", StepKind::Invoke, "pricing_agent")}, {step("agg", StepKind::Invoke, "aggregator")}};
  Step get = step("load", StepKind::DynamoDb, "cards");
  get.dynamodb_op = "get";
  Step upd = step("save", StepKind::DynamoDb, "cards");
  upd.dynamodb_op = "update";
  Step child = step("audit", StepKind::Start, "audit_flow");
  child.sync = true;
  wf.steps = {get, par, upd, step("announce", StepKind::Emit, "CardValued"), child};
  StepCatch c;
  c.steps = {step("notify", StepKind::Publish, "alerts")};
  wf.catches = {c};
  Workflow af;
  af.name = "audit_flow";
  af.type = "EXPRESS";
  af.span = at(90);
  af.logging = false;
  af.tracing = false;
  Step put = step("record", StepKind::DynamoDb, "audit");
  put.dynamodb_op = "put";
  Step m = step("each", StepKind::Map, "");
  m.iterator = {step("enqueue", StepKind::Send, "jobs")};
  af.steps = {put, m};
  s.workflows = {af, wf};

  Rule auto_revalue;
  auto_revalue.name = "card_created_auto_revalue";
  auto_revalue.event = "CardCreated";
  auto_revalue.bus = "events";
  auto_revalue.targets = {target(TargetKind::Workflow, "revalue", "valuation_dlq")};
  auto_revalue.span = at(100);
  Rule fan;
  fan.name = "card_valued_fanout";
  fan.event = "CardValued";
  fan.bus = "events";
  fan.targets = {target(TargetKind::Queue, "jobs"), target(TargetKind::Topic, "alerts"),
                 target(TargetKind::Bus, "arn:aws:events:eu-west-1:999999999999:event-bus/partner")};
  fan.span = at(104);
  Rule nightly;
  nightly.name = "nightly_cleanup";
  nightly.schedule = {"cron(0 3 * * ? *)", "", at(108)};
  nightly.bus = "default";
  nightly.targets = {target(TargetKind::Handler, "report")};
  nightly.span = at(108);
  s.rules = {auto_revalue, fan, nightly};
  s.alarms.topic = "alerts";
  s.alarms.span = at(112);
  return s;
}

}  // namespace slipway_iam_test

TEST(IamFixture, IsSortedByName) {
  auto s = slipway_iam_test::collectiq();
  EXPECT_TRUE(std::is_sorted(s.handlers.begin(), s.handlers.end(),
                             [](const auto& a, const auto& b) { return a.name < b.name; }));
  EXPECT_NE(s.handler("worker"), nullptr);
  EXPECT_NE(s.queue("valuation_dlq"), nullptr);
  EXPECT_NE(s.schedule("weekly_report"), nullptr);
}
