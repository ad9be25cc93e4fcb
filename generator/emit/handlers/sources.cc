#include "emit/handlers/sources.h"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>

namespace slipway::emit::handlers {

namespace {

void visit_steps(const std::vector<model::Step>& steps, const std::function<void(const model::Step&)>& f);

void visit_step(const model::Step& s, const std::function<void(const model::Step&)>& f) {
  f(s);
  for (const auto& b : s.branches) visit_steps(b, f);
  visit_steps(s.iterator, f);
  for (const auto& c : s.choices) visit_steps(c.steps, f);
  if (s.otherwise) visit_steps(*s.otherwise, f);
  for (const auto& c : s.catches) visit_steps(c.steps, f);
}

void visit_steps(const std::vector<model::Step>& steps, const std::function<void(const model::Step&)>& f) {
  for (const auto& s : steps) visit_step(s, f);
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  if (path.rfind("$", 0) != 0) return out;
  std::stringstream ss(path.substr(1));
  std::string seg;
  while (std::getline(ss, seg, '.')) {
    if (!seg.empty()) out.push_back(seg);
  }
  return out;
}

}  // namespace

const model::Type* resolve_path(const model::Type* base, bool from_envelope, const std::string& path,
                                model::TypeKind& envelope_kind, bool& is_envelope_scalar) {
  is_envelope_scalar = false;
  std::vector<std::string> segs = split_path(path);
  if (path.rfind("$", 0) != 0) return nullptr;
  std::size_t i = 0;
  if (from_envelope) {
    if (segs.empty()) return nullptr;  // the whole envelope
    if (segs[0] != "detail") {
      if (segs.size() != 1) return nullptr;
      static const char* kStrings[] = {"version", "id", "detail-type", "source", "account", "region"};
      for (const char* s : kStrings) {
        if (segs[0] == s) {
          envelope_kind = model::TypeKind::String;
          is_envelope_scalar = true;
        }
      }
      if (segs[0] == "time") {
        envelope_kind = model::TypeKind::Timestamp;
        is_envelope_scalar = true;
      }
      return nullptr;
    }
    i = 1;
  }
  const model::Type* t = base;
  for (; t && i < segs.size(); ++i) {
    if (t->kind != model::TypeKind::Object) return nullptr;
    const model::Field* f = t->field(segs[i]);
    if (!f || f->optional) return nullptr;  // an optional field may be absent: leave it untyped
    t = f->type.get();
  }
  return t;
}

SourceIndex index_sources(const model::System& system) {
  // One pass over each kind of producer, appending to the handler or queue it feeds: a system of N handlers
  // and N rules costs O(N log N), not a scan of every rule per handler. Within a handler, sources keep the
  // order of the spec's sorted vectors: rules, workflows, schedules, its own schedule, topics.
  SourceIndex index;
  auto handler = [&](const std::string& name) -> HandlerSources* {
    auto it = index.handlers.find(name);
    return it == index.handlers.end() ? nullptr : &it->second;
  };
  for (const auto& h : system.handlers) index.handlers.emplace(h.name, HandlerSources{});
  struct QueueProducers {
    std::vector<const model::Event*> events;
    bool other = false;
    bool raw = false;
  };
  std::map<std::string, QueueProducers, std::less<>> queues;
  for (const auto& q : system.queues) queues.emplace(q.name, QueueProducers{});
  auto queue = [&](const std::string& name) -> QueueProducers* {
    auto it = queues.find(name);
    return it == queues.end() ? nullptr : &it->second;
  };

  for (const auto& rule : system.rules) {
    const model::Event* event = rule.event.empty() ? nullptr : system.event(rule.event);
    for (const auto& target : rule.targets) {
      const model::InputShape& in = target.input;
      bool whole_envelope = !in.present() || in.path == "$";
      if (target.kind == model::TargetKind::Queue) {
        if (QueueProducers* q = queue(target.name)) {
          if (event && whole_envelope) q->events.push_back(event);
          else q->other = true;
        }
        continue;
      }
      if (target.kind != model::TargetKind::Handler) continue;
      HandlerSources* out = handler(target.name);
      if (!out) continue;
      if (whole_envelope) {
        if (event) {
          if (std::find(out->events.begin(), out->events.end(), event) == out->events.end()) {
            out->events.push_back(event);
          }
          out->event_rules.push_back(rule.name);
        } else {
          out->scheduled_event = true;
        }
        continue;
      }
      DirectSource d;
      d.what = "rule " + rule.name;
      if (event && in.path == "$.detail") {
        d.kind = DirectSource::Kind::Detail;
        d.event = event;
      } else if (event && in.path.empty() && in.shape.is_object()) {
        d.kind = DirectSource::Kind::Shape;
        d.shape = in.shape;
        d.base = event->detail.get();
        d.paths_from_envelope = true;
        d.name = rule.name + "_input";
      }
      out->direct.push_back(std::move(d));
    }
  }
  for (auto& [name, src] : index.handlers) {
    std::sort(src.events.begin(), src.events.end(),
              [](const model::Event* a, const model::Event* b) { return a->name < b->name; });
  }

  for (const auto& wf : system.workflows) {
    const model::Event* input = wf.input_event.empty() ? nullptr : system.event(wf.input_event);
    auto record = [&](const model::Step& s) {
      if (s.kind == model::StepKind::Send) {
        if (QueueProducers* q = queue(s.target)) q->other = true;
        return;
      }
      if (s.kind != model::StepKind::Invoke) return;
      HandlerSources* out = handler(s.target);
      if (!out) return;
      DirectSource d;
      d.what = "workflow " + wf.name + ", step " + s.name;
      bool first = !wf.steps.empty() && &wf.steps.front() == &s;
      if (first && input && s.input_path.empty()) {
        if (s.payload.is_null()) {
          d.kind = DirectSource::Kind::Detail;
          d.event = input;
        } else if (s.payload.is_object()) {
          d.kind = DirectSource::Kind::Shape;
          d.shape = s.payload;
          d.base = input->detail.get();
          d.name = wf.name + "_" + s.name + "_input";
        }
      }
      out->direct.push_back(std::move(d));
    };
    visit_steps(wf.steps, record);
    for (const auto& c : wf.catches) visit_steps(c.steps, record);
  }

  for (const auto& sc : system.schedules) {
    if (sc.target.kind == model::TargetKind::Queue) {
      if (QueueProducers* q = queue(sc.target.name)) q->other = true;
    }
    if (sc.target.kind != model::TargetKind::Handler) continue;
    if (HandlerSources* out = handler(sc.target.name)) {
      out->direct.push_back(DirectSource{DirectSource::Kind::Untyped, nullptr, nullptr, nullptr, false, "",
                                         "schedule " + sc.name});
    }
  }
  for (const auto& h : system.handlers) {
    if (h.schedule) {
      index.handlers[h.name].direct.push_back(
          DirectSource{DirectSource::Kind::Untyped, nullptr, nullptr, nullptr, false, "", "its own schedule"});
    }
    for (const auto& u : h.uses) {
      if (u.kind == model::ResourceKind::Queue &&
          (u.access == model::Access::Send || u.access == model::Access::Write ||
           u.access == model::Access::ReadWrite)) {
        if (QueueProducers* q = queue(u.name)) q->raw = true;
      }
    }
  }
  for (const auto& topic : system.topics) {
    for (const auto& sub : topic.subscriptions) {
      if (sub.protocol == "lambda") {
        if (HandlerSources* out = handler(sub.target)) out->topics.push_back(topic.name);
      } else if (sub.protocol == "sqs") {
        if (QueueProducers* q = queue(sub.target)) q->other = true;
      }
    }
  }

  for (const auto& entry : queues) {  // no structured binding: clang 14 cannot capture one in a lambda
    const QueueProducers& p = entry.second;
    QueueBody body;
    body.raw = p.raw || (p.events.empty() && !p.other);
    bool one_event = !p.events.empty() && std::all_of(p.events.begin(), p.events.end(), [&](const model::Event* e) {
      return e == p.events.front();
    });
    if (!body.raw && !p.other && one_event) body.event = p.events.front();
    index.queues.emplace(entry.first, body);
  }
  return index;
}

const HandlerSources& SourceIndex::handler(const std::string& name) const {
  static const HandlerSources kNone;
  auto it = handlers.find(name);
  return it == handlers.end() ? kNone : it->second;
}

QueueBody SourceIndex::queue(const std::string& name) const {
  auto it = queues.find(name);
  return it == queues.end() ? QueueBody{} : it->second;
}

}  // namespace slipway::emit::handlers
