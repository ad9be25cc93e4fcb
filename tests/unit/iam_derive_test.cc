// The IAM derivation over hand-built models: exact grants, conditions, trust, resource policies, vars.
#include <gtest/gtest.h>

#include <cctype>

#include <algorithm>
#include <functional>
#include <set>

#include "base/diagnostic.h"
#include "derive/iam.h"
#include "emit/backend.h"

namespace slipway_iam_test {
slipway::model::System collectiq();
}
namespace slipway::check {
void check_iam(const model::System& system, base::Diagnostics& diags);
}

namespace {

using slipway::derive::IamModel;
using slipway::derive::Role;
using slipway::derive::Statement;
using Strings = std::vector<std::string>;
using Names = slipway::base::PackedStrings;

const IamModel& model() {
  static const IamModel m = slipway::derive::derive_iam(slipway_iam_test::collectiq());
  return m;
}

// The fixture with 120 raw grants more for expire_card, whose role then passes IAM's inline limit and is
// split into managed policies; each grant's resource is `resource(i)`.
slipway::model::System with_large_role(const std::function<std::string(int)>& resource) {
  auto s = slipway_iam_test::collectiq();
  auto& h = const_cast<slipway::model::Handler&>(*s.handler("expire_card"));
  for (int i = 0; i < 120; ++i) h.aws.push_back({{"s3:GetObject"}, {resource(i)}, {}});
  return s;
}

std::string long_bucket(int i) { return "arn:aws:s3:::some-long-bucket-name-for-testing-" + std::to_string(i) + "/*"; }

const Role& role(const std::string& id) {
  for (const auto& r : model().roles) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no role " << id;
  static const Role none;
  return none;
}

const Statement* find(const Role& r, const std::string& sid) {
  for (const auto& s : r.statements) {
    if (s.sid == sid) return &s;
  }
  return nullptr;
}

// Every resource and action a role may use, flattened to "action on resource".
std::set<std::string> grants(const Role& r) {
  std::set<std::string> out;
  for (const auto& s : r.statements) {
    for (const auto& a : s.actions) {
      for (const auto& res : s.resources) out.insert(std::string(a) + " on " + std::string(res));
    }
  }
  return out;
}

TEST(IamDerive, OneRolePerHandlerWorkflowServiceTarget) {
  Strings ids;
  for (const auto& r : model().roles) ids.push_back(r.id);
  EXPECT_EQ(ids, (Strings{"events_card_created_auto_revalue", "events_card_valued_fanout", "fn_aggregator",
                          "fn_cards_create", "fn_cards_revalue", "fn_cleanup", "fn_expire_card", "fn_pricing_agent",
                          "fn_publisher", "fn_report", "fn_schedule_expiry", "fn_stream_fanout", "fn_thumbnailer",
                          "fn_worker", "scheduler_card_expiry", "scheduler_cleanup", "scheduler_daily_digest",
                          "scheduler_weekly_report", "sfn_audit_flow", "sfn_revalue"}));
}

TEST(IamDerive, HandlerRolesShareOneTrustDocumentAndOthersHaveTheirOwn) {
  std::map<std::string, std::set<std::string>> texts;  // trust id -> distinct documents
  std::map<std::string, int> users;
  for (const auto& r : model().roles) {
    texts[r.trust_id].insert(slipway::derive::trust_json(r));
    ++users[r.trust_id];
    if (r.id.rfind("fn_", 0) == 0) {  // a handler's role (its schedule's role is the scheduler's)
      EXPECT_EQ(r.trust_id, "lambda") << r.id;
    } else {
      EXPECT_EQ(r.trust_id, r.id);
    }
  }
  for (const auto& [id, docs] : texts) EXPECT_EQ(docs.size(), 1u) << id << ": one file, one document";
  EXPECT_GT(users["lambda"], 5);
}

TEST(IamDerive, TableReadHasIndexesButNoWrites) {
  const Role& r = role("fn_cards_revalue");
  const Statement* read = find(r, "ReadTableCards");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->actions, (Names{"dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem",
                                  "dynamodb:Query", "dynamodb:Scan"}));
  EXPECT_EQ(read->resources, (Names{"${table_cards_arn}"}));
  const Statement* idx = find(r, "QueryIndexesCards");
  ASSERT_NE(idx, nullptr);
  EXPECT_EQ(idx->resources, (Names{"${table_cards_arn}/index/*"}));
  auto g = grants(r);
  EXPECT_FALSE(g.count("dynamodb:DeleteItem on ${table_cards_arn}"));
  EXPECT_FALSE(g.count("dynamodb:PutItem on ${table_cards_arn}"));
  EXPECT_TRUE(g.count("states:StartExecution on ${workflow_revalue_arn}"));
}

TEST(IamDerive, TableWithoutIndexesGetsNoIndexStatement) {
  const Role& r = role("fn_aggregator");
  EXPECT_EQ(find(r, "QueryIndexesAudit"), nullptr);
  EXPECT_NE(find(r, "WriteTableAudit"), nullptr);
  EXPECT_EQ(find(r, "ReadTableAudit"), nullptr);
}

