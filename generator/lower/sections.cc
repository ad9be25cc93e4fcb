#include <algorithm>

#include "lower/internal.h"

namespace slipway::lower {

void lower_buses(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "bus", d, [&](const spec::Key& key, const Node& value) {
    model::Bus b;
    b.name = key.value;
    b.span = key.span;
    MapReader r(value, "bus " + q(b.name), d);
    if (auto v = r.integer("archive_days", 0, 36500)) b.archive_days = static_cast<int>(*v);
    if (auto v = r.str("description")) b.description = *v;
    r.finish();
    sys.buses.push_back(std::move(b));
  });
}

void lower_events(const Node& n, model::System& sys, base::Diagnostics& d) {
  sys.events.reserve(sys.events.size() + n.entries.size());
  for_each_named(n, "event", d, [&](const spec::Key& key, const Node& value) {
    model::Event e;
    e.name = key.value;
    e.span = key.span;
    e.detail_type = e.name;
    e.bus = "default";
    MapReader r(value, "event " + q(e.name), d);
    if (auto v = r.str("source")) {
      e.source = *v;
      check_literal(*r.get("source"), "event " + q(e.name) + ": 'source'", d);
    } else if (r.ok()) {
      d.error("missing-key", key.span, "event " + q(e.name) + " has no 'source'")
          .fix = "add 'source: <system>.<service>', e.g. 'source: " + sys.name + ".orders'";
    }
    if (auto v = r.str("detail_type")) {
      e.detail_type = *v;
      check_literal(*r.get("detail_type"), "event " + q(e.name) + ": 'detail_type'", d);
    }
    if (auto v = r.str("bus")) {
      e.bus = *v;
      e.bus_span = r.get("bus")->span;
    }
    if (auto v = r.str("description")) e.description = *v;
    if (auto v = r.boolean("external")) e.external = *v;
    const Node* detail = r.get("detail");
    e.detail = detail ? lower_object_type(*detail, "event " + q(e.name) + " detail", d) : nullptr;
    if (!e.detail) {
      auto empty = std::make_shared<model::Type>();
      empty->kind = model::TypeKind::Object;
      e.detail = empty;
    }
    r.finish();
    sys.events.push_back(std::move(e));
  });
}

namespace {

std::optional<model::KeyAttribute> key_attribute(const spec::Entry& e, const std::string& what,
                                                 base::Diagnostics& d) {
  model::KeyAttribute k;
  k.name = e.key.value;
  k.span = e.key.span;
  std::string t = e.value->is_scalar() ? e.value->value : "";
  if (t == "string") k.type = "S";
  else if (t == "number" || t == "integer") k.type = "N";
  else if (t == "binary") k.type = "B";
  else {
    d.error("bad-type", e.value->span, what + ": key attribute '" + k.name + "' must be string, number or binary, not " + describe(*e.value));
    return std::nullopt;
  }
  return k;
}

bool lower_key(const Node& n, const std::string& what, model::KeyAttribute& pk,
               std::optional<model::KeyAttribute>& sk, base::Diagnostics& d) {
  if (!n.is_mapping() || n.entries.empty() || n.entries.size() > 2) {
    d.error("bad-key", n.span, what + ": 'key' is a mapping of one or two attributes: the partition key, then an optional sort key")
        .fix = "write 'key: { pk: string, sk: string }'";
    return false;
  }
  auto p = key_attribute(n.entries[0], what, d);
  if (!p) return false;
  pk = *p;
  if (n.entries.size() == 2) {
    auto s = key_attribute(n.entries[1], what, d);
    if (!s) return false;
    sk = *s;
  }
  return true;
}

}  // namespace

