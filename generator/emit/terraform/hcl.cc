#include "emit/terraform/hcl.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace slipway::emit::hcl {

// ------------------------------------------------------------------------------------------ builders

struct Expr::Compound {
  std::vector<Part> parts;        // Template
  std::vector<Expr> items;        // Tuple items, Object values, Call arguments
  std::vector<std::string> keys;  // Object keys
};

Expr::Expr(const Expr& other)
    : kind_(other.kind_), text_(other.text_), more_(other.more_ ? std::make_unique<Compound>(*other.more_) : nullptr) {}

Expr& Expr::operator=(const Expr& other) {
  if (this != &other) *this = Expr(other);
  return *this;
}

Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;
Expr::~Expr() = default;

Expr::Compound& Expr::compound() {
  if (!more_) more_ = std::make_unique<Compound>();
  return *more_;
}

const std::vector<Expr::Part>& Expr::parts() const {
  static const std::vector<Part> kNone;
  return more_ ? more_->parts : kNone;
}
const std::vector<Expr>& Expr::items() const {
  static const std::vector<Expr> kNone;
  return more_ ? more_->items : kNone;
}
const std::vector<std::string>& Expr::keys() const {
  static const std::vector<std::string> kNone;
  return more_ ? more_->keys : kNone;
}

Expr Expr::raw(std::string text) {
  Expr e;
  e.kind_ = Kind::Raw;
  e.text_ = std::move(text);
  return e;
}

Expr Expr::str(std::string_view literal) { return tmpl({lit(std::string(literal))}); }
Expr Expr::num(long long value) { return raw(std::to_string(value)); }
Expr Expr::boolean(bool value) { return raw(value ? "true" : "false"); }
Expr Expr::null() { return raw("null"); }

Expr Expr::tmpl(std::vector<Part> parts) {
  std::vector<Part> merged;
  for (auto& p : parts) {
    if (!p.interpolation && p.text.empty()) continue;
    if (!p.interpolation && !merged.empty() && !merged.back().interpolation) {
      merged.back().text += p.text;
    } else {
      merged.push_back(std::move(p));
    }
  }
  if (merged.size() == 1 && merged.front().interpolation) return raw(merged.front().text);
  Expr e;
  e.kind_ = Kind::Template;
  e.compound().parts = std::move(merged);
  return e;
}

Expr Expr::list(std::vector<Expr> items) {
  Expr e;
  e.kind_ = Kind::Tuple;
  e.compound().items = std::move(items);
  return e;
}

Expr Expr::object(std::vector<std::pair<std::string, Expr>> items) {
  Expr e;
  e.kind_ = Kind::Object;
  Compound& c = e.compound();
  c.keys.reserve(items.size());
  c.items.reserve(items.size());
  for (auto& [k, v] : items) {
    c.keys.push_back(std::move(k));
    c.items.push_back(std::move(v));
  }
  return e;
}

Expr Expr::call(std::string function, std::vector<Expr> args) {
  Expr e;
  e.kind_ = Kind::Call;
  e.text_ = std::move(function);
  e.compound().items = std::move(args);
  return e;
}

Expr Expr::heredoc(std::string text) {
  Expr e;
  e.kind_ = Kind::Heredoc;
  e.text_ = std::move(text);
  return e;
}

namespace {
template <typename J>
Expr from_json(const J& v) {
  if (v.is_null()) return Expr::null();
  if (v.is_boolean()) return Expr::boolean(v.template get<bool>());
  if (v.is_number()) return Expr::raw(v.dump());
  if (v.is_string()) return Expr::str(v.template get<std::string>());
  if (v.is_array()) {
    std::vector<Expr> items;
    for (const auto& x : v) items.push_back(from_json(x));
    return Expr::list(std::move(items));
  }
  std::vector<std::pair<std::string, Expr>> items;
  for (auto it = v.begin(); it != v.end(); ++it) items.emplace_back(it.key(), from_json(it.value()));
  return Expr::object(std::move(items));
}
}  // namespace

Expr Expr::json(const nlohmann::ordered_json& value) { return from_json(value); }
Expr Expr::json(const nlohmann::json& value) { return from_json(value); }

Expr::Part lit(std::string text) { return {std::move(text), false}; }
Expr::Part interp(std::string expression) { return {std::move(expression), true}; }

Block& Block::attr(std::string name, Expr value) {
  body.emplace_back(Attribute{std::move(name), std::move(value)});
  return *this;
}
Block& Block::comment(std::string text) {
  body.emplace_back(Comment{std::move(text)});
  return *this;
}
Block& Block::blank() {
  body.emplace_back(BlankLine{});
  return *this;
}
Block& Block::block(std::string t, std::vector<std::string> l) {
  body.emplace_back(Block(std::move(t), std::move(l)));
  return std::get<Block>(body.back());
}
Block& Block::add(Block b) {
  body.emplace_back(std::move(b));
  return *this;
}

File& File::comment(std::string text) {
  items.emplace_back(Comment{std::move(text)});
  return *this;
}
Block& File::block(std::string t, std::vector<std::string> l) {
  items.emplace_back(Block(std::move(t), std::move(l)));
  return std::get<Block>(items.back());
}
File& File::add(Block b) {
  items.emplace_back(std::move(b));
  return *this;
}

