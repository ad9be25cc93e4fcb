// Derives IAM simulation cases from a spec (parsed YAML), independently of the generator: for every
// declared use, requests that must be allowed on exactly that resource, and neighbouring requests
// (another resource, an undeclared action, a foreign event source) that must be denied.
'use strict';

const dash = (s) => String(s).replace(/_/g, '-');
const list = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const entries = (o) => Object.entries(o || {});

// The bus a rule lives on: its event's bus; schedule rules (and events without a bus) on the default bus.
function ruleBus(spec, rule) {
  const on = ((spec.rules || {})[rule] || {}).on;
  const ev = on === undefined ? undefined : (spec.events || {})[on];
  return (ev && ev.bus) || 'default';
}

// A declared rule's ARN as EventBridge writes it: rule/<name> on the default bus, rule/<bus>/<name> on a
// custom one.
function ruleArn(spec, env, rule, { account, region }) {
  const name = (n) => `${dash(spec.system)}-${dash(env)}-${dash(n)}`;
  const bus = ruleBus(spec, rule);
  const where = bus === 'default' ? '' : `${name(bus)}/`;
  return `arn:aws:events:${region}:${account}:rule/${where}${name(rule)}`;
}

function deriveCases(spec, env, { account, region }) {
  const name = (n) => `${dash(spec.system)}-${dash(env)}-${dash(n)}`;
  const arn = (svc, res) => `arn:aws:${svc}:${region}:${account}:${res}`;
  const OTHER = 'zz_not_declared';
  const A = {
    table: (n) => arn('dynamodb', `table/${name(n)}`),
    stream: (n) => arn('dynamodb', `table/${name(n)}/stream/2026-01-01T00:00:00.000`),
    bucket: (n) => `arn:aws:s3:::${name(n).toLowerCase()}`,
    queue: (n) => arn('sqs', name(n) + ((spec.queues || {})[n] && spec.queues[n].fifo ? '.fifo' : '')),
    topic: (n) => arn('sns', name(n) + ((spec.topics || {})[n] && spec.topics[n].fifo ? '.fifo' : '')),
    secret: (n) => arn('secretsmanager', `secret:${name(n)}-AbCdEf`),
    fn: (n) => arn('lambda', `function:${name(n)}`),
    sm: (n) => arn('states', `stateMachine:${name(n)}`),
    execution: (n) => arn('states', `execution:${name(n)}:run-1`),
    rule: (n) => ruleArn(spec, env, n, { account, region }),
    // A rule of another system, on the bus of `n`: no pattern for this system's rules may match it.
    foreignRule: (n) => ruleArn(spec, env, n, { account, region }).replace(/[^/]+$/, 'zz-other-system-rule'),
    role: (n) => `arn:aws:iam::${account}:role/${name(n)}`,
    bus: (n) => (n === 'default' ? arn('events', 'event-bus/default') : arn('events', `event-bus/${name(n)}`)),
    param: (p) => arn('ssm', `parameter/${String(p).replace(/^\//, '')}`),
    logStream: (fn) => arn('logs', `log-group:/aws/lambda/${name(fn)}:log-stream:2026/01/01/abc`),
  };
  const kindOfName = (n) => {
    for (const [coll, kind] of [['tables', 'table'], ['buckets', 'bucket'], ['queues', 'queue'], ['topics', 'topic'],
      ['secrets', 'secret'], ['parameters', 'parameter'], ['schedules', 'schedule'], ['buses', 'bus']]) {
      if (spec[coll] && Object.prototype.hasOwnProperty.call(spec[coll], n)) return kind;
    }
    return undefined;
  };
  const event = (e) => {
    const d = (spec.events || {})[e] || {};
    return { source: d.source, detailType: d.detail_type || e, bus: d.bus || 'default' };
  };

  const cases = [];
  // One principal's cases: positives first; a negative is dropped when the same request is also positive.
  function forRole(role, build) {
    const pos = [];
    const neg = [];
    const key = (c) => `${c.action} ${c.resource} ${JSON.stringify(c.context || {})}`;
    build({
      allow: (action, resource, why, context) => pos.push({ role, action, resource, context, why, expect: 'allow' }),
      deny: (action, resource, why, context) => neg.push({ role, action, resource, context, why, expect: 'deny' }),
    });
    const allowed = new Set(pos.map(key));
    cases.push(...pos, ...neg.filter((c) => !allowed.has(key(c))));
  }
  function putEvents(r, e, why) {
    const ev = event(e);
    if (!ev.source || /^aws\./.test(ev.source)) return;
    const ctx = (src, dt) => ({ 'events:source': [src], 'events:detail-type': [dt] });
    r.allow('events:PutEvents', A.bus(ev.bus), why, ctx(ev.source, ev.detailType));
    r.deny('events:PutEvents', A.bus(ev.bus), `${why}: foreign source`, ctx('zz.foreign', ev.detailType));
    r.deny('events:PutEvents', A.bus(ev.bus), `${why}: foreign detail-type`, ctx(ev.source, 'ZzForeignType'));
    r.deny('events:PutEvents', A.bus(ev.bus === 'default' ? OTHER : 'default'), `${why}: another bus`,
      ctx(ev.source, ev.detailType));
  }

  for (const [h, body] of entries(spec.handlers)) {
    const hb = body || {};
    forRole(`fn_${h}`, (r) => {
      r.allow('logs:PutLogEvents', A.logStream(h), 'own log group');
      r.deny('logs:PutLogEvents', A.logStream(OTHER), 'another function\'s log group');
      for (const [u, raw] of entries(hb.uses)) {
        const access = typeof raw === 'string' ? raw : raw.access;
        const prefix = typeof raw === 'object' && raw.prefix ? String(raw.prefix).replace(/^\//, '') : '';
        const why = `uses ${u}: ${access}`;
        const reads = access === 'read' || access === 'readwrite';
        const writes = access === 'write' || access === 'readwrite';
        switch (kindOfName(u)) {
          case 'table': {
            const t = A.table(u);
            if (reads) {
              r.allow('dynamodb:GetItem', t, why);
              r.allow('dynamodb:Query', t, why);
              for (const idx of Object.keys((spec.tables[u] || {}).indexes || {})) r.allow('dynamodb:Query', `${t}/index/${idx}`, why);
              r.deny('dynamodb:GetItem', A.table(OTHER), `${why}: another table`);
            }
            if (writes) {
              r.allow('dynamodb:PutItem', t, why);
              r.allow('dynamodb:DeleteItem', t, why);
              r.deny('dynamodb:PutItem', A.table(OTHER), `${why}: another table`);
            } else {
              r.deny('dynamodb:DeleteItem', t, `${why}: delete where only read was declared`);
              r.deny('dynamodb:PutItem', t, `${why}: write where only read was declared`);
            }
            r.deny('dynamodb:DeleteTable', t, `${why}: table management`);
            break;
          }
          case 'bucket': {
            const b = A.bucket(u);
            if (reads) {
              r.allow('s3:GetObject', `${b}/${prefix}file.txt`, why);
              r.allow('s3:ListBucket', b, why, prefix ? { 's3:prefix': `${prefix}x` } : undefined);
              if (prefix) {
                r.deny('s3:GetObject', `${b}/zz-other-prefix/file.txt`, `${why}: outside the prefix`);
                r.deny('s3:ListBucket', b, `${why}: listing outside the prefix`, { 's3:prefix': 'zz-other-prefix/' });
              }
              r.deny('s3:GetObject', `${A.bucket(OTHER)}/${prefix}file.txt`, `${why}: another bucket`);
            }
            if (writes) {
              r.allow('s3:PutObject', `${b}/${prefix}file.txt`, why);
              if (prefix) r.deny('s3:PutObject', `${b}/zz-other-prefix/file.txt`, `${why}: outside the prefix`);
            } else {
              r.deny('s3:PutObject', `${b}/${prefix}file.txt`, `${why}: write where only read was declared`);
              r.deny('s3:DeleteObject', `${b}/${prefix}file.txt`, `${why}: delete where only read was declared`);
            }
            r.deny('s3:DeleteBucket', b, `${why}: bucket management`);
            break;
          }
          case 'queue': {
            const q = A.queue(u);
            if (access === 'send' || writes) r.allow('sqs:SendMessage', q, why);
            else r.deny('sqs:SendMessage', q, `${why}: send where only consume was declared`);
            if (access === 'consume' || reads) {
              r.allow('sqs:ReceiveMessage', q, why);
              r.allow('sqs:DeleteMessage', q, why);
            } else {
              r.deny('sqs:ReceiveMessage', q, `${why}: receive where only send was declared`);
            }
            r.deny('sqs:SendMessage', A.queue(OTHER), `${why}: another queue`);
            r.deny('sqs:PurgeQueue', q, `${why}: purge`);
            break;
          }
          case 'topic':
            r.allow('sns:Publish', A.topic(u), why);
            r.deny('sns:Publish', A.topic(OTHER), `${why}: another topic`);
            r.deny('sns:DeleteTopic', A.topic(u), `${why}: topic management`);
            break;
          case 'secret':
            r.allow('secretsmanager:GetSecretValue', A.secret(u), why);
            r.deny('secretsmanager:GetSecretValue', A.secret(OTHER), `${why}: another secret`);
            r.deny('secretsmanager:PutSecretValue', A.secret(u), `${why}: write`);
            break;
          case 'parameter': {
            const p = spec.parameters[u] || {};
            const pa = A.param(p.path || u);
            r.allow('ssm:GetParameter', pa, why);
            r.deny('ssm:GetParameter', A.param(`/zz/${OTHER}`), `${why}: another parameter`);
            r.deny('ssm:PutParameter', pa, `${why}: write`);
            if (p.secure) {
              const key = arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
              r.allow('kms:Decrypt', key, why, { 'kms:ViaService': `ssm.${region}.amazonaws.com` });
              r.deny('kms:Decrypt', key, `${why}: not through SSM`, { 'kms:ViaService': `s3.${region}.amazonaws.com` });
              r.deny('kms:Decrypt', key, `${why}: directly`);
            }
            break;
          }
          case 'schedule': {
            const group = name(u);
            r.allow('scheduler:CreateSchedule', arn('scheduler', `schedule/${group}/one-off-1`), why);
            r.allow('scheduler:DeleteSchedule', arn('scheduler', `schedule/${group}/one-off-1`), why);
            r.deny('scheduler:CreateSchedule', arn('scheduler', 'schedule/default/one-off-1'), `${why}: another group`);
            const roleArn = A.role(`scheduler_${u}`);
            r.allow('iam:PassRole', roleArn, why, { 'iam:PassedToService': 'scheduler.amazonaws.com' });
            r.deny('iam:PassRole', roleArn, `${why}: passed to another service`, { 'iam:PassedToService': 'lambda.amazonaws.com' });
            r.deny('iam:PassRole', A.role(OTHER), `${why}: another role`, { 'iam:PassedToService': 'scheduler.amazonaws.com' });
            break;
          }
          default: break;
        }
      }
      for (const e of list(hb.emits)) putEvents(r, e, `emits ${e}`);
      for (const w of list(hb.starts)) {
        r.allow('states:StartExecution', A.sm(w), `starts ${w}`);
        r.deny('states:StartExecution', A.sm(OTHER), `starts ${w}: another state machine`);
      }
      if (hb.stream) {
        const t = typeof hb.stream === 'string' ? hb.stream : hb.stream.table;
        r.allow('dynamodb:GetRecords', A.stream(t), 'stream trigger');
        r.allow('dynamodb:DescribeStream', A.stream(t), 'stream trigger');
        r.deny('dynamodb:GetRecords', A.stream(OTHER), 'stream trigger: another stream');
        if (hb.stream.dlq) r.allow('sqs:SendMessage', A.queue(hb.stream.dlq), 'stream dlq');
      }
      if (hb.queue) {
        const q = typeof hb.queue === 'string' ? hb.queue : hb.queue.name;
        r.allow('sqs:ReceiveMessage', A.queue(q), 'queue trigger');
        r.allow('sqs:ChangeMessageVisibility', A.queue(q), 'queue trigger');
        r.deny('sqs:ReceiveMessage', A.queue(OTHER), 'queue trigger: another queue');
      }
      if (hb.async && hb.async.dlq) r.allow('sqs:SendMessage', A.queue(hb.async.dlq), 'async dlq');
    });
    if (hb.schedule) {
      forRole(`scheduler_${h}`, (r) => {
        r.allow('lambda:InvokeFunction', A.fn(h), 'handler schedule');
        r.deny('lambda:InvokeFunction', A.fn(OTHER), 'handler schedule: another function');
      });
    }
  }

  // Workflows: walk the step forms of DESIGN.md.
  const stepBodies = (steps, out) => {
    for (const item of list(steps)) {
      if (!item || typeof item !== 'object') continue;
      for (const body of Object.values(item)) {
        if (typeof body === 'string') { out.push({ invoke: body }); continue; }
        if (!body || typeof body !== 'object') continue;
        out.push(body);
        for (const br of list(body.parallel)) stepBodies(br, out);
        if (body.map) stepBodies(body.map.steps, out);
        for (const ch of list(body.choice)) { stepBodies(ch.then, out); stepBodies(ch.else, out); }
        for (const c of list(body.catch)) stepBodies(c.steps, out);
      }
    }
    return out;
  };
  for (const [w, body] of entries(spec.workflows)) {
    const wb = body || {};
    const bodies = stepBodies(wb.steps, []);
    for (const c of list(wb.catch)) stepBodies(c.steps, bodies);
    forRole(`sfn_${w}`, (r) => {
      for (const b of bodies) {
        if (typeof b.invoke === 'string') r.allow('lambda:InvokeFunction', A.fn(b.invoke), `invokes ${b.invoke}`);
        if (b.emit) putEvents(r, b.emit, `emits ${b.emit}`);
        if (b.publish) r.allow('sns:Publish', A.topic(b.publish), `publishes to ${b.publish}`);
        if (b.send) r.allow('sqs:SendMessage', A.queue(b.send), `sends to ${b.send}`);
        if (b.dynamodb) {
          for (const [op, t] of entries(b.dynamodb)) {
            const action = { get: 'GetItem', put: 'PutItem', update: 'UpdateItem', delete: 'DeleteItem' }[op];
            if (!action) continue;
            r.allow(`dynamodb:${action}`, A.table(t), `dynamodb ${op} ${t}`);
            r.deny('dynamodb:DeleteTable', A.table(t), `dynamodb ${op} ${t}: table management`);
          }
        }
        if (typeof b.start === 'string') {
          r.allow('states:StartExecution', A.sm(b.start), `starts ${b.start}`);
          if (b.sync) r.allow('states:DescribeExecution', A.execution(b.start), `starts ${b.start} (sync)`);
        }
      }
      r.deny('lambda:InvokeFunction', A.fn(OTHER), 'another function');
      r.deny('states:StartExecution', A.sm(OTHER), 'another state machine');
      r.deny('sqs:SendMessage', A.queue(OTHER), 'another queue');
      r.deny('dynamodb:GetItem', A.table(OTHER), 'another table');
    });
  }

  const targetsOf = (x) => list(x.targets || x.target);
  const targetCases = (r, t, why) => {
    if (t.handler) r.allow('lambda:InvokeFunction', A.fn(t.handler), why);
    if (t.workflow) r.allow('states:StartExecution', A.sm(t.workflow), why);
    if (t.queue) r.allow('sqs:SendMessage', A.queue(t.queue), why);
    if (t.topic) r.allow('sns:Publish', A.topic(t.topic), why);
    if (t.event) putEvents(r, t.event, why);
    if (t.dlq) r.allow('sqs:SendMessage', A.queue(t.dlq), `${why} dlq`);
    r.deny('lambda:InvokeFunction', A.fn(OTHER), `${why}: another function`);
    r.deny('states:StartExecution', A.sm(OTHER), `${why}: another state machine`);
    r.deny('sqs:SendMessage', A.queue(OTHER), `${why}: another queue`);
  };
  for (const [s, body] of entries(spec.schedules)) {
    forRole(`scheduler_${s}`, (r) => targetCases(r, (body || {}).target || {}, `schedule ${s}`));
  }
  for (const [rule, body] of entries(spec.rules)) {
    const ts = targetsOf(body || {});
    if (ts.some((t) => t.workflow)) {
      forRole(`events_${rule}`, (r) => {
        for (const t of ts) if (t.workflow) r.allow('states:StartExecution', A.sm(t.workflow), `rule ${rule}`);
        r.deny('states:StartExecution', A.sm(OTHER), `rule ${rule}: another state machine`);
        r.deny('lambda:InvokeFunction', A.fn(OTHER), `rule ${rule}: a function`);
      });
    }
    // Queues that receive from the rule (target or dlq) accept it over TLS, and neither a rule of another
    // system on its bus nor a declared rule of its bus that does not deliver there.
    const queues = new Set();
    for (const t of ts) { if (t.queue) queues.add(t.queue); if (t.dlq) queues.add(t.dlq); }
    for (const q of queues) {
      const ctx = (src, tls) => ({ 'aws:SourceArn': src, 'aws:SourceAccount': account, 'aws:SecureTransport': tls });
      const base = { resourcePolicy: `queue_${q}`, principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: A.queue(q) };
      cases.push({ ...base, context: ctx(A.rule(rule), 'true'), expect: 'allow', why: `rule ${rule} delivers to ${q}` });
      cases.push({ ...base, context: ctx(A.foreignRule(rule), 'true'), expect: 'deny', why: `another system's rule delivers to ${q}` });
      cases.push({ ...base, context: ctx(A.rule(rule), 'false'), expect: 'deny', why: `rule ${rule} without TLS` });
    }
    for (const t of ts) {
      if (!t.topic) continue;
      const ctx = (src) => ({ 'aws:SourceArn': src, 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' });
      const base = { resourcePolicy: `topic_${t.topic}`, principal: 'events.amazonaws.com', action: 'sns:Publish', resource: A.topic(t.topic) };
      cases.push({ ...base, context: ctx(A.rule(rule)), expect: 'allow', why: `rule ${rule} publishes to ${t.topic}` });
      cases.push({ ...base, context: ctx(A.foreignRule(rule)), expect: 'deny', why: `another system's rule publishes to ${t.topic}` });
    }
  }
  // Each queue and topic that rules deliver to refuses the declared rules that do not.
  const receivers = new Map();  // "queue q" / "topic t" -> rules that deliver there
  for (const [rule, body] of entries(spec.rules)) {
    for (const t of targetsOf(body || {})) {
      for (const key of [t.queue && `queue ${t.queue}`, t.dlq && `queue ${t.dlq}`, t.topic && `topic ${t.topic}`]) {
        if (key) (receivers.get(key) || receivers.set(key, new Set()).get(key)).add(rule);
      }
    }
  }
  for (const [key, senders] of receivers) {
    const [kind, n] = key.split(' ');
    const base = kind === 'queue'
      ? { resourcePolicy: `queue_${n}`, principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: A.queue(n) }
      : { resourcePolicy: `topic_${n}`, principal: 'events.amazonaws.com', action: 'sns:Publish', resource: A.topic(n) };
    for (const [rule] of entries(spec.rules)) {
      if (senders.has(rule)) continue;
      const context = { 'aws:SourceArn': A.rule(rule), 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' };
      cases.push({ ...base, context, expect: 'deny', why: `rule ${rule} does not deliver to ${kind} ${n}` });
    }
  }
  return cases;
}

module.exports = { deriveCases, ruleArn };
