// A fake Lambda Runtime API on 127.0.0.1 for testing a built `bootstrap`.
//
//   fake_runtime_api RESULTS BOOTSTRAP EVENT_FILE...
//
// Starts BOOTSTRAP with AWS_LAMBDA_RUNTIME_API pointing here, hands it each event file in turn through
// GET /2018-06-01/runtime/invocation/next (request ids req-1, req-2, ...), and writes one line per result to
// RESULTS: "<id> response <body>", "<id> error <Lambda-Runtime-Function-Error-Type> <body>" or
// "init error <type> <body>". Stops when every event has a result, when the bootstrap exits, after 60
// requests or after 30 seconds, whichever comes first; then stops the bootstrap. Exit 0 when every event got
// a result (or an init error was posted), 1 otherwise.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Request {
  std::string method, path, body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
    }
    return "";
  }
};

// Reads one request; false when the peer closed or sent garbage.
bool read_request(int fd, Request& req) {
  std::string data;
  char buf[4096];
  std::size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > (1u << 20)) return false;
  }
  std::istringstream head(data.substr(0, header_end));
  std::string line;
  std::getline(head, line);
  std::istringstream first(line);
  first >> req.method >> req.path;
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    req.headers.emplace_back(line.substr(0, colon), value);
  }
  std::size_t length = std::strtoul(req.header("Content-Length").c_str(), nullptr, 10);
  req.body = data.substr(header_end + 4);
  while (req.body.size() < length) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    req.body.append(buf, static_cast<std::size_t>(n));
  }
  req.body.resize(length);
  return true;
}

void respond(int fd, int status, const std::string& extra_headers, const std::string& body) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + (status < 300 ? " OK" : " Error") + "\r\n" +
                    extra_headers + "Content-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < out.size()) {
    ssize_t n = send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: fake_runtime_api RESULTS BOOTSTRAP EVENT_FILE...\n";
    return 2;
  }
  std::vector<std::string> events;
  for (int i = 3; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::cerr << "fake_runtime_api: cannot read " << argv[i] << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    events.push_back(ss.str());
  }

  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(server, 16) != 0 ||
      getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("fake_runtime_api: listen");
    return 2;
  }
  std::string api = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  pid_t child = fork();
  if (child == 0) {
    close(server);
    setenv("AWS_LAMBDA_RUNTIME_API", api.c_str(), 1);
    execl(argv[2], argv[2], static_cast<char*>(nullptr));
    std::perror("fake_runtime_api: exec");
    _exit(127);
  }

  std::ofstream results(argv[1], std::ios::binary);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::size_t next = 0, answered = 0;
  int requests = 0;
  bool init_error = false, child_exited = false;
  while (answered < events.size() && !init_error && requests < 60 && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == child) {
      child_exited = true;
      break;
    }
    pollfd p{server, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    int fd = accept(server, nullptr, nullptr);
    if (fd < 0) continue;
    ++requests;
    Request req;
    if (!read_request(fd, req)) {
      close(fd);
      continue;
    }
    const std::string base = "/2018-06-01/runtime/";
    if (req.method == "GET" && req.path == base + "invocation/next") {
      if (next < events.size()) {
        std::string id = "req-" + std::to_string(next + 1);
        long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count() + 30000;
        respond(fd, 200,
                "Lambda-Runtime-Aws-Request-Id: " + id + "\r\nLambda-Runtime-Deadline-Ms: " + std::to_string(ms) +
                    "\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:test"
                    "\r\nLambda-Runtime-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1\r\n",
                events[next]);
        ++next;
      } else {
        respond(fd, 500, "", "{\"errorMessage\":\"no more events\"}");
      }
    } else if (req.method == "POST" && req.path.rfind(base + "invocation/", 0) == 0) {
      std::string rest = req.path.substr(base.size() + 11);
      auto slash = rest.find('/');
      std::string id = rest.substr(0, slash), kind = slash == std::string::npos ? "" : rest.substr(slash + 1);
      if (kind == "response") {
        results << id << " response " << one_line(req.body) << "\n";
      } else {
        results << id << " error " << req.header("Lambda-Runtime-Function-Error-Type") << " " << one_line(req.body)
                << "\n";
      }
      ++answered;
      respond(fd, 202, "", "{\"status\":\"OK\"}");
    } else if (req.method == "POST" && req.path == base + "init/error") {
      results << "init error " << req.header("Lambda-Runtime-Function-Error-Type") << " " << one_line(req.body) << "\n";
      init_error = true;
      respond(fd, 202, "", "{\"status\":\"OK\"}");
    } else {
      respond(fd, 404, "", "{}");
    }
    close(fd);
  }
  if (!child_exited) {
    kill(child, SIGTERM);
    waitpid(child, nullptr, 0);
  }
  close(server);
  results.flush();
  bool ok = init_error || answered == events.size();
  if (!ok) std::cerr << "fake_runtime_api: " << answered << " of " << events.size() << " events answered\n";
  return ok ? 0 : 1;
}
