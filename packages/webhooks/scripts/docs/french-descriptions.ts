/**
 * The French of each English `description` in the catalog's JSON Schemas (the schemas are written in
 * English). Keyed by the English text, so a description changed in the catalog without its French
 * here stops the generator, naming it, instead of leaving a stale translation.
 */
export const frenchDescriptions: Readonly<Record<string, string>> = Object.freeze({
  "The campaign's id.": "L’identifiant de la campagne.",
  "The job title of the campaign.": "L’intitulé du poste de la campagne.",
  "The contract type (e.g. CDI).": "Le type de contrat (par exemple CDI).",
  "The link candidates use to apply.": "Le lien par lequel les candidats postulent.",
  "How many interview questions the campaign has.": "Le nombre de questions d’entretien de la campagne.",
  "The campaign's status (e.g. active).": "Le statut de la campagne (par exemple active).",
  "The status before the change.": "Le statut avant le changement.",
  "The status after the change.": "Le statut après le changement.",
  "The candidate's id.": "L’identifiant du candidat.",
  "The candidate's first name.": "Le prénom du candidat.",
  "The candidate's last name.": "Le nom du candidat.",
  "The candidate's email address.": "L’adresse e-mail du candidat.",
  "The candidate's phone number.": "Le numéro de téléphone du candidat.",
  "Whether an interview call was queued for the candidate.":
    "Indique si un appel d’entretien a été planifié pour le candidat.",
  "Whether the SMS was sent.": "Indique si le SMS a été envoyé.",
  "The interview's overall score (e.g. 8.5).": "La note globale de l’entretien (par exemple 8.5).",
  "When the candidate is available, in their words.": "La disponibilité du candidat, dans ses mots.",
  "The first day the candidate is available (YYYY-MM-DD).":
    "Le premier jour où le candidat est disponible (AAAA-MM-JJ).",
  "The candidate's salary expectation (e.g. 45000 EUR).":
    "Les prétentions salariales du candidat (par exemple 45000 EUR).",
  "How well the candidate matches the job.": "L’adéquation du candidat au poste.",
  "The candidate's strengths.": "Les points forts du candidat.",
  "Points of concern about the candidate.": "Les points de vigilance sur le candidat.",
  "Each question with its answer and score.": "Chaque question, avec la réponse et sa note.",
  "The question asked.": "La question posée.",
  "The candidate's answer.": "La réponse du candidat.",
  "The answer's score.": "La note de la réponse.",
  "Why the answer got that score.": "Pourquoi la réponse a obtenu cette note.",
  "Why the interview failed.": "Pourquoi l’entretien a échoué.",
  "The credits left.": "Les crédits restants.",
  "The threshold that was crossed (10 by default).": "Le seuil franchi (10 par défaut).",
  "The credits left (0 or less).": "Les crédits restants (0 ou moins).",
  "The last campaign that used credits.": "La dernière campagne ayant consommé des crédits.",
});
