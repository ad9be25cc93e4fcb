// The JSON Schema (draft 2020-12) of the spec format, printed by `slipway schema` and committed as
// docs/slipway.schema.json (a test keeps the two equal; SLIPWAY_UPDATE_GOLDEN=1 rewrites the file).
// Edit the schema here. It is split into pieces because ISO C++ only promises string literals of 65,536
// characters; each piece ends at a line break.
#include "cli/schema_json.h"

#include <array>
#include <string_view>

namespace slipway::cli {

namespace {
constexpr std::array<std::string_view, 7> kPieces = {
R"slipway({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:slipway:spec:v1",
  "title": "Slipway spec (format version 1)",
  "description": "A declarative spec of an event-driven serverless system on AWS, compiled by slipway into Terraform, Amazon States Language, IAM policies and C++ handler skeletons.",
  "type": "object",
  "properties": {
    "slipway": {
      "const": 1,
      "description": "The spec format version: 1."
    },
    "system": {
      "type": "string",
      "description": "The system's name: the prefix of every AWS name, '<system>-<env>-<name>'.",
      "pattern": "^[A-Za-z][A-Za-z0-9_]*$",
      "maxLength": 64
    },
    "description": {
      "type": "string",
      "description": "What the system is."
    },
    "include": {
      "description": "Further spec files (relative to this one) whose sections are merged in.",
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      ]
    },
    "defaults": {
      "type": "object",
      "description": "Defaults for the whole system.",
      "properties": {
        "region": {
          "type": "string",
          "description": "AWS region (default us-east-1).",
          "pattern": "^[a-z]{2}(-[a-z]+)+-[0-9]+$"
        },
        "tags": {
          "$ref": "#/$defs/tags"
        },
        "handler": {
          "description": "Defaults of every handler.",
          "$ref": "#/$defs/handler_settings"
        },
        "workflow": {
          "description": "Defaults of every workflow.",
          "$ref": "#/$defs/workflow_settings"
        }
      },
      "additionalProperties": false
    },
    "flags": {
      "type": "object",
      "description": "Feature flags: Terraform variables with per-environment defaults, used as ${flags.NAME}.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/flag"
      }
    },
    "environments": {
      "type": "object",
      "description": "Environments (default: one named dev).",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/environment"
      }
    },
    "tags": {
      "$ref": "#/$defs/tags"
    },
    "buses": {
      "type": "object",
      "description": "EventBridge buses.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/bus"
      }
    },
    "events": {
      "type": "object",
      "description": "Event types.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/event"
      }
    },
    "tables": {
      "type": "object",
      "description": "DynamoDB tables.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/table"
      }
    },
    "buckets": {
      "type": "object",
      "description": "S3 buckets.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/bucket"
      }
    },
    "queues": {
      "type": "object",
      "description": "SQS queues.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/queue"
      }
    },
    "topics": {
      "type": "object",
      "description": "SNS topics.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/topic"
      }
    },
    "secrets": {
      "type": "object",
      "description": "Secrets Manager secrets.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/secret"
      }
    },
    "parameters": {
      "type": "object",
      "description": "SSM parameters.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/parameter"
      }
    },
    "schedules": {
      "type": "object",
      "description": "EventBridge Scheduler schedules and groups of one-off schedules.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/schedule"
      }
    },
    "handlers": {
      "type": "object",
      "description": "Lambda functions.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/handler"
      }
    },
    "workflows": {
      "type": "object",
      "description": "Step Functions workflows.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/workflow"
      }
    },
    "rules": {
      "type": "object",
      "description": "EventBridge rules.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/rule"
      }
    },
    "api": {
      "$ref": "#/$defs/api"
    },
    "alarms": {
      "$ref": "#/$defs/alarms"
    }
  },
  "required": [
    "slipway",
    "system"
  ],
  "additionalProperties": false,
  "$defs": {
    "name": {
      "type": "string",
      "pattern": "^[A-Za-z][A-Za-z0-9_]*$",
      "maxLength": 64,
      "description": "A name: letters, digits and '_', starting with a letter (at most 64 characters). AWS names are '<system>-<env>-<name>' with '_' turned into '-'."
    },
    "names": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/name"
      },
      "uniqueItems": true
    },
    "duration": {
      "description": "A duration: a number of seconds, or a text such as 30s, 5m, 1h, 7d or 1h30m.",
      "anyOf": [
        {
          "type": "integer",
          "minimum": 0
        },
        {
          "type": "string",
          "pattern": "^([0-9]{1,9}|([0-9]{1,9}[smhd])+)$"
        }
      ]
    },
    "timeout": {
      "description": "A timeout between 1 second and 15 minutes (900 s): 30s, 5m, 900 ...",
      "anyOf": [
        {
          "type": "integer",
          "minimum": 1,
          "maximum": 900
        },
        {
          "type": "string",
          "pattern": "^([0-9]{1,9}|([0-9]{1,9}[smhd])+)$"
        }
      ]
    },
    "flag_ref": {
      "type": "string",
      "pattern": "^\\$\\{flags\\.[A-Za-z][A-Za-z0-9_]*\\}$",
      "description": "A reference to a feature flag: ${flags.NAME}. Quote it inside { } flow mappings."
    },
    "toggle": {
      "description": "true, false, or ${flags.NAME} to follow a feature flag per environment.",
      "anyOf": [
        {
          "type": "boolean"
        },
        {
          "$ref": "#/$defs/flag_ref"
        }
      ]
    },
    "path": {
      "type": "string",
      "pattern": "^\\$",
      "description": "A JSONPath into the event or state: $, $.detail.cardId, $.items[0].sku, $$.Execution.Id."
    },
    "recurring_expression": {
      "type": "string",
      "pattern": "^(rate\\(\\s*[0-9]+\\s+(minute|minutes|hour|hours|day|days)\\s*\\)|cron\\(\\s*\\S+(\\s+\\S+){5}\\s*\\))$",
      "description": "rate(5 minutes), rate(1 day), or AWS's six-field cron(minutes hours day-of-month month day-of-week year), where one of day-of-month and day-of-week is '?'."
    },
    "schedule_expression": {
      "type": "string",
      "pattern": "^(rate\\(\\s*[0-9]+\\s+(minute|minutes|hour|hours|day|days)\\s*\\)|cron\\(\\s*\\S+(\\s+\\S+){5}\\s*\\)|at\\([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\))$",
      "description": "rate(...), six-field cron(...), or at(yyyy-mm-ddThh:mm:ss) for a one-off schedule."
    },
    "timezone": {
      "type": "string",
      "description": "An IANA time zone such as Europe/Berlin or UTC (default UTC).",
      "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"
    },
    "tags": {
      "type": "object",
      "description": "Tags added to every resource that takes tags.",
      "propertyNames": {
        "minLength": 1,
        "maxLength": 128
      },
      "additionalProperties": {
        "type": [
          "string",
          "number",
          "boolean"
        ],
        "description": "The tag's value (at most 256 characters)."
      }
    },
    "log_retention_days": {
      "description": "Days CloudWatch keeps the logs: one of the retention periods CloudWatch Logs offers.",
      "enum": [
        1,
        3,
        5,
        7,
        14,
        30,
        60,
        90,
        120,
        150,
        180,
        365,
        400,
        545,
        731,
        1096,
        1827,
        2192,
        2557,
        2922,
        3288,
        3653
      ]
    },
    "memory": {
      "type": "integer",
      "description": "Memory in MB, 128 to 10240; CPU grows with it.",
      "minimum": 128,
      "maximum": 10240
    },
    "json_object": {
      "type": "object",
      "description": "A JSON object written in YAML."
    },
    "scalar": {
      "type": [
        "string",
        "number",
        "boolean",
        "null"
      ]
    },
    "handler_settings": {
      "type": "object",
      "description": "Settings of handlers: defaults for every handler, or overrides for one.",
      "properties": {
        "runtime": {
          "type": "string",
          "description": "Lambda runtime (default provided.al2023, for the generated C++ handlers).",
          "examples": [
            "provided.al2023"
          ]
        },
        "architecture": {
          "description": "CPU architecture (default arm64).",
          "enum": [
            "arm64",
            "x86_64"
          ]
        },
        "memory": {
          "$ref": "#/$defs/memory"
        },
        "timeout": {
          "$ref": "#/$defs/timeout"
        },
        "log_retention_days": {
          "$ref": "#/$defs/log_retention_days"
        },
        "tracing": {
          "type": "boolean",
          "description": "AWS X-Ray active tracing (default true)."
        },
        "reserved_concurrency": {
          "type": "integer",
          "description": "Reserved concurrent executions (0 stops the function).",
          "minimum": 0,
          "maximum": 10000
        }
      },
      "additionalProperties": false
    },
    "workflow_logging": {
      "type": "object",
      "description": "Execution logs of the state machine.",
      "properties": {
        "level": {
          "description": "Execution logging level (default error).",
          "enum": [
            "all",
            "error",
            "fatal",
            "off"
          ]
        },
        "retention_days": {
          "$ref": "#/$defs/log_retention_days"
        }
      },
      "additionalProperties": false
    },
    "workflow_settings": {
      "type": "object",
      "description": "Default settings of workflows.",
      "properties": {
        "type": {
          "description": "standard (durable, up to a year, exactly-once) or express (up to 5 minutes, at-least-once).",
          "enum": [
            "standard",
            "express"
          ]
        },
        "logging": {
          "$ref": "#/$defs/workflow_logging"
        },
        "tracing": {
          "type": "boolean",
          "description": "AWS X-Ray tracing of executions (default true)."
        }
      },
      "additionalProperties": false
    },
    "flag": {
      "description": "A feature flag: a Terraform variable whose default may differ per environment. Write { default, description } or just the default value.",
      "anyOf": [
        {
          "type": "object",
          "properties": {
            "default": {
              "description": "The value when no environment overrides it.",
              "type": [
                "boolean",
                "number",
                "string"
              ]
            },
            "description": {
)slipway",
R"slipway(              "type": "string",
              "description": "What the flag switches."
            }
          },
          "required": [
            "default"
          ],
          "additionalProperties": false
        },
        {
          "type": [
            "boolean",
            "number",
            "string"
          ]
        }
      ]
    },
    "environment": {
      "type": "object",
      "description": "An environment: deployed as '<system>-<env>-*' with its own Terraform root module. Settings here override the defaults and the handlers' own settings.",
      "properties": {
        "region": {
          "type": "string",
          "description": "AWS region of this environment.",
          "pattern": "^[a-z]{2}(-[a-z]+)+-[0-9]+$"
        },
        "tags": {
          "$ref": "#/$defs/tags"
        },
        "handler": {
          "description": "Handler defaults for this environment (over `defaults.handler`).",
          "$ref": "#/$defs/handler_settings"
        },
        "workflow": {
          "description": "Workflow defaults for this environment (over `defaults.workflow`).",
          "$ref": "#/$defs/workflow_settings"
        },
        "flags": {
          "type": "object",
          "description": "Flag values in this environment.",
          "propertyNames": {
            "$ref": "#/$defs/name"
          },
          "additionalProperties": {
            "type": [
              "boolean",
              "number",
              "string"
            ]
          }
        },
        "handlers": {
          "type": "object",
          "description": "Per-handler overrides in this environment (memory, timeout, reserved_concurrency, ...).",
          "propertyNames": {
            "$ref": "#/$defs/name"
          },
          "additionalProperties": {
            "$ref": "#/$defs/handler_settings"
          }
        }
      },
      "additionalProperties": false
    },
    "bus": {
      "type": "object",
      "description": "An EventBridge bus '<system>-<env>-<name>'. The name `default` is the account's default bus (never created).",
      "properties": {
        "archive_days": {
          "type": "integer",
          "description": "Archive every event of this bus for this many days (0 = keep forever); archived events can be replayed.",
          "minimum": 0,
          "maximum": 36500
        },
        "description": {
          "type": "string",
          "description": "What the bus carries."
        }
      },
      "additionalProperties": false
    },
    "type_string": {
      "type": "string",
      "pattern": "^\\s*(string|integer|number|boolean|timestamp|enum\\([^()]+\\))(\\[\\])*\\s*$",
      "description": "string, integer, number, boolean, timestamp (ISO 8601), enum(a, b, c), or any of these followed by [] for a list."
    },
    "type": {
      "description": "A field type: a type name (string, integer, number, boolean, timestamp, enum(a, b), T[]), a nested mapping (an object), or a list holding one mapping (a list of objects).",
      "anyOf": [
        {
          "$ref": "#/$defs/type_string"
        },
        {
          "$ref": "#/$defs/object_type"
        },
        {
          "type": "array",
          "minItems": 1,
          "maxItems": 1,
          "items": {
            "$ref": "#/$defs/object_type"
          },
          "description": "A list of objects: [ { sku: string, qty: integer } ]."
        }
      ]
    },
    "object_type": {
      "type": "object",
      "description": "Fields of an object: `name: type`. A key ending in '?' is optional (`backS3Key?: string`).",
      "propertyNames": {
        "pattern": "^[^.$\\[\\] ]+\\??$"
      },
      "additionalProperties": {
        "$ref": "#/$defs/type"
      }
    },
    "event": {
      "type": "object",
      "description": "An event type: source + detail-type on a bus, with a typed detail.",
      "properties": {
        "source": {
          "type": "string",
          "description": "The event's source, e.g. collectiq.cards; AWS services' events start with 'aws.' (aws.s3)."
        },
        "detail_type": {
          "type": "string",
          "description": "The detail-type (default: the event's name), e.g. 'Object Created' for S3."
        },
        "bus": {
          "type": "string",
          "description": "The bus it travels on: a declared bus or `default` (default: default).",
          "pattern": "^[A-Za-z][A-Za-z0-9_]*$"
        },
        "description": {
          "type": "string",
          "description": "What happened."
        },
        "detail": {
          "description": "The typed shape of the event's detail. Drives match checks, path checks, typed C++ structs and JSON Schema files.",
          "$ref": "#/$defs/object_type"
        }
      },
      "required": [
        "source"
      ],
      "additionalProperties": false
    },
    "key_schema": {
      "type": "object",
      "minProperties": 1,
      "maxProperties": 2,
      "description": "The key: the first attribute is the partition key, the second (optional) the sort key. Types: string, number or binary.",
      "additionalProperties": {
        "description": "The attribute's type.",
        "enum": [
          "string",
          "number",
          "integer",
          "binary"
        ]
      }
    },
    "table": {
      "type": "object",
      "description": "A DynamoDB table '<system>-<env>-<name>'.",
      "properties": {
        "key": {
          "$ref": "#/$defs/key_schema"
        },
        "indexes": {
          "type": "object",
          "description": "Global secondary indexes by name.",
          "propertyNames": {
            "$ref": "#/$defs/name"
          },
          "additionalProperties": {
            "type": "object",
            "description": "A global secondary index.",
            "properties": {
              "key": {
                "$ref": "#/$defs/key_schema"
              },
              "projection": {
                "description": "Which attributes the index holds: all (default), keys_only, or a list of attribute names.",
                "anyOf": [
                  {
                    "enum": [
                      "all",
                      "keys_only"
                    ]
                  },
                  {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "minItems": 1
                  }
                ]
              }
            },
            "required": [
              "key"
            ],
            "additionalProperties": false
          }
        },
        "stream": {
          "description": "A DynamoDB stream and what its records hold (needed by `stream:` triggers).",
          "enum": [
            "new_and_old_images",
            "new_image",
            "old_image",
            "keys_only",
            false
          ]
        },
        "ttl": {
          "type": "string",
          "description": "The attribute holding each item's expiry time (epoch seconds)."
        },
        "point_in_time_recovery": {
          "type": "boolean",
          "description": "Continuous backups with 35-day point-in-time restore (default true)."
        },
        "deletion_protection": {
          "type": "boolean",
          "description": "Refuse to delete the table (default false)."
        },
        "billing": {
          "description": "on_demand (default) or provisioned (then read_capacity and write_capacity).",
          "enum": [
            "on_demand",
            "provisioned"
          ]
        },
        "read_capacity": {
          "type": "integer",
          "description": "Provisioned read capacity units.",
          "minimum": 1,
          "maximum": 40000
        },
        "write_capacity": {
          "type": "integer",
          "description": "Provisioned write capacity units.",
          "minimum": 1,
          "maximum": 40000
        }
      },
      "required": [
        "key"
      ],
      "additionalProperties": false
    },
    "bucket": {
      "type": "object",
      "description": "An S3 bucket '<system>-<env>-<name>' (lowercase), private, encrypted, public access blocked.",
      "properties": {
        "versioning": {
          "type": "boolean",
          "description": "Keep every version of every object (default false)."
        },
        "eventbridge": {
          "type": "boolean",
          "description": "Send the bucket's events to the default EventBridge bus (source aws.s3), so rules can match them (default false)."
        },
        "encryption": {
          "description": "Server-side encryption: s3 (SSE-S3, default) or kms (SSE-KMS with the AWS managed key).",
          "enum": [
            "s3",
            "kms"
          ]
        },
        "force_destroy": {
          "type": "boolean",
          "description": "Let Terraform delete the bucket with objects in it (default false)."
        },
        "lifecycle": {
          "type": "array",
          "description": "Lifecycle rules.",
          "items": {
            "type": "object",
            "description": "One lifecycle rule.",
            "properties": {
              "id": {
                "type": "string",
                "description": "The rule's name (default: rule-<n>)."
              },
              "prefix": {
                "type": "string",
                "description": "Only objects whose key starts with this."
              },
              "expire_days": {
                "type": "integer",
                "description": "Delete objects this many days after creation.",
                "minimum": 1,
                "maximum": 36500
              },
              "noncurrent_expire_days": {
                "type": "integer",
                "description": "Delete old versions this many days after they became noncurrent.",
                "minimum": 1,
                "maximum": 36500
              },
              "transition_days": {
                "type": "integer",
                "description": "Move objects to `transition_class` after this many days.",
                "minimum": 0,
                "maximum": 36500
              },
              "transition_class": {
                "description": "The storage class to move objects to.",
                "enum": [
                  "STANDARD_IA",
                  "ONEZONE_IA",
                  "INTELLIGENT_TIERING",
                  "GLACIER_IR",
                  "GLACIER",
                  "DEEP_ARCHIVE"
                ]
              },
              "abort_incomplete_days": {
                "type": "integer",
                "description": "Abort incomplete multipart uploads after this many days.",
                "minimum": 1,
                "maximum": 36500
              }
            },
            "additionalProperties": false
          }
        },
        "cors": {
          "type": "object",
          "description": "Browser access to the bucket.",
          "properties": {
            "origins": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Origins allowed to use the bucket from a browser (presigned uploads)."
            }
          },
          "additionalProperties": false
        }
      },
      "additionalProperties": false
    },
    "queue": {
      "type": "object",
      "description": "An SQS queue '<system>-<env>-<name>', encrypted.",
      "properties": {
        "fifo": {
          "type": "boolean",
          "description": "A FIFO queue (name ends in .fifo)."
        },
        "retention_days": {
          "type": "integer",
          "description": "Days a message is kept, 1 to 14 (default 4).",
          "minimum": 1,
          "maximum": 14
        },
        "visibility_timeout": {
)slipway",
R"slipway(          "description": "How long a received message stays hidden, up to 12h; at least the consuming handler's timeout (default: derived from the consumer).",
          "$ref": "#/$defs/duration"
        },
        "delay": {
          "description": "Delay before a new message can be received, up to 15m.",
          "$ref": "#/$defs/duration"
        },
        "dlq": {
          "description": "The dead-letter queue that receives messages after `max_receives` failed receives.",
          "$ref": "#/$defs/name"
        },
        "max_receives": {
          "type": "integer",
          "description": "Receives before a message moves to `dlq` (default 5).",
          "minimum": 1,
          "maximum": 1000
        }
      },
      "additionalProperties": false
    },
    "subscription": {
      "description": "A subscription: exactly one of queue, handler, email or https.",
      "oneOf": [
        {
          "type": "object",
          "properties": {
            "queue": {
              "$ref": "#/$defs/name"
            }
          },
          "required": [
            "queue"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "properties": {
            "handler": {
              "$ref": "#/$defs/name"
            }
          },
          "required": [
            "handler"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "properties": {
            "email": {
              "type": "string",
              "description": "An email address (confirmed by the recipient).",
              "pattern": "^[^@\\s]+@[^@\\s]+$"
            }
          },
          "required": [
            "email"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "properties": {
            "https": {
              "type": "string",
              "description": "An HTTPS endpoint (confirmed by the endpoint).",
              "pattern": "^https://"
            }
          },
          "required": [
            "https"
          ],
          "additionalProperties": false
        }
      ]
    },
    "topic": {
      "type": "object",
      "description": "An SNS topic '<system>-<env>-<name>', encrypted.",
      "properties": {
        "fifo": {
          "type": "boolean",
          "description": "A FIFO topic (name ends in .fifo)."
        },
        "subscriptions": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/subscription"
          },
          "description": "Who receives the topic's messages."
        }
      },
      "additionalProperties": false
    },
    "secret": {
      "type": "object",
      "description": "A Secrets Manager secret; handlers read it with `uses: { NAME: read }`.",
      "properties": {
        "description": {
          "type": "string",
          "description": "What the secret holds. Its value is set outside Terraform."
        }
      },
      "additionalProperties": false
    },
    "parameter": {
      "type": "object",
      "description": "An SSM Parameter Store parameter that exists already; handlers read it with `uses: { NAME: read }`.",
      "properties": {
        "path": {
          "type": "string",
          "description": "The SSM parameter name (default /<system>/<name>).",
          "pattern": "^/"
        },
        "secure": {
          "type": "boolean",
          "description": "A SecureString (decrypting it is part of the read grant)."
        },
        "description": {
          "type": "string",
          "description": "What the parameter holds."
        }
      },
      "additionalProperties": false
    },
    "retry_policy": {
      "type": "object",
      "description": "Retry policy of an EventBridge or Scheduler target.",
      "properties": {
        "attempts": {
          "type": "integer",
          "description": "Retry attempts, 0 to 185.",
          "minimum": 0,
          "maximum": 185
        },
        "max_age": {
          "description": "Give up on an event older than this, 1m to 24h.",
          "$ref": "#/$defs/duration"
        }
      },
      "additionalProperties": false
    },
    "input_shape": {
      "description": "What the target receives: a mapping (an input transformer: values starting with $. are paths into the event, anything else is a constant) or a single path ($.detail). Default: the whole event.",
      "anyOf": [
        {
          "$ref": "#/$defs/path"
        },
        {
          "$ref": "#/$defs/json_object"
        }
      ]
    },
    "rule_target": {
      "type": "object",
      "description": "A rule target: exactly one of handler, workflow, queue, topic or bus, with an optional input transformer, retry policy and DLQ.",
      "properties": {
        "handler": {
          "description": "Invoke this handler (asynchronously).",
          "$ref": "#/$defs/name"
        },
        "workflow": {
          "description": "Start an execution of this workflow.",
          "$ref": "#/$defs/name"
        },
        "queue": {
          "description": "Send the event to this queue.",
          "$ref": "#/$defs/name"
        },
        "topic": {
          "description": "Publish the event to this topic.",
          "$ref": "#/$defs/name"
        },
        "bus": {
          "type": "string",
          "description": "Forward the event to a declared bus, or to an event-bus ARN in another account or region."
        },
        "input": {
          "$ref": "#/$defs/input_shape"
        },
        "retry": {
          "$ref": "#/$defs/retry_policy"
        },
        "dlq": {
          "description": "A queue for events that could not be delivered after the retries.",
          "$ref": "#/$defs/name"
        },
        "message_group_id": {
          "type": "string",
          "description": "Message group of a FIFO queue target."
        }
      },
      "additionalProperties": false,
      "oneOf": [
        {
          "required": [
            "handler"
          ]
        },
        {
          "required": [
            "workflow"
          ]
        },
        {
          "required": [
            "queue"
          ]
        },
        {
          "required": [
            "topic"
          ]
        },
        {
          "required": [
            "bus"
          ]
        }
      ]
    },
    "schedule_target": {
      "type": "object",
      "description": "What a schedule runs: exactly one of handler, workflow, queue, topic or event.",
      "properties": {
        "handler": {
          "description": "Invoke this handler.",
          "$ref": "#/$defs/name"
        },
        "workflow": {
          "description": "Start this workflow.",
          "$ref": "#/$defs/name"
        },
        "queue": {
          "description": "Send a message to this queue.",
          "$ref": "#/$defs/name"
        },
        "topic": {
          "description": "Publish to this topic.",
          "$ref": "#/$defs/name"
        },
        "event": {
          "description": "Put this declared event on its bus.",
          "$ref": "#/$defs/name"
        },
        "input": {
          "description": "The JSON the target receives.",
          "anyOf": [
            {
              "$ref": "#/$defs/json_object"
            },
            {
              "type": "string"
            }
          ]
        },
        "detail": {
          "description": "The detail of the event put by an `event` target.",
          "$ref": "#/$defs/json_object"
        },
        "retry": {
          "$ref": "#/$defs/retry_policy"
        },
        "dlq": {
          "description": "A queue for invocations that failed after the retries.",
          "$ref": "#/$defs/name"
        },
        "message_group_id": {
          "type": "string",
          "description": "Message group of a FIFO queue target."
        }
      },
      "additionalProperties": false,
      "oneOf": [
        {
          "required": [
            "handler"
          ]
        },
        {
          "required": [
            "workflow"
          ]
        },
        {
          "required": [
            "queue"
          ]
        },
        {
          "required": [
            "topic"
          ]
        },
        {
          "required": [
            "event"
          ]
        }
      ]
    },
    "schedule": {
      "type": "object",
      "description": "An EventBridge Scheduler schedule (recurring, with a time zone), or a group of one-off schedules made at run time.",
      "properties": {
        "schedule": {
          "description": "When it runs. Without it, the entry is a group of one-off schedules that handlers with `create` access make at run time.",
          "$ref": "#/$defs/schedule_expression"
        },
        "timezone": {
          "$ref": "#/$defs/timezone"
        },
        "enabled": {
          "$ref": "#/$defs/toggle"
        },
        "flexible_window": {
          "description": "Let Scheduler start up to this much later (1m to 24h), to spread load.",
          "$ref": "#/$defs/duration"
        },
        "description": {
          "type": "string",
          "description": "What the schedule is for."
        },
        "target": {
          "$ref": "#/$defs/schedule_target"
        }
      },
      "required": [
        "target"
      ],
      "additionalProperties": false
    },
    "route": {
      "type": "string",
      "description": "METHOD /path, e.g. POST /cards/{id}/revalue; path parameters in braces.",
      "pattern": "^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /[^\\s]*$"
    },
    "http_trigger": {
      "description": "An API Gateway HTTP API route: 'POST /cards' or { route, auth }.",
      "anyOf": [
        {
          "$ref": "#/$defs/route"
        },
        {
          "type": "object",
          "properties": {
            "route": {
              "$ref": "#/$defs/route"
            },
            "auth": {
              "description": "jwt (default) or none.",
              "enum": [
                "jwt",
                "none"
              ]
            }
          },
          "required": [
            "route"
          ],
          "additionalProperties": false
        }
      ]
    },
    "s3_trigger": {
      "type": "object",
      "description": "S3 event notifications that invoke the handler.",
      "properties": {
        "bucket": {
          "description": "The bucket whose notifications invoke the handler.",
          "$ref": "#/$defs/name"
        },
        "events": {
          "type": "array",
          "items": {
            "enum": [
              "created",
              "removed",
              "restored"
            ]
          },
          "uniqueItems": true,
          "minItems": 1,
          "description": "Which object events (default [created])."
        },
        "prefix": {
          "type": "string",
          "description": "Only keys starting with this."
        },
        "suffix": {
          "type": "string",
          "description": "Only keys ending with this."
        },
        "allow_self_trigger": {
          "type": "boolean",
          "description": "The handler writes into the bucket and prefix that trigger it, on purpose (its code must stop the loop)."
        }
      },
      "required": [
        "bucket"
      ],
      "additionalProperties": false
    },
    "match": {
      "type": "object",
      "description": "An event pattern over the event's detail (or a stream record): field -> value, list (any of), operator mapping or nested mapping; `any_of: [ MATCH, ... ]` for alternatives.",
      "properties": {
        "any_of": {
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/match"
          },
          "description": "Match when any of these patterns matches ($or)."
        }
      },
      "additionalProperties": {
        "$ref": "#/$defs/match_value"
      }
    },
)slipway",
R"slipway(    "match_value": {
      "anyOf": [
        {
          "$ref": "#/$defs/scalar"
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "anyOf": [
              {
                "$ref": "#/$defs/scalar"
              },
              {
                "$ref": "#/$defs/match_operator"
              }
            ]
          },
          "description": "Any of these values or operators."
        },
        {
          "$ref": "#/$defs/match_operator"
        },
        {
          "$ref": "#/$defs/match"
        }
      ]
    },
    "match_operator": {
      "type": "object",
      "minProperties": 1,
      "additionalProperties": false,
      "description": "A content-filter operator.",
      "properties": {
        "prefix": {
          "description": "Starts with (or { equals-ignore-case: text }).",
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "object",
              "properties": {
                "equals-ignore-case": {
                  "type": "string"
                }
              },
              "required": [
                "equals-ignore-case"
              ],
              "additionalProperties": false
            }
          ]
        },
        "suffix": {
          "description": "Ends with (or { equals-ignore-case: text }).",
          "anyOf": [
            {
              "type": "string"
            },
            {
              "type": "object",
              "properties": {
                "equals-ignore-case": {
                  "type": "string"
                }
              },
              "required": [
                "equals-ignore-case"
              ],
              "additionalProperties": false
            }
          ]
        },
        "wildcard": {
          "type": "string",
          "description": "A pattern with * wildcards."
        },
        "anything-but": {
          "description": "Anything except this value, these values, or { prefix | suffix | wildcard | equals-ignore-case: text }.",
          "anyOf": [
            {
              "$ref": "#/$defs/scalar"
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/scalar"
              }
            },
            {
              "type": "object",
              "minProperties": 1,
              "maxProperties": 1,
              "additionalProperties": false,
              "properties": {
                "prefix": {
                  "anyOf": [
                    {
                      "type": "string"
                    },
                    {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  ]
                },
                "suffix": {
                  "anyOf": [
                    {
                      "type": "string"
                    },
                    {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  ]
                },
                "wildcard": {
                  "anyOf": [
                    {
                      "type": "string"
                    },
                    {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  ]
                },
                "equals-ignore-case": {
                  "anyOf": [
                    {
                      "type": "string"
                    },
                    {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  ]
                }
              }
            }
          ]
        },
        "exists": {
          "type": "boolean",
          "description": "The field is present (true) or absent (false)."
        },
        "equals-ignore-case": {
          "type": "string",
          "description": "Equal, ignoring case."
        },
        "cidr": {
          "type": "string",
          "description": "An IP address in this CIDR block.",
          "pattern": "^[0-9a-fA-F:.]+/[0-9]+$"
        },
        "<": {
          "type": "number"
        },
        "<=": {
          "type": "number"
        },
        ">": {
          "type": "number"
        },
        ">=": {
          "type": "number"
        },
        "=": {
          "type": "number"
        }
      }
    },
    "stream_trigger": {
      "type": "object",
      "description": "A DynamoDB stream event source mapping.",
      "properties": {
        "table": {
          "description": "The table whose stream invokes the handler (it must declare `stream:`).",
          "$ref": "#/$defs/name"
        },
        "batch_size": {
          "type": "integer",
          "description": "Records per invocation (default 100).",
          "minimum": 1,
          "maximum": 10000
        },
        "starting_position": {
          "description": "Where a new mapping starts reading (default latest).",
          "enum": [
            "latest",
            "trim_horizon"
          ]
        },
        "filter": {
          "description": "Only records matching this pattern over the stream record (eventName, dynamodb.NewImage ...).",
          "$ref": "#/$defs/match"
        },
        "retry": {
          "type": "object",
          "description": "Retries of a failing batch.",
          "properties": {
            "attempts": {
              "type": "integer",
              "description": "Retries of a failing batch, -1 (until the record expires) to 10000.",
              "minimum": -1,
              "maximum": 10000
            },
            "max_age": {
              "description": "Skip records older than this, 1m to 7d.",
              "$ref": "#/$defs/duration"
            }
          },
          "additionalProperties": false
        },
        "dlq": {
          "description": "A queue that receives the description of batches that failed after the retries.",
          "$ref": "#/$defs/name"
        },
        "bisect": {
          "type": "boolean",
          "description": "Split a failing batch in two and retry each half (default true)."
        },
        "parallelization": {
          "type": "integer",
          "description": "Concurrent batches per shard (default 1).",
          "minimum": 1,
          "maximum": 10
        },
        "window": {
          "description": "Wait up to this long to fill a batch (up to 5m).",
          "$ref": "#/$defs/duration"
        }
      },
      "required": [
        "table"
      ],
      "additionalProperties": false
    },
    "queue_trigger": {
      "description": "An SQS event source mapping: the queue's name, or { name, batch_size, window, max_concurrency }. Failures are reported per message.",
      "anyOf": [
        {
          "$ref": "#/$defs/name"
        },
        {
          "type": "object",
          "properties": {
            "name": {
              "$ref": "#/$defs/name"
            },
            "batch_size": {
              "type": "integer",
              "description": "Messages per invocation (default 10).",
              "minimum": 1,
              "maximum": 10000
            },
            "window": {
              "description": "Wait up to this long to fill a batch (up to 5m).",
              "$ref": "#/$defs/duration"
            },
            "max_concurrency": {
              "type": "integer",
              "description": "At most this many concurrent invocations from this queue.",
              "minimum": 2,
              "maximum": 1000
            }
          },
          "required": [
            "name"
          ],
          "additionalProperties": false
        }
      ]
    },
    "handler_schedule": {
      "description": "Invoke the handler on a schedule (EventBridge Scheduler): an expression, or { expression, timezone, input }.",
      "anyOf": [
        {
          "$ref": "#/$defs/recurring_expression"
        },
        {
          "type": "object",
          "properties": {
            "expression": {
              "$ref": "#/$defs/recurring_expression"
            },
            "timezone": {
              "$ref": "#/$defs/timezone"
            },
            "input": {
              "description": "The JSON the handler receives.",
              "$ref": "#/$defs/json_object"
            }
          },
          "required": [
            "expression"
          ],
          "additionalProperties": false
        }
      ]
    },
    "access": {
      "description": "read | write | readwrite (tables, buckets), send | consume (queues), publish (topics), read (secrets, parameters), create (schedule groups).",
      "enum": [
        "read",
        "write",
        "readwrite",
        "send",
        "consume",
        "publish",
        "create"
      ]
    },
    "use": {
      "description": "An access level, or { access, prefix } to limit a bucket grant to keys under a prefix.",
      "anyOf": [
        {
          "$ref": "#/$defs/access"
        },
        {
          "type": "object",
          "properties": {
            "access": {
              "$ref": "#/$defs/access"
            },
            "prefix": {
              "type": "string",
              "description": "Bucket keys under this prefix only."
            }
          },
          "required": [
            "access"
          ],
          "additionalProperties": false
        }
      ]
    },
    "raw_grant": {
      "type": "object",
      "description": "A grant for an AWS API that is not a spec resource.",
      "properties": {
        "actions": {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[a-z0-9-]+:[A-Za-z0-9*]+$"
          },
          "description": "IAM actions, e.g. bedrock:InvokeModel."
        },
        "resources": {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string"
          },
          "description": "Resource ARNs (a wildcard earns a warning)."
        }
      },
      "required": [
        "actions",
        "resources"
      ],
      "additionalProperties": false
    },
    "env_value": {
      "description": "A value; strings may refer to ${flags.NAME}, ${buckets.NAME.name}, ${tables.NAME.name}, ${queues.NAME.url}, ${topics.NAME.arn} ... (quote them inside { }).",
      "type": [
        "string",
        "number",
        "boolean"
      ]
    },
    "handler": {
      "type": "object",
      "description": "A Lambda function '<system>-<env>-<name>' with its own role, log group and triggers.",
      "properties": {
        "description": {
          "type": "string",
          "description": "What the handler does."
        },
        "runtime": {
          "type": "string",
          "description": "Lambda runtime (default provided.al2023, for the generated C++ handlers).",
          "examples": [
            "provided.al2023"
          ]
        },
        "architecture": {
          "description": "CPU architecture (default arm64).",
          "enum": [
            "arm64",
            "x86_64"
          ]
        },
        "memory": {
          "$ref": "#/$defs/memory"
        },
        "timeout": {
          "$ref": "#/$defs/timeout"
        },
        "log_retention_days": {
          "$ref": "#/$defs/log_retention_days"
        },
        "tracing": {
          "type": "boolean",
          "description": "AWS X-Ray active tracing (default true)."
        },
        "reserved_concurrency": {
          "type": "integer",
          "description": "Reserved concurrent executions (0 stops the function).",
          "minimum": 0,
)slipway",
R"slipway(          "maximum": 10000
        },
        "async": {
          "type": "object",
          "description": "Asynchronous invocations (EventBridge, S3, SNS, Scheduler).",
          "properties": {
            "retry_attempts": {
              "type": "integer",
              "description": "Retries of a failed asynchronous invocation, 0 to 2 (default 2).",
              "minimum": 0,
              "maximum": 2
            },
            "dlq": {
              "description": "A queue that receives asynchronous invocations that failed after the retries (on-failure destination).",
              "$ref": "#/$defs/name"
            }
          },
          "additionalProperties": false
        },
        "auth": {
          "description": "Authorization of the `http` route: jwt (default) or none.",
          "enum": [
            "jwt",
            "none"
          ]
        },
        "http": {
          "$ref": "#/$defs/http_trigger"
        },
        "s3": {
          "$ref": "#/$defs/s3_trigger"
        },
        "stream": {
          "$ref": "#/$defs/stream_trigger"
        },
        "queue": {
          "$ref": "#/$defs/queue_trigger"
        },
        "schedule": {
          "$ref": "#/$defs/handler_schedule"
        },
        "uses": {
          "type": "object",
          "description": "Resources the handler may use and how: the only grants its role gets (with `emits`, `starts` and its triggers).",
          "propertyNames": {
            "$ref": "#/$defs/name"
          },
          "additionalProperties": {
            "$ref": "#/$defs/use"
          }
        },
        "emits": {
          "description": "Events the handler may put on their buses.",
          "$ref": "#/$defs/names"
        },
        "starts": {
          "description": "Workflows the handler may start.",
          "$ref": "#/$defs/names"
        },
        "env": {
          "type": "object",
          "description": "Environment variables.",
          "propertyNames": {
            "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"
          },
          "additionalProperties": {
            "$ref": "#/$defs/env_value"
          }
        },
        "aws": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/raw_grant"
          },
          "description": "Raw grants for AWS APIs that are not spec resources."
        }
      },
      "additionalProperties": false
    },
    "step_retry_one": {
      "type": "object",
      "description": "A retry rule of a step.",
      "properties": {
        "errors": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "description": "Error names (default States.ALL)."
        },
        "attempts": {
          "type": "integer",
          "description": "Retry attempts (default 3).",
          "minimum": 0,
          "maximum": 99999999
        },
        "interval": {
          "description": "Delay before the first retry (default 1s).",
          "$ref": "#/$defs/duration"
        },
        "backoff": {
          "type": "number",
          "minimum": 1,
          "description": "Multiplier of the delay per attempt (default 2)."
        },
        "max_delay": {
          "description": "Cap on the delay between retries.",
          "$ref": "#/$defs/duration"
        },
        "jitter": {
          "type": "boolean",
          "description": "Randomize the delays."
        }
      },
      "additionalProperties": false
    },
    "step_retry": {
      "description": "Retry rules: one rule or a list of rules, tried in order.",
      "anyOf": [
        {
          "$ref": "#/$defs/step_retry_one"
        },
        {
          "type": "array",
          "items": {
            "$ref": "#/$defs/step_retry_one"
          }
        }
      ]
    },
    "step_catch": {
      "type": "array",
      "description": "Error handlers, tried in order.",
      "items": {
        "type": "object",
        "description": "An error handler: `steps` to run, or `goto` a step.",
        "properties": {
          "errors": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Error names (default States.ALL)."
          },
          "result": {
            "description": "Where the error goes in the state (e.g. $.error).",
            "$ref": "#/$defs/path"
          },
          "steps": {
            "description": "Steps to run on the error.",
            "$ref": "#/$defs/steps"
          },
          "goto": {
            "description": "Or: the step to go to.",
            "$ref": "#/$defs/name"
          }
        },
        "additionalProperties": false
      }
    },
    "steps": {
      "type": "array",
      "minItems": 1,
      "description": "Steps, run in order: each is `- name: body`.",
      "items": {
        "$ref": "#/$defs/step"
      }
    },
    "step": {
      "type": "object",
      "minProperties": 1,
      "maxProperties": 1,
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "description": "One step: its name (unique in the workflow) and its body; a bare handler name as the body invokes it.",
      "additionalProperties": {
        "$ref": "#/$defs/step_body"
      }
    },
    "step_body": {
      "description": "A handler name, or a mapping with exactly one of invoke, parallel, map, choice, wait, pass, succeed, fail, emit, publish, send, dynamodb, start, goto or asl.",
      "anyOf": [
        {
          "$ref": "#/$defs/name"
        },
        {
          "type": "object",
          "description": "Invoke a handler.",
          "properties": {
            "invoke": {
              "description": "The handler to invoke.",
              "$ref": "#/$defs/name"
            },
            "input": {
              "description": "What the handler receives: a mapping (keys ending in .$ hold paths) or a path.",
              "anyOf": [
                {
                  "$ref": "#/$defs/json_object"
                },
                {
                  "$ref": "#/$defs/path"
                }
              ]
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            }
          },
          "required": [
            "invoke"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Run branches in parallel; the result is the list of the branches' results.",
          "properties": {
            "parallel": {
              "type": "array",
              "minItems": 1,
              "items": {
                "$ref": "#/$defs/steps"
              },
              "description": "Branches, each a list of steps, run at the same time."
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            }
          },
          "required": [
            "parallel"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Run steps for every item of a list.",
          "properties": {
            "map": {
              "type": "object",
              "description": "The list to iterate over and the steps run per item.",
              "properties": {
                "items": {
                  "$ref": "#/$defs/path"
                },
                "concurrency": {
                  "type": "integer",
                  "description": "At most this many items at once (0 = no limit).",
                  "minimum": 0,
                  "maximum": 10000
                },
                "item_selector": {
                  "$ref": "#/$defs/json_object"
                },
                "steps": {
                  "$ref": "#/$defs/steps"
                }
              },
              "required": [
                "items",
                "steps"
              ],
              "additionalProperties": false
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            }
          },
          "required": [
            "map"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Branch on conditions.",
          "properties": {
            "choice": {
              "type": "array",
              "minItems": 1,
              "description": "Branches tried in order; without `else`, no match goes on to the next step.",
              "items": {
                "anyOf": [
                  {
                    "type": "object",
                    "properties": {
                      "if": {
                        "type": "string",
                        "description": "A condition: == != < <= > >=, and, or, not, ( ), is_present(p), is_null(p), is_string(p), is_numeric(p), is_boolean(p), is_timestamp(p), p matches \"glob*\"."
                      },
                      "then": {
                        "$ref": "#/$defs/steps"
                      }
                    },
)slipway",
R"slipway(                    "required": [
                      "if",
                      "then"
                    ],
                    "additionalProperties": false
                  },
                  {
                    "type": "object",
                    "properties": {
                      "else": {
                        "$ref": "#/$defs/steps"
                      }
                    },
                    "required": [
                      "else"
                    ],
                    "additionalProperties": false
                  }
                ]
              }
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            }
          },
          "required": [
            "choice"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Wait.",
          "properties": {
            "wait": {
              "description": "A duration, { seconds: duration }, or { until: $.timestampPath }.",
              "anyOf": [
                {
                  "$ref": "#/$defs/duration"
                },
                {
                  "type": "object",
                  "properties": {
                    "until": {
                      "$ref": "#/$defs/path"
                    }
                  },
                  "required": [
                    "until"
                  ],
                  "additionalProperties": false
                },
                {
                  "type": "object",
                  "properties": {
                    "seconds": {
                      "$ref": "#/$defs/duration"
                    }
                  },
                  "required": [
                    "seconds"
                  ],
                  "additionalProperties": false
                }
              ]
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            }
          },
          "required": [
            "wait"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Put a value into the state.",
          "properties": {
            "pass": {
              "type": "object",
              "description": "The value to put and where (default: the whole state)",
              "properties": {
                "result": {
                  "description": "The value to put."
                },
                "into": {
                  "$ref": "#/$defs/path"
                }
              },
              "additionalProperties": false
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            }
          },
          "required": [
            "pass"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "End the workflow successfully.",
          "properties": {
            "succeed": {
              "type": [
                "object",
                "null"
              ],
              "maxProperties": 0,
              "description": "Nothing: write succeed: {}."
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            }
          },
          "required": [
            "succeed"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "End the workflow with an error.",
          "properties": {
            "fail": {
              "type": "object",
              "description": "The error and its cause.",
              "properties": {
                "error": {
                  "type": "string",
                  "description": "The error name."
                },
                "cause": {
                  "type": "string",
                  "description": "A human-readable cause."
                }
              },
              "additionalProperties": false
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            }
          },
          "required": [
            "fail"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Put an event (EventBridge PutEvents).",
          "properties": {
            "emit": {
              "description": "The declared event to put on its bus.",
              "$ref": "#/$defs/name"
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            },
            "detail": {
              "description": "The event's detail (keys ending in .$ hold paths).",
              "anyOf": [
                {
                  "$ref": "#/$defs/json_object"
                },
                {
                  "$ref": "#/$defs/path"
                }
              ]
            }
          },
          "required": [
            "emit"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Publish to an SNS topic.",
          "properties": {
            "publish": {
              "description": "The topic.",
              "$ref": "#/$defs/name"
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            },
            "message": {
              "description": "The message: a mapping, text or path."
            }
          },
          "required": [
            "publish"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Send a message to an SQS queue.",
          "properties": {
            "send": {
              "description": "The queue.",
              "$ref": "#/$defs/name"
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            },
            "body": {
              "description": "The message body: a mapping, text or path."
            }
          },
          "required": [
            "send"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Read or write a DynamoDB item.",
          "properties": {
            "dynamodb": {
              "type": "object",
              "description": "One of get, put, update or delete naming the table, with key, item, expression and values.",
              "properties": {
                "get": {
                  "$ref": "#/$defs/name"
                },
                "put": {
)slipway",
R"slipway(                  "$ref": "#/$defs/name"
                },
                "update": {
                  "$ref": "#/$defs/name"
                },
                "delete": {
                  "$ref": "#/$defs/name"
                },
                "key": {
                  "description": "The item's key (keys ending in .$ hold paths).",
                  "$ref": "#/$defs/json_object"
                },
                "item": {
                  "description": "The item to put.",
                  "$ref": "#/$defs/json_object"
                },
                "expression": {
                  "type": "string",
                  "description": "An update expression, e.g. SET #s = :s."
                },
                "values": {
                  "description": "Expression attribute values.",
                  "$ref": "#/$defs/json_object"
                }
              },
              "additionalProperties": false,
              "oneOf": [
                {
                  "required": [
                    "get"
                  ]
                },
                {
                  "required": [
                    "put"
                  ]
                },
                {
                  "required": [
                    "update"
                  ]
                },
                {
                  "required": [
                    "delete"
                  ]
                }
              ]
            },
            "input": {
              "description": "Which part of the state the step receives.",
              "$ref": "#/$defs/path"
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            }
          },
          "required": [
            "dynamodb"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Start another workflow.",
          "properties": {
            "start": {
              "description": "The workflow to start.",
              "$ref": "#/$defs/name"
            },
            "input": {
              "description": "The child's input.",
              "anyOf": [
                {
                  "$ref": "#/$defs/json_object"
                },
                {
                  "$ref": "#/$defs/path"
                }
              ]
            },
            "result": {
              "description": "Where the step's result goes in the state ($.x); by default it replaces the state.",
              "$ref": "#/$defs/path"
            },
            "output": {
              "description": "Which part of the state the next step receives.",
              "$ref": "#/$defs/path"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            },
            "timeout": {
              "description": "Fail the step after this long.",
              "$ref": "#/$defs/duration"
            },
            "heartbeat": {
              "description": "Fail the step when no heartbeat arrives within this.",
              "$ref": "#/$defs/duration"
            },
            "retry": {
              "$ref": "#/$defs/step_retry"
            },
            "catch": {
              "$ref": "#/$defs/step_catch"
            },
            "sync": {
              "type": "boolean",
              "description": "Wait for the child's result (default false)."
            }
          },
          "required": [
            "start"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "Go to another step.",
          "properties": {
            "goto": {
              "description": "A step of the same list or an enclosing one.",
              "$ref": "#/$defs/name"
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            }
          },
          "required": [
            "goto"
          ],
          "additionalProperties": false
        },
        {
          "type": "object",
          "description": "A raw ASL state.",
          "properties": {
            "asl": {
              "type": "object",
              "required": [
                "Type"
              ],
              "description": "One Amazon States Language state, written as is."
            },
            "comment": {
              "type": "string",
              "description": "A comment shown in the Step Functions console."
            }
          },
          "required": [
            "asl"
          ],
          "additionalProperties": false
        }
      ]
    },
    "workflow": {
      "type": "object",
      "description": "A Step Functions state machine '<system>-<env>-<name>'.",
      "properties": {
        "description": {
          "type": "string",
          "description": "What the workflow does."
        },
        "input": {
          "description": "The event whose detail is the input: paths into it are checked.",
          "$ref": "#/$defs/name"
        },
        "type": {
          "description": "standard (durable, up to a year, exactly-once) or express (up to 5 minutes, at-least-once).",
          "enum": [
            "standard",
            "express"
          ]
        },
        "timeout": {
          "description": "Fail the execution after this long.",
          "$ref": "#/$defs/duration"
        },
        "steps": {
          "$ref": "#/$defs/steps"
        },
        "catch": {
          "description": "Workflow-wide error handlers.",
          "$ref": "#/$defs/step_catch"
        },
        "retry": {
          "description": "Workflow-wide default retry of task steps.",
          "$ref": "#/$defs/step_retry"
        },
        "logging": {
          "$ref": "#/$defs/workflow_logging"
        },
        "tracing": {
          "type": "boolean",
          "description": "AWS X-Ray tracing (default true)."
        }
      },
      "required": [
        "steps"
      ],
      "additionalProperties": false
    },
    "rule": {
      "type": "object",
      "description": "An EventBridge rule '<system>-<env>-<name>': `on` an event (with `match`) or on a `schedule`, with one `target` or up to 5 `targets`.",
      "properties": {
        "description": {
          "type": "string",
          "description": "What the rule is for."
        },
        "on": {
          "description": "The event it matches (source and detail-type come from the event).",
          "$ref": "#/$defs/name"
        },
        "match": {
          "description": "A pattern over the event's detail; fields and operators are checked against its type.",
          "$ref": "#/$defs/match"
        },
        "schedule": {
          "description": "Or: run the targets on a schedule (default bus).",
          "$ref": "#/$defs/recurring_expression"
        },
        "enabled": {
          "$ref": "#/$defs/toggle"
        },
        "target": {
          "$ref": "#/$defs/rule_target"
        },
        "targets": {
          "type": "array",
          "minItems": 1,
          "maxItems": 5,
          "items": {
            "$ref": "#/$defs/rule_target"
          },
          "description": "Up to 5 targets."
        },
        "allow_cycle": {
          "type": "boolean",
          "description": "A target is triggered by an event it emits, on purpose (its code must stop the loop)."
        }
      },
      "additionalProperties": false,
      "allOf": [
        {
          "oneOf": [
            {
              "required": [
                "on"
              ]
            },
            {
              "required": [
                "schedule"
              ]
            }
          ]
        },
        {
          "oneOf": [
            {
              "required": [
                "target"
              ]
            },
            {
              "required": [
                "targets"
              ]
            }
          ]
        }
      ]
    },
    "api": {
      "type": "object",
      "description": "The API Gateway HTTP API that the handlers' `http` routes make.",
      "properties": {
        "jwt": {
          "type": "object",
          "description": "The JWT authorizer (without it, Terraform variables jwt_issuer and jwt_audience).",
          "properties": {
            "issuer": {
              "type": "string",
              "description": "The token issuer URL, e.g. a Cognito user pool's.",
              "pattern": "^https://"
            },
            "audience": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Accepted audiences (client ids)."
            }
          },
          "required": [
            "issuer"
          ],
          "additionalProperties": false
        },
        "cors": {
          "type": "object",
          "description": "CORS of the HTTP API.",
          "properties": {
            "origins": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Allowed origins."
            }
          },
          "additionalProperties": false
        }
      },
      "additionalProperties": false
    },
    "alarms": {
      "type": "object",
      "description": "CloudWatch alarms.",
      "properties": {
        "topic": {
          "description": "The topic that alarms notify; without it, no alarms.",
          "$ref": "#/$defs/name"
        },
        "handler_errors": {
          "type": "integer",
          "description": "Alarm when a handler has at least this many errors in 5 minutes (default 1).",
          "minimum": 1,
          "maximum": 1000000
        },
        "dlq_depth": {
          "type": "integer",
          "description": "Alarm when a dead-letter queue holds at least this many messages (default 1).",
          "minimum": 1,
          "maximum": 1000000
        },
        "workflow_failures": {
          "type": "integer",
          "description": "Alarm when a workflow has at least this many failed executions in 5 minutes (default 1).",
          "minimum": 1,
          "maximum": 1000000
        }
      },
      "additionalProperties": false
    }
  }
}
)slipway",
};
}  // namespace

std::string schema_json() {
  std::string text;
  for (std::string_view piece : kPieces) text += piece;
  return text;
}

}  // namespace slipway::cli
