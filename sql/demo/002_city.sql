-- The demo city's fixed parts: Paris's arrondissements and their streets,
-- the city's departments, the themes of the participatory budget, the agents.

-- The arrondissements: population in thousands (it weighs where citizens
-- live and propose), the share of proposals in a priority neighbourhood
-- (quartier populaire) and the names of those neighbourhoods. The envelope
-- grows with the population: 1 M euros plus 14,000 euros per thousand
-- inhabitants, rounded to 10,000 euros; the whole city has 30 M euros.
create or replace function demo.district_list()
returns table (ord int, code text, name text, citywide boolean, population int,
	envelope_cents bigint, priority_share float8, neighbourhoods text[])
language sql immutable as $$
	select x.ord, x.code, x.name, x.code = 'PARIS', x.pop,
		case when x.code = 'PARIS' then 3000000000
			else round((1000000 + x.pop * 14000) / 10000.0)::bigint * 10000 * 100 end,
		x.share, demo.lines(replace(x.qp, ';', E'\n'))
	from (values
		(1, '75001', '1er arrondissement', 16, 0.0, ''),
		(2, '75002', '2e arrondissement', 21, 0.0, ''),
		(3, '75003', '3e arrondissement', 34, 0.0, ''),
		(4, '75004', '4e arrondissement', 28, 0.0, ''),
		(5, '75005', '5e arrondissement', 58, 0.0, ''),
		(6, '75006', '6e arrondissement', 41, 0.0, ''),
		(7, '75007', '7e arrondissement', 49, 0.0, ''),
		(8, '75008', '8e arrondissement', 35, 0.0, ''),
		(9, '75009', '9e arrondissement', 59, 0.0, ''),
		(10, '75010', '10e arrondissement', 84, 0.25, 'Grange-aux-Belles – Terrage;Buisson Saint-Louis'),
		(11, '75011', '11e arrondissement', 142, 0.15, 'Fontaine au Roi;Belleville – Saint-Maur'),
		(12, '75012', '12e arrondissement', 139, 0.05, 'Porte de Vincennes'),
		(13, '75013', '13e arrondissement', 178, 0.30, 'Chevaleret – Oudiné;Villa d''Este – Place de Vénétie;Bédier – Boutroux'),
		(14, '75014', '14e arrondissement', 134, 0.15, 'Porte de Vanves;Didot – Porte de Vanves'),
		(15, '75015', '15e arrondissement', 229, 0.0, ''),
		(16, '75016', '16e arrondissement', 162, 0.0, ''),
		(17, '75017', '17e arrondissement', 164, 0.15, 'Porte Pouchet;Porte de Saint-Ouen'),
		(18, '75018', '18e arrondissement', 189, 0.50, 'Goutte d''Or;Porte de la Chapelle – Charles Hermite;Porte Montmartre – Porte de Clignancourt;Blémont'),
		(19, '75019', '19e arrondissement', 181, 0.50, 'Flandre;Danube – Solidarité – Marseillaise;Stalingrad – Riquet;Algérie'),
		(20, '75020', '20e arrondissement', 192, 0.45, 'Belleville – Amandiers;Porte de Montreuil;Saint-Blaise;Python – Duvernois'),
		(21, 'PARIS', 'Tout Paris', 0, 0.0, '')
	) as x (ord, code, name, pop, share, qp)
$$;

