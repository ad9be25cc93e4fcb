// The condition language of choice steps: a small lexer and a recursive-descent parser.
//
//   or      := and ("or" and)*
//   and     := unary ("and" unary)*
//   unary   := "not" unary | primary
//   primary := "(" or ")" | TEST "(" PATH ")" | operand (CMP operand | "matches" STRING)
//   operand := PATH | STRING | NUMBER | "true" | "false" | "null"
//
// Errors point at the offending token: column = span.col + byte offset in the text.
#include "lower/condition.h"

#include <cctype>
#include <map>
#include <vector>

namespace slipway::lower {

namespace {

using model::Condition;
using model::Operand;
using Op = Condition::Op;

enum class Tok { Path, String, Number, Word, LParen, RParen, Cmp, End, Bad };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // as written (String: the unescaped value)
  std::size_t offset = 0;
};

const std::map<std::string, Op>& tests() {
  static const std::map<std::string, Op> kTests = {
      {"is_present", Op::IsPresent}, {"is_null", Op::IsNull},       {"is_string", Op::IsString},
      {"is_numeric", Op::IsNumeric}, {"is_boolean", Op::IsBoolean}, {"is_timestamp", Op::IsTimestamp}};
  return kTests;
}

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool path_name_char(char c) { return ident_char(c) || c == '-'; }

class Parser {
 public:
  Parser(std::string_view text, base::Span span, base::Diagnostics& diags) : text_(text), span_(span), diags_(diags) {}

  std::optional<Condition> parse() {
    if (!lex()) return std::nullopt;
    if (tokens_.front().kind == Tok::End) {
      fail(0, "the condition is empty", "write a comparison such as '$.status == \"done\"'");
      return std::nullopt;
    }
    auto c = parse_or();
    if (!c) return std::nullopt;
    if (peek().kind != Tok::End) {
      const Token& t = peek();
      std::string hint;
      if (t.kind == Tok::Cmp || t.text == "matches") hint = "put parentheses around the comparison on its left";
      else hint = "join conditions with 'and' or 'or'";
      fail(t.offset, "unexpected " + describe(t) + " after a complete condition", hint);
      return std::nullopt;
    }
    return c;
  }

