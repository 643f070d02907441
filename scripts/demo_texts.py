"""The words and sentences the synthetic participants of ``make_demo_data.py`` type.

Each entry is a (French, English) pair, or a (French, English, weight) triple for word lists:
both languages draw the same entry, so both show the same picture. Texts are written the way
phones are typed (short, sometimes casual), and every person in them is referred to in a way
that survives being drawn at random (no "him" whose referent was drawn elsewhere).
"""

from __future__ import annotations

Pair = tuple[str, str]
Weighted = tuple[str, str, float]

# ---------------------------------------------------------------- words, usual rooms

NETWORKING_WORDS: list[Weighted] = [
    ("corvée", "chore", 14),
    ("contacts", "contacts", 11),
    ("cartes professionnelles", "business cards", 7),
    ("bavardage", "small talk", 8),
    ("LinkedIn", "LinkedIn", 4),
    ("stress", "stress", 5),
    ("intérêt", "self-interest", 5),
    ("obligation", "obligation", 4),
    ("opportunités", "opportunities", 3),
    ("poignées de main", "handshakes", 3),
    ("calcul", "calculating", 3),
    ("malaise", "awkward", 3),
    ("événements", "events", 3),
    ("hypocrisie", "fake", 2),
    ("piston", "schmoozing", 2),
    ("cocktail", "cocktails", 2),
    ("carrière", "career", 2),
    ("échange", "exchange", 2),
    ("rencontre", "meeting", 1.5),
    ("vente", "selling", 1),
]

RELATIONSHIP_WORDS: list[Weighted] = [
    ("confiance", "trust", 14),
    ("écoute", "listening", 11),
    ("partage", "sharing", 9),
    ("réciprocité", "reciprocity", 6),
    ("sincérité", "honesty", 5),
    ("entraide", "mutual help", 5),
    ("échange", "exchange", 4),
    ("temps", "time", 4),
    ("authenticité", "authenticity", 4),
    ("rencontre", "meeting", 3),
    ("valeurs", "values", 3),
    ("amitié", "friendship", 3),
    ("curiosité", "curiosity", 3),
    ("respect", "respect", 2),
    ("durée", "lasting", 2),
    ("café", "coffee", 2),
    ("humain", "human", 2),
]

ASKING_WORDS: list[Weighted] = [
    ("déranger", "bother", 13),
    ("peur", "fear", 9),
    ("refus", "rejection", 8),
    ("gêne", "awkward", 7),
    ("culot", "nerve", 5),
    ("stress", "stress", 5),
    ("timidité", "shyness", 4),
    ("intrusion", "intrusive", 3),
    ("temps", "time", 3),
    ("curiosité", "curiosity", 4),
    ("conseil", "advice", 3),
    ("audace", "daring", 2),
    ("apprendre", "learning", 2),
    ("opportunité", "opportunity", 2),
]

INTRODUCING_WORDS: list[Weighted] = [
    ("stress", "stress", 12),
    ("trou de mémoire", "mind going blank", 7),
    ("se vendre", "selling yourself", 8),
    ("CV", "CV", 6),
    ("jugement", "judgement", 6),
    ("parcours", "background", 5),
    ("gêne", "awkward", 5),
    ("titre", "job title", 4),
    ("pitch", "pitch", 4),
    ("rougir", "blushing", 3),
    ("vide", "empty", 2),
    ("rapidité", "speed", 2),
    ("conversation", "conversation", 2),
    ("sourire", "smile", 1.5),
    ("curiosité", "curiosity", 1),
]

# ---------------------------------------------------------------- words, surprising rooms

# A room that already enjoys networking: the same warm words on both sides.
KEEN_NETWORKING_WORDS: list[Weighted] = [
    ("opportunités", "opportunities", 12),
    ("rencontre", "meeting", 11),
    ("échange", "exchange", 10),
    ("contacts", "contacts", 8),
    ("partage", "sharing", 6),
    ("carrière", "career", 5),
    ("LinkedIn", "LinkedIn", 4),
    ("énergie", "energy", 4),
    ("café", "coffee", 3),
    ("confiance", "trust", 3),
    ("événements", "events", 3),
]

KEEN_RELATIONSHIP_WORDS: list[Weighted] = [
    ("échange", "exchange", 11),
    ("rencontre", "meeting", 10),
    ("confiance", "trust", 9),
    ("partage", "sharing", 8),
    ("contacts", "contacts", 5),
    ("opportunités", "opportunities", 5),
    ("écoute", "listening", 4),
    ("café", "coffee", 3),
    ("durée", "lasting", 2),
]

KEEN_ASKING_WORDS: list[Weighted] = [
    ("curiosité", "curiosity", 12),
    ("apprendre", "learning", 10),
    ("conseil", "advice", 8),
    ("rencontre", "meeting", 7),
    ("opportunité", "opportunity", 6),
    ("audace", "daring", 5),
    ("déranger", "bother", 3),
    ("temps", "time", 3),
]

