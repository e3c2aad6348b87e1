/** Les textes du panneau d'un endpoint en lecture (pull), en français. */
export const pullFr = {
  "pull.title": "Lecture (pull)",
  "pull.help":
    "Cet endpoint n’a pas d’URL : rien n’est envoyé, ses événements sont gardés pour vous. Lisez-les avec GET /v1/endpoints/{id}/events?after=<curseur>, ou avec pullEvents du SDK.",
  "pull.backlog.one": "{count} événement en attente (pas encore confirmé par un curseur)",
  "pull.backlog.other": "{count} événements en attente (pas encore confirmés par un curseur)",
  "pull.last_read": "Dernière lecture : {date}",
  "pull.never_read": "Jamais lu pour l’instant.",
  "pull.create_choice": "Endpoint en lecture (pull) : pas d’URL, vous lisez ses événements avec l’API",
  "pull.kind": "Endpoint en lecture (pull)",
} as const;
