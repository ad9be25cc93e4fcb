// A small HCL document model and a printer whose output is what `terraform fmt` would leave unchanged:
// two-space indentation, `=` aligned across runs of single-line attributes, one blank line around nested
// blocks, multi-line objects and lists. The printer owns all escaping: a literal string never becomes an
// interpolation or a directive (`${` is written `$${`, `%{` is written `%%{`).
#pragma once
#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace slipway::emit::hcl {

class Expr {
 public:
  enum class Kind { Raw, Template, Tuple, Object, Call, Heredoc };

  // One piece of a quoted template: literal text (escaped when printed) or an interpolated expression.
  struct Part {
    std::string text;
    bool interpolation = false;
  };

  // Verbatim expression text: references (`aws_sqs_queue.jobs.arn`, `var.x`), numbers, `true`, `null`.
  static Expr raw(std::string text);
  static Expr str(std::string_view literal);
  static Expr num(long long value);
  static Expr boolean(bool value);
  static Expr null();
  // A quoted template; a template that is exactly one interpolation prints as that bare expression, as
  // `terraform fmt` rewrites "${x}" to x.
  static Expr tmpl(std::vector<Part> parts);
  static Expr list(std::vector<Expr> items);
  // Keys are printed bare when they are identifiers, quoted otherwise. Order is kept.
  static Expr object(std::vector<std::pair<std::string, Expr>> items);
  static Expr call(std::string function, std::vector<Expr> args);
  // A `<<EOT` heredoc holding `text` literally (used as an attribute or object value; elsewhere it is
  // printed as a quoted string).
  static Expr heredoc(std::string text);
  // The HCL literal of a JSON value (objects keep the JSON's key order), e.g. for jsonencode().
  static Expr json(const nlohmann::ordered_json& value);
  static Expr json(const nlohmann::json& value);

  Expr() = default;
  Expr(const Expr& other);
  Expr& operator=(const Expr& other);
  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;
  ~Expr();

  Kind kind() const { return kind_; }
  const std::string& text() const { return text_; }
  const std::vector<Part>& parts() const;
  const std::vector<Expr>& items() const;
  const std::vector<std::string>& keys() const;
  bool empty_collection() const { return (kind_ == Kind::Tuple || kind_ == Kind::Object) && items().empty(); }

 private:
  // What only templates, tuples, objects and calls have, allocated for them alone: a module holds tens of
  // thousands of expressions, most of them bare references and strings.
  struct Compound;
  Compound& compound();

  Kind kind_ = Kind::Raw;
  std::string text_;                  // Raw text, Call function name, Heredoc text
  std::unique_ptr<Compound> more_;    // Template parts; Tuple items, Object keys and values, Call arguments
};

// Shorthands for templates: lit("x") and ref("local.prefix").
Expr::Part lit(std::string text);
Expr::Part interp(std::string expression);

struct Attribute {
  std::string name;
  Expr value;
};
struct Comment {
  std::string text;  // may hold several lines; each becomes a `# ` line
};
struct BlankLine {};
struct Block;

using Item = std::variant<Attribute, Block, Comment, BlankLine>;

struct Block {
  std::string type;
  std::vector<std::string> labels;
  std::vector<Item> body;

  Block() = default;
  Block(std::string t, std::vector<std::string> l = {}) : type(std::move(t)), labels(std::move(l)) {}

  Block& attr(std::string name, Expr value);
  Block& comment(std::string text);
  Block& blank();
  // Appends a nested block and returns it for filling.
  Block& block(std::string type, std::vector<std::string> labels = {});
  Block& add(Block b);
  bool empty() const { return body.empty(); }
};

struct File {
  std::vector<Item> items;  // top-level blocks and comments
  File& comment(std::string text);
  Block& block(std::string type, std::vector<std::string> labels = {});
  File& add(Block b);
};

// The quoted, escaped form of a literal string ("a\"b" for a"b; "$${x}" for ${x}).
std::string quote(std::string_view literal);
// Whether `name` can be written bare as an object key or attribute name.
bool is_identifier(std::string_view name);

std::string print(const File& file);
// The same, appended to `out`.
void print(const File& file, std::string& out);

// Where the text of a file printed in pieces stands: whether what is printed so far ends with a block
// (a blank line then comes before whatever follows; a comment sticks to what follows it).
struct Continuation {
  bool after_block = false;
};
// Appends `piece`'s items (blocks and comments only) to `out` as they print after the items printed
// before with `at`, and updates `at`: a file printed piece by piece reads exactly as the file printed
// whole, while only a piece of its tree need be alive at a time.
void print_more(const File& piece, std::string& out, Continuation& at);

std::string print(const Expr& expr);  // at indentation level 0

}  // namespace slipway::emit::hcl
