-- The platform's tables: who, where, what was proposed, said, reported,
-- decided and answered. Business rules live in the api.* functions of the
-- later migrations; this file holds only shapes and invariants.

create extension if not exists pgcrypto;

create schema priv;	-- helpers of the api functions, never called from outside
create schema api;	-- one function per API operation

-- The role pupitred works as. It may call api.* and touch the tables, but
-- never rewrite the audit log.
do $$
begin
	if not exists (select from pg_roles where rolname = 'pupitre_app') then
		create role pupitre_app nologin;
	end if;
end
$$;

alter default privileges in schema public
	grant select, insert, update, delete on tables to pupitre_app;
alter default privileges in schema public
	grant usage, select on sequences to pupitre_app;
alter default privileges in schema api
	grant execute on functions to pupitre_app;
alter default privileges in schema priv
	grant execute on functions to pupitre_app;
grant usage on schema api, priv to pupitre_app;
-- made by pupitred migrate before this file runs; the server checks it
grant select on schema_version to pupitre_app;

-- Tunable numbers of the rules, read by priv.setting().
create table settings (
	key	text primary key,
	value	jsonb not null,
	note	text not null
);
insert into settings (key, value, note) values
	('auto_hide_threshold', '3', 'open reports that hide a target pending review'),
	('session_hours', '12', 'lifetime of a session token'),
	('login_free_failures', '3', 'failed logins allowed before slowing down'),
	('login_max_delay_seconds', '900', 'longest wait imposed after failed logins'),
	('block_justification_min', '15', 'shortest justification of a block'),
	('page_limit_max', '1000', 'largest page a list returns');

create table districts (
	id		serial primary key,
	code		text not null unique,
	name		text not null,
	citywide	boolean not null default false,
	envelope_cents	bigint not null default 0 check (envelope_cents >= 0)
);
-- At most one city-wide pseudo-district: the scale of city-wide proposals.
create unique index districts_one_citywide on districts (citywide) where citywide;

create table departments (
	id	serial primary key,
	code	text not null unique,
	name	text not null
);

create table themes (
	id	serial primary key,
	code	text not null unique,
	name	text not null
);

create table editions (
	year		int primary key check (year between 2000 and 2100),
	closed_at	timestamptz
);

create table citizens (
	id		bigserial primary key,
	external_id	text not null unique,
	display_name	text not null,
	email		text,
	district_id	int references districts,
	blocked_until	timestamptz,
	block_reason	text,
	created_at	timestamptz not null default now()
);

create type agent_role as enum
	('moderator', 'referent', 'instructor', 'admin', 'frontoffice');

create table agents (
	id		serial primary key,
	login		text not null unique check (login ~ '^[a-z0-9._-]{1,64}$'),
	display_name	text not null,
	role		agent_role not null,
	department_id	int references departments,
	password_hash	text not null,	-- pgcrypto bcrypt
	active		boolean not null default true,
	created_at	timestamptz not null default now(),
	-- a referent belongs to exactly one department, nobody else to any
	check ((role = 'referent') = (department_id is not null))
);

create table sessions (
	id		bigserial primary key,
	token_hash	bytea not null unique,	-- sha256 of the token; the token itself is never stored
	agent_id	int not null references agents,
	created_at	timestamptz not null default now(),
	expires_at	timestamptz not null,
	revoked_at	timestamptz
);

-- Failed logins per login name (known or not), to slow down guessing.
create table login_failures (
	login		text primary key,
	failures	int not null,
	last_failure_at	timestamptz not null
);

create type proposal_state as enum (
	'submitted', 'admissible', 'inadmissible', 'costing', 'costed', 'merged',
	'selected', 'not_selected', 'winner', 'not_winner', 'withdrawn');

create type proposal_stage as enum (
	'not_started', 'studies', 'procedures', 'works', 'delivery', 'done',
	'abandoned');

create table proposals (
	id			bigserial primary key,
	edition			int not null references editions,
	title			text not null,
	body			text not null,
	author_id		bigint not null references citizens,
	district_id		int not null references districts,	-- the city-wide row for city-wide scale
	theme_id		int references themes,
	address			text,
	priority_neighbourhood	boolean not null default false,
	department_id		int references departments,
	referent_id		int references agents,
	supports		int not null default 0 check (supports >= 0),
	state			proposal_state not null default 'submitted',
	state_reason		text,	-- why inadmissible, not selected...
	stage			proposal_stage,
	merged_into		bigint references proposals,
	-- moderation of the proposal as content
	hidden			boolean not null default false,
	hidden_reason		text,
	hidden_auto		boolean not null default false,	-- hidden by the report threshold, pending review
	escalated_at		timestamptz,
	moderated_by		int references agents,
	moderated_at		timestamptz,
	created_at		timestamptz not null default now(),
	state_changed_at	timestamptz not null default now(),
	updated_at		timestamptz not null default now(),
	updated_by		int references agents,
	version			int not null default 1,
	search			tsvector,	-- kept by proposals_search_update
	check ((state = 'merged') = (merged_into is not null)),
	check (stage is null or state = 'winner'),
	check (merged_into <> id)
);
create index proposals_state on proposals (state, id);
create index proposals_district on proposals (district_id, id);
create index proposals_department on proposals (department_id, id);
create index proposals_referent on proposals (referent_id, id);
create index proposals_author on proposals (author_id);
create index proposals_edition on proposals (edition, state);
create index proposals_search on proposals using gin (search);

-- Only when the text changes: a generated column would stem the whole body
-- again on every state change of a bulk update.
create function priv.proposals_search_update() returns trigger
language plpgsql as $$
begin
	new.search := to_tsvector('french', new.title || ' ' || left(new.body, 20000));
	return new;
end
$$;

