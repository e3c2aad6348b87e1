import type { DocLanguage } from "./doc-language.js";

/**
 * The verification examples of the consumer docs. Their comments follow the page's language; their
 * code is the same in both, and test/docs-examples.test.ts runs it as printed.
 */
type Comments = { readonly [key: string]: { readonly fr: string; readonly en: string } };

function commenter<C extends Comments>(comments: C, language: DocLanguage) {
  return (key: keyof C) => (comments[key] as C[keyof C])[language];
}

const tsComments = {
  secret: {
    fr: "Le secret de l’endpoint, tel que saisi dans VoiceHire (API → Webhooks).",
    en: "The endpoint's secret, as set in VoiceHire (API → Webhooks).",
  },
  test: {
    fr: "une livraison de test (bouton « Tester ») : pas un vrai candidat",
    en: 'a test delivery (the "Tester" button): not a real candidate',
  },
  middleware: {
    fr: "Vérifie la signature sur le corps brut, ignore les doublons (même id) et répond 200 aussitôt.",
    en: "Verifies the signature on the raw body, skips duplicates (same id) and answers 200 at once.",
  },
  construct: {
    fr: "Dans tout autre framework : le corps brut (octets exacts) et les en-têtes ; renvoie le statut à répondre.",
    en: "In any other framework: the raw body (exact bytes) and the headers; returns the status to answer.",
  },
  status: {
    fr: "401 : mauvaise signature, 400 : requête mal formée (voir error.code)",
    en: "401: bad signature, 400: malformed request (see error.code)",
  },
} as const;

/** A complete Node.js receiver with the SDK's handler and `node:http` middleware. */
export function typescriptHandlerExample(language: DocLanguage): string {
  const c = commenter(tsComments, language);
  return `import { createServer } from "node:http";
import { createNodeMiddleware, createWebhookHandler } from "@voicehire/webhooks";

// ${c("secret")}
const webhooks = createWebhookHandler({ secrets: process.env.VOICEHIRE_WEBHOOK_SECRET ?? "" });

webhooks.on("candidate.interview.completed", async (event) => {
  if (event.test) return; // ${c("test")}
  const { first_name, last_name, interview_score } = event.data;
  console.log(\`Interview completed for \${first_name} \${last_name}\`);
  console.log(\`Score: \${interview_score}\`);
});

webhooks.on("candidate.interview.failed", (event) => {
  console.log(\`Interview failed for \${event.data.candidate_id}: \${event.data.failure_reason}\`);
});

// ${c("middleware")}
const server = createServer(createNodeMiddleware(webhooks, { path: "/webhook/voicehire" }));
server.listen(3000);
`;
}

/** `constructEvent`, for any framework. */
export function typescriptConstructEventExample(language: DocLanguage): string {
  const c = commenter(tsComments, language);
  return `import { constructEvent, isWebhookVerificationError } from "@voicehire/webhooks";

// ${c("construct")}
export async function receiveVoiceHireWebhook(rawBody: Uint8Array, headers: Record<string, string>) {
  try {
    const event = await constructEvent(rawBody, headers, process.env.VOICEHIRE_WEBHOOK_SECRET ?? "");
    if (event.event === "candidate.interview.completed" && !event.test) {
      console.log(\`Score: \${event.data.interview_score}\`);
    }
    return 200;
  } catch (error) {
    if (isWebhookVerificationError(error)) return error.status; // ${c("status")}
    throw error;
  }
}
`;
}

const pyComments = {
  secret: { fr: "Le secret partagé de l’endpoint", en: "The endpoint's shared secret" },
  seen: {
    fr: "ids déjà traités (en production : votre base de données)",
    en: "ids already processed (in production: your database)",
  },
  compare: {
    fr: "Comparer tout l’en-tête à 'sha256=' + hex, en temps constant",
    en: "Compare the whole header with 'sha256=' + hex, in constant time",
  },
  verify: {
    fr: "Vérifier la signature sur les octets bruts du corps",
    en: "Verify the signature on the raw bytes of the body",
  },
  skip: {
    fr: "Ignorer les livraisons de test et les événements déjà traités (nouveaux essais)",
    en: "Skip test deliveries and events already processed (retries)",
  },
  process: { fr: "Traiter l'entretien terminé", en: "Process the completed interview" },
  answer: { fr: "Répondre rapidement", en: "Answer quickly" },
} as const;

/** The source document's Flask example, corrected (see the list under it in the docs). */
export function pythonFlaskExample(language: DocLanguage): string {
  const c = commenter(pyComments, language);
  return `import hashlib
import hmac
import json
import os

from flask import Flask, jsonify, request

app = Flask(__name__)
# ${c("secret")}
WEBHOOK_SECRET = os.environ.get('VOICEHIRE_WEBHOOK_SECRET', 'votre_secret_partage')
processed_ids = set()  # ${c("seen")}


def verify_webhook(payload, signature):
    if not signature or not WEBHOOK_SECRET:
        return False
    # ${c("compare")}
    expected = 'sha256=' + hmac.new(
        WEBHOOK_SECRET.encode('utf-8'),
        payload,
        hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected.encode('utf-8'), signature.encode('utf-8'))


@app.route('/webhook/voicehire', methods=['POST'])
def handle_webhook():
    # ${c("verify")}
    payload = request.get_data()
    if not verify_webhook(payload, request.headers.get('X-VoiceHire-Signature')):
        return jsonify({'error': 'Invalid signature'}), 401

    event_data = json.loads(payload)
    # ${c("skip")}
    if event_data.get('test') or event_data['id'] in processed_ids:
        return jsonify({'status': 'received'}), 200

    event_type = event_data['event']
    if event_type == 'candidate.interview.completed':
        # ${c("process")}
        candidate = event_data['data']
        print(f"Interview completed for {candidate['first_name']} {candidate['last_name']}")
        print(f"Score: {candidate['interview_score']}")

    processed_ids.add(event_data['id'])
    # ${c("answer")}
    return jsonify({'status': 'received'}), 200
`;
}
