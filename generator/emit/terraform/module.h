// The Terraform root module of one environment while it is being built: one hcl::File per concern, and
// the expressions every part of the backend agrees on (AWS names under local.prefix, references to the
// resources that stand for spec entities, templatefile() calls into the IAM and ASL outputs).
#pragma once
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/output.h"
#include "derive/iam.h"
#include "emit/terraform/hcl.h"
#include "model/model.h"

namespace slipway::emit::terraform {

using hcl::Block;
using hcl::Expr;

// The files of a module, in the order they are listed in the layout.
inline constexpr std::string_view kFiles[] = {"versions.tf", "variables.tf", "events.tf", "handlers.tf",
                                              "workflows.tf", "storage.tf",  "api.tf",    "iam.tf",
                                              "alarms.tf",   "outputs.tf"};

// The locals that variables.tf declares only when the rest of the module reads them.
inline constexpr std::array<std::string_view, 4> kOptionalLocals = {"account_id", "region", "partition",
                                                                   "default_bus_arn"};

// What the text of a module reads that variables.tf must declare, gathered file by file as they are
// printed (emit_variables then needs none of their text).
struct TextReads {
  bool jwt_issuer = false;                          // var.jwt_issuer
  std::array<bool, kOptionalLocals.size()> locals{};  // local.<kOptionalLocals[i]>
  void scan(std::string_view text);
};

struct Module {
  const model::System& sys;
  const derive::IamModel& iam;
  base::FileSink& out;  // where each file goes, as folder + its name
  std::string folder;
  std::map<std::string, hcl::File> files;
  // The files printed so far. A file is printed, handed on and its tree freed as soon as the emitters that
  // write it are done (build_module); writing to it afterwards is a bug, and file() throws.
  std::set<std::string, std::less<>> printed;
  TextReads reads;  // of the files printed so far

  // A file printed in pieces while its emitters still run: its text not yet handed on, its header first.
  struct PartialText {
    std::string text;
    std::size_t header = 0;  // the header's length: nothing more means the file has no blocks
    hcl::Continuation at;
    std::unique_ptr<base::FileParts> parts;  // once a part of it is handed on
    std::size_t handed = 0;                  // the length of the parts handed on
  };
  std::map<std::string, PartialText, std::less<>> partial;
  std::string spare;  // the room of the largest text handed on so far, for the next file to print into

  Module(const model::System& s, const derive::IamModel& iam_model, base::FileSink& sink, std::string folder = "");
  hcl::File& file(std::string_view name);

  // Prints the blocks `file` holds so far once there are at least `at_least` of them (after its header when
  // none is printed yet), and frees their tree. The emitters of files of thousands of blocks call it after
  // each entity, when no block of the file is still being filled: held whole until printed, the trees of
  // these files were most of the backend's 0.5 GB of working data at N=100,000 handlers. Once its text
  // not yet handed on reaches `part_bytes`, that text is handed on as a part of the file (FileSink::open):
  // held whole, the texts of these files were 214 MB of a build's peak at N=100,000.
  void print_piece(std::string_view file, std::size_t at_least = kPieceBlocks);
  // Prints the rest of `file` (a note instead when it has no blocks), notes what it reads, hands it on
  // (whole, or its last part) and frees it; the file then takes no more blocks.
  void finish(std::string_view file);
  static constexpr std::size_t kPieceBlocks = 1024;
  std::size_t part_bytes = std::size_t{256} << 10;
  Block& resource(std::string_view file, std::string type, std::string label);
  bool has_role(std::string_view id) const;