create trigger proposals_search_update before insert or update of title, body
	on proposals for each row execute function priv.proposals_search_update();

create table proposal_coauthors (
	proposal_id	bigint not null references proposals,
	citizen_id	bigint not null references citizens,
	via_merge	bigint,	-- the merge that added them, if any
	primary key (proposal_id, citizen_id)
);

create table costings (
	proposal_id	bigint primary key references proposals,
	opinion		text not null check (opinion in ('favourable', 'unfavourable')),
	justification	text not null,
	duration_months	int check (duration_months between 0 and 240),
	total_cents	bigint not null check (total_cents >= 0),
	costed_by	int not null references agents,
	costed_at	timestamptz not null default now()
);

create type cost_category as enum ('investment', 'operating', 'studies', 'other');

create table cost_lines (
	id		bigserial primary key,
	proposal_id	bigint not null references costings on delete cascade,
	position	int not null,
	category	cost_category not null,
	label		text not null,
	amount_cents	bigint not null check (amount_cents >= 0),
	unique (proposal_id, position)
);

create table merges (
	id		bigserial primary key,
	target_id	bigint not null references proposals,
	source_id	bigint not null references proposals,
	merged_by	int not null references agents,
	merged_at	timestamptz not null default now(),
	note		text,
	undone_by	int references agents,
	undone_at	timestamptz,
	check (target_id <> source_id)
);
create index merges_target on merges (target_id);
create index merges_source on merges (source_id);

create table stage_updates (
	id		bigserial primary key,
	proposal_id	bigint not null references proposals,
	stage		proposal_stage not null,
	stage_date	date not null,
	note		text,
	agent_id	int references agents,
	created_at	timestamptz not null default now()
);
create index stage_updates_proposal on stage_updates (proposal_id, id);

-- Consolidated vote results; a recount replaces the row.
create table votes (
	proposal_id	bigint primary key references proposals,
	online		int not null check (online >= 0),
	paper		int not null check (paper >= 0),
	total		int generated always as (online + paper) stored,
	recorded_by	int not null references agents,
	recorded_at	timestamptz not null default now()
);

create table comments (
	id		bigserial primary key,
	proposal_id	bigint not null references proposals,
	parent_id	bigint references comments,
	author_id	bigint not null references citizens,
	body		text not null,
	created_at	timestamptz not null default now(),
	hidden		boolean not null default false,
	hidden_reason	text,
	hidden_auto	boolean not null default false,
	escalated_at	timestamptz,
	moderated_by	int references agents,
	moderated_at	timestamptz,
	version		int not null default 1
);
create index comments_proposal on comments (proposal_id, id);
create index comments_author on comments (author_id);
create index comments_parent on comments (parent_id);

create type target_type as enum ('comment', 'proposal');
create type report_reason as enum ('spam', 'offensive', 'off_topic', 'personal_data', 'other');
create type report_status as enum ('open', 'upheld', 'dismissed');

create table reports (
	id		bigserial primary key,
	target_type	target_type not null,
	target_id	bigint not null,
	reporter_id	bigint not null references citizens,
	reason		report_reason not null,
	details		text,
	status		report_status not null default 'open',
	created_at	timestamptz not null default now(),
	decided_by	int references agents,
	decided_at	timestamptz,
	unique (target_type, target_id, reporter_id)	-- a citizen reports a target once
);
create index reports_open on reports (target_type, target_id) where status = 'open';

create table answer_templates (
	id		serial primary key,
	name		text not null unique,
	body		text not null,
	created_by	int references agents,
	updated_at	timestamptz not null default now(),
	version		int not null default 1
);

create table answers (
	id		bigserial primary key,
	target_type	target_type not null,
	target_id	bigint not null,
	citizen_id	bigint not null references citizens,
	body		text not null,	-- as sent, after rendering
	template_id	int references answer_templates,
	agent_id	int not null references agents,
	batch_id	uuid not null,
	created_at	timestamptz not null default now()
);
create index answers_target on answers (target_type, target_id, created_at);

-- Notifications to citizens, sent by the front office.
create table outbox (
	id		bigserial primary key,
	citizen_id	bigint not null references citizens,
	kind		text not null check (kind in ('answer', 'hide', 'block', 'merge', 'stage')),
	target_type	target_type,
	target_id	bigint,
	payload		jsonb not null,
	created_at	timestamptz not null default now(),
	sent_at		timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;

-- Answers given to retried writes: the same key returns the first answer.
create table idempotency (
	agent_id	int not null references agents,
	key		text not null,
	operation	text not null,
	request		jsonb not null,
	response	jsonb,
	created_at	timestamptz not null default now(),
	primary key (agent_id, key)
);

-- Events consoles care about, in order; NOTIFY carries only the id.
create table events (
	id	bigserial primary key,
	at	timestamptz not null default now(),
	type	text not null,
	payload	jsonb not null
);

-- Every change, who made it and what it was before and after.
create table audit (
	id		bigserial primary key,
	at		timestamptz not null default now(),
	agent_id	int references agents,
	action		text not null,
	target_type	text not null,
	target_id	bigint,
	before		jsonb,
	after		jsonb,
	batch_id	uuid
);
create index audit_target on audit (target_type, target_id, id);
create index audit_agent on audit (agent_id, id);
create index audit_action on audit (action, id);
create index audit_at on audit (at);

revoke update, delete, truncate on audit from pupitre_app;

-- Append-only even for the owner: the grant is the wall, this is the proof.
create function priv.audit_is_append_only() returns trigger
language plpgsql as $$
begin
	raise exception 'the audit log is append-only'
		using errcode = 'PU403';
end
$$;

create trigger audit_no_update before update or delete on audit
	for each row execute function priv.audit_is_append_only();
create trigger audit_no_truncate before truncate on audit
	for each statement execute function priv.audit_is_append_only();
