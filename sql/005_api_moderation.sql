-- Moderation: the queue of reported content and the decisions on it (hide,
-- dismiss, restore, block the author, escalate to an admin).
--
-- The queue is read from a summary table, moderation_queue, one row per
-- target with open reports, so that a page costs an index range scan
-- whatever the number of open reports. Statement-level triggers keep it
-- right whoever writes: on reports (ingest, decisions, the plain INSERTs of
-- the demo generator) for the counts and times, on comments and proposals
-- for the copies of their moderation state that the filters read.

create table moderation_queue (
	target_type	target_type not null,
	target_id	bigint not null,
	open_count	int not null check (open_count > 0),
	-- open reports per reason
	n_spam		int not null default 0,
	n_offensive	int not null default 0,
	n_off_topic	int not null default 0,
	n_personal_data	int not null default 0,
	n_other		int not null default 0,
	first_report_at	timestamptz not null,
	last_report_at	timestamptz not null,
	-- copies of the target's moderation state
	hidden		boolean not null default false,
	hidden_auto	boolean not null default false,
	escalated_at	timestamptz,
	primary key (target_type, target_id)
);
-- One index per sort order; the tie-break (target_type, target_id) makes
-- each order total, so that keyset pages neither repeat nor skip a row.
create index moderation_queue_recent on moderation_queue (last_report_at, target_type, target_id);
create index moderation_queue_count on moderation_queue (open_count, target_type, target_id);
create index moderation_queue_oldest on moderation_queue (first_report_at, target_type, target_id);
-- The rare states, for the filters that ask for them.
create index moderation_queue_hidden on moderation_queue (target_type, target_id) where hidden;
create index moderation_queue_escalated on moderation_queue (target_type, target_id)
	where escalated_at is not null;

-- Recomputes the queue rows of the given targets from their open reports:
-- the ones left without any leave the queue.
create function priv.moderation_queue_refresh(types target_type[], ids bigint[]) returns void
language sql as $$
	with k as (
		select distinct target_type, target_id from unnest(types, ids) k (target_type, target_id)
	), agg as (
		select k.target_type, k.target_id, count(r.id)::int as open_count,
			count(*) filter (where r.reason = 'spam')::int as n_spam,
			count(*) filter (where r.reason = 'offensive')::int as n_offensive,
			count(*) filter (where r.reason = 'off_topic')::int as n_off_topic,
			count(*) filter (where r.reason = 'personal_data')::int as n_personal_data,
			count(*) filter (where r.reason = 'other')::int as n_other,
			min(r.created_at) as first_report_at, max(r.created_at) as last_report_at
		from k left join reports r on r.target_type = k.target_type
			and r.target_id = k.target_id and r.status = 'open'
		group by k.target_type, k.target_id
	), gone as (
		delete from moderation_queue q using agg
		where q.target_type = agg.target_type and q.target_id = agg.target_id
		  and agg.open_count = 0
	)
	insert into moderation_queue as q (target_type, target_id, open_count, n_spam, n_offensive,
		n_off_topic, n_personal_data, n_other, first_report_at, last_report_at,
		hidden, hidden_auto, escalated_at)
	select agg.target_type, agg.target_id, agg.open_count, agg.n_spam, agg.n_offensive,
		agg.n_off_topic, agg.n_personal_data, agg.n_other, agg.first_report_at,
		agg.last_report_at, coalesce(c.hidden, pr.hidden, false),
		coalesce(c.hidden_auto, pr.hidden_auto, false), coalesce(c.escalated_at, pr.escalated_at)
	from agg
	left join comments c on agg.target_type = 'comment' and c.id = agg.target_id
	left join proposals pr on agg.target_type = 'proposal' and pr.id = agg.target_id
	where agg.open_count > 0
	on conflict (target_type, target_id) do update set
		open_count = excluded.open_count, n_spam = excluded.n_spam,
		n_offensive = excluded.n_offensive, n_off_topic = excluded.n_off_topic,
		n_personal_data = excluded.n_personal_data, n_other = excluded.n_other,
		first_report_at = excluded.first_report_at, last_report_at = excluded.last_report_at
$$;

