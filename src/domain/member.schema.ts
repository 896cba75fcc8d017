/**
 * The canonical member (v1) as the gateway models it: the JSON Schema of contracts/member.schema.json.
 * A test keeps the two identical; the field catalog and the validator are derived from this one object.
 */
export const memberSchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "member.schema.json",
  "title": "Canonical library member (v1)",
  "description": "The one shape in which member data moves inside the gateway. Every connector maps its partner's wire format to and from this shape; every sharing policy names fields of this shape by path. Field names follow the lending system's own vocabulary where it has one (patron id, card number, first names, prefix, last name).",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "memberId",
    "cardNumber",
    "libraryId",
    "name"
  ],
  "properties": {
    "memberId": {
      "type": "string",
      "minLength": 1,
      "maxLength": 64,
      "description": "Lending system's patron id (patronSystemId)."
    },
    "cardNumber": {
      "type": "string",
      "pattern": "^[0-9A-Za-z]{4,32}$",
      "description": "Library card barcode."
    },
    "libraryId": {
      "type": "string",
      "minLength": 1,
      "maxLength": 32,
      "description": "Home library organisation (instantie) in the lending system."
    },
    "name": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "lastName"
      ],
      "properties": {
        "firstNames": {
          "type": "string",
          "maxLength": 200
        },
        "initials": {
          "type": "string",
          "maxLength": 20
        },
        "prefix": {
          "type": "string",
          "maxLength": 20,
          "description": "Dutch tussenvoegsel, e.g. 'van der'."
        },
        "lastName": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        }
      }
    },
    "birthDate": {
      "type": "string",
      "format": "date"
    },
    "gender": {
      "enum": [
        "M",
        "V",
        "X"
      ]
    },
    "email": {
      "type": "string",
      "format": "email",
      "maxLength": 254
    },
    "phone": {
      "type": "string",
      "pattern": "^\\+?[0-9 ()-]{6,20}$"
    },
    "addresses": {
      "type": "array",
      "maxItems": 5,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "street",
          "houseNumber",
          "postalCode",
          "city"
        ],
        "properties": {
          "kind": {
            "enum": [
              "home",
              "postal"
            ]
          },
          "street": {
            "type": "string",
            "maxLength": 200
          },
          "houseNumber": {
            "type": "string",
            "maxLength": 10
          },
          "houseNumberSuffix": {
            "type": "string",
            "maxLength": 10
          },
          "postalCode": {
            "type": "string",
            "maxLength": 10,
            "description": "Dutch postcode '1234 AB' or a foreign code."
          },
          "city": {
            "type": "string",
            "maxLength": 100
          },
          "country": {
            "type": "string",
            "pattern": "^[A-Z]{2}$"
          }
        }
      }
    },
    "notificationChannel": {
      "enum": [
        "email",
        "sms",
        "post"
      ],
      "description": "Where the member wants due-date and reservation messages (the member's own choice)."
    },
    "membership": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "subscription": {
          "type": "string",
          "maxLength": 50,
          "description": "Abonnementsvorm, e.g. 'volwassen-basis', 'jeugd', 'digitaal'."
        },
        "status": {
          "enum": [
            "active",
            "blocked",
            "cancelled"
          ]
        },
        "validUntil": {
          "type": "string",
          "format": "date"
        },
        "branchId": {
          "type": "string",
          "maxLength": 32
        }
      }
    },
    "bankAccount": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "iban"
      ],
      "properties": {
        "iban": {
          "type": "string",
          "pattern": "^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$"
        },
        "bic": {
          "type": "string",
          "pattern": "^[A-Z0-9]{8}([A-Z0-9]{3})?$"
        },
        "holder": {
          "type": "string",
          "maxLength": 70
        }
      }
    },
    "directDebitMandate": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "mandateId",
        "signedOn"
      ],
      "properties": {
        "mandateId": {
          "type": "string",
          "maxLength": 35
        },
        "signedOn": {
          "type": "string",
          "format": "date"
        }
      }
    },
    "balanceCents": {
      "type": "integer",
      "description": "Outstanding fees in euro cents (positive = the member owes)."
    },
    "loans": {
      "type": "array",
      "maxItems": 500,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "itemId"
        ],
        "properties": {
          "itemId": {
            "type": "string",
            "maxLength": 64
          },
          "recordId": {
            "type": "string",
            "maxLength": 64
          },
          "title": {
            "type": "string",
            "maxLength": 500
          },
          "author": {
            "type": "string",
            "maxLength": 200
          },
          "medium": {
            "type": "string",
            "maxLength": 50
          },
          "branchId": {
            "type": "string",
            "maxLength": 32
          },
          "loanedOn": {
            "type": "string",
            "format": "date"
          },
          "dueOn": {
            "type": "string",
            "format": "date"
          }
        }
      }
    },
    "holds": {
      "type": "array",
      "maxItems": 200,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "recordId"
        ],
        "properties": {
          "recordId": {
            "type": "string",
            "maxLength": 64
          },
          "title": {
            "type": "string",
            "maxLength": 500
          },
          "placedOn": {
            "type": "string",
            "format": "date"
          },
          "status": {
            "enum": [
              "active",
              "in-transport",
              "ready",
              "loaned",
              "cancelled"
            ]
          },
          "pickupBranchId": {
            "type": "string",
            "maxLength": 32
          }
        }
      }
    },
    "fees": {
      "type": "array",
      "maxItems": 500,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "feeId",
          "amountCents"
        ],
        "properties": {
          "feeId": {
            "type": "string",
            "maxLength": 64
          },
          "on": {
            "type": "string",
            "format": "date"
          },
          "description": {
            "type": "string",
            "maxLength": 200
          },
          "amountCents": {
            "type": "integer"
          },
          "status": {
            "enum": [
              "open",
              "paid",
              "waived"
            ]
          }
        }
      }
    },
    "interests": {
      "type": "array",
      "maxItems": 50,
      "items": {
        "type": "string",
        "maxLength": 100
      }
    },
    "consents": {
      "type": "object",
      "additionalProperties": false,
      "description": "Explicit choices of the member; absent means not given.",
      "properties": {
        "directDebit": {
          "$ref": "#/$defs/consent"
        },
        "newsletter": {
          "$ref": "#/$defs/consent"
        },
        "researchPanel": {
          "$ref": "#/$defs/consent"
        },
        "loanHistory": {
          "$ref": "#/$defs/consent"
        }
      }
    }
  },
  "$defs": {
    "consent": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "granted",
        "on"
      ],
      "properties": {
        "granted": {
          "type": "boolean"
        },
        "on": {
          "type": "string",
          "format": "date-time"
        }
      }
    }
  }
} as const;