// ------------------------------------------------------------------------------------------ escaping

namespace {
bool needs_escape(char c, bool quoted) {
  const auto u = static_cast<unsigned char>(c);
  return c == '$' || c == '%' || (quoted && (c == '"' || c == '\\' || u < 0x20 || u == 0x7f));
}

// Appends literal text escaped for a quoted string (quoted = true) or a heredoc body (quoted = false).
void escape_to(std::string& out, std::string_view s, bool quoted) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t plain = i;  // a run that prints as it is goes in one append
    while (plain < s.size() && !needs_escape(s[plain], quoted)) ++plain;
    if (plain > i) {
      out.append(s.data() + i, plain - i);
      i = plain;
      if (i == s.size()) break;
    }
    const char c = s[i];
    const bool opens = i + 1 < s.size() && s[i + 1] == '{';
    if ((c == '$' || c == '%') && opens) {
      out += c;
      out += c;
      continue;
    }
    if (!quoted) {
      out += c;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          std::array<char, 8> buf{};
          std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf.data();
        } else {
          out += c;
        }
    }
  }
}

// Appends the quoted, escaped form of a literal string.
void quote_to(std::string& out, std::string_view literal) {
  out += '"';
  escape_to(out, literal, true);
  out += '"';
}

constexpr std::array<std::string_view, 6> kKeywords = {"true", "false", "null", "for", "in", "if"};
}  // namespace

std::string quote(std::string_view literal) {
  std::string out;
  out.reserve(literal.size() + 2);
  quote_to(out, literal);
  return out;
}

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  const auto first = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(first) || first == '_')) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '_' || c == '-')) return false;
  }
  return std::find(kKeywords.begin(), kKeywords.end(), name) == kKeywords.end();
}

// ------------------------------------------------------------------------------------------ printing

namespace {

void indent(std::string& out, int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); }

// Columns as `terraform fmt` counts them for alignment (one per code point).
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string key_text(const std::string& key) { return is_identifier(key) ? key : quote(key); }

bool multiline(const Expr& e) {
  switch (e.kind()) {
    case Expr::Kind::Raw:
    case Expr::Kind::Template: return false;
    case Expr::Kind::Heredoc: return true;
    case Expr::Kind::Object: return !e.items().empty();
    case Expr::Kind::Tuple:
    case Expr::Kind::Call:
      return std::any_of(e.items().begin(), e.items().end(), [](const Expr& x) { return multiline(x); });
  }
  return false;
}

void print_expr(const Expr& e, int level, bool heredoc_ok, std::string& out);

// Prints `key = value` rows (attributes or object items) with `=` aligned the way `terraform fmt` does:
// a run of single-line rows (heredocs included) shares one column; a row whose value opens a multi-line
// bracket stands alone.
struct Row {
  std::string_view key;  // as printed; the text lives in the Block or in the caller
  const Expr* value;
};

void print_rows(const std::vector<Row>& rows, int level, std::string& out) {
  std::size_t i = 0;
  while (i < rows.size()) {
    if (multiline(*rows[i].value) && rows[i].value->kind() != Expr::Kind::Heredoc) {
      indent(out, level);
      out += rows[i].key;
      out += " = ";
      print_expr(*rows[i].value, level, true, out);
      out += '\n';
      ++i;
      continue;
    }
    std::size_t j = i;
    std::size_t width = 0;
    while (j < rows.size() && (!multiline(*rows[j].value) || rows[j].value->kind() == Expr::Kind::Heredoc)) {
      width = std::max(width, columns(rows[j].key));
      ++j;
    }
    for (; i < j; ++i) {
      indent(out, level);
      out += rows[i].key;
      out.append(width - columns(rows[i].key), ' ');
      out += " = ";
      print_expr(*rows[i].value, level, true, out);
      out += '\n';
    }
  }
}

std::string heredoc_marker(const std::string& text) {
  std::string marker = "EOT";
  for (int n = 1;; ++n) {
    bool clash = false;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + start, end - start);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
      if (line == marker) clash = true;
      start = end + 1;
    }
    if (!clash) return marker;
    marker = "EOT" + std::to_string(n);
  }
}