TEST(IamDerive, EmitsArePutEventsOnTheBusPerSource) {
  const Role& r = role("fn_cards_create");
  const Statement* st = find(r, "PutEventsEventsCollectiqCards");
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(st->actions, (Names{"events:PutEvents"}));
  EXPECT_EQ(st->resources, (Names{"${bus_events_arn}"}));
  EXPECT_EQ(st->condition.json().dump(),
            R"({"ForAllValues:StringEquals":{"events:detail-type":["CardCreated","CardDeleted"],)"
            R"("events:source":["collectiq.cards"]},"Null":{"events:detail-type":"false","events:source":"false"}})");
}

// A condition is made once and shared: every handler role's trust condition, and the PutEvents condition
// of every handler that emits the same events of a source, whatever order it lists them in.
TEST(IamDerive, HandlersThatAskTheSameShareOneCondition) {
  auto s = slipway_iam_test::collectiq();
  const slipway::model::Handler create = *s.handler("cards_create");
  const std::vector<std::pair<std::string, Strings>> more = {
      {"same_a", {"CardCreated", "CardDeleted"}}, {"same_b", {"CardDeleted", "CardCreated"}}, {"other", {"CardValued"}}};
  for (const auto& [name, emits] : more) {
    slipway::model::Handler h = create;
    h.name = name;
    h.emits = emits;
    s.handlers.push_back(h);
  }
  std::sort(s.handlers.begin(), s.handlers.end(),
            [](const slipway::model::Handler& a, const slipway::model::Handler& b) { return a.name < b.name; });
  const IamModel m = slipway::derive::derive_iam(s);
  auto put_events = [&](const std::string& id) -> const slipway::model::Json* {  // its one PutEvents statement
    for (const auto& r : m.roles) {
      for (const auto& st : r.statements) {
        if (r.id == id && st.sid.starts_with("PutEvents")) return &st.condition.json();
      }
    }
    return nullptr;
  };
  const auto* cards = put_events("fn_cards_create");
  ASSERT_NE(cards, nullptr);
  EXPECT_EQ(put_events("fn_same_a"), cards);
  EXPECT_EQ(put_events("fn_same_b"), cards);
  const auto* other = put_events("fn_other");
  ASSERT_NE(other, nullptr);
  EXPECT_NE(other, cards);
  EXPECT_EQ((*other)["ForAllValues:StringEquals"]["events:detail-type"], slipway::model::Json::array({"CardValued"}));
  EXPECT_EQ((*cards)["ForAllValues:StringEquals"]["events:detail-type"],
            slipway::model::Json::array({"CardCreated", "CardDeleted"}));
  const slipway::model::Json* lambda = nullptr;
  std::size_t handlers = 0, others = 0;
  for (const auto& r : m.roles) {
    ASSERT_FALSE(r.trust_condition.is_null()) << r.id;
    if (r.owner_kind != "handler" || r.service != "lambda.amazonaws.com") {
      if (lambda) {
        EXPECT_NE(&r.trust_condition.json(), lambda) << r.id;
      }
      ++others;
      continue;
    }
    if (!lambda) lambda = &r.trust_condition.json();
    EXPECT_EQ(&r.trust_condition.json(), lambda) << r.id;
    ++handlers;
  }
  EXPECT_EQ(handlers, s.handlers.size());
  EXPECT_GT(others, 0u);
  EXPECT_EQ(lambda->dump(), R"({"StringEquals":{"aws:SourceAccount":"${account_id}"}})");
}

