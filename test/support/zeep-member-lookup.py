"""MemberLookup through zeep, a third-party SOAP client (Debian's python3-zeep), as another library's desk would.

Reads one JSON object from stdin:
  {"wsdl": URL of the WSDL, "username": ..., "password": ..., "cardNumber": ...,
   "timestamp": "none" | "current" | "expired"}
loads the WSDL from the gateway, calls MemberLookup at the address the WSDL names, with a WS-Security
UsernameToken (PasswordText) and, when asked, a wsu:Timestamp, and prints one JSON object on stdout:
  {"kind": "member", "address": ..., "member": {...}}
  {"kind": "fault", "address": ..., "code": faultcode, "detailCode": the ServiceFault's Code}
The password comes on stdin, not the command line, so no process listing shows it.
"""
import datetime
import json
import sys

import requests
from zeep import Client
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.transports import Transport
from zeep.wsse.username import UsernameToken
from zeep.wsse.utils import WSU

CARD_SERVICE_NS = "urn:bieb-gateway:overijssel:card-service:v1"


def zulu(moment):
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def timestamp_token(kind):
    if kind == "none":
        return None
    if kind == "expired":
        return WSU.Timestamp(WSU.Created("2019-12-31T23:55:00Z"), WSU.Expires("2020-01-01T00:00:00Z"))
    now = datetime.datetime.now(datetime.timezone.utc)
    return WSU.Timestamp(WSU.Created(zulu(now)), WSU.Expires(zulu(now + datetime.timedelta(minutes=5))))


def detail_code(fault):
    if fault.detail is None:
        return None
    code = fault.detail.find("{%s}ServiceFault/{%s}Code" % (CARD_SERVICE_NS, CARD_SERVICE_NS))
    return None if code is None else code.text


def main():
    request = json.load(sys.stdin)
    session = requests.Session()
    session.trust_env = False  # loopback only: no proxy from the environment
    token = UsernameToken(request["username"], request["password"], timestamp_token=timestamp_token(request.get("timestamp", "none")))
    client = Client(request["wsdl"], wsse=token, transport=Transport(session=session, timeout=10, operation_timeout=10))
    address = client.service._binding_options["address"]
    try:
        member = client.service.MemberLookup(CardNumber=request["cardNumber"])
    except Fault as fault:
        print(json.dumps({"kind": "fault", "address": address, "code": fault.code, "detailCode": detail_code(fault)}))
        return
    print(json.dumps({"kind": "member", "address": address, "member": serialize_object(member, dict)}, default=str))


if __name__ == "__main__":
    main()