void print_expr(const Expr& e, int level, bool heredoc_ok, std::string& out) {
  switch (e.kind()) {
    case Expr::Kind::Raw: out += e.text(); return;
    case Expr::Kind::Template:
      out += '"';
      for (const auto& p : e.parts()) {
        if (p.interpolation) {
          out += "${";
          out += p.text;
          out += '}';
        } else {
          escape_to(out, p.text, true);
        }
      }
      out += '"';
      return;
    case Expr::Kind::Heredoc: {
      if (!heredoc_ok) {
        out += quote(e.text());
        return;
      }
      const std::string marker = heredoc_marker(e.text());
      out += "<<";
      out += marker;
      out += '\n';
      escape_to(out, e.text(), false);
      if (!e.text().empty() && e.text().back() != '\n') out += '\n';
      out += marker;
      return;
    }
    case Expr::Kind::Tuple: {
      if (!multiline(e)) {
        out += '[';
        for (std::size_t i = 0; i < e.items().size(); ++i) {
          if (i) out += ", ";
          print_expr(e.items()[i], level, false, out);
        }
        out += ']';
        return;
      }
      out += "[\n";
      for (const auto& item : e.items()) {
        indent(out, level + 1);
        print_expr(item, level + 1, false, out);
        out += ",\n";
      }
      indent(out, level);
      out += ']';
      return;
    }
    case Expr::Kind::Object: {
      if (e.items().empty()) {
        out += "{}";
        return;
      }
      std::vector<std::string> keys;  // quoted where needed; the rows refer to them
      keys.reserve(e.items().size());
      for (const auto& k : e.keys()) keys.push_back(key_text(k));
      std::vector<Row> rows;
      rows.reserve(e.items().size());
      for (std::size_t i = 0; i < e.items().size(); ++i) rows.push_back({keys[i], &e.items()[i]});
      out += "{\n";
      print_rows(rows, level + 1, out);
      indent(out, level);
      out += '}';
      return;
    }
    case Expr::Kind::Call: {
      const auto& args = e.items();
      const bool only_last_multiline =
          !args.empty() && std::none_of(args.begin(), args.end() - 1, [](const Expr& x) { return multiline(x); });
      out += e.text();
      out += '(';
      if (!multiline(e) || only_last_multiline) {
        for (std::size_t i = 0; i < args.size(); ++i) {
          if (i) out += ", ";
          print_expr(args[i], level, false, out);
        }
        out += ')';
        return;
      }
      out += '\n';
      for (const auto& a : args) {
        indent(out, level + 1);
        print_expr(a, level + 1, false, out);
        out += ",\n";
      }
      indent(out, level);
      out += ')';
      return;
    }
  }
}

void print_comment(const Comment& c, int level, std::string& out) {
  std::size_t start = 0;
  while (start <= c.text.size()) {
    std::size_t end = c.text.find('\n', start);
    if (end == std::string::npos) end = c.text.size();
    indent(out, level);
    out += '#';
    if (end > start) {
      out += ' ';
      out.append(c.text, start, end - start);
    }
    out += '\n';
    start = end + 1;
  }
}

void print_body(const std::vector<Item>& body, int level, std::string& out);

void print_block(const Block& b, int level, std::string& out) {
  indent(out, level);
  out += b.type;
  for (const auto& l : b.labels) {
    out += ' ';
    quote_to(out, l);
  }
  if (b.body.empty()) {
    out += " {}\n";
    return;
  }
  out += " {\n";
  print_body(b.body, level + 1, out);
  indent(out, level);
  out += "}\n";
}

// Blank lines: one around every nested block (a comment sticks to what follows it), and wherever the
// body asks for one; never at the start or the end of a body, never two in a row.
void print_body(const std::vector<Item>& body, int level, std::string& out) {
  std::vector<Row> rows;
  auto flush = [&] {
    print_rows(rows, level, out);
    rows.clear();
  };
  const Item* prev = nullptr;
  bool pending_blank = false;
  for (const auto& item : body) {
    if (std::holds_alternative<BlankLine>(item)) {
      pending_blank = prev != nullptr;
      continue;
    }
    const bool is_block = std::holds_alternative<Block>(item);
    const bool is_comment = std::holds_alternative<Comment>(item);
    if (prev && !std::holds_alternative<Comment>(*prev)) {
      const bool prev_block = std::holds_alternative<Block>(*prev);
      if (prev_block || is_block || is_comment) pending_blank = true;
    }
    if (pending_blank || !std::holds_alternative<Attribute>(item)) flush();
    if (pending_blank) out += '\n';
    pending_blank = false;
    if (const auto* a = std::get_if<Attribute>(&item)) {
      rows.push_back({a->name, &a->value});
    } else if (is_block) {
      print_block(std::get<Block>(item), level, out);
    } else if (is_comment) {
      print_comment(std::get<Comment>(item), level, out);
    }
    prev = &item;
  }
  flush();
}

}  // namespace

std::string print(const File& file) {
  std::string out;
  print(file, out);
  return out;
}

void print(const File& file, std::string& out) { print_body(file.items, 0, out); }

// print_body's layout at the top level of a file, whose items are blocks and comments: a blank line
// after every block, none after a comment.
void print_more(const File& piece, std::string& out, Continuation& at) {
  for (const auto& item : piece.items) {
    if (at.after_block) out += '\n';
    if (const auto* b = std::get_if<Block>(&item)) {
      print_block(*b, 0, out);
      at.after_block = true;
    } else if (const auto* c = std::get_if<Comment>(&item)) {
      print_comment(*c, 0, out);
      at.after_block = false;
    } else {
      throw std::logic_error("hcl: a file printed in pieces holds only blocks and comments");
    }
  }
}

std::string print(const Expr& expr) {
  std::string out;
  print_expr(expr, 0, false, out);
  return out;
}

}  // namespace slipway::emit::hcl
