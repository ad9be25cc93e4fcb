#include "derive/naming.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace slipway::derive {

namespace {
std::string dashify(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

std::string prefix(const model::System& s) { return dashify(s.name) + "-" + dashify(s.environment); }

std::string aws_name(const model::System& s, std::string_view logical) {
  return prefix(s) + "-" + dashify(logical);
}

std::string bucket_name(const model::System& s, std::string_view logical) { return lower(aws_name(s, logical)); }

std::string queue_name(const model::System& s, const model::Queue& q) {
  return aws_name(s, q.name) + (q.fifo ? ".fifo" : "");
}

std::string topic_name(const model::System& s, const model::Topic& t) {
  return aws_name(s, t.name) + (t.fifo ? ".fifo" : "");
}

std::string bus_name(const model::System& s, const model::Bus& b) {
  return b.is_default() ? std::string("default") : aws_name(s, b.name);
}

std::string handler_role_name(const model::System& s, std::string_view handler) {
  return aws_name(s, handler) + "-fn";
}

std::string workflow_role_name(const model::System& s, std::string_view workflow) {
  return aws_name(s, workflow) + "-sfn";
}

std::string service_role_name(const model::System& s, std::string_view purpose) { return aws_name(s, purpose); }

std::string function_log_group(const model::System& s, std::string_view handler) {
  return "/aws/lambda/" + aws_name(s, handler);
}

std::string workflow_log_group(const model::System& s, std::string_view workflow) {
  return "/aws/vendedlogs/states/" + aws_name(s, workflow);
}

std::string tf_id(std::string_view name) { return std::string(name); }

std::string placeholder(std::string_view kind, std::string_view name, std::string_view attr) {
  return std::string(kind) + "_" + std::string(name) + "_" + std::string(attr);
}

std::string env_var(std::string_view kind, std::string_view name, std::string_view attr) {
  std::string out = placeholder(kind, name, attr);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

namespace {
constexpr std::string_view kCppKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
    "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
    "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
    "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not",
    "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static", "static_assert",
    "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef",
    "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while",
    "xor", "xor_eq", "final", "override", "import", "module", "main", "errno", "assert", "NULL"};

std::string guard(std::string s) {
  if (s.empty()) return "_";
  if (std::isdigit(static_cast<unsigned char>(s[0]))) s = "_" + s;
  if (std::find(std::begin(kCppKeywords), std::end(kCppKeywords), s) != std::end(kCppKeywords)) s += "_";
  return s;
}

std::string only_ident_chars(std::string_view in) {
  std::string out;
  for (char c : in) {
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return out;
}
}  // namespace

std::string cpp_type_name(std::string_view name) {
  std::string out;
  bool up = true;
  for (char c : only_ident_chars(name)) {
    if (c == '_') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return guard(out);
}

std::string cpp_member_name(std::string_view name) {
  // camelCase -> snake_case; keeps existing underscores.
  std::string out;
  std::string in = only_ident_chars(name);
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      bool prev_lower = i > 0 && (std::islower(static_cast<unsigned char>(in[i - 1])) ||
                                  std::isdigit(static_cast<unsigned char>(in[i - 1])));
      bool next_lower = i + 1 < in.size() && std::islower(static_cast<unsigned char>(in[i + 1]));
      bool prev_upper = i > 0 && std::isupper(static_cast<unsigned char>(in[i - 1]));
      if (!out.empty() && out.back() != '_' && (prev_lower || (prev_upper && next_lower))) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return guard(out);
}

std::string cpp_enum_value_name(std::string_view value) { return cpp_member_name(value); }

}  // namespace slipway::derive
