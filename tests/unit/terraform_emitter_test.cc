// The Terraform backend over hand-built models: golden modules (SLIPWAY_UPDATE_GOLDEN=1 rewrites them under
// tests/golden/terraform/), and properties that must hold whatever the model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "emit/backend.h"
#include "emit/terraform/module.h"

namespace model = slipway::model;
namespace tf = slipway::emit::terraform;
using model::Json;

namespace {

model::Text text(std::vector<model::Text::Part> parts) {
  model::Text t;
  t.parts = std::move(parts);
  return t;
}
model::Text::Part lit(std::string s) { return {std::move(s), std::nullopt}; }
model::Text::Part ref(std::string kind, std::string name, std::string attr) {
  return {"", model::Ref{std::move(kind), std::move(name), std::move(attr)}};
}
model::TypePtr object_type() {
  auto t = std::make_shared<model::Type>();
  t->kind = model::TypeKind::Object;
  return t;
}

model::Handler handler(std::string name) {
  model::Handler h;
  h.name = std::move(name);
  return h;
}

// Field by field, so that new model fields do not break these tests.
model::Event event(std::string name, std::string source, std::string detail_type, std::string bus) {
  model::Event e;
  e.name = std::move(name);
  e.source = std::move(source);
  e.detail_type = std::move(detail_type);
  e.bus = std::move(bus);
  e.detail = object_type();
  return e;
}
model::Flag flag(std::string name, Json value, std::string description) {
  model::Flag f;
  f.name = std::move(name);
  f.value = std::move(value);
  f.description = std::move(description);
  return f;
}
model::Bus bus(std::string name, std::optional<int> archive_days, std::string description) {
  model::Bus b;
  b.name = std::move(name);
  b.archive_days = archive_days;
  b.description = std::move(description);
  return b;
}
model::KeyAttribute key(std::string name) {
  model::KeyAttribute k;
  k.name = std::move(name);
  k.type = "S";
  return k;
}
model::RetryPolicy retry(int attempts, int max_age) {
  model::RetryPolicy r;
  r.attempts = attempts;
  r.max_age_seconds = max_age;
  return r;
}
model::ScheduleSpec every(std::string expression, std::string timezone = "") {
  model::ScheduleSpec s;
  s.expression = std::move(expression);
  s.timezone = std::move(timezone);
  return s;
}
model::Use use(model::ResourceKind kind, std::string name, model::Access access, std::string prefix = "") {
  model::Use u;
  u.kind = kind;
  u.name = std::move(name);
  u.access = access;
  u.prefix = std::move(prefix);
  return u;
}
model::HttpTrigger http(std::string method, std::string path, bool auth) {
  model::HttpTrigger t;
  t.method = std::move(method);
  t.path = std::move(path);
  t.auth = auth;
  return t;
}
model::Subscription subscription(std::string protocol, std::string target) {
  model::Subscription x;
  x.protocol = std::move(protocol);
  x.target = std::move(target);
  return x;
}

template <typename T>
void sort_by_name(std::vector<T>& v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

// A system close to DESIGN.md's example, with every feature the backend knows.
model::System sample(const std::string& env) {
  model::System s;
  s.name = "collectiq";
  s.environment = env;
  s.environments = {"dev", "prod"};
  s.region = env == "prod" ? "eu-central-1" : "us-east-1";
  s.tags = {{"Team", "vault"}, {"CostCenter", "cards \"42\""}};
  s.flags.push_back(flag("auto_revalue", Json(env == "prod"), "Start valuation automatically on upload"));
  s.flags.push_back(flag("pricing_tier", Json("basic"), ""));

  s.buses.push_back(bus("default", std::nullopt, ""));
  s.buses.push_back(bus("events", 7, "Card lifecycle events"));
  s.events.push_back(event("CardCreated", "collectiq.cards", "CardCreated", "events"));
  s.events.push_back(event("CardValued", "collectiq.valuation", "CardValued", "events"));
  s.events.push_back(event("UploadCreated", "aws.s3", "Object Created", "default"));

  model::Table cards;
  cards.name = "cards";
  cards.partition = key("pk");
  cards.sort = key("sk");
  model::TableIndex by_user;
  by_user.name = "byUser";
  by_user.partition = key("userId");
  by_user.sort = key("createdAt");
  cards.indexes.push_back(by_user);
  cards.stream = "NEW_AND_OLD_IMAGES";
  cards.ttl_attribute = "expiresAt";
  cards.deletion_protection = env == "prod";
  s.tables.push_back(cards);

  model::Bucket uploads;
  uploads.name = "uploads";
  uploads.versioning = true;
  uploads.eventbridge = true;
  model::LifecycleRule expire_tmp;
  expire_tmp.id = "expire-tmp";
  expire_tmp.prefix = "tmp/";
  expire_tmp.expire_days = 7;
  expire_tmp.noncurrent_expire_days = 30;
  expire_tmp.abort_incomplete_days = 1;
  uploads.lifecycle.push_back(expire_tmp);
  uploads.cors_origins = {"https://app.example.com"};
  s.buckets.push_back(uploads);

  model::Queue dlq;
  dlq.name = "valuation_dlq";
  dlq.retention_seconds = 14 * 86400;
  model::Queue jobs;
  jobs.name = "jobs";
  jobs.dlq = "valuation_dlq";
  jobs.max_receives = 5;
  model::Queue orders;
  orders.name = "orders";
  orders.fifo = true;
  orders.visibility_timeout_seconds = 120;
  s.queues = {jobs, orders, dlq};

  model::Topic alerts;
  alerts.name = "alerts";
  alerts.subscriptions.push_back(subscription("email", "ops@example.com"));
  alerts.subscriptions.push_back(subscription("lambda", "notify"));
  alerts.subscriptions.push_back(subscription("sqs", "orders"));
  s.topics.push_back(alerts);
  model::Secret secret;
  secret.name = "pricing_api_key";
  secret.description = "Key of the pricing API";
  s.secrets.push_back(secret);
  model::Parameter parameter;
  parameter.name = "database_url";
  parameter.path = "/collectiq/DATABASE_URL";
  parameter.secure = true;
  s.parameters.push_back(parameter);

  model::Schedule expiry;
  expiry.name = "card_expiry";
  expiry.target.kind = model::TargetKind::Handler;
  expiry.target.name = "expire_card";
  expiry.target.retry = retry(3, 3600);
  expiry.target.dlq = "valuation_dlq";
  model::Schedule weekly;
  weekly.name = "weekly_report";
  weekly.schedule = every("rate(7 days)", "Europe/Berlin");
  weekly.target.kind = model::TargetKind::Handler;
  weekly.target.name = "report";
  weekly.flexible_window_minutes = 15;
  weekly.description = "Weekly valuation report";
  model::Schedule ping;
  ping.name = "valuation_ping";
  ping.schedule = every("cron(0 * * * ? *)");
  ping.target.kind = model::TargetKind::Event;
  ping.target.name = "CardValued";
  ping.event_detail = Json::parse(R"({"cardId": "ping", "estimate": {"low": 0, "high": 0}})");
  ping.enabled.flag = "auto_revalue";
  s.schedules = {expiry, ping, weekly};

  model::Handler create = handler("cards_create");
  create.description = "Creates a card";
  create.http = http("POST", "/cards", true);
  create.uses.push_back(use(model::ResourceKind::Table, "cards", model::Access::Write));
  create.emits = {"CardCreated"};
  create.env.push_back({"AUTO_TRIGGER_REVALUE", text({ref("flags", "auto_revalue", "")})});
  create.env.push_back({"GREETING", text({lit("say \"${hi}\" %{x}\n\\ to "), ref("tables", "cards", "name")})});
  create.env.push_back({"DB_PATH", text({ref("parameters", "database_url", "name")})});
  model::Handler revalue = handler("cards_revalue");
  revalue.http = http("POST", "/cards/{id}/revalue", false);
  revalue.starts = {"revalue"};
  revalue.memory_mb = env == "prod" ? 1024 : 512;
  model::Handler thumb = handler("thumbnailer");
  thumb.s3 = model::S3Trigger{};
  thumb.s3->bucket = "uploads";
  thumb.s3->events = {"created"};
  thumb.s3->prefix = "originals/";
  thumb.s3->suffix = ".jpg";
  thumb.uses.push_back(use(model::ResourceKind::Bucket, "uploads", model::Access::ReadWrite, "thumbs/"));
  thumb.architecture = "x86_64";
  model::Handler fanout = handler("stream_fanout");
  model::StreamTrigger st;
  st.table = "cards";
  st.filter = Json::parse(R"({"eventName": ["INSERT", "MODIFY"]})");
  st.retry_attempts = 3;
  st.max_age_seconds = 3600;
  st.dlq = "valuation_dlq";
  st.batching_window_seconds = 5;
  fanout.stream = st;
  model::Handler worker = handler("worker");
  worker.timeout_seconds = 60;
  worker.queue = model::QueueTrigger{};
  worker.queue->queue = "jobs";
  worker.queue->batch_size = 5;
  worker.queue->batching_window_seconds = 10;
  worker.queue->max_concurrency = 4;
  worker.uses.push_back(use(model::ResourceKind::Queue, "jobs", model::Access::Consume));
  worker.uses.push_back(use(model::ResourceKind::Secret, "pricing_api_key", model::Access::Read));
  worker.uses.push_back(use(model::ResourceKind::Parameter, "database_url", model::Access::Read));
  worker.reserved_concurrency = 10;
  worker.tracing = false;
  model::Handler expire = handler("expire_card");
  model::Handler sched = handler("schedule_expiry");
  sched.uses.push_back(use(model::ResourceKind::ScheduleGroup, "card_expiry", model::Access::Create));
  model::Handler report = handler("report");
  report.log_retention_days = 30;
  model::Handler notify = handler("notify");
  notify.async_retry_attempts = 0;
  notify.dlq = "valuation_dlq";
  notify.uses.push_back(use(model::ResourceKind::Topic, "alerts", model::Access::Publish));
  model::Handler cleanup = handler("cleanup");
  cleanup.schedule = model::HandlerSchedule{};
  cleanup.schedule->schedule = every("rate(1 hour)");
  cleanup.schedule->input = Json::parse(R"({"dryRun": false})");
  s.handlers = {create, revalue, thumb, fanout, worker, expire, sched, report, notify, cleanup};
  sort_by_name(s.handlers);

  model::Workflow wf;
  wf.name = "revalue";
  wf.input_event = "CardCreated";
  wf.timeout_seconds = 300;
  model::Workflow quiet;
  quiet.name = "quiet";
  quiet.type = "EXPRESS";
  quiet.logging = false;
  quiet.tracing = false;
  s.workflows = {quiet, wf};

  model::Rule auto_revalue;
  auto_revalue.name = "card_created_auto_revalue";
  auto_revalue.event = "CardCreated";
  auto_revalue.bus = "events";
  auto_revalue.pattern =
      Json::parse(R"({"condition": ["mint", "near_mint"], "frontS3Key": [{"prefix": "originals/${x}"}]})");
  auto_revalue.enabled.flag = "auto_revalue";
  model::Target to_wf;
  to_wf.kind = model::TargetKind::Workflow;
  to_wf.name = "revalue";
  to_wf.input.shape = Json::parse(R"({"cardId": "$.detail.cardId", "userId": "$.detail.userId", "reason": "auto"})");
  to_wf.retry = retry(3, 3600);
  to_wf.dlq = "valuation_dlq";
  auto_revalue.targets.push_back(to_wf);
  model::Rule nightly;
  nightly.name = "nightly_cleanup";
  nightly.schedule = every("cron(0 3 * * ? *)");
  nightly.bus = "default";
  model::Target to_cleanup;
  to_cleanup.kind = model::TargetKind::Handler;
  to_cleanup.name = "cleanup";
  nightly.targets.push_back(to_cleanup);
  nightly.enabled.value = false;
  model::Rule valued;
  valued.name = "card_valued_fanout";
  valued.description = "Fans valuations out";
  valued.event = "CardValued";
  valued.bus = "events";
  model::Target to_jobs;
  to_jobs.kind = model::TargetKind::Queue;
  to_jobs.name = "jobs";
  model::Target to_orders;
  to_orders.kind = model::TargetKind::Queue;
  to_orders.name = "orders";
  to_orders.message_group_id = "valuations";
  to_orders.input.path = "$.detail";
  model::Target to_topic;
  to_topic.kind = model::TargetKind::Topic;
  to_topic.name = "alerts";
  to_topic.input.shape = Json::parse(R"({"text": "A card was valued"})");
  model::Target to_bus;
  to_bus.kind = model::TargetKind::Bus;
  to_bus.name = "arn:aws:events:us-east-1:111122223333:event-bus/analytics";
  valued.targets = {to_jobs, to_orders, to_topic, to_bus};
  model::Rule uploaded;
  uploaded.name = "upload_created";
  uploaded.event = "UploadCreated";
  uploaded.bus = "default";
  uploaded.pattern = Json::parse(R"({"bucket": {"name": ["collectiq-dev-uploads"]}, "object": {"size": [{"numeric": [">", 0]}]}})");
  model::Target to_thumb;
  to_thumb.kind = model::TargetKind::Handler;
  to_thumb.name = "thumbnailer";
  uploaded.targets.push_back(to_thumb);
  s.rules = {auto_revalue, valued, nightly, uploaded};
  sort_by_name(s.rules);

  s.api = model::Api{};
  s.api->cors_origins = {"https://app.example.com"};
  s.alarms.topic = "alerts";
  return s;
}

model::System minimal() {
  model::System s;
  s.name = "tiny";
  s.environment = "dev";
  s.environments = {"dev"};
  s.buses.push_back(bus("default", std::nullopt, ""));
  return s;
}

const std::filesystem::path kGolden = std::filesystem::path(SLIPWAY_SOURCE_DIR) / "tests/golden/terraform";

void check_golden(const std::string& name, const model::Program& program) {
  slipway::base::OutputSet out;
  slipway::base::Diagnostics diags;
  slipway::emit::make_terraform_backend()->emit(program, {}, out, diags);
  const bool update = std::getenv("SLIPWAY_UPDATE_GOLDEN") != nullptr;
  for (const auto& [path, file] : out) {
    const auto golden = kGolden / name / path;
    if (update) {
      std::filesystem::create_directories(golden.parent_path());
      std::ofstream(golden, std::ios::binary) << file.content;
      continue;
    }
    std::ifstream in(golden, std::ios::binary);
    ASSERT_TRUE(in) << "missing golden file " << golden << " (run with SLIPWAY_UPDATE_GOLDEN=1)";
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(file.content, expected.str()) << "golden mismatch: " << golden;
  }
  EXPECT_FALSE(diags.has_errors());
}

// Top-level blocks of a module, keyed by their header line ("resource \"aws_x\" \"y\" {").
std::map<std::string, std::string> blocks(const std::map<std::string, std::string>& module) {
  std::map<std::string, std::string> out;
  for (const auto& [file, text] : module) {
    std::istringstream in(text);
    std::string line, header, body;
    while (std::getline(in, line)) {
      if (header.empty() && !line.empty() && line[0] != '#' && line[0] != ' ') {
        header = line;
        body.clear();
      }
      if (!header.empty()) body += line + "\n";
      if (!header.empty() && !line.empty() && line.back() == '}' && line[0] != ' ') {
        out[header] = body;
        header.clear();
      }
    }
  }
  return out;
}

}  // namespace

TEST(TerraformEmitter, GoldenSampleTwoEnvironments) {
  model::Program p;
  p.systems = {sample("dev"), sample("prod")};
  check_golden("sample", p);
}

TEST(TerraformEmitter, GoldenMinimalSystemHasEveryFile) {
  model::Program p;
  p.systems = {minimal()};
  check_golden("minimal", p);
  const auto module = tf::build_module(minimal());
  EXPECT_EQ(module.size(), std::size(tf::kFiles));
  EXPECT_NE(module.at("api.tf").find("no HTTP API"), std::string::npos);
}

// build_module prints each file as soon as the emitters that write it are done, and frees its tree: an
// emitter that wrote to a printed file would lose its blocks, so the module refuses it.
TEST(TerraformEmitter, AFileIsNotWrittenAfterItIsPrinted) {
  const model::System s = sample("dev");
  const slipway::derive::IamModel iam = slipway::derive::derive_iam(s);
  slipway::base::OutputSet files;
  slipway::base::CollectFiles sink(files);
  tf::Module m(s, iam, sink);
  m.printed.insert("iam.tf");
  EXPECT_THROW(m.resource("iam.tf", "aws_iam_role", "x"), std::logic_error);
  EXPECT_THROW(m.file("iam.tf"), std::logic_error);
  EXPECT_NO_THROW(m.resource("events.tf", "aws_cloudwatch_event_bus", "x"));
  // Every file of the layout comes out once, header first, whatever order they were printed in.
  const auto module = tf::build_module(s);
  ASSERT_EQ(module.size(), std::size(tf::kFiles));
  for (auto f : tf::kFiles) EXPECT_EQ(module.at(std::string(f)).rfind("# Generated by slipway", 0), 0u) << f;
}

// A sink that notes the order in which files are complete, how many parts each came in (0: whole) and the
// size of its largest part.
class NotingSink final : public slipway::base::FileSink {
 public:
  std::vector<std::string> order;
  std::map<std::string, std::string> texts;
  std::map<std::string, int> parts;
  std::map<std::string, std::size_t> largest;
  using FileSink::add;
  void add(std::string path, std::string_view content, slipway::base::Ownership) override {
    order.push_back(path);
    texts.emplace(path, content);
  }
  std::unique_ptr<slipway::base::FileParts> open(std::string path, slipway::base::Ownership) override {
    class Parts final : public slipway::base::FileParts {
     public:
      Parts(NotingSink& sink, std::string path) : sink_(sink), path_(std::move(path)) {}
      void append(std::string_view part) override {
        text_ += part;
        ++sink_.parts[path_];
        sink_.largest[path_] = std::max(sink_.largest[path_], part.size());
      }
      void done() override {
        sink_.order.push_back(path_);
        sink_.texts.emplace(path_, text_);
      }

     private:
      NotingSink& sink_;
      std::string path_, text_;
    };
    return std::make_unique<Parts>(*this, std::move(path));
  }
};

// Each file is handed on as soon as it is printed (a build writes it and frees its text then), in the order
// the emitters finish them, variables.tf last since it declares what the others read; the texts are the
// module's, under the folder asked for.
TEST(TerraformEmitter, EachFileIsHandedOnAsItIsPrinted) {
  const model::System s = sample("dev");
  const slipway::derive::IamModel iam = slipway::derive::derive_iam(s);
  NotingSink sink;
  tf::build_module(s, iam, sink, "tf/");
  EXPECT_EQ(sink.order, (std::vector<std::string>{"tf/iam.tf", "tf/versions.tf", "tf/events.tf", "tf/workflows.tf",
                                                  "tf/handlers.tf", "tf/storage.tf", "tf/api.tf", "tf/alarms.tf",
                                                  "tf/outputs.tf", "tf/variables.tf"}));
  std::map<std::string, std::string> texts;
  for (auto& [path, text] : sink.texts) texts.emplace(path.substr(3), text);
  EXPECT_EQ(texts, tf::build_module(s, iam));
  EXPECT_TRUE(sink.parts.empty());  // the sample's files are smaller than a part
}

// A system of many handlers: its largest files reach the sink in parts as they are printed, variables.tf
// (a variable per handler's package) and outputs.tf (an output per handler) among them, none whole in one part; the texts are those of the module
// built whole.
TEST(TerraformEmitter, TheLargeFilesOfManyHandlersComeInParts) {
  model::System s = sample("dev");
  for (int i = 0; i < 6000; ++i) s.handlers.push_back(handler("bulk" + std::to_string(i)));
  std::sort(s.handlers.begin(), s.handlers.end(),
            [](const model::Handler& a, const model::Handler& b) { return a.name < b.name; });
  const slipway::derive::IamModel iam = slipway::derive::derive_iam(s);
  NotingSink sink;
  tf::build_module(s, iam, sink, "tf/");
  for (const char* f : {"tf/handlers.tf", "tf/iam.tf", "tf/variables.tf", "tf/outputs.tf"}) {
    EXPECT_GE(sink.parts[f], 3) << f;
    EXPECT_LT(sink.largest[f] * 2, sink.texts[f].size()) << f;
  }
  std::map<std::string, std::string> texts;
  for (auto& [path, text] : sink.texts) texts.emplace(path.substr(3), text);
  EXPECT_EQ(texts, tf::build_module(s, iam));
  const std::string& variables = texts.at("variables.tf");
  std::size_t packages = 0;
  for (std::size_t at = variables.find("bootstrap"); at != std::string::npos; at = variables.find("bootstrap", at + 1)) {
    ++packages;
  }
  EXPECT_EQ(packages, s.handlers.size());
  EXPECT_NE(variables.find("\"../../handlers/build/bulk5999.zip\""), std::string::npos);
  EXPECT_LT(variables.find("bulk5999"), variables.rfind("locals {"));  // the locals last, as before
}

// locals {} holds `prefix` and exactly the locals the module reads (local.account_id, local.default_bus_arn
// and the names it is built from), whatever the system uses.
TEST(TerraformEmitter, LocalsAreDeclaredExactlyWhenRead) {
  for (const model::System& s : {sample("dev"), minimal()}) {
    const auto module = tf::build_module(s);
    std::set<std::string> read, declared;
    for (const auto& [name, text] : module) {
      for (auto at = text.find("local."); at != std::string::npos; at = text.find("local.", at + 6)) {
        std::size_t end = at + 6;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
        read.insert(text.substr(at + 6, end - at - 6));
      }
    }
    const std::string& vars = module.at("variables.tf");
    const std::size_t open = vars.find("locals {\n");
    ASSERT_NE(open, std::string::npos) << s.name;
    std::istringstream body(vars.substr(open + 9, vars.find("\n}", open) - open - 9));
    for (std::string line; std::getline(body, line);) {
      std::istringstream words(line);
      std::string name;
      if (words >> name) declared.insert(name);
    }
    std::set<std::string> needed = read;
    if (read.count("default_bus_arn")) needed.insert({"account_id", "region", "partition"});
    needed.insert("prefix");
    EXPECT_EQ(declared, needed) << s.name;
  }
  // The sample reads some of them, so the comparison above is not only of `prefix`.
  const auto module = tf::build_module(sample("dev"));
  EXPECT_NE(module.at("variables.tf").find("account_id = data.aws_caller_identity.current.account_id"),
            std::string::npos);
}

TEST(TerraformEmitter, SpecTextNeverBecomesAnInterpolation) {
  const auto module = tf::build_module(sample("dev"));
  const std::string& h = module.at("handlers.tf");
  EXPECT_NE(h.find(R"(= "say \"$${hi}\" %%{x}\n\\ to ${aws_dynamodb_table.cards.name}")"), std::string::npos);
  EXPECT_NE(h.find("AUTO_TRIGGER_REVALUE = var.auto_revalue"), std::string::npos);
  EXPECT_NE(module.at("events.tf").find(R"(prefix = "originals/$${x}")"), std::string::npos);
  EXPECT_NE(module.at("versions.tf").find(R"(CostCenter  = "cards \"42\"")"), std::string::npos);
}

TEST(TerraformEmitter, QueueVisibilityFollowsTheConsumer) {
  const auto module = tf::build_module(sample("dev"));
  const auto all = blocks(module);
  const std::string& jobs = all.at(R"(resource "aws_sqs_queue" "jobs" {)");
  EXPECT_NE(jobs.find("visibility_timeout_seconds = 360"), std::string::npos) << jobs;
  EXPECT_NE(all.at(R"(resource "aws_sqs_queue" "orders" {)").find("visibility_timeout_seconds  = 120"),
            std::string::npos);
  EXPECT_NE(all.at(R"(resource "aws_sqs_queue" "valuation_dlq" {)").find("visibility_timeout_seconds = 30"),
            std::string::npos);
}

// Every queue and bucket gets exactly one policy that denies plain HTTP: the IAM derivation's resource
// policy document when there is one (it is the whole document), the backend's own otherwise.
TEST(TerraformEmitter, QueuesAndBucketsAlwaysDenyPlainHttp) {
  model::System s = minimal();
  model::Queue q;
  q.name = "lonely";
  s.queues.push_back(q);
  model::Bucket b;
  b.name = "archive";
  s.buckets.push_back(b);
  const auto iam = slipway::derive::derive_iam(s);
  const auto all = blocks(tf::build_module(s));
  auto check = [&](const std::string& kind, const std::string& name, const std::string& header) {
    const std::string& policy = all.at(header);
    const slipway::derive::ResourcePolicy* from_iam = nullptr;
    for (const auto& p : iam.resource_policies) {
      if (p.kind == kind && p.resource == name) from_iam = &p;
    }
    if (from_iam) {
      EXPECT_NE(policy.find("/../../iam/dev/resource-" + from_iam->id + ".json"), std::string::npos) << policy;
      EXPECT_NE(slipway::derive::resource_policy_json(*from_iam).find("aws:SecureTransport"), std::string::npos);
    } else {
      EXPECT_NE(policy.find(R"("aws:SecureTransport" = "false")"), std::string::npos) << policy;
    }
  };
  check("queue", "lonely", R"(resource "aws_sqs_queue_policy" "lonely" {)");
  check("bucket", "archive", R"(resource "aws_s3_bucket_policy" "archive" {)");
  EXPECT_NE(all.at(R"(resource "aws_s3_bucket_public_access_block" "archive" {)").find("restrict_public_buckets = true"),
            std::string::npos);
}

TEST(TerraformEmitter, AddingAHandlerChangesNothingElse) {
  model::System before = sample("dev");
  model::System after = before;
  model::Handler extra = handler("aaa_new");
  extra.http = http("GET", "/new", true);
  after.handlers.insert(after.handlers.begin(), extra);
  const auto old_blocks = blocks(tf::build_module(before));
  const auto new_blocks = blocks(tf::build_module(after));
  std::set<std::string> changed;
  for (const auto& [header, body] : old_blocks) {
    auto it = new_blocks.find(header);
    if (it == new_blocks.end() || it->second != body) changed.insert(header);
  }
  EXPECT_TRUE(changed.empty()) << *changed.begin();
  EXPECT_GT(new_blocks.size(), old_blocks.size());
  EXPECT_TRUE(new_blocks.count(R"(resource "aws_lambda_function" "aaa_new" {)"));
}

TEST(TerraformEmitter, EveryEnvironmentGetsItsOwnModule) {
  model::Program p;
  p.systems = {sample("dev"), sample("prod")};
  slipway::base::OutputSet out;
  slipway::base::Diagnostics diags;
  slipway::emit::make_terraform_backend()->emit(p, {}, out, diags);
  EXPECT_TRUE(out.count("terraform/dev/handlers.tf"));
  EXPECT_TRUE(out.count("terraform/prod/handlers.tf"));
  EXPECT_NE(out.at("terraform/prod/versions.tf").content.find("region = \"eu-central-1\""), std::string::npos);
  EXPECT_NE(out.at("terraform/prod/variables.tf").content.find("default     = true"), std::string::npos);
  EXPECT_NE(out.at("terraform/dev/variables.tf").content.find("default     = false"), std::string::npos);
}

// What is reviewed is what is deployed: every policy document the IAM backend writes is read by a Terraform
// resource, and each role's own documents by exactly one. A role too large for IAM's inline limit is split
// into managed policies: each becomes an aws_iam_policy attached to the role, and no inline policy is left.
TEST(TerraformEmitter, EveryPolicyDocumentTheIamBackendWritesIsDeployed) {
  model::Program p;
  p.systems = {sample("dev")};
  model::System& s = p.systems.front();
  auto report = std::find_if(s.handlers.begin(), s.handlers.end(), [](const auto& h) { return h.name == "report"; });
  ASSERT_NE(report, s.handlers.end());
  for (int i = 0; i < 120; ++i) {
    report->aws.push_back({{"s3:GetObject"}, {"arn:aws:s3:::collectiq-archive-" + std::to_string(i) + "/*"}, {}});
  }
  slipway::base::OutputSet out;
  slipway::base::Diagnostics diags;
  slipway::emit::make_iam_backend()->emit(p, {}, out, diags);
  slipway::emit::make_terraform_backend()->emit(p, {}, out, diags);
  EXPECT_TRUE(diags.items().empty()) << slipway::base::format_text(diags, {});

  std::map<std::string, int> reads;  // iam/dev/<file> -> templatefile() calls reading it
  const std::string marker = "/../../iam/dev/";
  for (const auto& [path, file] : out) {
    if (path.rfind("terraform/dev/", 0) != 0) continue;
    const std::string& text = file.content;
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
      const auto start = at + marker.size();
      ++reads["iam/dev/" + text.substr(start, text.find('"', start) - start)];
    }
  }
  for (const auto& [path, file] : out) {
    if (path.rfind("iam/dev/", 0) != 0 || path.size() < 5 || path.substr(path.size() - 5) != ".json") continue;
    const int n = reads.count(path) ? reads.at(path) : 0;
    if (path == "iam/dev/lambda.trust.json") {  // one trust document for every handler role
      EXPECT_GT(n, 1) << path;
    } else {
      EXPECT_EQ(n, 1) << path << " is written for review but not deployed exactly once";
    }
  }
  for (const auto& [path, n] : reads) EXPECT_TRUE(out.count(path)) << "Terraform reads " << path << ", which is not written";

  const auto iam = slipway::derive::derive_iam(s);
  const auto role = std::find_if(iam.roles.begin(), iam.roles.end(), [](const auto& r) { return r.id == "fn_report"; });
  ASSERT_NE(role, iam.roles.end());
  const auto docs = slipway::derive::role_policy_documents(*role);
  ASSERT_GE(docs.size(), 2u);
  const auto all = blocks(tf::build_module(s));
  EXPECT_FALSE(all.count(R"(resource "aws_iam_role_policy" "fn_report" {)"));
  // The function waits for every part of its permissions, and for nothing that is not there.
  const std::string& function = all.at(R"(resource "aws_lambda_function" "report" {)");
  EXPECT_EQ(function.find("aws_iam_role_policy.fn_report"), std::string::npos) << function;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const std::string& id = docs[i].id;
    const std::string suffix = i == 0 ? "" : "-" + std::to_string(i + 1);
    const std::string& policy = all.at(R"(resource "aws_iam_policy" ")" + id + R"(" {)");
    EXPECT_NE(policy.find(R"(name        = "${local.prefix}-report-fn-policy)" + suffix + "\"\n"), std::string::npos) << policy;
    EXPECT_NE(policy.find("/../../iam/dev/" + id + ".json\""), std::string::npos) << policy;
    const std::string& attachment = all.at(R"(resource "aws_iam_role_policy_attachment" ")" + id + R"(" {)");
    EXPECT_NE(attachment.find("role       = aws_iam_role.fn_report.name\n"), std::string::npos) << attachment;
    EXPECT_NE(attachment.find("policy_arn = aws_iam_policy." + id + ".arn\n"), std::string::npos) << attachment;
    const std::string grant = "aws_iam_role_policy_attachment." + id;
    EXPECT_TRUE(function.find(grant + ",") != std::string::npos || function.find(grant + "]") != std::string::npos)
        << function;
  }
}

