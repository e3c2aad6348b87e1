# A receiver written from the customer document alone (voicehire-webhooks-doc.fr.txt): its
# verify_webhook function, unchanged but for taking the request's parts as arguments, behind Python's
# standard HTTP server. It prints one JSON line per delivery so the test can check every one.
import hashlib
import hmac
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = sys.argv[1]


def verify_webhook(headers, body):
    signature = headers.get('X-VoiceHire-Signature')
    if not signature:
        return False
    # Extraire la signature (format: sha256=...)
    expected_sig = signature.split('=')[1]
    # Calculer la signature
    payload = body
    secret = SECRET
    calculated_sig = hmac.new(
        secret.encode('utf-8'),
        payload,
        hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected_sig, calculated_sig)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        accepted = verify_webhook(self.headers, body)
        # The Flask example's own check, too: the whole header against 'sha256=' + hex.
        expected = 'sha256=' + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        event = json.loads(body)
        print(json.dumps({
            'accepted': accepted and self.headers.get('X-VoiceHire-Signature') == expected,
            'event_id': self.headers.get('X-VoiceHire-Event-Id'),
            'event_header': self.headers.get('X-VoiceHire-Event'),
            'event': event['event'],
            'body_sha256': hashlib.sha256(body).hexdigest(),
        }), flush=True)
        self.send_response(200 if accepted else 401)
        self.send_header('Content-Type', 'application/json')
        self.end_headers()
        self.wfile.write(b'{"status": "received"}')

    def log_message(self, *args):
        pass


server = HTTPServer(('127.0.0.1', 0), Handler)
print(json.dumps({'port': server.server_address[1]}), flush=True)
server.serve_forever()
