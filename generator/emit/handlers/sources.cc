#include "emit/handlers/sources.h"

#include <algorithm>
#include <functional>
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

HandlerSources handler_sources(const model::System& system, const model::Handler& handler) {
  HandlerSources out;
  for (const auto& rule : system.rules) {
    for (const auto& target : rule.targets) {
      if (target.kind != model::TargetKind::Handler || target.name != handler.name) continue;
      const model::Event* event = rule.event.empty() ? nullptr : system.event(rule.event);
      const model::InputShape& in = target.input;
      if (!in.present() || in.path == "$") {
        if (event) {
          if (std::find(out.events.begin(), out.events.end(), event) == out.events.end()) out.events.push_back(event);
          out.event_rules.push_back(rule.name);
        } else {
          out.scheduled_event = true;
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
      out.direct.push_back(std::move(d));
    }
  }
  std::sort(out.events.begin(), out.events.end(),
            [](const model::Event* a, const model::Event* b) { return a->name < b->name; });

  for (const auto& wf : system.workflows) {
    const model::Event* input = wf.input_event.empty() ? nullptr : system.event(wf.input_event);
    auto record = [&](const model::Step& s) {
      if (s.kind != model::StepKind::Invoke || s.target != handler.name) return;
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
      out.direct.push_back(std::move(d));
    };
    visit_steps(wf.steps, record);
    for (const auto& c : wf.catches) visit_steps(c.steps, record);
  }

  for (const auto& sc : system.schedules) {
    if (sc.target.kind == model::TargetKind::Handler && sc.target.name == handler.name) {
      out.direct.push_back(DirectSource{DirectSource::Kind::Untyped, nullptr, nullptr, nullptr, false, "",
                                        "schedule " + sc.name});
    }
  }
  if (handler.schedule) {
    out.direct.push_back(
        DirectSource{DirectSource::Kind::Untyped, nullptr, nullptr, nullptr, false, "", "its own schedule"});
  }
  for (const auto& topic : system.topics) {
    for (const auto& sub : topic.subscriptions) {
      if (sub.protocol == "lambda" && sub.target == handler.name) out.topics.push_back(topic.name);
    }
  }
  return out;
}

QueueBody queue_body(const model::System& system, const std::string& queue) {
  std::vector<const model::Event*> events;
  bool other = false;
  for (const auto& rule : system.rules) {
    for (const auto& t : rule.targets) {
      if (t.kind != model::TargetKind::Queue || t.name != queue) continue;
      const model::Event* e = rule.event.empty() ? nullptr : system.event(rule.event);
      if (e && (!t.input.present() || t.input.path == "$")) events.push_back(e);
      else other = true;
    }
  }
  for (const auto& sc : system.schedules) {
    if (sc.target.kind == model::TargetKind::Queue && sc.target.name == queue) other = true;
  }
  for (const auto& topic : system.topics) {
    for (const auto& sub : topic.subscriptions) {
      if (sub.protocol == "sqs" && sub.target == queue) other = true;
    }
  }
  bool raw = false;
  for (const auto& h : system.handlers) {
    for (const auto& u : h.uses) {
      if (u.kind == model::ResourceKind::Queue && u.name == queue &&
          (u.access == model::Access::Send || u.access == model::Access::Write ||
           u.access == model::Access::ReadWrite)) {
        raw = true;
      }
    }
  }
  for (const auto& wf : system.workflows) {
    auto record = [&](const model::Step& s) {
      if (s.kind == model::StepKind::Send && s.target == queue) other = true;
    };
    visit_steps(wf.steps, record);
    for (const auto& c : wf.catches) visit_steps(c.steps, record);
  }
  QueueBody body;
  body.raw = raw || (events.empty() && !other);
  bool one_event = !events.empty() && std::all_of(events.begin(), events.end(), [&](const model::Event* e) {
    return e == events.front();
  });
  if (!body.raw && !other && one_event) body.event = events.front();
  return body;
}

}  // namespace slipway::emit::handlers