-- New open reports add to the queue row of their target (made if needed).
create function priv.moderation_queue_on_insert() returns trigger
language plpgsql as $$
begin
	with agg as (
		select n.target_type, n.target_id, count(*)::int as open_count,
			count(*) filter (where n.reason = 'spam')::int as n_spam,
			count(*) filter (where n.reason = 'offensive')::int as n_offensive,
			count(*) filter (where n.reason = 'off_topic')::int as n_off_topic,
			count(*) filter (where n.reason = 'personal_data')::int as n_personal_data,
			count(*) filter (where n.reason = 'other')::int as n_other,
			min(n.created_at) as first_report_at, max(n.created_at) as last_report_at
		from new_reports n
		where n.status = 'open'
		group by n.target_type, n.target_id
	)
	insert into moderation_queue as q (target_type, target_id, open_count, n_spam, n_offensive,
		n_off_topic, n_personal_data, n_other, first_report_at, last_report_at,
		hidden, hidden_auto, escalated_at)
	select agg.target_type, agg.target_id, agg.open_count, agg.n_spam, agg.n_offensive,
		agg.n_off_topic, agg.n_personal_data, agg.n_other, agg.first_report_at,
		agg.last_report_at, coalesce(c.hidden, pr.hidden, false),
		coalesce(c.hidden_auto, pr.hidden_auto, false), coalesce(c.escalated_at, pr.escalated_at)
	from agg
	left join comments c on agg.target_type = 'comment' and c.id = agg.target_id
	left join proposals pr on agg.target_type = 'proposal' and pr.id = agg.target_id
	on conflict (target_type, target_id) do update set
		open_count = q.open_count + excluded.open_count,
		n_spam = q.n_spam + excluded.n_spam,
		n_offensive = q.n_offensive + excluded.n_offensive,
		n_off_topic = q.n_off_topic + excluded.n_off_topic,
		n_personal_data = q.n_personal_data + excluded.n_personal_data,
		n_other = q.n_other + excluded.n_other,
		first_report_at = least(q.first_report_at, excluded.first_report_at),
		last_report_at = greatest(q.last_report_at, excluded.last_report_at);
	return null;
end
$$;

-- Reports whose status (or target, reason, time) changed. A decision closes
-- all the open reports of a target: its row simply leaves the queue; the
-- other targets touched are recounted. A bulk decision deletes the rows of
-- its targets itself and sets pupitre.queue_kept for its one UPDATE of
-- reports (see api.moderation_decide): nothing is left to do then.
create function priv.moderation_queue_on_update() returns trigger
language plpgsql as $$
declare
	types target_type[];
	ids bigint[];
begin
	if current_setting('pupitre.queue_kept', true) = 'on' then
		return null;
	end if;
	with ch as (
		select o.target_type as o_type, o.target_id as o_id, o.status = 'open' as was_open,
			n.target_type as n_type, n.target_id as n_id, n.status = 'open' as is_open
		from old_reports o join new_reports n on n.id = o.id
		where (o.status = 'open' or n.status = 'open')
		  and (o.status, o.reason, o.created_at, o.target_type, o.target_id)
			is distinct from (n.status, n.reason, n.created_at, n.target_type, n.target_id)
	), per as (
		select x.target_type, x.target_id, sum(x.removed) as removed, sum(x.added) as added
		from (
			select o_type, o_id, 1, 0 from ch where was_open
			union all
			select n_type, n_id, 0, 1 from ch where is_open
		) as x (target_type, target_id, removed, added)
		group by x.target_type, x.target_id
	), gone as (
		delete from moderation_queue q using per
		where q.target_type = per.target_type and q.target_id = per.target_id
		  and per.added = 0 and q.open_count <= per.removed
		returning q.target_type, q.target_id
	)
	select array_agg(per.target_type), array_agg(per.target_id) into types, ids
	from per
	where not exists (select from gone
		where gone.target_type = per.target_type and gone.target_id = per.target_id);
	if ids is not null then
		perform priv.moderation_queue_refresh(types, ids);
	end if;
	return null;
end
$$;

create function priv.moderation_queue_on_delete() returns trigger
language plpgsql as $$
declare
	types target_type[];
	ids bigint[];
begin
	select array_agg(o.target_type), array_agg(o.target_id) into types, ids
	from old_reports o where o.status = 'open';
	if ids is not null then
		perform priv.moderation_queue_refresh(types, ids);
	end if;
	return null;
end
$$;

create function priv.moderation_queue_on_truncate() returns trigger
language plpgsql as $$
begin
	delete from moderation_queue;
	return null;
end
$$;

-- (A trigger with transition tables handles one event only.)
create trigger reports_queue_insert after insert on reports
	referencing new table as new_reports
	for each statement execute function priv.moderation_queue_on_insert();
create trigger reports_queue_update after update on reports
	referencing old table as old_reports new table as new_reports
	for each statement execute function priv.moderation_queue_on_update();
create trigger reports_queue_delete after delete on reports
	referencing old table as old_reports
	for each statement execute function priv.moderation_queue_on_delete();
create trigger reports_queue_truncate after truncate on reports
	for each statement execute function priv.moderation_queue_on_truncate();

-- The copies of the targets' moderation state. Comments change only by
-- moderation, and each statement (one auto-hide, a bulk decision) passes
-- its rows; proposals change all the time by their workflow, so only
-- statements that set these columns fire, and they resync the reported
-- proposals, which are few.
create function priv.moderation_queue_on_comments() returns trigger
language plpgsql as $$
begin
	update moderation_queue q set hidden = n.hidden, hidden_auto = n.hidden_auto,
		escalated_at = n.escalated_at
	from new_comments n
	where q.target_type = 'comment' and q.target_id = n.id
	  and (q.hidden, q.hidden_auto, q.escalated_at)
		is distinct from (n.hidden, n.hidden_auto, n.escalated_at);
	return null;
