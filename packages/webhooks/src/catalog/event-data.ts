/**
 * The `data` of each event, with exactly the source document's field names and types.
 * Every field is required; no other field is ever sent.
 */

export interface CampaignCreatedData {
  campaign_id: string;
  job_title: string;
  contract_type: string;
  candidate_link: string;
  questions_count: number;
  status: string;
}

export interface CampaignStatusChangedData {
  campaign_id: string;
  job_title: string;
  old_status: string;
  new_status: string;
}

/** The campaign and the candidate every candidate event is about. */
export interface CandidateEventData {
  campaign_id: string;
  candidate_id: string;
  first_name: string;
  last_name: string;
}

export interface CandidateAddedData extends CandidateEventData {
  email: string;
  phone: string;
  call_queued: boolean;
}

export interface CandidateSourcedData extends CandidateEventData {
  phone: string;
  sms_sent: boolean;
}

export interface CandidateInterviewStartedData extends CandidateEventData {}

export interface CandidateInterviewCompletedData extends CandidateEventData {
  email: string;
  phone: string;
  interview_score: number;
  availability: string;
  /** A calendar date, `YYYY-MM-DD`. */
  availability_start: string;
  salary_expectation: string;
  candidate_alignment: string;
  strengths: string;
  concerns: string;
}

/** One answered question of an interview (in `candidate.interview.completed.extended`). */
export interface InterviewResponse {
  question: string;
  answer: string;
  score: number;
  explanation: string;
}

export interface CandidateInterviewCompletedExtendedData extends CandidateInterviewCompletedData {
  responses: InterviewResponse[];
}

export const FAILURE_REASONS = ["voicemail", "no_answer", "user_hangup", "technical_error"] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface CandidateInterviewFailedData extends CandidateEventData {
  failure_reason: FailureReason;
}

export interface CreditsLowData {
  credits_remaining: number;
  threshold: number;
}

export interface CreditsDepletedData {
  credits_remaining: number;
  last_campaign_id: string;
}

/** Event type name → the type of its `data`. */
export type EventDataMap = {
  "campaign.created": CampaignCreatedData;
  "campaign.status_changed": CampaignStatusChangedData;
  "candidate.added": CandidateAddedData;
  "candidate.sourced": CandidateSourcedData;
  "candidate.interview.started": CandidateInterviewStartedData;
  "candidate.interview.completed": CandidateInterviewCompletedData;
  "candidate.interview.completed.extended": CandidateInterviewCompletedExtendedData;
  "candidate.interview.failed": CandidateInterviewFailedData;
  "credits.low": CreditsLowData;
  "credits.depleted": CreditsDepletedData;
};