  // The resources that give each role its policy, by role id: `aws_iam_role_policy.<id>` for an inline
  // document, `aws_iam_role_policy_attachment.<id>` for each managed one; none when the role has no
  // statements. Filled by emit_iam, which runs before the emitters that read it.
  std::map<std::string, std::vector<std::string>, std::less<>> role_grants;
  // Makes `b` (a function or state machine that runs as role `role_id`) wait for every grant of the role's
  // policy, so that it never starts with only part of its permissions.
  void depends_on_grants(Block& b, std::string_view role_id) const;
};

// `"${local.prefix}-cards-create"` for an AWS name that starts with the environment's prefix; the literal
// name otherwise.
Expr prefixed(const model::System& s, const std::string& aws_name);

// Terraform expressions (text) for spec entities.
std::string bus_arn(const model::System& s, const std::string& bus);   // declared bus name
std::string bus_name_expr(const model::System& s, const std::string& bus);
std::string queue_arn(const std::string& q);
std::string function_arn(const std::string& h);
std::string workflow_arn(const std::string& w);
std::string topic_arn(const std::string& t);
std::string role_arn(const std::string& role_id);
// Any target's ARN (handler, workflow, queue, topic, bus name or bus ARN, event: the event's bus).
Expr target_arn(const model::System& s, const model::Target& t);
// A `${kind.name.attr}` reference of the spec as a Terraform expression.
Expr ref_expr(const model::System& s, const model::Ref& r);
// A spec text (literal parts and references) as a Terraform expression.
Expr text_expr(const model::System& s, const model::Text& t);

// `"ENABLED"`/`"DISABLED"`, or a conditional on the flag's variable.
Expr state_expr(const model::Toggle& t);
// A literal ARN in the current partition, region and account: arn_expr("ssm", "parameter/x").
Expr arn_expr(const std::string& service, const std::string& resource, bool regional = true);

// templatefile("${path.module}/../../<dir>/<file>", { vars }) where vars are the placeholders the
// document uses (looked up in `vars`), plus account_id, region and partition when `always_account`.
Expr templatefile(const model::System& s, const std::string& relative_path, const std::string& document,
                  const std::map<std::string, std::string>& vars, bool always_account);
// The same for a document whose derive::template_placeholders are known (sorted).
Expr templatefile(const model::System& s, const std::string& relative_path,
                  const std::vector<std::string>& placeholders, const std::map<std::string, std::string>& vars,
                  bool always_account);

// jsonencode() of an IAM-style policy document built from HCL statement objects.
Expr policy_document(std::vector<Expr> statements);
// The statement that denies every request that does not use TLS.
Expr deny_insecure_transport(const std::string& action, Expr resource);

// Lower-case letters, digits and '_' only: a Terraform label from free text (an ARN, an e-mail address).
std::string label_from(std::string_view text);
// Upper-case environment variable name part ("card_expiry" -> "CARD_EXPIRY").
std::string env_name(std::string_view name);

// The parts of the module, one function per file concern.
void emit_versions(Module& m);
// Last: declares the locals and variables that the files printed before it read (Module::reads).
void emit_variables(Module& m);
void emit_events(Module& m);
void emit_schedules(Module& m);
void emit_handlers(Module& m);
void emit_workflows(Module& m);
void emit_storage(Module& m);
void emit_messaging(Module& m);
void emit_api(Module& m);
void emit_iam(Module& m);
void emit_alarms(Module& m);
void emit_outputs(Module& m);

// The variable holding a handler's deployment package.
std::string package_variable(const std::string& handler);
// SCHEDULE_GROUP_<NAME>{,_TARGET_ARN,_ROLE_ARN,_DLQ_ARN} for each schedule group a handler may create in.
std::vector<std::pair<std::string, Expr>> schedule_group_environment(const model::System& s, const model::Handler& h);
// The pattern of a rule: the event's source and detail-type, and `detail` (null = any detail).
Expr event_pattern(const model::Event& e, const model::Json& detail);

// Which handler consumes a queue (queue trigger), for the derived visibility timeout; nullptr if none.
const model::Handler* queue_consumer(const model::System& s, const std::string& queue);
// The queues used as dead-letter queues anywhere in the system.
std::set<std::string> dead_letter_queues(const model::System& s);

// Builds the whole module, handing each file to `out` (as `folder` + its name) as soon as it is printed, the
// largest in parts as they print.
void build_module(const model::System& s, const derive::IamModel& iam, base::FileSink& out,
                  const std::string& folder);
// The same as one map: file name -> text. The form without `iam` derives the system's IAM itself.
std::map<std::string, std::string> build_module(const model::System& s, const derive::IamModel& iam);
std::map<std::string, std::string> build_module(const model::System& s);

}  // namespace slipway::emit::terraform