end
$$;

create function priv.moderation_queue_on_proposals() returns trigger
language plpgsql as $$
begin
	update moderation_queue q set hidden = pr.hidden, hidden_auto = pr.hidden_auto,
		escalated_at = pr.escalated_at
	from proposals pr
	where q.target_type = 'proposal' and q.target_id = pr.id
	  and (q.hidden, q.hidden_auto, q.escalated_at)
		is distinct from (pr.hidden, pr.hidden_auto, pr.escalated_at);
	return null;
end
$$;

create trigger comments_queue_update after update on comments
	referencing new table as new_comments
	for each statement execute function priv.moderation_queue_on_comments();
create trigger proposals_queue_update after update of hidden, hidden_auto, escalated_at on proposals
	for each statement execute function priv.moderation_queue_on_proposals();

-- The reports already there when this migration runs.
select priv.moderation_queue_refresh(array_agg(target_type), array_agg(target_id))
from (select distinct target_type, target_id from reports where status = 'open') r;

-- The reason most reported, the first in the order of the enum on a tie.
create function priv.main_reason(spam int, offensive int, off_topic int, personal_data int,
	other int) returns text
language sql immutable as $$
	select case greatest(spam, offensive, off_topic, personal_data, other)
		when 0 then null
		when spam then 'spam' when offensive then 'offensive' when off_topic then 'off_topic'
		when personal_data then 'personal_data' else 'other' end
$$;

-- The moderation queue, one row per target with open reports.
-- p: {type?, reason?, hidden?, escalated?, district?, min_reports?,
--     sort?: recent|count|oldest, cursor?, limit?}
-- -> {items: [{target: {type, id}, version, open_reports, reasons: {reason: n},
--     main_reason, first_report_at, last_report_at, excerpt, author: {id,
--     display_name}, hidden, hidden_auto, escalated, escalated_at, proposal_id}],
--     next_cursor}
create function api.moderation_queue(token text, p jsonb) returns jsonb
language plpgsql stable as $$
declare
	a agents := priv.require(token, 'moderator');
	q jsonb := coalesce(p, '{}');
	lim int;
	sort text;
	key_col text;
	dir text;
	cmp text;
	order_by text;
	conds text[] := array['true'];
	cur jsonb := priv.cursor_decode(q);
	f_type target_type;
	f_hidden boolean;
	f_escalated boolean;
	f_district int;
	f_min int;
	c_key text;
	c_type target_type;
	c_id bigint;
	rows jsonb;
	last_key jsonb;