// The variables templatefile() is given: those of `${name}` with an identifier inside, not `$${...}` (a
// literal `${` in Terraform's template syntax), whatever else the text holds.
TEST(TerraformEmitter, TemplatefileIsGivenTheUnescapedInterpolations) {
  const slipway::model::System s;
  std::map<std::string, std::string> vars;
  for (const char* name : {"table_a_arn", "aws:username", "x", "y", "z", "not an identifier", "ok", "unused"}) {
    vars[name] = "var_" + std::to_string(vars.size());
  }
  auto given = [&](const std::string& text) {
    const std::string call = slipway::emit::hcl::print(tf::templatefile(s, "iam/dev/p.json", text, vars, false));
    std::set<std::string> out;
    for (const auto& [name, value] : vars) {
      const auto at = call.find(value);
      if (at != std::string::npos && !std::isdigit(static_cast<unsigned char>(call[at + value.size()]))) out.insert(name);
    }
    return out;
  };
  using Set = std::set<std::string>;
  EXPECT_EQ(given(R"({"a": "${table_a_arn}", "b": "$${aws:username}", "c": "${x}${x}"})"), (Set{"table_a_arn", "x"}));
  // Read as "$$" and "${y}": a variable given that the template may not use costs nothing, one missing
  // fails the plan, so the doubt goes to giving it.
  EXPECT_EQ(given("$$${y}"), Set{"y"});
  EXPECT_EQ(given("$ ${z} $"), Set{"z"});
  EXPECT_EQ(given("${not an identifier} ${ok}"), Set{"ok"});
  EXPECT_EQ(given("${unclosed"), Set{});
  EXPECT_EQ(given("$"), Set{});
  EXPECT_EQ(given(""), Set{});
  // account_id, region and partition come from locals, when used or when always asked for.
  const std::string used = slipway::emit::hcl::print(tf::templatefile(s, "p.json", "${region}", vars, false));
  EXPECT_NE(used.find("local.region"), std::string::npos) << used;
  EXPECT_EQ(used.find("local.account_id"), std::string::npos) << used;
  const std::string always = slipway::emit::hcl::print(tf::templatefile(s, "p.json", "", vars, true));
  for (const char* k : {"account_id", "region", "partition"}) {
    EXPECT_NE(always.find(std::string("local.") + k), std::string::npos) << always;
  }
}