 private:
  // ---------------------------------------------------------------------------------------- lexer
  bool lex() {
    std::size_t i = 0;
    while (true) {
      while (i < text_.size() && std::isspace(static_cast<unsigned char>(text_[i]))) ++i;
      if (i >= text_.size()) {
        tokens_.push_back({Tok::End, "", text_.size()});
        return true;
      }
      const char c = text_[i];
      const std::size_t start = i;
      if (c == '$') {
        if (!lex_path(i)) return false;
        tokens_.push_back({Tok::Path, std::string(text_.substr(start, i - start)), start});
      } else if (c == '"' || c == '\'') {
        std::string value;
        if (!lex_string(i, value)) return false;
        tokens_.push_back({Tok::String, value, start});
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '-' && i + 1 < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i + 1])))) {
        if (!lex_number(i)) return false;
        tokens_.push_back({Tok::Number, std::string(text_.substr(start, i - start)), start});
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        while (i < text_.size() && ident_char(text_[i])) ++i;
        tokens_.push_back({Tok::Word, std::string(text_.substr(start, i - start)), start});
      } else if (c == '(' || c == ')') {
        tokens_.push_back({c == '(' ? Tok::LParen : Tok::RParen, std::string(1, c), start});
        ++i;
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        const bool two = i + 1 < text_.size() && text_[i + 1] == '=';
        std::string op = std::string(text_.substr(i, two ? 2 : 1));
        if (op == "=") return fail(start, "unexpected '='", "write '==' to compare");
        if (op == "!") return fail(start, "unexpected '!'", "write 'not' to negate a condition");
        tokens_.push_back({Tok::Cmp, op, start});
        i += op.size();
      } else if ((c == '&' || c == '|') && i + 1 < text_.size() && text_[i + 1] == c) {
        return fail(start, std::string("unexpected '") + c + c + "'", c == '&' ? "write 'and'" : "write 'or'");
      } else {
        return fail(start, std::string("unexpected character '") + c + "'", "");
      }
    }
  }

  // $ or $$ followed by .name and [n] segments.
  bool lex_path(std::size_t& i) {
    const std::size_t start = i;
    ++i;
    if (i < text_.size() && text_[i] == '$') ++i;
    while (i < text_.size()) {
      if (text_[i] == '.') {
        const std::size_t seg = ++i;
        while (i < text_.size() && path_name_char(text_[i])) ++i;
        if (i == seg) return fail(seg, "expected a field name after '.' in path", "");
      } else if (text_[i] == '[') {
        const std::size_t seg = ++i;
        while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
        if (i == seg || i >= text_.size() || text_[i] != ']') {
          return fail(seg, "expected an array index such as [0] in path", "a condition reads one value; write $.items[0]");
        }
        ++i;
      } else {
        break;
      }
    }
    if (i < text_.size() && (ident_char(text_[i]) || text_[i] == '*' || text_[i] == '@')) {
      return fail(i, "unexpected '" + std::string(1, text_[i]) + "' in path '" +
                         std::string(text_.substr(start, i - start)) + "'",
                  "paths look like $.field.sub[0]");
    }
    return true;
  }

  bool lex_string(std::size_t& i, std::string& value) {
    const char quote = text_[i];
    const std::size_t start = i++;
    while (i < text_.size() && text_[i] != quote) {
      if (text_[i] == '\\' && i + 1 < text_.size()) {
        const char e = text_[i + 1];
        if (e == quote || e == '\\') {
          value += e;
        } else if (e == '*') {
          value += "\\*";  // keeps a literal star for `matches`
        } else {
          return fail(i, std::string("unknown escape '\\") + e + "' in string", "only \\\\, \\* and the quote may be escaped");
        }
        i += 2;
        continue;
      }
      value += text_[i++];
    }
    if (i >= text_.size()) return fail(start, "unterminated string", std::string("close it with ") + quote);
    ++i;
    return true;
  }

  bool lex_number(std::size_t& i) {
    const std::size_t start = i;
    if (text_[i] == '-') ++i;
    while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
    if (i < text_.size() && text_[i] == '.') {
      ++i;
      const std::size_t frac = i;
      while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
      if (i == frac) return fail(start, "malformed number '" + std::string(text_.substr(start, i - start)) + "'", "");
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      ++i;
      if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) ++i;
      const std::size_t exp = i;
      while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
      if (i == exp) return fail(start, "malformed number '" + std::string(text_.substr(start, i - start)) + "'", "");
    }
    if (i < text_.size() && ident_char(text_[i])) {
      while (i < text_.size() && ident_char(text_[i])) ++i;
      return fail(start, "malformed number '" + std::string(text_.substr(start, i - start)) + "'",
                  "quote text: \"" + std::string(text_.substr(start, i - start)) + "\"");
    }
    return true;
  }

  // --------------------------------------------------------------------------------------- parser
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool is_word(const Token& t, std::string_view w) const { return t.kind == Tok::Word && t.text == w; }

  std::optional<Condition> parse_or() { return parse_chain("or", Op::Or); }
  std::optional<Condition> parse_and() { return parse_chain("and", Op::And); }

  std::optional<Condition> parse_chain(std::string_view word, Op op) {
    auto first = op == Op::Or ? parse_and() : parse_unary();
    if (!first) return std::nullopt;
    if (!is_word(peek(), word)) return first;
    Condition c;
    c.op = op;
    c.span = first->span;
    c.children.push_back(std::move(*first));
    while (is_word(peek(), word)) {
      next();
      auto more = op == Op::Or ? parse_and() : parse_unary();
      if (!more) return std::nullopt;
      // a and (b and c) stays flat: And/Or are associative.
      c.children.push_back(std::move(*more));
    }
    return c;
  }

  std::optional<Condition> parse_unary() {
    if (is_word(peek(), "not")) {
      const Token& t = next();
      auto inner = parse_unary();
      if (!inner) return std::nullopt;
      Condition c;
      c.op = Op::Not;
      c.span = at(t.offset);
      c.children.push_back(std::move(*inner));
      return c;
    }
    return parse_primary();
  }

  std::optional<Condition> parse_primary() {
    const Token& t = peek();
    if (t.kind == Tok::LParen) {
      next();
      auto inner = parse_or();
      if (!inner) return std::nullopt;
      if (peek().kind != Tok::RParen) {
        fail(peek().offset, "expected ')' but found " + describe(peek()), "the '(' at column " +
                                                                             std::to_string(at(t.offset).col) +
                                                                             " is not closed");
        return std::nullopt;
      }
      next();
      return inner;
    }
    if (t.kind == Tok::Word && tests().count(t.text)) return parse_test();
    if (t.kind == Tok::Word && peek2().kind == Tok::LParen) {
      std::vector<std::string> names;
      for (const auto& [n, _] : tests()) names.push_back(n);
      fail(t.offset, "unknown test '" + t.text + "'", base::did_you_mean(t.text, names));
      return std::nullopt;
    }
    auto lhs = parse_operand("a condition");
    if (!lhs) return std::nullopt;
    Condition c;
    c.span = lhs->span;
    const Token& op = peek();
    if (is_word(op, "matches")) {
      next();
      const Token& glob = peek();
      if (glob.kind != Tok::String) {
        fail(glob.offset, "expected a quoted pattern after 'matches' but found " + describe(glob),
             "write $.key matches \"*.jpg\"");
        return std::nullopt;
      }
      next();
      if (!lhs->is_path) {
        fail(t.offset, "the left side of 'matches' must be a path", "");
        return std::nullopt;
      }
      c.op = Op::Matches;
      c.lhs = std::move(*lhs);
      c.rhs.literal = glob.text;
      c.rhs.span = at(glob.offset);
      return c;
    }
    if (op.kind != Tok::Cmp) {
      fail(op.offset, "expected a comparison (== != < <= > >=) or 'matches' after " + describe(t) + " but found " +
                          describe(op),
           lhs->is_path ? "to test that a field exists, write is_present(" + lhs->path + ")" : "");
      return std::nullopt;
    }
    next();
    static const std::map<std::string, Op> kOps = {{"==", Op::Eq}, {"!=", Op::Ne}, {"<", Op::Lt},
                                                   {"<=", Op::Le}, {">", Op::Gt},  {">=", Op::Ge}};
    c.op = kOps.at(op.text);
    auto rhs = parse_operand("a value after '" + op.text + "'");
    if (!rhs) return std::nullopt;
    if (!lhs->is_path && !rhs->is_path) {
      fail(t.offset, "a comparison needs a path on at least one side", "compare a field such as $.status");
      return std::nullopt;
    }
    c.lhs = std::move(*lhs);
    c.rhs = std::move(*rhs);
    return c;
  }

  std::optional<Condition> parse_test() {
    const Token& name = next();
    Condition c;
    c.op = tests().at(name.text);
    c.span = at(name.offset);
    if (peek().kind != Tok::LParen) {
      fail(peek().offset, "expected '(' after '" + name.text + "'", "write " + name.text + "($.field)");
      return std::nullopt;
    }
    next();
    const Token& p = peek();
    if (p.kind != Tok::Path) {
      fail(p.offset, "expected a path in " + name.text + "(...) but found " + describe(p), "write " + name.text + "($.field)");
      return std::nullopt;
    }
    next();
    c.lhs.is_path = true;
    c.lhs.path = p.text;
    c.lhs.span = at(p.offset);
    if (peek().kind != Tok::RParen) {
      fail(peek().offset, "expected ')' but found " + describe(peek()), "");
      return std::nullopt;
    }
    next();
    return c;
  }

  std::optional<Operand> parse_operand(const std::string& what) {
    const Token& t = peek();
    Operand o;
    o.span = at(t.offset);
    switch (t.kind) {
      case Tok::Path:
        o.is_path = true;
        o.path = t.text;
        break;
      case Tok::String:
        o.literal = t.text;
        break;
      case Tok::Number:
        if (t.text.find_first_of(".eE") == std::string::npos && t.text.size() < 18) {
          o.literal = std::stoll(t.text);
        } else {
          o.literal = std::stod(t.text);
        }
        break;
      case Tok::Word:
        if (t.text == "true" || t.text == "false") {
          o.literal = t.text == "true";
        } else if (t.text == "null") {
          o.literal = nullptr;
        } else {
          fail(t.offset, "expected " + what + " but found '" + t.text + "'",
               "paths start with '$.'; quote text: \"" + t.text + "\"");
          return std::nullopt;
        }
        break;
      default:
        fail(t.offset, "expected " + what + " but found " + describe(t), "");
        return std::nullopt;
    }
    next();
    return o;
  }

  const Token& peek2() const { return tokens_[pos_ + 1 < tokens_.size() ? pos_ + 1 : pos_]; }

  std::string describe(const Token& t) const {
    switch (t.kind) {
      case Tok::End: return "the end of the condition";
      case Tok::String: return "a string";
      default: return "'" + t.text + "'";
    }
  }

  base::Span at(std::size_t offset) const {
    base::Span s = span_;
    if (s.known()) s.col += static_cast<std::uint32_t>(offset);
    return s;
  }

  bool fail(std::size_t offset, std::string message, std::string hint) {
    if (failed_) return false;
    failed_ = true;
    diags_.error("bad-condition", at(offset), std::move(message)).fix = std::move(hint);
    return false;
  }

  std::string_view text_;
  base::Span span_;
  base::Diagnostics& diags_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<model::Condition> parse_condition(std::string_view text, base::Span span, base::Diagnostics& diags) {
  return Parser(text, span, diags).parse();
}

}  // namespace slipway::lower
