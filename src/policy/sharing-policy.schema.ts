/**
 * The sharing-policy document (v1): the JSON Schema of contracts/sharing-policy.schema.json.
 * A test keeps the two identical.
 */
export const sharingPolicySchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "sharing-policy.schema.json",
  "title": "Sharing policy of one partner (v1)",
  "description": "What one partner may receive, purpose by purpose, under its processing agreement. Everything not listed is withheld (default deny). A policy names fields of the canonical member (member.schema.json) by path; '[]' marks every element of an array. The same document is what the privacy officer edits, what the gateway enforces, what the API returns, and what a file under policies/ holds (YAML or JSON).",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "partner",
    "displayName",
    "relationship",
    "agreement",
    "purposes"
  ],
  "properties": {
    "partner": {
      "type": "string",
      "pattern": "^[a-z][a-z0-9-]{1,40}$",
      "description": "Connector id, e.g. 'kb', 'overijssel', 'hka', 'bibliotheca'."
    },
    "displayName": {
      "type": "string",
      "maxLength": 120
    },
    "relationship": {
      "enum": [
        "processor",
        "joint-controller",
        "recipient"
      ],
      "description": "GDPR role of the partner: processor (art. 28 agreement), joint controller (art. 26), or an independent recipient."
    },
    "agreement": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "reference",
        "validFrom"
      ],
      "properties": {
        "reference": {
          "type": "string",
          "maxLength": 100,
          "description": "The signed agreement's own reference."
        },
        "signedOn": {
          "type": "string",
          "format": "date"
        },
        "validFrom": {
          "type": "string",
          "format": "date"
        },
        "validUntil": {
          "type": "string",
          "format": "date",
          "description": "After this day nothing is shared with the partner."
        }
      }
    },
    "purposes": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "description",
          "legalBasis",
          "fields"
        ],
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9-]{1,60}$"
          },
          "description": {
            "type": "string",
            "maxLength": 500
          },
          "legalBasis": {
            "enum": [
              "consent",
              "contract",
              "legal-obligation",
              "public-task",
              "legitimate-interest"
            ]
          },
          "requiresConsent": {
            "enum": [
              "directDebit",
              "newsletter",
              "researchPanel",
              "loanHistory"
            ],
            "description": "When set, nothing is shared for this purpose unless consents.<name>.granted is true."
          },
          "retentionDays": {
            "type": "integer",
            "minimum": 0,
            "description": "How long the partner may keep what it receives (recorded in the register, shown to members)."
          },
          "sendOn": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "enum": [
                "joined",
                "changed",
                "left",
                "erased",
                "consent-granted",
                "consent-withdrawn"
              ]
            },
            "description": "Lifecycle events of the system of record that send this purpose by themselves: a new member (joined), a change to a field this purpose releases (changed), a cancelled or lapsed membership (left), an erasure request (erased), a consent granted or withdrawn. Absent: sent only when asked."
          },
          "fields": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "path"
              ],
              "properties": {
                "path": {
                  "type": "string",
                  "pattern": "^[a-zA-Z]+(\\[\\])?(\\.[a-zA-Z]+(\\[\\])?)*$",
                  "description": "A leaf or object path of the canonical member, e.g. 'name.lastName', 'addresses[].postalCode', 'loans[].itemId'. An object path shares the whole object as the schema defines it (never unknown keys)."
                },
                "transform": {
                  "enum": [
                    "copy",
                    "year",
                    "age-band",
                    "postcode4",
                    "initials",
                    "last4",
                    "pseudonym"
                  ],
                  "description": "copy: as is (default). year: a date reduced to 'YYYY'. age-band: a birth date reduced to a band '0-11','12-17','18-24','25-44','45-64','65+'. postcode4: a Dutch postcode reduced to its four digits. initials: a name reduced to its initials. last4: all but the last four characters replaced by '*'. pseudonym: a keyed hash (HMAC-SHA-256) that is stable per partner and differs between partners."
                },
                "when": {
                  "type": "object",
                  "description": "Share this field only when every given canonical path equals the given value, e.g. {\"notificationChannel\": \"email\"}.",
                  "additionalProperties": {
                    "anyOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "boolean"
                      },
                      {
                        "type": "number"
                      }
                    ]
                  }
                }
              }
            }
          }
        }
      }
    }
  }
} as const;
