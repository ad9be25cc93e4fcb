// The HCL printer: escaping, alignment, blank lines, nested collections and heredocs, compared with what
// `terraform fmt` leaves unchanged (tests/oracle/terraform.test.sh checks generated modules with the real
// `terraform fmt -check`).
#include <gtest/gtest.h>

#include "emit/terraform/hcl.h"

namespace hcl = slipway::emit::hcl;
using hcl::Expr;

TEST(TerraformHcl, QuoteEscapesEverythingTerraformInterprets) {
  EXPECT_EQ(hcl::quote("plain"), "\"plain\"");
  EXPECT_EQ(hcl::quote("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(hcl::quote("C:\\dir"), "\"C:\\\\dir\"");
  EXPECT_EQ(hcl::quote("a\nb\tc\r"), "\"a\\nb\\tc\\r\"");
  EXPECT_EQ(hcl::quote("${var.secret}"), "\"$${var.secret}\"");
  EXPECT_EQ(hcl::quote("%{ if true }x%{ endif }"), "\"%%{ if true }x%%{ endif }\"");
  EXPECT_EQ(hcl::quote("$${already}"), "\"$$${already}\"");
  EXPECT_EQ(hcl::quote("cost: $5 and 100%"), "\"cost: $5 and 100%\"");
  EXPECT_EQ(hcl::quote(std::string("bell\x07", 5)), "\"bell\\u0007\"");
  EXPECT_EQ(hcl::quote("{id}"), "\"{id}\"");
}

TEST(TerraformHcl, TemplatesInterpolateOnlyExpressions) {
  EXPECT_EQ(hcl::print(Expr::tmpl({hcl::lit("${x}-"), hcl::interp("local.prefix"), hcl::lit("-jobs")})),
            "\"$${x}-${local.prefix}-jobs\"");
  // A template that is one interpolation is the bare expression, as terraform fmt writes it.
  EXPECT_EQ(hcl::print(Expr::tmpl({hcl::interp("var.x")})), "var.x");
  EXPECT_EQ(hcl::print(Expr::tmpl({hcl::lit("a"), hcl::lit("b")})), "\"ab\"");
}

TEST(TerraformHcl, IdentifiersAndKeys) {
  EXPECT_TRUE(hcl::is_identifier("detail_type"));
  EXPECT_TRUE(hcl::is_identifier("detail-type"));
  EXPECT_FALSE(hcl::is_identifier("$or"));
  EXPECT_FALSE(hcl::is_identifier("9lives"));
  EXPECT_FALSE(hcl::is_identifier("null"));
  EXPECT_FALSE(hcl::is_identifier("aws:SecureTransport"));
  EXPECT_EQ(hcl::print(Expr::object({{"$or", Expr::num(1)}, {"a", Expr::num(2)}})), "{\n  \"$or\" = 1\n  a     = 2\n}");
}

TEST(TerraformHcl, AlignsRunsOfSingleLineAttributes) {
  hcl::File f;
  hcl::Block& b = f.block("resource", {"aws_sqs_queue", "jobs"});
  b.attr("name", Expr::str("jobs"));
  b.attr("visibility_timeout_seconds", Expr::num(180));
  b.attr("redrive_policy", Expr::call("jsonencode", {Expr::object({{"maxReceiveCount", Expr::num(5)},
                                                                    {"deadLetterTargetArn", Expr::raw("x.arn")}})}));
  b.attr("fifo_queue", Expr::boolean(false));
  b.attr("tags", Expr::object({}));
  EXPECT_EQ(hcl::print(f),
            "resource \"aws_sqs_queue\" \"jobs\" {\n"
            "  name                       = \"jobs\"\n"
            "  visibility_timeout_seconds = 180\n"
            "  redrive_policy = jsonencode({\n"
            "    maxReceiveCount     = 5\n"
            "    deadLetterTargetArn = x.arn\n"
            "  })\n"
            "  fifo_queue = false\n"
            "  tags       = {}\n"
            "}\n");
}

TEST(TerraformHcl, BlankLinesAroundNestedBlocksAndBetweenTopLevelBlocks) {
  hcl::File f;
  f.comment("Generated.\nSecond line.");
  hcl::Block& fn = f.block("resource", {"aws_lambda_function", "a"});
  fn.attr("timeout", Expr::num(30));
  fn.block("tracing_config").attr("mode", Expr::str("Active"));
  fn.block("environment");
  fn.attr("depends_on", Expr::list({Expr::raw("aws_iam_role_policy.fn_a")}));
  f.block("data", {"aws_region", "current"});
  EXPECT_EQ(hcl::print(f),
            "# Generated.\n"
            "# Second line.\n"
            "resource \"aws_lambda_function\" \"a\" {\n"
            "  timeout = 30\n"
            "\n"
            "  tracing_config {\n"
            "    mode = \"Active\"\n"
            "  }\n"
            "\n"
            "  environment {}\n"
            "\n"
            "  depends_on = [aws_iam_role_policy.fn_a]\n"
            "}\n"
            "\n"
            "data \"aws_region\" \"current\" {}\n");
}

TEST(TerraformHcl, ListsOfObjectsAndCallsWithSeveralMultiLineArguments) {
  Expr list = Expr::list({Expr::object({{"prefix", Expr::str("a/")}}), Expr::str("b")});
  EXPECT_EQ(hcl::print(list), "[\n  {\n    prefix = \"a/\"\n  },\n  \"b\",\n]");
  Expr merge = Expr::call("merge", {Expr::object({{"a", Expr::num(1)}}), Expr::object({{"b", Expr::num(2)}})});
  EXPECT_EQ(hcl::print(merge), "merge(\n  {\n    a = 1\n  },\n  {\n    b = 2\n  },\n)");
  EXPECT_EQ(hcl::print(Expr::list({Expr::str("a"), Expr::num(2)})), "[\"a\", 2]");
}

TEST(TerraformHcl, HeredocsKeepTextLiteralAndAlignWithTheirRun) {
  hcl::File f;
  hcl::Block& b = f.block("locals");
  b.attr("doc", Expr::heredoc("line \"one\" \\n\n${not_interpolated}\nEOT\n"));
  b.attr("longer_name", Expr::num(1));
  EXPECT_EQ(hcl::print(f),
            "locals {\n"
            "  doc         = <<EOT1\n"
            "line \"one\" \\n\n"
            "$${not_interpolated}\n"
            "EOT\n"
            "EOT1\n"
            "  longer_name = 1\n"
            "}\n");
}

TEST(TerraformHcl, JsonValuesBecomeHclLiterals) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(R"({"numeric": [">", 5, "<=", 1.5], "ok": true, "n": null})");
  EXPECT_EQ(hcl::print(Expr::json(j)), "{\n  numeric = [\">\", 5, \"<=\", 1.5]\n  ok      = true\n  n       = null\n}");
}