// The module prints its largest files in pieces as their emitters go (Module::print_piece): the text
// handed on is the one printed whole, header and blank lines included, and a file of no blocks gets its
// note whether or not a piece was asked for.
TEST(TerraformEmitter, AFilePrintedInPiecesIsTheFilePrintedWhole) {
  slipway::model::System s;
  s.name = "shop";
  s.environment = "dev";
  const slipway::derive::IamModel iam;
  auto texts = [&](std::size_t every, std::size_t part_bytes, NotingSink& sink) {
    tf::Module m(s, iam, sink);
    m.part_bytes = part_bytes;
    for (int i = 0; i < 10; ++i) {
      m.resource("events.tf", "aws_cloudwatch_event_rule", "r" + std::to_string(i)).attr("name", slipway::emit::hcl::Expr::str("r"));
      if (i % 3 == 0) m.file("events.tf").comment("after rule " + std::to_string(i));
      if (every) m.print_piece("events.tf", every);
    }
    if (every) m.print_piece("api.tf", 0);
    for (const char* f : {"events.tf", "api.tf"}) m.finish(f);
    EXPECT_THROW(m.file("events.tf"), std::logic_error);
    EXPECT_THROW(m.print_piece("events.tf", 0), std::logic_error);
    return sink.texts;
  };
  NotingSink once;
  const auto whole = texts(0, tf::Module{s, iam, once}.part_bytes, once);
  EXPECT_NE(whole.at("events.tf").find("resource \"aws_cloudwatch_event_rule\" \"r9\""), std::string::npos);
  EXPECT_NE(whole.at("api.tf").find("no HTTP API"), std::string::npos);
  EXPECT_TRUE(once.parts.empty());
  for (std::size_t every : {1, 2, 3, 7}) {
    // Handed on whole, in a part for each piece printed, or in a few parts.
    for (std::size_t part_bytes : {std::size_t{1} << 20, std::size_t{1}, std::size_t{300}}) {
      NotingSink sink;
      EXPECT_EQ(texts(every, part_bytes, sink), whole) << every << " " << part_bytes;
      if (part_bytes == 1) {
        EXPECT_GT(sink.parts["events.tf"], 2) << every;
        EXPECT_EQ(sink.parts["api.tf"], 2);  // its header, then its note
      } else if (part_bytes > 1000) {
        EXPECT_TRUE(sink.parts.empty());
      }
    }
  }
}
