#!/usr/bin/python3
"""A SAML 2.0 service provider built on pysaml2 (Debian's python3-pysaml2), for interoperability tests.

Signet's tests start it as a separate process so that its responses are judged by an SP that shares no
code with Signet: pysaml2 parses the XML itself and verifies signatures with xmlsec1. Every security
check pysaml2 has stays on; the flags only choose what a real SP's configuration would.

Run with /usr/bin/python3: a pyenv or virtualenv interpreter does not see Debian's dist-packages.
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
from saml2.sigver import verify_redirect_signature

BINDINGS = {"redirect": BINDING_HTTP_REDIRECT, "post": BINDING_HTTP_POST}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--entity-id", help="defaults to <base-url>/metadata")
    p.add_argument("--idp-metadata", required=True, help="the IdP's metadata XML file")
    p.add_argument("--base-url", help="defaults to http://127.0.0.1:<bound port>")
    p.add_argument("--sp-key")
    p.add_argument("--sp-cert")
    p.add_argument("--sign-requests", action="store_true")
    p.add_argument("--want-response-signed", action="store_true")
    p.add_argument("--want-assertions-signed", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--allow-unsolicited", action="store_true", help="accept IdP-initiated responses")
    p.add_argument("--binding", choices=BINDINGS, default="redirect", help="for the AuthnRequest")
    p.add_argument("--force-authn", action="store_true")
    p.add_argument("--is-passive", action="store_true")
    p.add_argument("--name-id-format")
    return p.parse_args()


def sp_config(args, base):
    sp = {
        "endpoints": {
            "assertion_consumer_service": [(base + "/acs", BINDING_HTTP_POST)],
            "single_logout_service": [(base + "/sls", BINDING_HTTP_REDIRECT), (base + "/sls", BINDING_HTTP_POST)],
        },
        "allow_unsolicited": args.allow_unsolicited,
        "authn_requests_signed": args.sign_requests,
        "logout_requests_signed": args.sign_requests,
        # pysaml2's default is True; the test chooses, as an SP administrator would.
        "want_response_signed": args.want_response_signed,
        "want_assertions_signed": args.want_assertions_signed,
        # Keep attributes pysaml2 has no converter for; the JSON reports raw names anyway.
        "allow_unknown_attributes": True,
    }
    if args.name_id_format:
        sp["name_id_format"] = [args.name_id_format]
        sp["name_id_policy_format"] = args.name_id_format
    conf = {
        "entityid": args.entity_id or base + "/metadata",
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "metadata": {"local": [args.idp_metadata]},
        # Small on purpose: an expired or future-dated assertion must fail here as it would at a real SP.
        "accepted_time_diff": 60,
        "service": {"sp": sp},
    }
    if args.sp_key and args.sp_cert:
        conf["key_file"], conf["cert_file"] = args.sp_key, args.sp_cert
    config = SPConfig()
    config.load(conf)
    return config


class Sp:
    """The SP's state. pysaml2 clients are not thread-safe, so one lock serialises every call into it."""

    def __init__(self, args, base):
        self.args = args
        self.config = sp_config(args, base)
        self.client = Saml2Client(config=self.config)
        self.idp = next(iter(self.client.metadata.identity_providers()))
        self.outstanding = {}  # AuthnRequest ID -> RelayState; lets pysaml2 check InResponseTo
        self.last_name_id = None
        self.lock = threading.Lock()

    def metadata(self):
        return create_metadata_string(None, config=self.config).decode()

    def login(self, relay_state):
        kwargs = {}
        if self.args.force_authn:
            kwargs["force_authn"] = "true"
        if self.args.is_passive:
            kwargs["is_passive"] = "true"
        req_id, info = self.client.prepare_for_authenticate(
            entityid=self.idp, relay_state=relay_state, binding=BINDINGS[self.args.binding],
            sign=self.args.sign_requests, nameid_format=self.args.name_id_format, **kwargs)
        self.outstanding[req_id] = relay_state
        return info

    def acs(self, saml_response, relay_state):
        resp = self.client.parse_authn_request_response(saml_response, BINDING_HTTP_POST, dict(self.outstanding))
        if resp is None:  # pysaml2 returns None, not an exception, for a body it cannot unpack
            raise ValueError("pysaml2 could not unpack the SAMLResponse")
        # One response per request: a replayed response for the same request must not log in again.
        self.outstanding.pop(resp.in_response_to, None)
        self.last_name_id = resp.name_id
        attributes = {}
        for statement in resp.assertion.attribute_statement:
            for a in statement.attribute:
                attributes.setdefault(a.name, []).extend(v.text for v in a.attribute_value)
        return {"ok": True, "name_id": resp.name_id.text, "name_id_format": resp.name_id.format,
                "issuer": resp.issuer(), "attributes": attributes,
                "session_index": resp.session_info().get("session_index"),
                "in_response_to": resp.in_response_to, "relay_state": relay_state}

    def logout(self):
        if self.last_name_id is None:
            raise ValueError("nobody is logged in")
        responses = self.client.do_logout(self.last_name_id, [self.idp], reason="", expire=None,
                                          expected_binding=BINDING_HTTP_REDIRECT)
        return responses[self.idp][1]

    def sls(self, params, binding):
        if "SAMLResponse" in params:
            resp = self.client.parse_logout_request_response(params["SAMLResponse"], binding)
            if resp is None:
                raise ValueError("pysaml2 could not unpack the LogoutResponse")
            # pysaml2 does not check HTTP-Redirect query signatures on its own; check them against the IdP's certificates.
            if resp.in_response_to not in self.client.state:
                raise ValueError("LogoutResponse to a request this SP did not send: %s" % resp.in_response_to)
            signed = "Signature" in params and self.query_signature_ok(params)
            self.client.handle_logout_response(resp)
            return {"ok": True, "kind": "LogoutResponse", "status": resp.response.status.status_code.value,
                    "in_response_to": resp.in_response_to, "issuer": resp.issuer(), "query_signed": signed,
                    "relay_state": params.get("RelayState")}
        # A LogoutRequest from the IdP: answer with a LogoutResponse in the binding pysaml2 picks.
        return self.client.handle_logout_request(params["SAMLRequest"], self.last_name_id, binding,
                                                 relay_state=params.get("RelayState", ""))

    def query_signature_ok(self, params):
        for cert in self.client.metadata.certs(self.idp, "idpsso", use="signing"):
            if verify_redirect_signature(params, self.client.sec.sec_backend, cert=cert):
                return True
        raise ValueError("the HTTP-Redirect query signature does not verify with the IdP's certificates")


