import type { JsonSchema, ObjectSchema } from "../schema/json-schema.js";
import { FAILURE_REASONS } from "./event-data.js";
import type { EventType } from "./event-types.js";

/** An object whose listed properties are all required and nothing else is allowed. */
function strictObject(
  description: string,
  properties: { readonly [name: string]: JsonSchema },
): ObjectSchema {
  return {
    type: "object",
    description,
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

const id = (description: string): JsonSchema => ({ type: "string", minLength: 1, description });
const text = (description: string): JsonSchema => ({ type: "string", description });

const campaignId = id("The campaign's id.");
const candidateId = id("The candidate's id.");
const firstName = text("The candidate's first name.");
const lastName = text("The candidate's last name.");
const email = text("The candidate's email address.");
const phone = text("The candidate's phone number.");

/** The campaign and the candidate every candidate event is about. */
const candidateProperties = {
  campaign_id: campaignId,
  candidate_id: candidateId,
  first_name: firstName,
  last_name: lastName,
} satisfies { readonly [name: string]: JsonSchema };

const interviewCompletedProperties = {
  ...candidateProperties,
  email,
  phone,
  interview_score: { type: "number", description: "The interview's overall score (e.g. 8.5)." },
  availability: text("When the candidate is available, in their words."),
  availability_start: {
    type: "string",
    format: "date",
    description: "The first day the candidate is available (YYYY-MM-DD).",
  },
  salary_expectation: text("The candidate's salary expectation (e.g. 45000 EUR)."),
  candidate_alignment: text("How well the candidate matches the job."),
  strengths: text("The candidate's strengths."),
  concerns: text("Points of concern about the candidate."),
} satisfies { readonly [name: string]: JsonSchema };

const interviewResponse = strictObject("One answered interview question.", {
  question: text("The question asked."),
  answer: text("The candidate's answer."),
  score: { type: "number", description: "The answer's score." },
  explanation: text("Why the answer got that score."),
});

/** The JSON Schema of each event's `data`. */
export const eventSchemas: { readonly [T in EventType]: ObjectSchema } = {
  "campaign.created": strictObject("A new campaign was created.", {
    campaign_id: campaignId,
    job_title: text("The job title of the campaign."),
    contract_type: text("The contract type (e.g. CDI)."),
    candidate_link: { type: "string", format: "uri", description: "The link candidates use to apply." },
    questions_count: {
      type: "integer",
      minimum: 0,
      description: "How many interview questions the campaign has.",
    },
    status: text("The campaign's status (e.g. active)."),
  }),
  "campaign.status_changed": strictObject("A campaign's status changed.", {
    campaign_id: campaignId,
    job_title: text("The job title of the campaign."),
    old_status: text("The status before the change."),
    new_status: text("The status after the change."),
  }),
  "candidate.added": strictObject("A candidate was added to a campaign.", {
    ...candidateProperties,
    email,
    phone,
    call_queued: { type: "boolean", description: "Whether an interview call was queued for the candidate." },
  }),
  "candidate.sourced": strictObject("A candidate was sourced via SMS.", {
    ...candidateProperties,
    phone,
    sms_sent: { type: "boolean", description: "Whether the SMS was sent." },
  }),
  "candidate.interview.started": strictObject("A phone interview started.", {
    ...candidateProperties,
  }),
  "candidate.interview.completed": strictObject(
    "An interview was completed successfully.",
    interviewCompletedProperties,
  ),
  "candidate.interview.completed.extended": strictObject(
    "An interview was completed successfully, with the detailed responses.",
    {
      ...interviewCompletedProperties,
      responses: {
        type: "array",
        items: interviewResponse,
        description: "Each question with its answer and score.",
      },
    },
  ),
  "candidate.interview.failed": strictObject("An interview failed or is incomplete.", {
    ...candidateProperties,
    failure_reason: { type: "string", enum: FAILURE_REASONS, description: "Why the interview failed." },
  }),
  "credits.low": strictObject("The credits fell below the configured threshold.", {
    credits_remaining: { type: "number", description: "The credits left." },
    threshold: { type: "number", minimum: 0, description: "The threshold that was crossed (10 by default)." },
  }),
  "credits.depleted": strictObject("The credits are exhausted.", {
    credits_remaining: { type: "number", description: "The credits left (0 or less)." },
    last_campaign_id: id("The last campaign that used credits."),
  }),
};
