// The hostile-input corpus (tests/hostile/) and generated hostile inputs, each run through the slipway
// binary in a child process with bounded memory and CPU time. Every run must end in a clear diagnostic
// (exit 1 or 2 with `error:` on stderr) or in inert output (exit 0), never in a crash or a timeout.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "repository_files.h"

using slipway::testing::file_text;

namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

// The bounds every hostile input must stay within.
constexpr rlim_t kMaxAddressSpace = rlim_t{1} << 30;  // 1 GiB
constexpr rlim_t kMaxCpuSeconds = 30;

struct Outcome {
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  std::string err;
};

Outcome run_build(const fs::path& spec, const fs::path& out) {
  fs::path err_file = out.string() + ".stderr";
  pid_t pid = ::fork();
  if (pid == 0) {
    if (!kAsan) {
      rlimit as{kMaxAddressSpace, kMaxAddressSpace};
      ::setrlimit(RLIMIT_AS, &as);
    }
    rlimit cpu{kMaxCpuSeconds, kMaxCpuSeconds};
    ::setrlimit(RLIMIT_CPU, &cpu);
    int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 2);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::execl(SLIPWAY_BINARY, SLIPWAY_BINARY, "build", spec.c_str(), "-o", out.c_str(), "-q", nullptr);
    ::_exit(127);
  }
  Outcome o;
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  o.err = file_text(err_file);
  return o;
}

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "slipway-hostile-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `text` as a spec; expects a diagnostic (exit 1 or 2) mentioning `code`.
  void expect_diagnostic(const std::string& name, const std::string& text, const std::string& code) {
    fs::path spec = dir_ / (name + ".yaml");
    std::ofstream(spec, std::ios::binary) << text;
    Outcome o = run_build(spec, dir_ / name);
    EXPECT_EQ(o.signal, 0) << name << " crashed: " << o.err.substr(0, 2000);
    EXPECT_TRUE(o.exit_code == 1 || o.exit_code == 2) << name << " exited " << o.exit_code;
    EXPECT_NE(o.err.find(code), std::string::npos) << name << ": " << o.err.substr(0, 2000);
    EXPECT_FALSE(fs::exists(dir_ / name)) << name << ": nothing may be written";
  }
  fs::path dir_;
};

// Checks that output from a spec full of metacharacters is inert: Terraform never sees an unescaped
// template sequence that came from the spec, files read by templatefile() hold only slipway's own
// placeholders, JSON parses, and no description breaks out of a C++ comment.
void expect_inert(const fs::path& out) {
  static const std::regex own_placeholder(R"(\$\{[a-z][a-z0-9_]*\})");
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    std::string path = e.path().string(), text = file_text(e.path());
    if (e.path().extension() == ".json") {
      EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded()) << path;
    }
    bool templated = path.find("/iam/") != std::string::npos || path.find("/statemachines/") != std::string::npos;
    if (templated && e.path().extension() == ".json") {
      static const std::regex escaped(R"(\$\$\{|%%\{)");  // template escapes print literally
      std::string rest = std::regex_replace(std::regex_replace(text, own_placeholder, ""), escaped, "");
      EXPECT_EQ(rest.find("${"), std::string::npos) << path << " is read by templatefile(): a spec value reached it unescaped";
      EXPECT_EQ(rest.find("%{"), std::string::npos) << path << " is read by templatefile(): a spec value reached it unescaped";
    }
    if (e.path().extension() == ".cpp" || e.path().extension() == ".h") {
      // Spec text may appear in comments; a line that holds it must be a comment from its start.
      std::istringstream lines(text);
      for (std::string line; std::getline(lines, line);) {
        if (line.find("injected") == std::string::npos) continue;
        std::size_t first = line.find_first_not_of(' ');
        EXPECT_EQ(line.compare(first, 2, "//"), 0) << path << ": a spec string escaped into C++ code: " << line;
      }
    }
    if (e.path().extension() == ".tf") {
      for (std::size_t i = text.find("%{"); i != std::string::npos; i = text.find("%{", i + 1)) {
        EXPECT_TRUE(i > 0 && text[i - 1] == '%') << path << ": unescaped %{ at byte " << i;
      }
    }
  }
}