// A file printed in pieces (the Terraform backend frees the tree of its largest files as it goes) reads
// exactly as the file printed whole, wherever it is cut: blank lines after blocks, none after comments.
TEST(TerraformHcl, AFilePrintedInPiecesReadsAsPrintedWhole) {
  // Every order of two kinds of item up to six long, cut at every place and at every pair of places.
  for (unsigned shape = 0; shape < (1u << 6); ++shape) {
    for (std::size_t n = 0; n <= 6; ++n) {
      auto item = [&](std::size_t i, hcl::File& f) {
        if (shape & (1u << i)) {
          f.comment("note " + std::to_string(i));
        } else {
          f.block("resource", {"aws_sqs_queue", "q" + std::to_string(i)}).attr("name", Expr::str("q"));
        }
      };
      hcl::File whole;
      for (std::size_t i = 0; i < n; ++i) item(i, whole);
      const std::string expected = hcl::print(whole);
      for (std::size_t a = 0; a <= n; ++a) {
        for (std::size_t b = a; b <= n; ++b) {
          std::string text;
          hcl::Continuation at;
          for (auto [from, to] : {std::pair{std::size_t{0}, a}, std::pair{a, b}, std::pair{b, n}}) {
            hcl::File piece;
            for (std::size_t i = from; i < to; ++i) item(i, piece);
            hcl::print_more(piece, text, at);
          }
          ASSERT_EQ(text, expected) << "shape " << shape << ", " << n << " items, cut at " << a << " and " << b;
        }
      }
    }
  }
}

TEST(TerraformHcl, OnlyBlocksAndCommentsArePrintedInPieces) {
  hcl::File f;
  f.items.emplace_back(hcl::BlankLine{});
  std::string text;
  hcl::Continuation at;
  EXPECT_THROW(hcl::print_more(f, text, at), std::logic_error);
}