# ---------------------------------------------------------------- offers & needs

OFFER_TEXTS: dict[str, list[Pair]] = {
    "cv": [
        ("Relire un CV ce week-end", "Read over a CV this weekend"),
        ("Un œil neuf sur une lettre de motivation", "A fresh eye on a cover letter"),
    ],
    "intro": [
        ("Je connais du monde en santé publique", "I know people in public health"),
        (
            "Une personne de mon ancienne équipe à présenter",
            "Someone from my old team to introduce",
        ),
    ],
    "sector": [
        ("Raconter le quotidien en logistique", "Describe a day in logistics"),
        ("Le milieu associatif vu de l’intérieur", "The non-profit world from the inside"),
    ],
    "skill": [
        ("Une initiation à Excel", "A beginner’s session on Excel"),
        ("Prendre la parole en public", "Speaking in public"),
    ],
    "feedback": [
        ("Un avis honnête sur un projet", "An honest opinion on a project"),
        ("Relire une présentation", "Go over a presentation"),
    ],
    "listening": [
        ("Un café pour parler de vos doutes", "A coffee to talk through your doubts"),
        ("Une heure d’écoute, sans conseils", "An hour of listening, no advice"),
    ],
    "interview": [
        (
            "Jouer la personne qui recrute, pour s’entraîner",
            "Play the recruiter so you can practise",
        ),
    ],
    "tools": [
        ("Remettre un profil LinkedIn à jour", "Update a LinkedIn profile together"),
    ],
    "language": [
        ("Converser en espagnol", "Conversation in Spanish"),
    ],
    "study": [
        ("Aide en statistiques", "Help with statistics"),
        ("Réviser ensemble avant les examens", "Revise together before exams"),
    ],
    "fresh_eye": [
        ("Tester votre appli ou votre site", "Test your app or website"),
        ("Un regard étudiant sur votre projet", "A student’s view of your project"),
    ],
    "craft": [
        ("Trente ans de menuiserie à transmettre", "Thirty years of joinery to pass on"),
        ("Les ficelles de la gestion de chantier", "The tricks of running a building site"),
    ],
    "decision": [
        ("Un regard sur un plan d’affaires", "An eye on a business plan"),
        (
            "Réfléchir à une offre d’emploi avant de dire oui",
            "Think a job offer through before saying yes",
        ),
    ],
    "transition": [
        ("J’ai quitté la banque pour l’enseignement", "I left banking for teaching"),
    ],
    "mentoring": [
        ("Accompagner une personne en début de carrière", "Support someone early in their career"),
    ],
    "board": [
        ("Une place au comité de mon association", "A seat on my association’s committee"),
    ],
    "digital": [
        ("Montrer les bases de LinkedIn", "Show the basics of LinkedIn"),
    ],
    "generation": [
        ("Le regard de mes 25 ans sur votre projet", "My 25-year-old view of your project"),
    ],
    "sector_news": [
        ("Ce qui change dans l’industrie pharmaceutique", "What is changing in pharma"),
    ],
}

NEED_TEXTS: dict[str, list[Pair]] = {
    "cv": [("Un avis sur mon CV avant de postuler", "Feedback on my CV before I apply")],
    "intro": [
        ("Rencontrer quelqu’un dans l’économie sociale", "Meet someone in the social economy"),
        ("Un contact dans une PME de ma région", "A contact in a small firm near me"),
    ],
    "sector": [
        ("Comprendre le métier de chargé de projet", "Understand what a project officer does"),
        ("Savoir si la formation continue recrute", "Find out if adult education is hiring"),
    ],
    "skill": [("Les bases de la gestion de projet", "The basics of project management")],
    "feedback": [
        ("Un regard sur mon projet de reconversion", "Another view on my career change plan")
    ],
    "listening": [
        ("Parler de ma transition avec quelqu’un", "Talk my transition through with someone")
    ],
    "interview": [
        ("M’entraîner avant un entretien jeudi", "Practise before an interview on Thursday")
    ],
    "tools": [("Comprendre comment utiliser LinkedIn", "Understand how to use LinkedIn")],
    "language": [("Pratiquer l’anglais des affaires", "Practise business English")],
    "study": [("De l’aide pour mon travail de session", "Help with my term paper")],
    "fresh_eye": [("Un avis sur mon portfolio", "Feedback on my portfolio")],
    "craft": [("Apprendre un métier manuel", "Learn a manual trade")],
    "decision": [("Un avis sur ma retraite progressive", "Advice on my phased retirement")],
    "transition": [
        ("Entendre quelqu’un qui a changé de voie", "Hear from someone who changed path")
    ],
    "mentoring": [("Être accompagné pour me lancer", "Support to get started")],
    "board": [("Une expérience de conseil d’administration", "Experience on a board")],
    "digital": [
        ("Comprendre les outils de visioconférence", "Get the hang of video-call tools"),
        ("Refaire mon profil en ligne", "Redo my online profile"),
    ],
    "generation": [("Un regard plus jeune sur mon projet", "A younger view of my project")],
    "sector_news": [("Savoir où en est mon ancien secteur", "Know where my old sector stands")],
}