begin
	if jsonb_typeof(q) <> 'object' then
		perform priv.fail(400, 'invalid', 'the request must be a JSON object');
	end if;
	lim := priv.page_limit(q);
	sort := coalesce(q->>'sort', 'recent');
	case sort
	when 'recent' then key_col := 'last_report_at'; dir := 'desc'; cmp := '<';
	when 'count' then key_col := 'open_count'; dir := 'desc'; cmp := '<';
	when 'oldest' then key_col := 'first_report_at'; dir := 'asc'; cmp := '>';
	else
		perform priv.fail(400, 'invalid', 'sort must be recent, count or oldest');
	end case;
	order_by := format('q.%1$I %2$s, q.target_type %2$s, q.target_id %2$s', key_col, dir);

	if jsonb_typeof(q->'type') is not null and jsonb_typeof(q->'type') <> 'null' then
		if coalesce(q->>'type', '') not in ('comment', 'proposal') then
			perform priv.fail(400, 'invalid', 'type must be comment or proposal');
		end if;
		f_type := (q->>'type')::target_type;
		conds := conds || 'q.target_type = $1'::text;
	end if;
	if jsonb_typeof(q->'reason') is not null and jsonb_typeof(q->'reason') <> 'null' then
		if coalesce(q->>'reason', '') not in ('spam', 'offensive', 'off_topic', 'personal_data', 'other') then
			perform priv.fail(400, 'invalid',
				'reason must be one of spam, offensive, off_topic, personal_data, other');
		end if;
		conds := conds || format('q.%I > 0', 'n_' || (q->>'reason'));
	end if;
	if jsonb_typeof(q->'hidden') is not null and jsonb_typeof(q->'hidden') <> 'null' then
		if jsonb_typeof(q->'hidden') <> 'boolean' then
			perform priv.fail(400, 'invalid', 'hidden must be true or false');
		end if;
		f_hidden := (q->'hidden')::boolean;
		conds := conds || 'q.hidden = $2'::text;
	end if;
	if jsonb_typeof(q->'escalated') is not null and jsonb_typeof(q->'escalated') <> 'null' then
		if jsonb_typeof(q->'escalated') <> 'boolean' then
			perform priv.fail(400, 'invalid', 'escalated must be true or false');
		end if;
		f_escalated := (q->'escalated')::boolean;
		conds := conds || '(q.escalated_at is not null) = $3'::text;
	end if;
	if jsonb_typeof(q->'district') is not null and jsonb_typeof(q->'district') <> 'null' then
		f_district := (priv.district_by_code(priv.text_arg(q, 'district', 1, 20))).id;
		conds := conds || 't.district_id = $4'::text;
	end if;
	f_min := priv.int_arg(q, 'min_reports', 1, 1000000000);
	if f_min is not null then
		conds := conds || 'q.open_count >= $5'::text;
	end if;

	-- The cursor is the sort key of the last row given: {s, k, t, i}.
	if cur is not null then
		begin
			if cur->>'s' is distinct from sort then
				raise exception 'cursor of another sort';
			end if;
			c_type := (cur->>'t')::target_type;
			c_id := (cur->>'i')::bigint;
			c_key := cur->>'k';
			if sort = 'count' then
				perform c_key::int;
			else
				perform c_key::timestamptz;
			end if;
			if c_key is null or c_id is null then
				raise exception 'incomplete cursor';
			end if;
		exception when others then
			perform priv.fail(400, 'invalid_cursor', 'the cursor is not one this server gave');
		end;
		conds := conds || format('(q.%I, q.target_type, q.target_id) %s ($6::%s, $7, $8)',
			key_col, cmp, case sort when 'count' then 'int' else 'timestamptz' end);
	end if;

	execute format($sql$
		with page as (
			select q.*, t.version, t.excerpt, t.author_id,
				t.proposal_id, au.display_name as author_name
			from moderation_queue q
			cross join lateral (
				select c.version, left(c.body, 200) as excerpt, c.author_id,
					c.proposal_id, cp.district_id
				from comments c join proposals cp on cp.id = c.proposal_id
				where q.target_type = 'comment' and c.id = q.target_id
				union all
				select pr.version, left(pr.body, 200), pr.author_id,
					null::bigint, pr.district_id
				from proposals pr
				where q.target_type = 'proposal' and pr.id = q.target_id
			) t
			join citizens au on au.id = t.author_id
			where %1$s
			order by %2$s
			limit $9
		)
		select jsonb_agg(jsonb_build_object(
				'target', jsonb_build_object('type', q.target_type, 'id', q.target_id),
				'version', q.version,
				'open_reports', q.open_count,
				'reasons', jsonb_strip_nulls(jsonb_build_object(
					'spam', nullif(q.n_spam, 0), 'offensive', nullif(q.n_offensive, 0),
					'off_topic', nullif(q.n_off_topic, 0),
					'personal_data', nullif(q.n_personal_data, 0),
					'other', nullif(q.n_other, 0))),
				'main_reason', priv.main_reason(q.n_spam, q.n_offensive, q.n_off_topic,
					q.n_personal_data, q.n_other),
				'first_report_at', q.first_report_at,
				'last_report_at', q.last_report_at,
				'excerpt', q.excerpt,
				'author', jsonb_build_object('id', q.author_id, 'display_name', q.author_name),
				'hidden', q.hidden,
				'hidden_auto', q.hidden_auto,
				'escalated', q.escalated_at is not null,
				'escalated_at', q.escalated_at,
				'proposal_id', q.proposal_id)
				order by %2$s),
			(array_agg(jsonb_build_object('s', $10::text, 'k', q.%3$I, 't', q.target_type,
				'i', q.target_id) order by %2$s))[count(*)]
		from page q
		$sql$, array_to_string(conds, ' and '), order_by, key_col)
	into rows, last_key
	using f_type, f_hidden, f_escalated, f_district, f_min, c_key, c_type, c_id, lim, sort;
	return priv.page(rows, last_key, lim);
end
$$;

-- Refuses a request for an item that is not {type?, id, version}; an int
-- so that a CASE can call it for such an item only.
create function priv.moderation_item_invalid() returns int
language plpgsql as $$
begin
	perform priv.fail(400, 'invalid',
		'each item must be {"type": "comment"|"proposal", "id": integer, "version": integer}');
	return null;
end
$$;

-- The items of a moderation decision: p->'items' is a list of
-- {type?: comment|proposal (default comment), id, version}, at most 10,000;
-- ord keeps the order of the request for the results. A bad item refuses
-- the request; a target given twice is left to the caller, which has the
-- rows at hand.
create function priv.moderation_items(p jsonb)
returns table (ord int, type target_type, id bigint, version int)
language plpgsql immutable as $$
declare
	n int;
