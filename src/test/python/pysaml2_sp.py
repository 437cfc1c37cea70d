#!/usr/bin/python3
"""A SAML 2.0 service provider built on pysaml2 (Debian's python3-pysaml2), run by Signet's tests.

It is deliberately not our code: pysaml2 parses the response, checks status, audience, recipient,
time conditions and InResponseTo, and verifies signatures with xmlsec1 against the certificate from
Signet's metadata. This script only wires it to HTTP and reports what it accepted, as JSON.
"""
import argparse
import json
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--entity-id", required=True)
    p.add_argument("--idp-metadata", required=True)
    p.add_argument("--sp-key")
    p.add_argument("--sp-cert")
    p.add_argument("--sign-requests", action="store_true")
    p.add_argument("--want-response-signed", action="store_true")
    p.add_argument("--allow-unsolicited", action="store_true")
    p.add_argument("--binding", choices=["redirect", "post"], default="redirect")
    p.add_argument("--force-authn", action="store_true")
    p.add_argument("--is-passive", action="store_true")
    p.add_argument("--name-id-format")
    return p.parse_args()


def make_client(args, base):
    sp = {
        "endpoints": {
            "assertion_consumer_service": [(base + "/acs", BINDING_HTTP_POST)],
            "single_logout_service": [(base + "/sls", BINDING_HTTP_REDIRECT), (base + "/sls", BINDING_HTTP_POST)],
        },
        "allow_unsolicited": args.allow_unsolicited,
        # keep attributes pysaml2 has no converter for (it drops them otherwise)
        "allow_unknown_attributes": True,
        "authn_requests_signed": args.sign_requests,
        "logout_requests_signed": args.sign_requests,
        "want_assertions_signed": True,
        "want_response_signed": args.want_response_signed,
    }
    if args.name_id_format:
        sp["name_id_format"] = [args.name_id_format]
    config = {
        "entityid": args.entity_id,
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "metadata": {"local": [args.idp_metadata]},
        "service": {"sp": sp},
        "accepted_time_diff": 60,
    }
    if args.sp_key:
        config["key_file"] = args.sp_key
        config["cert_file"] = args.sp_cert
    conf = SPConfig()
    conf.load(config)
    return Saml2Client(config=conf), conf


class State:
    """Outstanding request IDs (so InResponseTo is checked) and the last subject (for logout)."""
    lock = threading.Lock()
    outstanding = {}
    last = None


def handler_for(args, client, conf):
    idp_entity = list(client.metadata.identity_provider())[0] if hasattr(client.metadata, "identity_provider") \
        else list(client.metadata.keys())[0]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            sys.stderr.write("pysaml2-sp: " + (fmt % a) + "\n")

        def reply(self, status, body, content_type="application/json", headers=()):
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            query = parse_qs(url.query)
            if url.path == "/metadata":
                metadata = create_metadata_string(None, config=conf, valid=4, sign=False)
                self.reply(200, metadata, "application/xml")
            elif url.path == "/login":
                binding = BINDING_HTTP_REDIRECT if args.binding == "redirect" else BINDING_HTTP_POST
                kwargs = {}
                if args.force_authn:
                    kwargs["force_authn"] = "true"
                if args.is_passive:
                    kwargs["is_passive"] = "true"
                req_id, info = client.prepare_for_authenticate(
                    entityid=idp_entity, relay_state=query.get("relay_state", [""])[0], binding=binding, **kwargs)
                with State.lock:
                    State.outstanding[req_id] = "/"
                if binding == BINDING_HTTP_REDIRECT:
                    location = dict(info["headers"])["Location"]
                    self.reply(302, "", "text/plain", [("Location", location), ("X-Request-Id-Sent", req_id)])
                else:
                    self.reply(200, info["data"], "text/html", [("X-Request-Id-Sent", req_id)])
            else:
                self.reply(404, json.dumps({"ok": False, "error": "no such path"}))

        def do_POST(self):
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode("utf-8"))
            if url.path != "/acs":
                self.reply(404, json.dumps({"ok": False, "error": "no such path"}))
                return
            try:
                with State.lock:
                    outstanding = dict(State.outstanding)
                response = client.parse_authn_request_response(
                    form["SAMLResponse"][0], BINDING_HTTP_POST, outstanding)
                if response is None:
                    raise ValueError("pysaml2 returned no response")
                assertion = response.assertion
                statement = assertion.authn_statement[0] if assertion.authn_statement else None
                with State.lock:
                    State.outstanding.pop(response.in_response_to, None)
                    State.last = response.name_id
                self.reply(200, json.dumps({
                    "ok": True,
                    "name_id": response.name_id.text,
                    "name_id_format": response.name_id.format,
                    "issuer": response.issuer(),
                    "attributes": response.ava,
                    "session_index": statement.session_index if statement else None,
                    "in_response_to": response.in_response_to,
                    "relay_state": form.get("RelayState", [None])[0],
                }))
            except Exception as e:  # report every refusal to the test, with pysaml2's own words
                traceback.print_exc(file=sys.stderr)
                self.reply(400, json.dumps({"ok": False, "error": "%s: %s" % (type(e).__name__, e)}))

    return Handler


def main():
    args = parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), BaseHTTPRequestHandler)
    base = "http://127.0.0.1:%d" % server.server_address[1]
    client, conf = make_client(args, base)
    server.RequestHandlerClass = handler_for(args, client, conf)
    print("LISTENING %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