TEST(IamDerive, BucketPrefixScopesObjectsAndListing) {
  const Role& r = role("fn_thumbnailer");
  const Statement* get = find(r, "ReadObjectsUploads");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->actions, (Names{"s3:GetObject", "s3:GetObjectVersion"}));
  EXPECT_EQ(get->resources, (Names{"${bucket_uploads_arn}/thumbnails/*"}));
  const Statement* list = find(r, "ListBucketUploads");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->resources, (Names{"${bucket_uploads_arn}"}));
  EXPECT_EQ(list->condition.json().dump(), R"({"StringLike":{"s3:prefix":["thumbnails/*"]}})");
  EXPECT_NE(find(r, "WriteObjectsUploads"), nullptr);
}

TEST(IamDerive, StreamQueueAndDlqTriggers) {
  auto stream = grants(role("fn_stream_fanout"));
  EXPECT_TRUE(stream.count("dynamodb:GetRecords on ${table_cards_stream_arn}"));
  EXPECT_TRUE(stream.count("dynamodb:ListStreams on *"));
  EXPECT_TRUE(stream.count("sqs:SendMessage on ${queue_valuation_dlq_arn}"));
  EXPECT_FALSE(stream.count("xray:PutTraceSegments on *"));  // tracing: false
  auto worker = grants(role("fn_worker"));
  EXPECT_TRUE(worker.count("sqs:ReceiveMessage on ${queue_jobs_arn}"));
  EXPECT_TRUE(worker.count("sqs:ChangeMessageVisibility on ${queue_jobs_arn}"));
  EXPECT_TRUE(worker.count("sqs:SendMessage on ${queue_valuation_dlq_arn}"));
  EXPECT_FALSE(worker.count("sqs:SendMessage on ${queue_jobs_arn}"));
  EXPECT_TRUE(worker.count("logs:PutLogEvents on arn:${partition}:logs:${region}:${account_id}:log-group:/aws/lambda/"
                           "collectiq-dev-worker:*"));
}

TEST(IamDerive, ScheduleGroupCreateIsScopedAndPassRoleIsExact) {
  const Role& r = role("fn_schedule_expiry");
  const Statement* manage = find(r, "ManageSchedulesCardExpiry");
  ASSERT_NE(manage, nullptr);
  EXPECT_EQ(manage->resources,
            (Names{"arn:${partition}:scheduler:${region}:${account_id}:schedule/collectiq-dev-card-expiry/*"}));
  const Statement* pass = find(r, "PassSchedulerRoleCardExpiry");
  ASSERT_NE(pass, nullptr);
  EXPECT_EQ(pass->resources, (Names{"${role_scheduler_card_expiry_arn}"}));
  EXPECT_EQ(pass->condition.json().dump(), R"({"StringEquals":{"iam:PassedToService":"scheduler.amazonaws.com"}})");
  EXPECT_EQ(model().vars.at("role_scheduler_card_expiry_arn"), "aws_iam_role.scheduler_card_expiry.arn");
}

TEST(IamDerive, SecureParameterDecryptsOnlyThroughSsm) {
  const Role& r = role("fn_pricing_agent");
  const std::string param = "arn:${partition}:ssm:${region}:${account_id}:parameter/collectiq/DATABASE_URL";
  EXPECT_TRUE(grants(r).count("ssm:GetParameter on " + param));
  const Statement* dec = find(r, "DecryptParameterDatabaseUrl");
  ASSERT_NE(dec, nullptr);
  EXPECT_EQ(dec->condition.json()["StringEquals"]["kms:ViaService"], "ssm.${region}.amazonaws.com");
  EXPECT_EQ(dec->resources, (Names{"arn:${partition}:kms:${region}:${account_id}:key/*"}));
  EXPECT_EQ(find(r, "DecryptParameterFeatureConfig"), nullptr);  // not secure
  EXPECT_TRUE(r.has_raw_wildcard);
  EXPECT_TRUE(grants(r).count("secretsmanager:GetSecretValue on ${secret_pricing_api_key_arn}"));
}

TEST(IamDerive, WorkflowRoleInvokesExactlyItsSteps) {
  const Role& r = role("sfn_revalue");
  auto g = grants(r);
  EXPECT_TRUE(g.count("lambda:InvokeFunction on ${handler_pricing_agent_arn}"));
  EXPECT_TRUE(g.count("lambda:InvokeFunction on ${handler_pricing_agent_arn}:*"));
  EXPECT_TRUE(g.count("lambda:InvokeFunction on ${handler_aggregator_arn}"));
  EXPECT_FALSE(g.count("lambda:InvokeFunction on ${handler_cards_create_arn}"));
  EXPECT_TRUE(g.count("dynamodb:GetItem on ${table_cards_arn}"));
  EXPECT_TRUE(g.count("dynamodb:UpdateItem on ${table_cards_arn}"));
  EXPECT_FALSE(g.count("dynamodb:DeleteItem on ${table_cards_arn}"));
  EXPECT_TRUE(g.count("sns:Publish on ${topic_alerts_arn}"));  // from the workflow-wide catch
  EXPECT_TRUE(g.count("states:StartExecution on ${workflow_audit_flow_arn}"));
  EXPECT_TRUE(g.count("states:DescribeExecution on arn:${partition}:states:${region}:${account_id}:execution:"
                      "collectiq-dev-audit-flow:*"));
  EXPECT_TRUE(g.count("events:PutRule on arn:${partition}:events:${region}:${account_id}:rule/"
                      "StepFunctionsGetEventsForStepFunctionsExecutionRule"));
  EXPECT_TRUE(g.count("logs:CreateLogDelivery on *"));
  EXPECT_EQ(r.trust_condition.json()["ArnLike"]["aws:SourceArn"],
            "arn:${partition}:states:${region}:${account_id}:stateMachine:collectiq-dev-revalue");
  auto child = grants(role("sfn_audit_flow"));
  EXPECT_TRUE(child.count("sqs:SendMessage on ${queue_jobs_arn}"));  // inside a map
  EXPECT_TRUE(child.count("dynamodb:PutItem on ${table_audit_arn}"));
  EXPECT_FALSE(child.count("logs:CreateLogDelivery on *"));  // logging off
}

TEST(IamDerive, SelfStartUsesTheBuiltArn) {
  auto s = slipway_iam_test::collectiq();
  auto& wf = const_cast<slipway::model::Workflow&>(*s.workflow("revalue"));
  slipway::model::Step again;
  again.name = "again";
  again.kind = slipway::model::StepKind::Start;
  again.target = "revalue";
  wf.steps.push_back(again);
  auto m = slipway::derive::derive_iam(s);
  for (const auto& r : m.roles) {
    if (r.id != "sfn_revalue") continue;
    EXPECT_TRUE(grants(r).count(
        "states:StartExecution on arn:${partition}:states:${region}:${account_id}:stateMachine:collectiq-dev-revalue"));
  }
  EXPECT_FALSE(m.vars.count("workflow_revalue_arn") && false);
}

TEST(IamDerive, RuleAndSchedulerRolesAreScopedToTheirSource) {
  const Role& rule = role("events_card_created_auto_revalue");
  EXPECT_EQ(rule.service, "events.amazonaws.com");
  EXPECT_EQ(rule.trust_condition.json()["ArnEquals"]["aws:SourceArn"], "${rule_card_created_auto_revalue_arn}");
  EXPECT_EQ(grants(rule), (std::set<std::string>{"states:StartExecution on ${workflow_revalue_arn}"}));
  EXPECT_EQ(grants(role("events_card_valued_fanout")),
            (std::set<std::string>{"events:PutEvents on arn:aws:events:eu-west-1:999999999999:event-bus/partner"}));
  const Role& group = role("scheduler_card_expiry");
  EXPECT_EQ(group.trust_condition.json()["ArnEquals"]["aws:SourceArn"],
            "arn:${partition}:scheduler:${region}:${account_id}:schedule-group/collectiq-dev-card-expiry");
  EXPECT_EQ(grants(group), (std::set<std::string>{"lambda:InvokeFunction on ${handler_expire_card_arn}",
                                                  "sqs:SendMessage on ${queue_valuation_dlq_arn}"}));
  EXPECT_EQ(grants(role("scheduler_cleanup")),
            (std::set<std::string>{"lambda:InvokeFunction on ${handler_cleanup_arn}"}));
  EXPECT_EQ(role("scheduler_weekly_report").trust_condition.json()["ArnEquals"]["aws:SourceArn"],
            "arn:${partition}:scheduler:${region}:${account_id}:schedule-group/default");
  EXPECT_NE(find(role("scheduler_daily_digest"), "PutEventsEventsCollectiqValuation"), nullptr);
}

TEST(IamDerive, ResourcePoliciesNameTheirSourcesAndDenyPlainHttp) {
  const auto& policies = model().resource_policies;
  Strings ids;
  for (const auto& p : policies) ids.push_back(p.id);
  EXPECT_EQ(ids, (Strings{"queue_jobs", "queue_notify", "queue_valuation_dlq", "topic_alerts"}));
  for (const auto& p : policies) {
    const auto& last = p.statements.back();
    EXPECT_EQ(last.effect, "Deny") << p.id;
    EXPECT_EQ(last.principal, "*");
    EXPECT_EQ(last.condition.json().dump(), R"({"Bool":{"aws:SecureTransport":"false"}})");
  }
  const auto& dlq = policies[2];
  ASSERT_EQ(dlq.statements.size(), 2u);
  EXPECT_EQ(dlq.statements[0].principal, "events.amazonaws.com");
  EXPECT_EQ(dlq.statements[0].condition.json()["ArnEquals"]["aws:SourceArn"],
            (slipway::model::Json{"${rule_card_created_auto_revalue_arn}"}));
  const auto& notify = policies[1];
  EXPECT_EQ(notify.statements[0].principal, "sns.amazonaws.com");
  const auto& topic = policies[3];
  EXPECT_EQ(topic.statements[1].principal, "cloudwatch.amazonaws.com");
}

TEST(IamDerive, NoWildcardUnlessTheActionRequiresItOrRawAskedForIt) {
  const std::set<std::string> star_only = {
      "dynamodb:ListStreams",          "logs:CreateLogDelivery",      "logs:DeleteLogDelivery",
      "logs:DescribeLogGroups",        "logs:DescribeResourcePolicies", "logs:GetLogDelivery",
      "logs:ListLogDeliveries",        "logs:PutResourcePolicy",      "logs:UpdateLogDelivery",
      "xray:GetSamplingRules",         "xray:GetSamplingTargets",     "xray:PutTelemetryRecords",
      "xray:PutTraceSegments"};
  for (const auto& r : model().roles) {
    for (const auto& s : r.statements) {
      bool raw = s.sid.rfind("Raw", 0) == 0;
      for (const auto& a : s.actions) {
        if (!raw) {
          EXPECT_EQ(a.find('*'), std::string::npos) << r.id << " " << a;
        }
      }
      if (std::find(s.resources.begin(), s.resources.end(), "*") == s.resources.end()) continue;
      for (const auto& a : s.actions) {
        EXPECT_TRUE(raw || star_only.count(std::string(a))) << r.id << " " << a << " on *";
      }
    }
  }
}

TEST(IamDerive, SidsAreAlphanumericAndUnique) {
  for (const auto& r : model().roles) {
    std::set<std::string> seen;
    for (const auto& s : r.statements) {
      EXPECT_TRUE(seen.insert(s.sid).second) << r.id << " " << s.sid;
      EXPECT_TRUE(std::all_of(s.sid.begin(), s.sid.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
          << s.sid;
    }
  }
}

TEST(IamDerive, VarsCoverEveryPlaceholderUsed) {
  const auto& vars = model().vars;
  EXPECT_EQ(vars.at("table_cards_arn"), "aws_dynamodb_table.cards.arn");
  EXPECT_EQ(vars.at("table_cards_stream_arn"), "aws_dynamodb_table.cards.stream_arn");
  EXPECT_EQ(vars.at("bus_events_arn"), "aws_cloudwatch_event_bus.events.arn");
  EXPECT_EQ(vars.at("rule_card_created_auto_revalue_arn"), "aws_cloudwatch_event_rule.card_created_auto_revalue.arn");
  EXPECT_FALSE(vars.count("account_id"));
  // Every ${x} in any document is either a Terraform-provided name or in vars; every var is used.
  std::set<std::string> used;
  auto scan = [&](const std::string& text) {
    for (std::size_t i = text.find("${"); i != std::string::npos; i = text.find("${", i + 2)) {
      used.insert(text.substr(i + 2, text.find('}', i) - i - 2));
    }
  };
  for (const auto& r : model().roles) {
    scan(slipway::derive::policy_json(r));
    scan(slipway::derive::trust_json(r));
  }
  for (const auto& p : model().resource_policies) scan(slipway::derive::resource_policy_json(p));
  for (const auto& u : used) {
    EXPECT_TRUE(u == "account_id" || u == "region" || u == "partition" || vars.count(u)) << u;
  }
  for (const auto& [k, v] : vars) EXPECT_TRUE(used.count(k)) << "unused var " << k;
}

// The backends read each role's documents from the model: derive_iam makes them once, exactly as
// role_policy_documents makes them, for a role split into managed policies as for the others.
TEST(IamDerive, TheModelCarriesEachRolesDocuments) {
  const auto s = with_large_role(long_bucket);
  const auto m = slipway::derive::derive_iam(s);
  ASSERT_FALSE(m.roles.empty());
  std::size_t split = 0;
  for (const auto& r : m.roles) {
    const auto expected = slipway::derive::role_policy_documents(r);
    ASSERT_EQ(r.documents.size(), expected.size()) << r.id;
    ASSERT_FALSE(r.documents.empty()) << r.id;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(r.documents[i].id, expected[i].id) << r.id;
      EXPECT_EQ(r.documents[i].managed, expected[i].managed) << r.id;
      EXPECT_EQ(r.documents[i].first, expected[i].first) << r.id;
      EXPECT_EQ(r.documents[i].count, expected[i].count) << r.id;
      EXPECT_EQ(r.documents[i].placeholders, expected[i].placeholders) << r.id;
    }
    if (r.documents.size() > 1) ++split;
  }
  EXPECT_EQ(split, 1u);  // fn_expire_card
}

TEST(IamDerive, LargeRolesAreSplitIntoManagedPolicies) {
  const auto s = with_large_role(long_bucket);
  auto m = slipway::derive::derive_iam(s);
  for (const auto& r : m.roles) {
    if (r.id != "fn_expire_card") continue;
    auto docs = slipway::derive::role_policy_documents(r);
    ASSERT_GT(docs.size(), 1u);
    std::size_t statements = 0;
    for (const auto& d : docs) {
      const std::string text = slipway::derive::document_json(r, d);
      EXPECT_TRUE(d.managed);
      EXPECT_LE(slipway::derive::policy_size(text), slipway::derive::kManagedPolicyLimit);
      EXPECT_EQ(d.first, statements) << d.id;  // the parts follow each other
      EXPECT_GT(d.count, 0u) << d.id;
      // Each part holds exactly its statements: the first and the last of them, and no other's Sid.
      EXPECT_NE(text.find(r.statements[d.first].sid), std::string::npos) << d.id;
      EXPECT_NE(text.find(r.statements[d.first + d.count - 1].sid), std::string::npos) << d.id;
      if (d.first + d.count < r.statements.size()) {
        EXPECT_EQ(text.find("\"" + r.statements[d.first + d.count].sid + "\""), std::string::npos) << d.id;
      }
      statements += d.count;
    }
    EXPECT_EQ(statements, r.statements.size());
    EXPECT_EQ(docs[0].id, "fn_expire_card");
    EXPECT_EQ(docs[1].id, "fn_expire_card_2");
  }
  const Role& small = role("fn_report");
  auto docs = slipway::derive::role_policy_documents(small);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_FALSE(docs[0].managed);
  EXPECT_EQ(docs[0].first, 0u);
  EXPECT_EQ(docs[0].count, small.statements.size());
  EXPECT_EQ(slipway::derive::document_json(small, docs[0]), slipway::derive::policy_json(small));
}

// Terraform passes a document's variables from the placeholders the model notes for it, without its text:
// they must be exactly those of the text the IAM backend writes, for split roles as for the others.
TEST(IamDerive, EachDocumentNotesThePlaceholdersOfItsText) {
  const auto s = with_large_role([](int i) { return "arn:aws:s3:::bucket-" + std::to_string(i) + "/${aws:username}/*"; });
  const auto m = slipway::derive::derive_iam(s);
  std::size_t documents = 0;
  std::size_t with_placeholders = 0;
  for (const auto& r : m.roles) {
    for (const auto& d : r.documents) {
      const std::string text = slipway::derive::document_json(r, d);
      EXPECT_EQ(d.placeholders, slipway::derive::template_placeholders(text)) << d.id;
      ++documents;
      if (!d.placeholders.empty()) ++with_placeholders;
    }
  }
  EXPECT_GT(documents, m.roles.size());  // fn_expire_card is split
  EXPECT_GT(with_placeholders, documents / 2);
}

TEST(IamDerive, TemplatePlaceholdersAreWhatStandsBetweenDollarBraceAndBrace) {
  using slipway::derive::template_placeholders;
  using V = std::vector<std::string>;
  EXPECT_EQ(template_placeholders("${b} ${a} ${b}"), (V{"a", "b"}));  // sorted, each once
  EXPECT_EQ(template_placeholders("$${escaped} $$ ${kept}"), (V{"kept"}));
  EXPECT_EQ(template_placeholders("${aws:username} ${x}"), (V{"aws:username", "x"}));  // the engine filters
  EXPECT_EQ(template_placeholders("${open"), V{});
  EXPECT_EQ(template_placeholders("$"), V{});
  EXPECT_EQ(template_placeholders(""), V{});
}

TEST(IamDerive, PolicySizeIgnoresWhitespaceAndExpandsPlaceholders) {
  EXPECT_EQ(slipway::derive::policy_size("{ \"a\" : 1 }"), 7u);
  EXPECT_EQ(slipway::derive::policy_size("${account_id}${region}${partition}"), 29u);
  // An escaped policy variable counts as the placeholder it prints as; a lone "$" is one character.
  EXPECT_EQ(slipway::derive::policy_size("a$${aws:username}b"), slipway::derive::policy_size("a${aws:username}b"));
  EXPECT_EQ(slipway::derive::policy_size("$ $"), 2u);
  EXPECT_EQ(slipway::derive::policy_size("${table_x_arn}"), 90u);
  // Whitespace is what std::isspace calls whitespace in the C locale, and nothing else.
  EXPECT_EQ(slipway::derive::policy_size("a \t\r\n\v\fb"), 2u);
  EXPECT_EQ(slipway::derive::policy_size("\x01\x7f\xa0"), 3u);
  EXPECT_EQ(slipway::derive::policy_size("${unclosed"), 10u);
  EXPECT_EQ(slipway::derive::policy_size("$$x x$"), 5u);
  EXPECT_EQ(slipway::derive::policy_size("$${region}"), 14u);
}

// policy_size against the plainest reading of its rule, over random texts of the characters that matter.
TEST(IamDerive, PolicySizeAgreesWithACharacterByCharacterCount) {
  auto reference = [](const std::string& text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '$' && i + 1 < text.size()) {
        if (text[i + 1] == '$' && i + 2 < text.size() && text[i + 2] == '{') continue;
        if (text[i + 1] == '{') {
          const std::size_t end = text.find('}', i);
          if (end != std::string::npos) {
            const std::string name = text.substr(i + 2, end - i - 2);
            n += name == "account_id" ? 12 : name == "region" ? 14 : name == "partition" ? 3 : 90;
            i = end;
            continue;
          }
        }
      }
      if (!std::isspace(static_cast<unsigned char>(text[i]))) ++n;
    }
    return n;
  };
  const std::string alphabet = " \n\t\r\v\f${}$$region:xy\"";
  std::uint32_t seed = 12345;
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    seed = seed * 1664525u + 1013904223u;
    const std::size_t length = seed % 40;
    for (std::size_t k = 0; k < length; ++k) {
      seed = seed * 1664525u + 1013904223u;
      text += alphabet[(seed >> 8) % alphabet.size()];
    }
    ASSERT_EQ(slipway::derive::policy_size(text), reference(text)) << "[" << text << "]";
  }
}

TEST(IamCheck, RawWildcardIsAWarning) {
  auto s = slipway_iam_test::collectiq();
  slipway::base::Diagnostics diags;
  slipway::check::check_iam(s, diags);
  ASSERT_EQ(diags.items().size(), 1u);
  slipway::base::Sources sources;
  sources.add("spec.yaml");
  std::string text = slipway::base::format_text(diags.items()[0], sources);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "spec.yaml:57:3: warning: raw grant of handler 'pricing_agent' uses a wildcard: resource "
            "'arn:aws:bedrock:*::foundation-model/anthropic.*' [iam-wildcard]");
}

TEST(IamCheck, MalformedRawGrantIsLeftToTheLowering) {
  // The lowering reports a grant without resources or with an action lacking its service; the IAM
  // check adds nothing on top, not even a wildcard warning.
  auto s = slipway_iam_test::collectiq();
  slipway::base::Diagnostics before;
  slipway::check::check_iam(s, before);  // the fixture's own bedrock grant warns once
  auto& h = const_cast<slipway::model::Handler&>(*s.handler("report"));
  h.aws.push_back({{"GetObject"}, {}, {1, 70, 5}});
  slipway::base::Diagnostics malformed;
  slipway::check::check_iam(s, malformed);
  EXPECT_EQ(malformed.items().size(), before.items().size()) << slipway::base::format_text(malformed, {});
  h.aws.back() = {{"s3:GetObject"}, {"arn:aws:s3:::bucket/*"}, {1, 70, 5}};
  slipway::base::Diagnostics wild;
  slipway::check::check_iam(s, wild);
  EXPECT_EQ(wild.warning_count(), before.warning_count() + 1);
  EXPECT_EQ(wild.error_count(), 0u);
}

}  // namespace

namespace {
TEST(IamCheck, ScheduleRoleConflictIsAnError) {
  auto s = slipway_iam_test::collectiq();
  auto& h = const_cast<slipway::model::Handler&>(*s.handler("report"));
  h.name = "weekly_report";  // handler 'weekly_report' with a schedule: trigger
  h.schedule = slipway::model::HandlerSchedule{{"rate(1 day)", "", {1, 80, 5}}, nullptr, {1, 80, 5}};
  slipway::base::Diagnostics diags;
  slipway::check::check_iam(s, diags);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].code, "iam-role-conflict");
}

TEST(IamBackend, LongRoleNameIsAnError) {
  auto s = slipway_iam_test::collectiq();
  s.name = "a_very_long_system_name_for_testing";
  s.environment = "production_environment";
  slipway::model::Program p;
  p.systems.push_back(s);
  slipway::base::OutputSet out;
  slipway::base::Diagnostics diags;
  slipway::emit::make_iam_backend()->emit(p, {}, out, diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items()[0].code, "iam-role-name-too-long");
}
}  // namespace

namespace {
TEST(IamDerive, PolicyVariablesInRawGrantsSurviveTemplatefile) {
  auto s = slipway_iam_test::collectiq();
  auto& h = const_cast<slipway::model::Handler&>(*s.handler("report"));
  h.aws.push_back({{"s3:GetObject"}, {"arn:aws:s3:::shared/${aws:PrincipalTag/team}/*"}, {}});
  auto m = slipway::derive::derive_iam(s);
  for (const auto& r : m.roles) {
    if (r.id == "fn_report") {
      EXPECT_EQ(r.statements.back().resources, (Names{"arn:aws:s3:::shared/$${aws:PrincipalTag/team}/*"}));
    }
  }
}
}  // namespace

namespace {

// A policy document is laid out as nlohmann's dump(2) lays out the same JSON, conditions of any shape
// included (nested objects and lists, empty ones, numbers, booleans, escapes, non-ASCII text).
TEST(IamDerive, PolicyDocumentsAreLaidOutAsDumpTwoWouldBe) {
  Role r;
  r.id = "fn_x";
  Statement st;
  st.sid = "Tricky";
  st.actions = {"s3:GetObject"};
  st.resources = {"arn:aws:s3:::b/*"};
  st.condition = slipway::model::Json::parse(R"({
    "StringEquals": {"a:b": ["x", "y\"z", "\u00e9t\u00e9", "tab\there"], "k": "v"},
    "Bool": {"aws:SecureTransport": false},
    "NumericLessThan": {"n": 3.5, "m": -2},
    "Null": {},
    "ForAnyValue:StringLike": {"list": [], "nested": [{"deep": [1, true, null]}]}
  })");
  r.statements = {st, st};
  r.statements[1].sid = "Plain";
  r.statements[1].condition = nullptr;
  const std::string doc = slipway::derive::policy_json(r);
  const auto parsed = nlohmann::ordered_json::parse(doc);
  EXPECT_EQ(doc, parsed.dump(2) + "\n");
  EXPECT_EQ(slipway::model::Json(parsed["Statement"][0]["Condition"]), st.condition);
  EXPECT_FALSE(parsed["Statement"][1].contains("Condition"));
}

}  // namespace

namespace {

using slipway::model::Json;

// The fixture with `count` rules more on bus `bus` (route_000, route_001, ...), each delivering to `target`
// as its dead-letter queue (kind Queue: a handler target with that dlq) or as its topic (kind Topic).
slipway::model::System with_routes(int count, const std::string& bus, slipway::model::TargetKind kind,
                                   const std::string& target) {
  auto s = slipway_iam_test::collectiq();
  for (int i = 0; i < count; ++i) {
    slipway::model::Rule r;
    std::string n = std::to_string(i);
    r.name = "route_" + std::string(3 - n.size(), '0') + n;
    r.event = "CardCreated";
    r.bus = bus;
    slipway::model::Target t;
    t.kind = kind;
    t.name = kind == slipway::model::TargetKind::Topic ? target : "report";
    if (kind != slipway::model::TargetKind::Topic) t.dlq = target;
    r.targets = {t};
    s.rules.push_back(std::move(r));  // names after the fixture's: the list stays sorted
  }
  return s;
}

const slipway::derive::ResourcePolicy& policy(const IamModel& m, const std::string& id) {
  for (const auto& p : m.resource_policies) {
    if (p.id == id) return p;
  }
  ADD_FAILURE() << "no resource policy " << id;
  static const slipway::derive::ResourcePolicy none;
  return none;
}

std::size_t rule_vars(const IamModel& m) {
  return static_cast<std::size_t>(std::count_if(m.vars.begin(), m.vars.end(), [](const auto& kv) {
    return kv.first.rfind("rule_route_", 0) == 0;
  }));
}

// 80 rules of bus `events` fit dlq's policy one ARN each; 100 would pass SQS's 8,192 characters. Then the
// bus's rules are one pattern, and card_valued_fanout, the rule of that bus that does not use the queue,
// is excluded by name; the other buses' rules (here none) would stay listed.
TEST(IamDerive, AQueuePolicyPastSqsLimitNamesTheBusByOnePatternAndExcludesTheRulesThatDoNotDeliver) {
  const IamModel listed = slipway::derive::derive_iam(with_routes(80, "events", slipway::model::TargetKind::Queue,
                                                                  "valuation_dlq"));
  const auto& small = policy(listed, "queue_valuation_dlq");
  EXPECT_EQ(small.statements[0].condition.json()["ArnEquals"]["aws:SourceArn"].size(), 81u);
  EXPECT_EQ(rule_vars(listed), 80u);
  EXPECT_LE(slipway::derive::policy_size(slipway::derive::resource_policy_json(small)),
            slipway::derive::kQueuePolicyLimit);

  const IamModel m = slipway::derive::derive_iam(with_routes(100, "events", slipway::model::TargetKind::Queue,
                                                             "valuation_dlq"));
  const auto& p = policy(m, "queue_valuation_dlq");
  ASSERT_EQ(p.statements.size(), 2u);
  const Statement& st = p.statements[0];
  EXPECT_EQ(st.condition.json(), Json::parse(R"({
    "ArnLike": {"aws:SourceArn": [
      "arn:${partition}:events:${region}:${account_id}:rule/collectiq-dev-events/collectiq-dev-*"]},
    "ArnNotEquals": {"aws:SourceArn": ["${rule_card_valued_fanout_arn}"]},
    "StringEquals": {"aws:SourceAccount": "${account_id}"}})"));
  EXPECT_EQ(st.why,
            "EventBridge rules deliver to valuation_dlq: every rule on bus events except card_valued_fanout (101); "
            "one ARN per rule would pass the 8192-character limit of the queue's policy");
  EXPECT_LE(slipway::derive::policy_size(slipway::derive::resource_policy_json(p)),
            slipway::derive::kQueuePolicyLimit);
  EXPECT_EQ(rule_vars(m), 0u) << "a rule the pattern names needs no placeholder";
  EXPECT_EQ(m.vars.count("rule_card_valued_fanout_arn"), 1u);
}

// The default bus is shared by the account: the pattern there is the system's prefix, rule/<prefix>-*.
// Rules of two buses: each bus is decided alone, and a bus with as many rules outside as in stays listed.
TEST(IamDerive, EachBusIsNamedByPatternOnlyWhenFewerNamesThanListingItsRules) {
  auto s = with_routes(100, "default", slipway::model::TargetKind::Queue, "valuation_dlq");
  const IamModel m = slipway::derive::derive_iam(s);
  const auto& st = policy(m, "queue_valuation_dlq").statements[0];
  EXPECT_EQ(st.condition.json()["ArnLike"]["aws:SourceArn"],
            Json::parse(R"(["${rule_card_created_auto_revalue_arn}",
                            "arn:${partition}:events:${region}:${account_id}:rule/collectiq-dev-*"])"));
  EXPECT_EQ(st.condition.json()["ArnNotEquals"]["aws:SourceArn"], Json::parse(R"(["${rule_nightly_cleanup_arn}"])"));
  EXPECT_EQ(st.why,
            "EventBridge rules deliver to valuation_dlq: every rule on bus default except nightly_cleanup (100); "
            "rule(s) card_created_auto_revalue; one ARN per rule would pass the 8192-character limit of the "
            "queue's policy");
}

// SNS allows 30 KB: 300 rules fit one ARN each, 400 do not.
TEST(IamDerive, ATopicPolicyPastSnsLimitNamesTheBusByOnePattern) {
  const IamModel listed =
      slipway::derive::derive_iam(with_routes(300, "events", slipway::model::TargetKind::Topic, "alerts"));
  EXPECT_EQ(policy(listed, "topic_alerts").statements[0].condition.json()["ArnEquals"]["aws:SourceArn"].size(), 301u);
  const IamModel m =
      slipway::derive::derive_iam(with_routes(400, "events", slipway::model::TargetKind::Topic, "alerts"));
  const auto& p = policy(m, "topic_alerts");
  EXPECT_EQ(p.statements[0].condition.json()["ArnLike"]["aws:SourceArn"],
            Json::parse(R"([
              "arn:${partition}:events:${region}:${account_id}:rule/collectiq-dev-events/collectiq-dev-*"])"));
  EXPECT_EQ(p.statements[0].condition.json()["ArnNotEquals"]["aws:SourceArn"],
            Json::parse(R"(["${rule_card_created_auto_revalue_arn}"])"));
  EXPECT_LE(slipway::derive::policy_size(slipway::derive::resource_policy_json(p)),
            slipway::derive::kTopicPolicyLimit);
}

// As many rules of the bus outside as in: no pattern is shorter than the list, the policy stays too large,
// and the IAM backend says so at the queue, with what would make it fit.
TEST(IamBackend, AQueuePolicyThatNoPatternFitsIsAnError) {
  auto s = with_routes(200, "events", slipway::model::TargetKind::Queue, "valuation_dlq");
  for (std::size_t i = 0; i < s.rules.size(); i += 2) {
    if (s.rules[i].name.rfind("route_", 0) == 0) s.rules[i].targets[0].dlq.clear();
  }
  slipway::model::Program prog;
  prog.systems.push_back(s);
  slipway::base::OutputSet out;
  slipway::base::Diagnostics diags;
  slipway::emit::make_iam_backend()->emit(prog, {}, out, diags);
  ASSERT_EQ(diags.error_count(), 1u);
  const auto& d = diags.items()[0];
  EXPECT_EQ(d.code, "resource-policy-too-large");
  EXPECT_EQ(d.span, s.queue("valuation_dlq")->span);
  EXPECT_EQ(d.message,
            "the access policy of queue 'valuation_dlq' would hold about 10002 characters, and SQS allows 8192: "
            "too many EventBridge rules deliver to it, each named by its ARN");
  EXPECT_EQ(d.fix,
            "put the rules that deliver to 'valuation_dlq' on a bus of their own, where one pattern names them all, "
            "or spread them over several queues");
}

}  // namespace