void lower_tables(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "table", d, [&](const spec::Key& key, const Node& value) {
    model::Table t;
    t.name = key.value;
    t.span = key.span;
    std::string what = "table " + q(t.name);
    MapReader r(value, what, d);
    if (const Node* k = r.get("key")) {
      lower_key(*k, what, t.partition, t.sort, d);
    } else if (r.ok()) {
      d.error("missing-key", key.span, what + " has no 'key'").fix = "add 'key: { pk: string }'";
    }
    if (const Node* idx = r.get("indexes")) {
      for_each_named(*idx, "index", d, [&](const spec::Key& ik, const Node& iv) {
        model::TableIndex ti;
        ti.name = ik.value;
        ti.span = ik.span;
        std::string iw = what + " index " + q(ti.name);
        MapReader ir(iv, iw, d);
        if (const Node* k = ir.get("key")) {
          lower_key(*k, iw, ti.partition, ti.sort, d);
        } else if (ir.ok()) {
          d.error("missing-key", ik.span, iw + " has no 'key'");
        }
        if (const Node* p = ir.get("projection")) {
          if (p->is_sequence()) {
            ti.projection = "INCLUDE";
            if (auto l = as_string_list(*p, iw + " projection", d)) ti.non_key_attributes = *l;
          } else if (p->is_scalar() && (p->value == "all" || p->value == "keys_only")) {
            ti.projection = p->value == "all" ? "ALL" : "KEYS_ONLY";
          } else {
            wrong_type(*p, iw + ": 'projection'", "all, keys_only or a list of attributes", d);
          }
        }
        ir.finish();
        t.indexes.push_back(std::move(ti));
      });
      sort_named(t.indexes);
    }
    if (const Node* s = r.get("stream")) {
      static const std::vector<std::string> kViews = {"new_and_old_images", "new_image", "old_image", "keys_only"};
      if (s->is_scalar() && std::find(kViews.begin(), kViews.end(), s->value) != kViews.end()) {
        t.stream = s->value;
        std::transform(t.stream.begin(), t.stream.end(), t.stream.begin(), ::toupper);
      } else if (!(s->is_scalar() && s->plain && s->value == "false")) {
        auto& diag = d.error("bad-value", s->span, what + ": 'stream' must be new_and_old_images, new_image, old_image or keys_only, not " + describe(*s));
        if (s->is_scalar()) diag.fix = base::did_you_mean(s->value, kViews);
      }
    }
    if (auto v = r.str("ttl")) t.ttl_attribute = *v;
    if (auto v = r.boolean("point_in_time_recovery")) t.point_in_time_recovery = *v;
    if (auto v = r.boolean("deletion_protection")) t.deletion_protection = *v;
    if (auto v = r.str("billing")) {
      if (*v == "on_demand") t.billing = "PAY_PER_REQUEST";
      else if (*v == "provisioned") t.billing = "PROVISIONED";
      else d.error("bad-value", r.get("billing")->span, what + ": 'billing' must be on_demand or provisioned");
    }
    if (auto v = r.integer("read_capacity", 1, 40000)) t.read_capacity = static_cast<int>(*v);
    if (auto v = r.integer("write_capacity", 1, 40000)) t.write_capacity = static_cast<int>(*v);
    if (t.billing == "PROVISIONED" && (!t.read_capacity || !t.write_capacity)) {
      d.error("missing-key", key.span, what + " uses provisioned billing but lacks read_capacity or write_capacity");
    }
    r.finish();
    sys.tables.push_back(std::move(t));
  });
}

void lower_buckets(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "bucket", d, [&](const spec::Key& key, const Node& value) {
    model::Bucket b;
    b.name = key.value;
    b.span = key.span;
    std::string what = "bucket " + q(b.name);
    MapReader r(value, what, d);
    if (auto v = r.boolean("versioning")) b.versioning = *v;
    if (auto v = r.boolean("eventbridge")) b.eventbridge = *v;
    if (auto v = r.boolean("force_destroy")) b.force_destroy = *v;
    if (auto v = r.str("encryption")) {
      if (*v == "s3") b.encryption = "AES256";
      else if (*v == "kms") b.encryption = "aws:kms";
      else d.error("bad-value", r.get("encryption")->span, what + ": 'encryption' must be s3 or kms");
    }
    if (const Node* lc = r.get("lifecycle")) {
      if (!lc->is_sequence()) {
        wrong_type(*lc, what + ": 'lifecycle'", "a list of rules", d);
      } else {
        int index = 0;
        for (const auto& item : lc->items) {
          model::LifecycleRule rule;
          rule.span = item->span;
          MapReader lr(*item, what + " lifecycle rule", d);
          rule.id = "rule-" + std::to_string(++index);
          if (auto v = lr.str("id")) rule.id = *v;
          if (auto v = lr.str("prefix")) rule.prefix = *v;
          if (auto v = lr.integer("expire_days", 1, 36500)) rule.expire_days = static_cast<int>(*v);
          if (auto v = lr.integer("noncurrent_expire_days", 1, 36500)) rule.noncurrent_expire_days = static_cast<int>(*v);
          if (auto v = lr.integer("transition_days", 0, 36500)) rule.transition_days = static_cast<int>(*v);
          if (auto v = lr.str("transition_class")) rule.transition_class = *v;
          if (auto v = lr.integer("abort_incomplete_days", 1, 36500)) rule.abort_incomplete_days = static_cast<int>(*v);
          if (rule.transition_days && rule.transition_class.empty()) {
            d.error("missing-key", item->span, what + ": a lifecycle rule with transition_days needs transition_class");
          }
          lr.finish();
          b.lifecycle.push_back(std::move(rule));
        }
      }
    }
    if (const Node* c = r.get("cors")) {
      MapReader cr(*c, what + " cors", d);
      if (auto v = cr.strings("origins")) b.cors_origins = *v;
      cr.finish();
    }
    r.finish();
    sys.buckets.push_back(std::move(b));
  });
}