# ---------------------------------------------------------------- private texts

# One coherent plan per entry: the person, what is offered to them, how and when.
PLANS: list[dict[str, Pair]] = [
    {
        "person": ("Karine, une ancienne collègue", "Karen, a former colleague"),
        "offer": ("Lui envoyer un article sur son sujet", "Send her an article on her subject"),
        "how": ("Un message jeudi midi", "A message on Thursday at lunch"),
    },
    {
        "person": ("M., rencontré en formation", "M., whom I met on a course"),
        "offer": (
            "Le présenter à Nadia, qui cherche un associé",
            "Introduce M. to Nadia, who is looking for a business partner",
        ),
        "how": ("Un courriel ce soir", "An email tonight"),
    },
    {
        "person": (
            "Ma voisine de bureau d’il y a deux ans",
            "The person at the next desk two years ago",
        ),
        "offer": ("La féliciter pour son nouveau poste", "Congratulate them on their new job"),
        "how": ("Un appel vendredi en fin de journée", "A call on Friday afternoon"),
    },
    {
        "person": ("J.-F., mon premier patron", "J., my first boss"),
        "offer": ("Un coup de main pour son déménagement", "A hand with their move"),
        "how": ("Un texto dimanche", "A text on Sunday"),
    },
]

STUDENT_PLANS: list[dict[str, Pair]] = [
    {
        "person": (
            "Une ergothérapeute, amie de ma tante",
            "An occupational therapist, my aunt’s friend",
        ),
        "question": ("À quoi ressemble une semaine type ?", "What does a typical week look like?"),
        "offer": ("Des nouvelles de mon programme", "News from my programme"),
    },
    {
        "person": (
            "L’ingénieur qui est venu parler en classe",
            "The engineer who spoke to our class",
        ),
        "question": (
            "Quel cours vous sert le plus aujourd’hui ?",
            "Which course helps you most today?",
        ),
        "offer": ("Un retour sur sa présentation", "Feedback on their talk"),
    },
    {
        "person": ("Une diplômée de mon programme", "A graduate of my programme"),
        "question": (
            "Quelle a été votre plus grande surprise au début ?",
            "What surprised you most at the start?",
        ),
        "offer": ("Tester le site de son entreprise", "Test their company’s website"),
    },
]

ASKING_PLANS: list[dict[str, Pair]] = [
    {
        "person": ("Une urbaniste de la ville", "A town planner at city hall"),
        "question": ("Comment le métier change-t-il ?", "How is the job changing?"),
        "offer": (
            "Un merci écrit, et des nouvelles en juin",
            "A written thank-you, and news in June",
        ),
        "when": ("Mardi matin", "Tuesday morning"),
    },
    {
        "person": (
            "Le responsable du labo où j’ai fait mon stage",
            "The head of the lab where I interned",
        ),
        "question": ("Qui d’autre devrais-je rencontrer ?", "Who else should I talk to?"),
        "offer": ("Un article sur son domaine", "An article on their field"),
        "when": ("Ce soir", "Tonight"),
    },
    {
        "person": ("A. B., en logistique du froid", "A. B., in cold-chain logistics"),
        "question": ("Qu’est-ce qui rend ce métier difficile ?", "What makes this job hard?"),
        "offer": ("Mon regard neuf sur son secteur", "My fresh eye on their sector"),
        "when": ("Jeudi avant 10 h", "Thursday before 10"),
    },
]

INTRODUCING_PLANS: list[dict[str, Pair]] = [
    {
        "sentence": (
            "J’aime remettre de l’ordre dans ce qui est compliqué.",
            "I love putting order into what is complicated.",
        ),
        "matters": ("Le travail bien fait, l’équipe", "Work done well, the team"),
        "where": ("La réunion de parents jeudi", "The parents’ meeting on Thursday"),
    },
    {
        "sentence": (
            "Je répare des vélos, et j’aimerais réparer autre chose.",
            "I fix bikes, and I would like to fix something else.",
        ),
        "matters": ("Être utile, apprendre", "Being useful, learning"),
        "where": ("Le salon de l’emploi samedi", "The job fair on Saturday"),
    },
    {
        "sentence": (
            "On me demande toujours de relire les courriels importants.",
            "People always ask me to read over important emails.",
        ),
        "matters": ("La clarté, le respect", "Clarity, respect"),
        "where": ("Un appel avec mon ancienne cheffe", "A call with my former manager"),
    },
]

