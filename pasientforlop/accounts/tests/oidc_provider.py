"""A small OpenID Connect provider on loopback, for testing the real log-in flow end to end.

It behaves as HelseID does where the product depends on it: pushed authorisation requests are
required (RFC 9126), clients authenticate with ``private_key_jwt`` (RFC 7523; the assertion is
verified against the client's registered public key, audience, expiry and single use of
``jti``), PKCE S256 is required, and ID tokens carry HelseID's claims. Tokens are signed with
an RSA key published at ``jwks_uri``. The ``tamper_*`` switches make it misbehave the ways an
attacker in the middle would.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class Provider:
    def __init__(self, client_id: str, subject: str, client_public_key: dict, claims=None):
        self.client_id = client_id
        self.subject = subject
        self.client_key = RSAKey.import_key(client_public_key)
        self.extra_claims = dict(claims or {})
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.codes: dict[str, dict] = {}
        self.pushed: dict[str, dict] = {}
        self.used_jti: set[str] = set()
        self.client_auth_seen: list[str] = []
        self.par_requests = 0
        self.tamper_nonce = False
        self.tamper_audience = False
        self.tamper_signature = False
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def _client_authenticated(self, form: dict, endpoint: str) -> bool:
        """private_key_jwt only: a client secret or no authentication is refused."""
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            self.client_auth_seen.append("none")
            return False
        try:
            token = jwt.decode(form.get("client_assertion", ""), self.client_key)
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self.client_id},
                sub={"essential": True, "value": self.client_id},
                aud={"essential": True, "values": [self.issuer, self.issuer + endpoint]},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(token.claims)
        except (JoseError, ValueError):
            self.client_auth_seen.append("bad")
            return False
        if token.claims["jti"] in self.used_jti:
            self.client_auth_seen.append("replayed")
            return False
        self.used_jti.add(token.claims["jti"])
        self.client_auth_seen.append("private_key_jwt")
        return True

    def _id_token(self, request: dict) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": "someone-else" if self.tamper_audience else self.client_id,
            "sub": self.subject,
            "iat": now,
            "exp": now + 300,
            "nonce": "forged" if self.tamper_nonce else request["nonce"],
            "helseid://claims/identity/security_level": "4",
            "helseid://claims/identity/pid": "13097248022",
        } | self.extra_claims
        key = self.key
        if self.tamper_signature:
            key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, body, status=200):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(
                        {
                            "issuer": provider.issuer,
                            "authorization_endpoint": provider.issuer + "/authorize",
                            "pushed_authorization_request_endpoint": provider.issuer + "/par",
                            "require_pushed_authorization_requests": True,
                            "token_endpoint": provider.issuer + "/token",
                            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                            "code_challenge_methods_supported": ["S256"],
                            "jwks_uri": provider.issuer + "/jwks",
                            "id_token_signing_alg_values_supported": ["RS256"],
                        }
                    )
                if url.path == "/jwks":
                    return self._json({"keys": [provider.key.as_dict(private=False)]})
                if url.path == "/authorize":
                    query = dict(urllib.parse.parse_qsl(url.query))
                    pushed = provider.pushed.pop(query.get("request_uri", ""), None)
                    if pushed is None or query.get("client_id") != provider.client_id:
                        return self._json({"error": "invalid_request_uri"}, 400)
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = pushed
                    target = f"{pushed['redirect_uri']}?" + urllib.parse.urlencode(
                        {"code": code, "state": pushed["state"]}
                    )
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                return self._json({"error": "not_found"}, 404)

            def _form(self) -> dict:
                length = int(self.headers["Content-Length"])
                return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))

            def do_POST(self):
                url = urllib.parse.urlparse(self.path)
                form = self._form()
                if url.path == "/par":
                    provider.par_requests += 1
                    if not provider._client_authenticated(form, "/par"):
                        return self._json({"error": "invalid_client"}, 401)
                    if form.get("code_challenge_method") != "S256" or not form.get(
                        "code_challenge"
                    ):
                        return self._json({"error": "invalid_request"}, 400)
                    request_uri = "urn:ietf:params:oauth:request_uri:" + secrets.token_urlsafe(16)
                    provider.pushed[request_uri] = form
                    return self._json({"request_uri": request_uri, "expires_in": 60}, 201)
                if url.path != "/token":
                    return self._json({"error": "not_found"}, 404)
                if not provider._client_authenticated(form, "/token"):
                    return self._json({"error": "invalid_client"}, 401)
                request = provider.codes.pop(form.get("code"), None)
                challenge = (
                    base64.urlsafe_b64encode(
                        hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                    )
                    .rstrip(b"=")
                    .decode()
                )
                if (
                    request is None
                    or challenge != request["code_challenge"]
                    or form.get("redirect_uri") != request["redirect_uri"]
                ):
                    return self._json({"error": "invalid_grant"}, 400)
                return self._json(
                    {
                        "id_token": provider._id_token(request),
                        "access_token": secrets.token_urlsafe(16),
                        "token_type": "Bearer",
                        "expires_in": 300,
                    }
                )

        return Handler