class Handler(BaseHTTPRequestHandler):
    sp = None  # set in main

    def do_GET(self):
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.dispatch(url.path, params, BINDING_HTTP_REDIRECT)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        params = {k: v[0] for k, v in parse_qs(body).items()}
        self.dispatch(urlparse(self.path).path, params, BINDING_HTTP_POST)

    def dispatch(self, path, params, binding):
        try:
            with self.sp.lock:
                if path == "/metadata":
                    self.answer(200, "application/samlmetadata+xml", self.sp.metadata())
                elif path == "/login":
                    self.binding_answer(self.sp.login(params.get("relay_state", "")))
                elif path == "/acs" and binding == BINDING_HTTP_POST:
                    self.json(200, self.sp.acs(params.get("SAMLResponse"), params.get("RelayState")))
                elif path == "/logout":
                    self.binding_answer(self.sp.logout())
                elif path == "/sls":
                    result = self.sp.sls(params, binding)
                    self.json(200, result) if result.get("ok") else self.binding_answer(result)
                else:
                    self.json(404, {"ok": False, "error": "no such endpoint: " + path})
        except Exception as e:  # every failure is a test result, reported with pysaml2's own words
            traceback.print_exc(file=sys.stderr)
            self.json(400, {"ok": False, "error": "%s: %s" % (type(e).__name__, e)})

    def binding_answer(self, info):
        headers = dict(info["headers"])
        if "Location" in headers:  # HTTP-Redirect binding; pysaml2 says 303, the brief and most IdPs expect 302
            self.answer(302, None, "", {"Location": headers["Location"]})
        else:  # HTTP-POST binding: the auto-submitting form
            self.answer(200, "text/html; charset=utf-8", info["data"])

    def json(self, status, value):
        self.answer(status, "application/json", json.dumps(value))

    def answer(self, status, content_type, text, headers=None):
        body = text.encode()
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        # One request per connection, said out loud: a client must never send its next request on a
        # connection this HTTP/1.0 server is about to close (seen as "received no bytes" in a test run).
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("pysaml2_sp: " + (fmt % args) + "\n")


def main():
    args = parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    port = server.server_address[1]
    # The base URL can depend on the port, so pysaml2 is configured only once the socket is bound.
    Handler.sp = Sp(args, args.base_url or "http://127.0.0.1:%d" % port)
    print("LISTENING %d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