TALK_NOTES: dict[str, list[Pair]] = {
    "talk-offer-match": [
        ("Je lui envoie le nom d’une RH mardi", "I send them an HR contact’s name on Tuesday"),
        ("Café jeudi pour relire son CV", "Coffee on Thursday to read over their CV"),
        ("On s’appelle vendredi pour une simulation", "We talk on Friday for a mock interview"),
        (
            "Rien trouvé, mais une piste : la chambre de commerce",
            "Nothing yet, but a lead: the chamber of commerce",
        ),
    ],
    "talk-first-sentence": [
        ("J’aime comprendre comment les choses marchent.", "I love understanding how things work."),
        ("Ce qui compte pour moi, c’est d’être utile.", "What matters to me is being useful."),
        ("Je suis la personne qui aime organiser.", "I am the person who loves organising."),
        (
            "Je cherche un travail où l’on apprend tous les jours.",
            "I am looking for work where you learn every day.",
        ),
    ],
    "talk-ask-20-minutes": [
        (
            "Votre article m’a donné envie de comprendre votre métier.",
            "Your article made me want to understand your work.",
        ),
        ("Vingt minutes, au moment qui vous arrange.", "Twenty minutes, whenever suits you."),
        (
            "Je ne cherche pas de poste, je cherche à comprendre.",
            "I am not after a job, I want to understand.",
        ),
    ],
}

# ---------------------------------------------------------------- walls

WALL_TEXTS: dict[str, list[Pair]] = {
    "wall-values-students": [
        ("Être utile aux autres", "Being useful to others"),
        ("Prendre soin des gens", "Caring for people"),
        ("L’écologie", "Ecology"),
        ("La justice sociale", "Social justice"),
        ("Créer de mes mains", "Making things with my hands"),
        ("Apprendre toute ma vie", "Learning all my life"),
        ("Transmettre", "Passing things on"),
        ("La liberté d’organiser mon temps", "Freedom to organise my time"),
        ("Travailler en équipe", "Working in a team"),
        ("L’égalité des chances", "Equal opportunities"),
        ("Soigner les animaux", "Caring for animals"),
        ("Rendre la ville plus belle", "Making the city more beautiful"),
    ],
    "wall-good-questions": [
        ("À quoi ressemble une semaine type ?", "What does a typical week look like?"),
        (
            "Quelle a été votre plus grande surprise en commençant ?",
            "What surprised you most when you started?",
        ),
        ("Qu’auriez-vous aimé savoir à mon âge ?", "What do you wish you had known at my age?"),
        ("Qu’est-ce qui rend ce métier difficile ?", "What makes this job hard?"),
        ("Quelles compétences comptent vraiment ?", "Which skills really matter?"),
        ("Qui d’autre devrais-je rencontrer ?", "Who else should I talk to?"),
        (
            "Qu’est-ce qui vous donne de l’énergie dans ce travail ?",
            "What gives you energy in this work?",
        ),
        ("Comment le métier change-t-il ?", "How is the job changing?"),
        ("Quelle erreur éviter en début de carrière ?", "Which mistake should I avoid early on?"),
        ("Y a-t-il des postes ouverts chez vous ?", "Are there openings where you work?"),
    ],
    "wall-first-sentences": [
        (
            "J’aime remettre de l’ordre dans ce qui est compliqué.",
            "I love putting order into what is complicated.",
        ),
        (
            "Je répare des vélos le week-end, et j’aimerais réparer autre chose la semaine.",
            "I fix bikes at the weekend, and I would like to fix something else during the week.",
        ),
        (
            "Je suis la personne à qui l’on demande de relire les courriels importants.",
            "I am the person people ask to read over important emails.",
        ),
        (
            "J’ai passé dix ans à écouter des clients, je veux maintenant écouter des élèves.",
            "I spent ten years listening to customers; now I want to listen to students.",
        ),
        (
            "Ce qui me plaît, c’est quand une équipe trouve enfin la solution.",
            "What I like is when a team finally finds the answer.",
        ),
        (
            "Je viens de changer de pays et j’apprends un métier à nouveau.",
            "I have just moved countries and I am learning a trade again.",
        ),
        (
            "Je dessine des plans de jardins, et je cherche à en faire mon travail.",
            "I draw garden plans, and I would like to make it my job.",
        ),
        (
            "Gestionnaire de projet, 12 ans d’expérience, orientée résultats.",
            "Project manager, 12 years’ experience, results-driven.",
        ),
        (
            "Je suis curieuse de tout ce qui touche à l’eau.",
            "I am curious about anything to do with water.",
        ),
    ],
}
