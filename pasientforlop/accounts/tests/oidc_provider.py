"""A small OpenID Connect provider on loopback, for testing the real log-in flow end to end."""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class Provider:
    def __init__(self, client_id: str, subject: str):
        self.client_id = client_id
        self.subject = subject
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tamper_nonce = False
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

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
                            "token_endpoint": provider.issuer + "/token",
                            "jwks_uri": provider.issuer + "/jwks",
                            "id_token_signing_alg_values_supported": ["RS256"],
                        }
                    )
                if url.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    return self._json({"keys": [jwk | {"kid": "k1", "use": "sig", "alg": "RS256"}]})
                if url.path == "/authorize":
                    query = dict(urllib.parse.parse_qsl(url.query))
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    target = f"{query['redirect_uri']}?code={code}&state={query['state']}"
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                    return None
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                length = int(self.headers["Content-Length"])
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                request = provider.codes.pop(form.get("code"), None)
                challenge = (
                    base64.urlsafe_b64encode(
                        hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                    )
                    .rstrip(b"=")
                    .decode()
                )
                if request is None or challenge != request["code_challenge"]:
                    return self._json({"error": "invalid_grant"}, 400)
                now = int(time.time())
                claims = {
                    "iss": provider.issuer,
                    "aud": provider.client_id,
                    "sub": provider.subject,
                    "iat": now,
                    "exp": now + 300,
                    "nonce": "forged" if provider.tamper_nonce else request["nonce"],
                }
                token = jwt.encode(claims, provider.key, "RS256", headers={"kid": "k1"})
                return self._json({"id_token": token, "access_token": "a", "token_type": "Bearer"})

        return Handler