begin
	if jsonb_typeof(p->'items') is distinct from 'array' then
		perform priv.fail(400, 'invalid', 'items must be a list of {type, id, version}');
	end if;
	n := jsonb_array_length(p->'items');
	if n = 0 then
		perform priv.fail(400, 'invalid', 'items is empty');
	end if;
	if n > 10000 then
		perform priv.fail(413, 'too_many_items', 'at most 10000 items per request');
	end if;
	-- Each item an object, its id and version JSON numbers (a typed read
	-- would take "12" for 12); then the fields are read typed in one call,
	-- which refuses fractions and overflows, and the bounds, the type and
	-- the missing fields are checked on the way.
	if jsonb_path_exists(p->'items', 'strict $[*] ? (@.type() != "object"
			|| @.id.type() != "number" || @.version.type() != "number")', '{}', true) then
		perform priv.moderation_item_invalid();
	end if;
	begin
		return query
			select case when x.id between 0 and 999999999999999999
					and x.version between 0 and 999999999
					and (x.type is null or x.type in ('comment', 'proposal'))
				then x.ord::int else priv.moderation_item_invalid() end,
				case x.type when 'proposal' then 'proposal'::target_type
					else 'comment'::target_type end,
				x.id, x.version
			from rows from (jsonb_to_recordset(p->'items') as (type text, id bigint, version int))
				with ordinality as x (type, id, version, ord);
	exception when invalid_text_representation or numeric_value_out_of_range
		or invalid_parameter_value then
		perform priv.moderation_item_invalid();
	end;
end
$$;

-- A decision on reported content, for many targets at once.
-- p: {action: hide|dismiss|restore|block|escalate,
--     items: [{type?: comment|proposal, id, version}],
--     reason (hide), until and justification (block), hide_all? (block),
--     note?, idempotency_key?}
-- -> {batch_id, results: [{type, id, status, version | by, at | message}],
--     counts: {ok, conflict, forbidden, invalid}}
--
-- Per item, in this order: invalid when the target does not exist;
-- conflict when the version is not the current one (by and at: its
-- moderated_by/at, or the last audit row of the target when that is later,
-- e.g. an auto-hide); forbidden when it is escalated and the agent is not
-- an admin; then invalid when the action makes no sense for it (hide of
-- content a moderator already hid and nobody reported since, dismiss with
-- no open reports, restore of visible content, escalate twice).
-- A dismiss on a target whose reports were all decided since they were
-- made (e.g. hidden by a colleague, then restored) is a conflict "already
-- decided", naming who decided them and when: the moderator is looking at
-- a stale queue row, which a reload fixes, rather than making a mistake.
-- A dismiss on a target that was never reported is invalid.
--
-- Every ok target gets version + 1, moderated_by/at and one audit row
-- ('moderation.ACTION', with the fields that changed and the batch id);
-- hide, dismiss and block close its open reports (upheld, or dismissed for
-- dismiss); every action but escalate ends its escalation. A block blocks
-- each author once (audit 'citizen.block', outbox 'block'); with hide_all
-- it also hides the authors' other content (audit 'moderation.hide',
-- reason 'author blocked', its reports upheld), except escalated content
-- when the agent is not an admin. One event 'moderation.decided' lists
-- every changed target, when there is one.
create function api.moderation_decide(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'moderator');
	prior jsonb;
	act text;
	reason text;
	until timestamptz;
	justification text;
	hide_all boolean := false;
	note text;
	is_admin boolean := a.role = 'admin';
	batch uuid := gen_random_uuid();
	payload jsonb;
	extra text;	-- the note and end of block of the audit rows, as JSON members
	results text;
	counts jsonb;
	targets text;
	response jsonb;
