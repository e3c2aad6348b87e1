import type { CandidateEventData, CandidateInterviewCompletedData, EventDataMap } from "./event-data.js";
import type { EventType } from "./event-types.js";

/** The candidate most of the document's examples are about. */
const jeanDupont: CandidateEventData = {
  campaign_id: "abc123def456",
  candidate_id: "550e8400-e29b-41d4-a716-446655440000",
  first_name: "Jean",
  last_name: "Dupont",
};

const completedSample: CandidateInterviewCompletedData = {
  ...jeanDupont,
  email: "[email protected]",
  phone: "0612345678",
  interview_score: 8.5,
  availability: "Disponible immédiatement",
  availability_start: "2024-02-01",
  salary_expectation: "45000 EUR",
  candidate_alignment: "Excellente correspondance",
  strengths: "Expérience React, Communication excellente",
  concerns: "Peu d'expérience en gestion d'équipe",
};

/**
 * The source document's example `data` of each event, verbatim (including its `email` value,
 * which is exactly what the document shows). `.extended` is the completed sample plus the
 * document's one response.
 */
export const eventSamples: { readonly [T in EventType]: EventDataMap[T] } = {
  "campaign.created": {
    campaign_id: "abc123def456",
    job_title: "Développeur Full Stack",
    contract_type: "CDI",
    candidate_link: "https://app.voicehire.io/candidate/abc123def456",
    questions_count: 6,
    status: "active",
  },
  "campaign.status_changed": {
    campaign_id: "abc123def456",
    job_title: "Développeur Full Stack",
    old_status: "active",
    new_status: "paused",
  },
  "candidate.added": {
    ...jeanDupont,
    email: "[email protected]",
    phone: "0612345678",
    call_queued: true,
  },
  "candidate.sourced": {
    campaign_id: "abc123def456",
    candidate_id: "550e8400-e29b-41d4-a716-446655440000",
    first_name: "Marie",
    last_name: "MARTIN",
    phone: "0612345678",
    sms_sent: true,
  },
  "candidate.interview.started": {
    ...jeanDupont,
  },
  "candidate.interview.completed": completedSample,
  "candidate.interview.completed.extended": {
    ...completedSample,
    responses: [
      {
        question: "Quelle est votre expérience avec React?",
        answer: "J'ai 5 ans d'expérience...",
        score: 9,
        explanation: "Expertise approfondie démontrée",
      },
    ],
  },
  "candidate.interview.failed": {
    campaign_id: "abc123def456",
    candidate_id: "550e8400-e29b-41d4-a716-446655440000",
    first_name: "Pierre",
    last_name: "Durand",
    failure_reason: "voicemail",
  },
  "credits.low": { credits_remaining: 8.5, threshold: 10 },
  "credits.depleted": { credits_remaining: 0, last_campaign_id: "abc123def456" },
};

/** The source document's example `timestamp` of each event. */
export const sampleTimestamps: { readonly [T in EventType]: string } = {
  "campaign.created": "2024-01-15T10:30:00Z",
  "campaign.status_changed": "2024-01-15T10:30:00Z",
  "candidate.added": "2024-01-15T10:30:00Z",
  "candidate.sourced": "2024-01-15T10:30:00Z",
  "candidate.interview.started": "2024-01-15T14:30:00Z",
  "candidate.interview.completed": "2024-01-15T14:45:00Z",
  "candidate.interview.completed.extended": "2024-01-15T14:45:00Z",
  "candidate.interview.failed": "2024-01-15T14:35:00Z",
  "credits.low": "2024-01-15T10:00:00Z",
  "credits.depleted": "2024-01-15T15:00:00Z",
};
