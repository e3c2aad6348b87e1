/** Les textes de la livraison ordonnée par clé (candidat ou campagne), en français. */
export const orderingFr = {
  "ordering.title": "Ordre de livraison",
  "ordering.help":
    "Ordonnée : les événements d’un même candidat (ou d’une même campagne) arrivent dans l’ordre de publication, le suivant attend que le précédent ait réussi ou définitivement échoué. Les autres clés avancent en parallèle. S’applique aux livraisons créées après l’enregistrement.",
  "ordering.none": "Aucun ordre garanti (par défaut, le plus rapide)",
  "ordering.candidate": "Dans l’ordre, par candidat (candidate_id)",
  "ordering.campaign": "Dans l’ordre, par campagne (campaign_id)",
  "ordering.line": "Livraison ordonnée : {choice}",
  "ordering.summary_none": "non, sans ordre garanti",
  "ordering.summary_candidate": "par candidat (candidate_id)",
  "ordering.summary_campaign": "par campagne (campaign_id)",
  "ordering.waiting_candidate": "En attente de la livraison {delivery} (même candidat {key})",
  "ordering.waiting_campaign": "En attente de la livraison {delivery} (même campagne {key})",
  "ordering.waiting_key": "En attente de la livraison {delivery} (même clé {key})",
} as const;