begin
	if jsonb_typeof(p) is distinct from 'object' then
		perform priv.fail(400, 'invalid', 'the request must be a JSON object');
	end if;
	-- (idem_claim copies the request: not worth it without a key)
	if p ? 'idempotency_key' then
		prior := priv.idem_claim(a.id, 'moderation_decide', p);
		if prior is not null then
			return prior;
		end if;
	end if;

	if jsonb_typeof(p->'action') is distinct from 'string'
	   or p->>'action' not in ('hide', 'dismiss', 'restore', 'block', 'escalate') then
		perform priv.fail(400, 'invalid',
			'action must be one of hide, dismiss, restore, block, escalate');
	end if;
	act := p->>'action';
	note := priv.text_arg(p, 'note', 0, 2000);
	if act = 'hide' then
		reason := priv.text_arg(p, 'reason', 1, 500);
	elsif act = 'block' then
		justification := priv.text_arg(p, 'justification',
			(priv.setting('block_justification_min'))::int, 5000);
		if jsonb_typeof(p->'until') is distinct from 'string'
		   or p->>'until' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$' then
			perform priv.fail(400, 'invalid', 'until must be an ISO 8601 timestamp');
		end if;
		begin
			until := (p->>'until')::timestamptz;
		exception when others then
			perform priv.fail(400, 'invalid', 'until must be an ISO 8601 timestamp');
		end;
		if until <= now() then
			perform priv.fail(400, 'invalid', 'until must be in the future');
		end if;
		if p ? 'hide_all' and jsonb_typeof(p->'hide_all') <> 'null' then
			if jsonb_typeof(p->'hide_all') <> 'boolean' then
				perform priv.fail(400, 'invalid', 'hide_all must be true or false');
			end if;
			hide_all := (p->'hide_all')::boolean;
		end if;
	end if;

	-- The work set of this call: one row per item (ord) and, for a block
	-- with hide_all, per other content of the blocked authors (ord null).
	-- A temporary table, so that the steps below share it and the planner
	-- knows its size (from its pages: statistics would cost more than they
	-- save); it lives until the end of the transaction.
	if to_regclass('pg_temp.moderation_work') is null then
		create temporary table moderation_work (
			ord		int,
			type		target_type not null,
			id		bigint not null,
			version		int,
			cur_version	int,
			author_id	bigint,
			hidden		boolean,
			hidden_auto	boolean,
			hidden_reason	text,
			escalated_at	timestamptz,
			open_reports	int not null default 0,
			status		text,
			message		text,
			by_id		int,	-- who changed it last, when
			at		timestamptz,
			new_hidden	boolean,
			new_hidden_auto	boolean,
			new_hidden_reason text,
			new_escalated_at timestamptz
		) on commit drop;
	end if;
	truncate moderation_work;
	-- Parse, lock, read and judge in one statement. The targets are locked
	-- in id order (two overlapping batches wait for each other instead of
	-- deadlocking); a row locked after waiting is read as the concurrent
	-- decision left it (READ COMMITTED), so its version tells the conflict.
	insert into moderation_work (ord, type, id, version, cur_version, author_id, hidden,
		hidden_auto, hidden_reason, escalated_at, by_id, at, open_reports, status, message,
		new_hidden, new_hidden_auto, new_hidden_reason, new_escalated_at)
	with i as (
		select * from priv.moderation_items(p)
	), lc as (
		select i.ord, c.version, c.author_id, c.hidden, c.hidden_auto, c.hidden_reason,
			c.escalated_at, c.moderated_by, c.moderated_at
		from i join comments c on c.id = i.id
		where i.type = 'comment'
		order by c.id for update of c
	), lp as (
		select i.ord, pr.version, pr.author_id, pr.hidden, pr.hidden_auto, pr.hidden_reason,
			pr.escalated_at, pr.moderated_by, pr.moderated_at
		from i join proposals pr on pr.id = i.id
		where i.type = 'proposal'
		order by pr.id for update of pr
	), t as (
		select * from lc
		union all
		select * from lp
	)
	select i.ord, i.type, i.id, i.version, t.version, t.author_id, t.hidden, t.hidden_auto,
		t.hidden_reason, t.escalated_at, t.moderated_by, t.moderated_at, n.open_reports,
		case
			when m.message is null then 'ok'
			when t.version is null then 'invalid'
			when t.version <> i.version then 'conflict'
			when t.escalated_at is not null and not is_admin then 'forbidden'
			else 'invalid' end,
		m.message,
		-- what the target becomes if ok
		case
			when act = 'hide' or (act = 'block' and hide_all) then true
			when act = 'restore' or (act = 'dismiss' and t.hidden_auto) then false
			else t.hidden end,
		case
			when act in ('hide', 'restore', 'dismiss') or (act = 'block' and hide_all) then false
			else t.hidden_auto end,
		case
			when act = 'hide' then reason
			when act = 'block' and hide_all then 'author blocked'
			when act = 'restore' or (act = 'dismiss' and t.hidden_auto) then null
			else t.hidden_reason end,
		case when act = 'escalate' then now() end
	from i
	left join t on t.ord = i.ord
	left join moderation_queue q on q.target_type = i.type and q.target_id = i.id
	cross join lateral (select coalesce(q.open_count, 0) as open_reports) n
	cross join lateral (select case
			when t.version is null then format('no such %s', i.type)
			when t.version <> i.version then 'changed since you read it'
			when t.escalated_at is not null and not is_admin then 'escalated: an admin decides'
			when act = 'hide' and t.hidden and not t.hidden_auto and n.open_reports = 0
				then 'already hidden'
			when act = 'dismiss' and n.open_reports = 0 then 'no open reports'
			when act = 'restore' and not t.hidden then 'not hidden'
			when act = 'escalate' and t.escalated_at is not null then 'already escalated'
			end as message) m;
	if exists (select from moderation_work w group by w.type, w.id having count(*) > 1) then
		perform priv.fail(400, 'invalid', 'an item appears twice in items');
	end if;

	-- Who changed it last: the last decision, or the last audited change
	-- when it is later (auto-hide, a change of the proposal's workflow).
	with l as (
		select w.type, w.id, x.agent_id, x.at
		from moderation_work w
		cross join lateral (
			select au.agent_id, au.at from audit au
			where au.target_type = w.type::text and au.target_id = w.id
			  and au.action <> 'report.new'
			order by au.id desc limit 1
		) x
		where w.status = 'conflict'
	)
	update moderation_work w set by_id = l.agent_id, at = l.at
	from l
	where l.type = w.type and l.id = w.id and (w.at is null or l.at > w.at);
	-- A dismiss of reports that were all decided since: see above.
	with d as (
		select w.type, w.id, x.decided_by, x.decided_at
		from moderation_work w
		cross join lateral (
			select r.decided_by, r.decided_at from reports r
			where r.target_type = w.type and r.target_id = w.id and r.status <> 'open'
			order by r.decided_at desc nulls last, r.id desc limit 1
		) x
		where w.status = 'invalid' and w.message = 'no open reports'
	)
	update moderation_work w set status = 'conflict', message = 'already decided',
		by_id = d.decided_by, at = d.decided_at
	from d
	where d.type = w.type and d.id = w.id;

	if act = 'block' and hide_all then
		insert into moderation_work (type, id, cur_version, author_id, hidden, hidden_auto,
			hidden_reason, escalated_at, open_reports, status, new_hidden, new_hidden_auto,
			new_hidden_reason)
		with authors as (
			select distinct w.author_id from moderation_work w where w.status = 'ok'
		), lc as (
			select c.id, c.version, c.author_id, c.hidden, c.hidden_auto, c.hidden_reason,
				c.escalated_at
			from comments c
			where c.author_id in (select author_id from authors)
			  and (not c.hidden or c.hidden_auto)
			order by c.id for update
		), lp as (
			select pr.id, pr.version, pr.author_id, pr.hidden, pr.hidden_auto, pr.hidden_reason,
				pr.escalated_at
			from proposals pr
			where pr.author_id in (select author_id from authors)
			  and (not pr.hidden or pr.hidden_auto)
			order by pr.id for update
		), t as (
			select 'comment'::target_type as type, * from lc
			union all
			select 'proposal', * from lp
		)
		select t.type, t.id, t.version, t.author_id, t.hidden, t.hidden_auto, t.hidden_reason,
			t.escalated_at, coalesce(q.open_count, 0), 'ok', true, false, 'author blocked'
		from t
		left join moderation_queue q on q.target_type = t.type and q.target_id = t.id
		where (t.escalated_at is null or is_admin)
		  and not exists (select from moderation_work w where w.type = t.type and w.id = t.id);
	end if;

	-- Reports first: the targets that leave the queue need no resync.
	-- Every open report of each target is closed, so its queue row goes:
	-- deleted here directly, the trigger on reports told to stand aside for
	-- this one statement, rather than found by diffing the old and new
	-- versions of every report row. No report can come in meanwhile: the
	-- targets are locked, as the front office locks a target to report it
	-- (and a report written otherwise waits on the deleted queue row).
	if act in ('hide', 'dismiss', 'block') then
		delete from moderation_queue q
		using moderation_work w
		where w.status = 'ok' and w.open_reports > 0
		  and q.target_type = w.type and q.target_id = w.id;
		perform set_config('pupitre.queue_kept', 'on', true);
		update reports r set status = case act when 'dismiss' then 'dismissed' else 'upheld' end::report_status,
			decided_by = a.id, decided_at = now()
		from moderation_work w
		where w.status = 'ok' and w.open_reports > 0
		  and r.target_type = w.type and r.target_id = w.id and r.status = 'open';
		perform set_config('pupitre.queue_kept', 'off', true);
	end if;
	if exists (select from moderation_work w where w.status = 'ok' and w.type = 'comment') then
		update comments t set hidden = w.new_hidden, hidden_auto = w.new_hidden_auto,
			hidden_reason = w.new_hidden_reason, escalated_at = w.new_escalated_at,
			moderated_by = a.id, moderated_at = now(), version = t.version + 1
		from moderation_work w
		where w.status = 'ok' and w.type = 'comment' and t.id = w.id;
	end if;
	if exists (select from moderation_work w where w.status = 'ok' and w.type = 'proposal') then
		update proposals t set hidden = w.new_hidden, hidden_auto = w.new_hidden_auto,
			hidden_reason = w.new_hidden_reason, escalated_at = w.new_escalated_at,
			moderated_by = a.id, moderated_at = now(), version = t.version + 1
		from moderation_work w
		where w.status = 'ok' and w.type = 'proposal' and t.id = w.id;
	end if;

	-- One audit row per changed target: before and after hold the version
	-- and the fields that changed. They are written as JSON text, each
	-- member only when it changed, and parsed once: building the objects
	-- whole and removing the unchanged keys costs several times as much.
	-- The type is spelt out by a CASE: the output function of an enum looks
	-- it up in the catalog for every row.
	extra := nullif(concat_ws(', ', '"note": ' || to_json(note)::text,
		'"author_blocked_until": ' || to_json(until)::text), '');
	insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
	select a.id, 'moderation.' || case when w.ord is null then 'hide' else act end,
		case w.type when 'comment' then 'comment' else 'proposal' end, w.id,
		('{' || concat_ws(', ', '"version": ' || w.cur_version,
			case when w.hidden is distinct from w.new_hidden
				then '"hidden": ' || w.hidden end,
			case when w.hidden_auto is distinct from w.new_hidden_auto
				then '"hidden_auto": ' || w.hidden_auto end,
			case when w.hidden_reason is distinct from w.new_hidden_reason
				then '"hidden_reason": ' || coalesce(to_json(w.hidden_reason)::text, 'null') end,
			case when w.escalated_at is distinct from w.new_escalated_at
				then '"escalated_at": ' || coalesce(to_json(w.escalated_at)::text, 'null') end,
			case when w.open_reports <> 0 and act in ('hide', 'dismiss', 'block')
				then '"open_reports": ' || w.open_reports end) || '}')::jsonb,
		('{' || concat_ws(', ', '"version": ' || w.cur_version + 1,
			case when w.hidden is distinct from w.new_hidden
				then '"hidden": ' || w.new_hidden end,
			case when w.hidden_auto is distinct from w.new_hidden_auto
				then '"hidden_auto": ' || w.new_hidden_auto end,
			case when w.hidden_reason is distinct from w.new_hidden_reason
				then '"hidden_reason": ' || coalesce(to_json(w.new_hidden_reason)::text, 'null') end,
			case when w.escalated_at is distinct from w.new_escalated_at
				then '"escalated_at": ' || coalesce(to_json(w.new_escalated_at)::text, 'null') end,
			case when w.open_reports <> 0 and act in ('hide', 'dismiss', 'block')
				then '"open_reports": 0' end,
			extra) || '}')::jsonb,
		batch
	from moderation_work w
	where w.status = 'ok'
	order by w.ord nulls last, w.type, w.id;

	if act = 'hide' then
		-- the same for every author: built once
		payload := jsonb_strip_nulls(jsonb_build_object('reason', reason, 'note', note));
		insert into outbox (citizen_id, kind, target_type, target_id, payload)
		select w.author_id, 'hide', w.type, w.id, payload
		from moderation_work w
		where w.status = 'ok'
		order by w.ord;
	elsif act = 'block' then
		with blocked as (
			select c.id, c.blocked_until, c.block_reason
			from citizens c
			where c.id in (select w.author_id from moderation_work w where w.status = 'ok')
			order by c.id
			for update
		), upd as (
			update citizens c set blocked_until = until, block_reason = justification
			from blocked b where c.id = b.id
			returning c.id
		), aud as (
			insert into audit (agent_id, action, target_type, target_id, before, after, batch_id)
			select a.id, 'citizen.block', 'citizen', b.id,
				jsonb_build_object('blocked_until', b.blocked_until, 'block_reason', b.block_reason),
				jsonb_build_object('blocked_until', until, 'block_reason', justification),
				batch
			from blocked b
		)
		insert into outbox (citizen_id, kind, target_type, target_id, payload)
		select b.id, 'block', null, null,
			jsonb_build_object('until', until, 'justification', justification,
				'hide_all', hide_all)
		from blocked b;
	end if;

	-- The results, and the targets of the event, in one pass; as JSON text
	-- too (type and id need no quoting), each list parsed once with the
	-- object that holds it, the type spelt out as for the audit. Refusals
	-- are rare and built the usual way.
	select string_agg(case w.status
			when 'ok' then w.head || ', "status": "ok", "version": ' || w.cur_version + 1 || '}'
			when 'conflict' then jsonb_build_object('type', w.type, 'id', w.id,
				'status', 'conflict', 'version', w.cur_version, 'by', priv.agent_ref(w.by_id),
				'at', w.at, 'message', w.message)::text
			else jsonb_build_object('type', w.type, 'id', w.id, 'status', w.status,
				'message', w.message)::text end, ', '
			order by w.ord) filter (where w.ord is not null),
		string_agg(w.head || '}', ', '
			order by w.ord nulls last, w.type, w.id) filter (where w.status = 'ok'),
		jsonb_build_object(
			'ok', count(*) filter (where w.ord is not null and w.status = 'ok'),
			'conflict', count(*) filter (where w.status = 'conflict'),
			'forbidden', count(*) filter (where w.status = 'forbidden'),
			'invalid', count(*) filter (where w.status = 'invalid'))
	into results, targets, counts
	from (
		select w.*, case w.type when 'comment' then '{"type": "comment", "id": '
			else '{"type": "proposal", "id": ' end || w.id as head
		from moderation_work w
	) w;
	if targets is not null then
		perform priv.emit('moderation.decided', ('{"action": ' || to_json(act)
			|| ', "batch_id": "' || batch || '", "targets": [' || targets || ']}')::jsonb);
	end if;

	response := ('{"batch_id": "' || batch || '", "results": [' || results
		|| '], "counts": ' || counts || '}')::jsonb;
	if p ? 'idempotency_key' then
		perform priv.idem_store(a.id, p, response);
	end if;
	return response;
end
$$;