void lower_queues(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "queue", d, [&](const spec::Key& key, const Node& value) {
    model::Queue qu;
    qu.name = key.value;
    qu.span = key.span;
    std::string what = "queue " + q(qu.name);
    MapReader r(value, what, d);
    if (auto v = r.boolean("fifo")) qu.fifo = *v;
    if (auto v = r.integer("retention_days", 1, 14)) qu.retention_seconds = static_cast<int>(*v * 86400);
    if (auto v = r.duration("visibility_timeout")) {
      if (*v > 43200) d.error("out-of-range", r.get("visibility_timeout")->span, what + ": 'visibility_timeout' may be at most 12h");
      else qu.visibility_timeout_seconds = static_cast<int>(*v);
    }
    if (auto v = r.duration("delay")) {
      if (*v > 900) d.error("out-of-range", r.get("delay")->span, what + ": 'delay' may be at most 15m");
      else qu.delay_seconds = static_cast<int>(*v);
    }
    if (auto v = r.str("dlq")) qu.dlq = *v;
    if (auto v = r.integer("max_receives", 1, 1000)) qu.max_receives = static_cast<int>(*v);
    r.finish();
    sys.queues.push_back(std::move(qu));
  });
}

void lower_topics(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "topic", d, [&](const spec::Key& key, const Node& value) {
    model::Topic t;
    t.name = key.value;
    t.span = key.span;
    std::string what = "topic " + q(t.name);
    MapReader r(value, what, d);
    if (auto v = r.boolean("fifo")) t.fifo = *v;
    if (const Node* subs = r.get("subscriptions")) {
      if (!subs->is_sequence()) {
        wrong_type(*subs, what + ": 'subscriptions'", "a list", d);
      } else {
        for (const auto& item : subs->items) {
          MapReader sr(*item, what + " subscription", d);
          model::Subscription s;
          s.span = item->span;
          int kinds = 0;
          for (const char* proto : {"queue", "handler", "email", "https"}) {
            if (auto v = sr.str(proto)) {
              s.protocol = proto;
              s.target = *v;
              ++kinds;
            }
          }
          if (sr.ok() && kinds != 1) {
            d.error("bad-subscription", item->span, what + ": a subscription names exactly one of queue, handler, email or https");
          }
          sr.finish();
          if (kinds == 1) {
            if (s.protocol == "queue") s.protocol = "sqs";
            if (s.protocol == "handler") s.protocol = "lambda";
            t.subscriptions.push_back(std::move(s));
          }
        }
      }
    }
    r.finish();
    sys.topics.push_back(std::move(t));
  });
}

void lower_secrets(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "secret", d, [&](const spec::Key& key, const Node& value) {
    model::Secret s;
    s.name = key.value;
    s.span = key.span;
    MapReader r(value, "secret " + q(s.name), d);
    if (auto v = r.str("description")) s.description = *v;
    r.finish();
    sys.secrets.push_back(std::move(s));
  });
}

void lower_parameters(const Node& n, model::System& sys, base::Diagnostics& d) {
  for_each_named(n, "parameter", d, [&](const spec::Key& key, const Node& value) {
    model::Parameter p;
    p.name = key.value;
    p.span = key.span;
    std::string what = "parameter " + q(p.name);
    MapReader r(value, what, d);
    p.path = "/" + sys.name + "/" + p.name;
    if (auto v = r.str("path"); v && check_literal(*r.get("path"), what + ": 'path'", d)) {
      if (v->empty() || (*v)[0] != '/' || v->find("//") != std::string::npos || v->size() > 1011) {
        d.error("bad-value", r.get("path")->span, what + ": 'path' must start with '/', e.g. /" + sys.name + "/" + p.name);
      } else {
        p.path = *v;
      }
    }
    if (auto v = r.boolean("secure")) p.secure = *v;
    if (auto v = r.str("description")) p.description = *v;
    r.finish();
    sys.parameters.push_back(std::move(p));
  });
}

void lower_api(const Node& n, model::System& sys, base::Diagnostics& d) {
  model::Api api;
  api.span = n.span;
  MapReader r(n, "'api'", d);
  if (const Node* jwt = r.get("jwt")) {
    MapReader jr(*jwt, "'api: jwt'", d);
    if (auto v = jr.str("issuer")) api.jwt_issuer = *v;
    if (auto v = jr.strings("audience")) api.jwt_audience = *v;
    if (jr.ok() && api.jwt_issuer.empty()) d.error("missing-key", jwt->span, "'api: jwt' needs an 'issuer' URL");
    jr.finish();
  }
  if (const Node* c = r.get("cors")) {
    MapReader cr(*c, "'api: cors'", d);
    if (auto v = cr.strings("origins")) api.cors_origins = *v;
    cr.finish();
  }
  r.finish();
  sys.api = api;
}

void lower_alarms(const Node& n, model::System& sys, base::Diagnostics& d) {
  MapReader r(n, "'alarms'", d);
  sys.alarms.span = n.span;
  if (auto v = r.str("topic")) sys.alarms.topic = *v;
  if (auto v = r.integer("handler_errors", 1, 1000000)) sys.alarms.handler_errors_threshold = static_cast<int>(*v);
  if (auto v = r.integer("dlq_depth", 1, 1000000)) sys.alarms.dlq_depth_threshold = static_cast<int>(*v);
  if (auto v = r.integer("workflow_failures", 1, 1000000)) sys.alarms.workflow_failures_threshold = static_cast<int>(*v);
  r.finish();
}

}  // namespace slipway::lower