TEST_F(Hostile, Corpus) {
  int count = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SLIPWAY_SOURCE_DIR) / "tests/hostile")) {
    if (e.path().extension() != ".yaml") continue;
    ++count;
    std::string name = e.path().stem().string();
    std::istringstream expected(file_text(fs::path(e.path()).replace_extension(".expected")));
    int code = -1;
    expected >> code;
    fs::path out = dir_ / name;
    Outcome o = run_build(e.path(), out);
    EXPECT_EQ(o.signal, 0) << name << " crashed: " << o.err.substr(0, 2000);
    EXPECT_EQ(o.exit_code, code) << name << ": " << o.err.substr(0, 2000);
    std::string line;
    std::getline(expected, line);
    while (std::getline(expected, line)) {
      if (!line.empty()) {
        EXPECT_NE(o.err.find(line), std::string::npos) << name << " should report " << line << "\n" << o.err;
      }
    }
    if (code == 0) {
      expect_inert(out);
    } else {
      EXPECT_FALSE(fs::exists(out)) << name << ": nothing may be written on an error";
    }
  }
  EXPECT_GE(count, 8);
}

TEST_F(Hostile, EmptyAndGarbage) {
  expect_diagnostic("empty", "", "[empty-spec]");
  std::string garbage;
  std::uint32_t x = 12345;
  for (int i = 0; i < 65536; ++i) {
    x = x * 1103515245u + 12345u;
    garbage += static_cast<char>(x >> 24);
  }
  expect_diagnostic("garbage", garbage, "error:");
  expect_diagnostic("nul", std::string("slipway: 1\nsystem: a\0b\n", 24), "error:");
  expect_diagnostic("invalid_utf8", "slipway: 1\nsystem: \xff\xfe\n", "[invalid-encoding]");
}

TEST_F(Hostile, DeepNesting) {
  expect_diagnostic("deep_flow", "slipway: 1\nsystem: d\nx: " + std::string(10000, '[') + std::string(10000, ']') + "\n",
                    "[nesting-too-deep]");
  std::string block = "slipway: 1\nsystem: d\n";
  for (int i = 0; i < 10000; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  expect_diagnostic("deep_block", block, "error:");
}

TEST_F(Hostile, AliasBombs) {
  std::string laughs = "slipway: 1\nsystem: lol\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) laughs += (j ? ", *a" : "*a") + std::to_string(i - 1);
    laughs += "]\n";
  }
  expect_diagnostic("billion_laughs", laughs, "alias");
  // Aliases used as names in a section are expanded once each, not exponentially.
  std::string keys = "slipway: 1\nsystem: lol\nx: &x {a: 1}\nqueues:\n";
  for (int i = 0; i < 5000; ++i) keys += "  q" + std::to_string(i) + ": *x\n";
  fs::path spec = dir_ / "alias_fanout.yaml";
  std::ofstream(spec) << keys;
  Outcome o = run_build(spec, dir_ / "alias_fanout");
  EXPECT_EQ(o.signal, 0) << o.err.substr(0, 2000);
}

TEST_F(Hostile, HundredMegabyteScalar) {
  std::string big = "slipway: 1\nsystem: big\ndescription: \"" + std::string(100u << 20, 'x') + "\"\n";
  expect_diagnostic("big_scalar", big, "[file-too-large]");
}

// One line of a million flow items after a multi-byte character: the YAML scanner counted each item's
// column from the start of the line, a quadratic cost (a 1.2 MB line took 24 s).
TEST_F(Hostile, LongLineOfMultiByteCharacters) {
  std::string line = "slipway: 1\nsystem: wide\ndescription: [";
  for (int i = 0; i < 1'000'000; ++i) line += "\xC3\xA9, ";
  line += "x]\n";
  expect_diagnostic("multibyte_line", line, "[wrong-type]");
}

TEST_F(Hostile, ManyLongLines) {
  std::string wide = "slipway: 1\nsystem: wide\ndescription: " + std::string(8u << 20, 'y') + "\n";
  fs::path spec = dir_ / "wide.yaml";
  std::ofstream(spec) << wide;
  Outcome o = run_build(spec, dir_ / "wide");
  EXPECT_EQ(o.signal, 0) << o.err.substr(0, 2000);
  EXPECT_TRUE(o.exit_code == 0 || o.exit_code == 1) << o.err.substr(0, 2000);
}

}  // namespace