-- Real streets of each arrondissement, where proposals are located.
create or replace function demo.street_list() returns table (code text, streets text[])
language sql immutable as $$
	select split_part(l, ':', 1), demo.lines(replace(split_part(l, ':', 2), ';', E'\n'))
	from unnest(demo.lines($t$
75001: rue de Rivoli;rue Saint-Honoré;rue du Louvre;place du Châtelet;rue des Halles;rue Jean-Jacques Rousseau
75002: rue Montmartre;rue Réaumur;rue du Caire;rue Saint-Denis;rue de Cléry;rue Montorgueil
75003: rue de Bretagne;rue de Turbigo;rue du Temple;rue Charlot;rue des Archives;rue Volta
75004: rue Saint-Antoine;rue des Rosiers;quai de l'Hôtel de Ville;rue Saint-Paul;boulevard Morland;rue de la Verrerie
75005: rue Mouffetard;boulevard Saint-Michel;rue Monge;rue Censier;rue Claude Bernard;place de la Contrescarpe
75006: rue de Rennes;rue de Vaugirard;rue du Cherche-Midi;boulevard Raspail;rue Saint-Sulpice;rue de Sèvres
75007: rue de Grenelle;rue Cler;avenue Bosquet;rue du Bac;rue de Babylone;avenue de Saxe
75008: rue de Rome;boulevard Malesherbes;rue La Boétie;rue de Miromesnil;rue du Faubourg Saint-Honoré;rue de Lisbonne
75009: rue des Martyrs;rue de Maubeuge;rue Saint-Lazare;rue Lamartine;rue de Provence;rue Cadet
75010: rue du Faubourg Saint-Denis;quai de Valmy;rue de Paradis;rue des Vinaigriers;boulevard de Magenta;rue du Château-Landon
75011: rue Oberkampf;boulevard Voltaire;rue de la Roquette;avenue Parmentier;rue Saint-Maur;rue de Charonne
75012: avenue Daumesnil;rue de Charenton;boulevard Diderot;rue de Picpus;cours de Vincennes;rue de Reuilly
75013: avenue d'Italie;rue de Tolbiac;boulevard Vincent Auriol;rue de la Butte-aux-Cailles;avenue de Choisy;rue du Chevaleret
75014: rue d'Alésia;avenue du Maine;rue Raymond Losserand;rue Daguerre;boulevard Brune;rue Didot
75015: rue de la Convention;rue du Commerce;rue Lecourbe;rue Saint-Charles;boulevard de Grenelle;rue de Vouillé
75016: avenue de Versailles;rue de Passy;avenue Mozart;rue d'Auteuil;avenue Paul Doumer;rue de la Pompe
75017: avenue de Clichy;rue des Dames;rue de Lévis;rue Legendre;boulevard Bessières;avenue de Saint-Ouen
75018: rue Ordener;boulevard Barbès;rue Marcadet;rue Championnet;rue de la Goutte d'Or;rue Lepic
75019: avenue Jean Jaurès;rue de Crimée;quai de la Seine;rue de Belleville;avenue de Flandre;rue Manin
75020: rue des Pyrénées;rue de Bagnolet;rue de Ménilmontant;boulevard Davout;rue des Vignoles;rue des Amandiers
$t$)) l
$$;

-- The city's departments that study and carry out the proposals.
create or replace function demo.department_list() returns table (ord bigint, code text, name text)
language sql immutable as $$
	select e.ord, e.key, e.value from demo.entries($t$
DEVE: Direction des Espaces Verts et de l'Environnement
DVD: Direction de la Voirie et des Déplacements
DASCO: Direction des Affaires Scolaires
DAC: Direction des Affaires Culturelles
DJS: Direction de la Jeunesse et des Sports
DPE: Direction de la Propreté et de l'Eau
DASES: Direction de l'Action Sociale, de l'Enfance et de la Santé
DFPE: Direction des Familles et de la Petite Enfance
DCPA: Direction des Constructions Publiques et de l'Architecture
DAE: Direction de l'Attractivité et de l'Emploi
DDCT: Direction de la Démocratie, des Citoyen·ne·s et des Territoires
$t$) e
$$;

-- The themes of the Paris participatory budget.
create or replace function demo.theme_list() returns table (ord bigint, code text, name text)
language sql immutable as $$
	select e.ord, e.key, e.value from demo.entries($t$
cadre_de_vie: Cadre de vie
education_jeunesse: Education et jeunesse
environnement: Environnement
culture_patrimoine: Culture et patrimoine
solidarites: Solidarités
sport: Sport
mobilites: Mobilités
prevention_securite: Prévention et sécurité
proprete: Propreté
sante: Santé
attractivite_emploi: Attractivité et emploi
$t$) e
$$;

-- The agents: one per role whose login is the role's name (the referent is
-- the roads department's), then colleagues. All log in with "demo".
create or replace function demo.agent_list()
returns table (ord bigint, login text, display_name text, role text, dept text, active boolean)
language sql immutable as $$
	select ord, split_part(value, '|', 1), split_part(value, '|', 2), key,
		nullif(split_part(value, '|', 3), ''), split_part(value, '|', 4) <> 'inactive'
	from demo.entries($t$
admin: admin|Amélie Durand
moderator: moderator|Mathieu Garnier
instructor: instructor|Isabelle Lefèvre
frontoffice: frontoffice|Portail du budget participatif (Lutèce)
referent: referent|Romain Petit|DVD
moderator: c.moreau|Claire Moreau
moderator: b.leroy|Bruno Leroy||inactive
instructor: l.martin|Lucie Martin
instructor: k.diallo|Karim Diallo
admin: f.chevalier|François Chevalier
referent: s.bernard|Sophie Bernard|DEVE
referent: n.roux|Nicolas Roux|DEVE
referent: p.fontaine|Pauline Fontaine|DASCO
referent: h.mercier|Hélène Mercier|DAC
referent: y.benali|Yacine Benali|DJS
referent: a.laurent|Antoine Laurent|DPE
referent: m.girard|Mireille Girard|DASES
referent: e.bonnet|Émilie Bonnet|DFPE
referent: j.lambert|Julien Lambert|DCPA
referent: t.nguyen|Thi Nguyen|DAE
referent: v.rousseau|Vincent Rousseau|DDCT
referent: g.morel|Gilles Morel|DVD
$t$)
$$;
