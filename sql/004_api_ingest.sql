-- Ingest from the citizens' front office (role frontoffice): proposals,
-- comments, reports. A citizen is given by external id, display name and
-- district, and created on first sight.

create function priv.district_by_code(code text) returns districts
language plpgsql stable as $$
declare
	d districts;
begin
	select * into d from districts where districts.code = district_by_code.code;
	if not found then
		perform priv.fail(400, 'unknown_district', format('no district %L', code));
	end if;
	return d;
end
$$;

create function priv.citizen(p jsonb) returns citizens
language plpgsql as $$
declare
	ext text;
	name text;
	district_id int;
	c citizens;
begin
	if jsonb_typeof(p) is distinct from 'object' then
		perform priv.fail(400, 'invalid', 'citizen must be {external_id, display_name, district}');
	end if;
	ext := priv.text_arg(p, 'external_id', 1, 200);
	name := priv.text_arg(p, 'display_name', 1, 200);
	if p ? 'district' and jsonb_typeof(p->'district') <> 'null' then
		district_id := (priv.district_by_code(priv.text_arg(p, 'district', 1, 20))).id;
	end if;
	insert into citizens (external_id, display_name, district_id, email)
	values (ext, name, district_id, priv.text_arg(p, 'email', 0, 320))
	on conflict (external_id) do update
		set display_name = excluded.display_name,
		    district_id = coalesce(excluded.district_id, citizens.district_id)
	returning * into c;
	return c;
end
$$;

create function priv.refuse_blocked(c citizens) returns void
language plpgsql as $$
begin
	if c.blocked_until is not null and c.blocked_until > now() then
		perform priv.fail(403, 'citizen_blocked',
			format('this citizen is blocked until %s', c.blocked_until),
			jsonb_build_object('blocked_until', c.blocked_until));
	end if;
end
$$;

create function api.ingest_proposal(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'frontoffice');
	c citizens;
	prior jsonb := priv.idem_claim(a.id, 'ingest_proposal', p);
	ed editions;
	d districts;
	theme_id int;
	pr proposals;
begin
	if prior is not null then
		return prior;
	end if;
	c := priv.citizen(p->'citizen');
	perform priv.refuse_blocked(c);
	select * into ed from editions
	where year = coalesce(priv.int_arg(p, 'edition', 2000, 2100),
		(select max(year) from editions));
	if not found then
		perform priv.fail(400, 'unknown_edition', 'no such edition');
	end if;
	if ed.closed_at is not null then
		perform priv.fail(422, 'edition_closed', format('the %s edition is closed', ed.year));
	end if;
	if p ? 'district' and jsonb_typeof(p->'district') <> 'null' then
		d := priv.district_by_code(priv.text_arg(p, 'district', 1, 20));
	else
		select * into d from districts where citywide;
		if not found then
			perform priv.fail(400, 'invalid', 'district is required');
		end if;
	end if;
	if p ? 'theme' and jsonb_typeof(p->'theme') <> 'null' then
		select id into theme_id from themes where code = p->>'theme';
		if not found then
			perform priv.fail(400, 'unknown_theme', format('no theme %L', p->>'theme'));
		end if;
	end if;
	insert into proposals (edition, title, body, author_id, district_id, theme_id,
		address, priority_neighbourhood)
	values (ed.year, priv.text_arg(p, 'title', 1, 300), priv.text_arg(p, 'body', 1, 200000),
		c.id, d.id, theme_id, priv.text_arg(p, 'address', 0, 500),
		coalesce(priv.bool_arg(p, 'priority_neighbourhood'), false))
	returning * into pr;
	perform priv.audit(a.id, 'proposal.deposit', 'proposal', pr.id, null,
		jsonb_build_object('title', pr.title, 'author', c.external_id, 'district', d.code));
	perform priv.emit('proposal.new', jsonb_build_object('id', pr.id, 'district', d.code));
	return priv.idem_store(a.id, p, jsonb_build_object('id', pr.id, 'version', pr.version,
		'citizen_id', c.id));
end
$$;

create function api.ingest_comment(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'frontoffice');
	prior jsonb := priv.idem_claim(a.id, 'ingest_comment', p);
	c citizens;
	v_proposal bigint := priv.int_arg(p, 'proposal_id', 1);
	v_parent bigint := priv.int_arg(p, 'parent_id', 1);
	cm comments;
begin
	if prior is not null then
		return prior;
	end if;
	c := priv.citizen(p->'citizen');
	perform priv.refuse_blocked(c);
	if v_proposal is null or not exists (select from proposals where id = v_proposal) then
		perform priv.fail(404, 'not_found', 'no such proposal');
	end if;
	if v_parent is not null and not exists (select from comments
		where id = v_parent and comments.proposal_id = v_proposal) then
		perform priv.fail(400, 'invalid', 'the parent comment is not on this proposal');
	end if;
	insert into comments (proposal_id, parent_id, author_id, body)
	values (v_proposal, v_parent, c.id, priv.text_arg(p, 'body', 1, 200000))
	returning * into cm;
	perform priv.audit(a.id, 'comment.post', 'comment', cm.id, null,
		jsonb_build_object('proposal_id', v_proposal, 'author', c.external_id));
	return priv.idem_store(a.id, p, jsonb_build_object('id', cm.id, 'version', cm.version,
		'citizen_id', c.id));
end
$$;

-- The target of a report or a decision: its author and moderation state.
create function priv.target(t target_type, target_id bigint)
returns table (author_id bigint, hidden boolean, version int)
language sql stable as $$
	select author_id, hidden, version from comments where t = 'comment' and id = target_id
	union all
	select author_id, hidden, version from proposals where t = 'proposal' and id = target_id
$$;

create function api.ingest_report(token text, p jsonb) returns jsonb
language plpgsql as $$
declare
	a agents := priv.require(token, 'frontoffice');
	prior jsonb := priv.idem_claim(a.id, 'ingest_report', p);
	c citizens;
	t target_type;
	v_target bigint;
	reason report_reason;
	r reports;
	open_reports int;
	auto_hidden boolean := false;
begin
	if prior is not null then
		return prior;
	end if;
	c := priv.citizen(p->'citizen');
	if jsonb_typeof(p->'target') is distinct from 'object'
	   or coalesce(p#>>'{target,type}', '') not in ('comment', 'proposal') then
		perform priv.fail(400, 'invalid', 'target must be {"type": "comment"|"proposal", "id"}');
	end if;
	t := (p#>>'{target,type}')::target_type;
	v_target := priv.int_arg(p->'target', 'id', 1);
	if v_target is null or not exists (select from priv.target(t, v_target)) then
		perform priv.fail(404, 'not_found', format('no such %s', t));
	end if;
	if coalesce(p->>'reason', '') not in ('spam', 'offensive', 'off_topic', 'personal_data', 'other') then
		perform priv.fail(400, 'invalid',
			'reason must be one of spam, offensive, off_topic, personal_data, other');
	end if;
	reason := (p->>'reason')::report_reason;
	-- Lock the target so that concurrent reports count the threshold once.
	if t = 'comment' then
		perform from comments where id = v_target for update;
	else
		perform from proposals where id = v_target for update;
	end if;
	insert into reports (target_type, target_id, reporter_id, reason, details)
	values (t, v_target, c.id, reason, priv.text_arg(p, 'details', 0, 5000))
	on conflict do nothing
	returning * into r;
	if r.id is null then
		perform priv.fail(409, 'already_reported', 'this citizen already reported this content');
	end if;
	perform priv.audit(a.id, 'report.new', t::text, v_target, null,
		jsonb_build_object('report_id', r.id, 'reason', reason, 'reporter', c.external_id));
	select count(*) into open_reports from reports
	where reports.target_type = t and reports.target_id = v_target
	  and status = 'open';
	if open_reports >= (priv.setting('auto_hide_threshold'))::int then
		if t = 'comment' then
			update comments set hidden = true, hidden_auto = true,
				hidden_reason = 'pending review', version = version + 1
			where id = v_target and not hidden;
		else
			update proposals set hidden = true, hidden_auto = true,
				hidden_reason = 'pending review', version = version + 1, updated_at = now()
			where id = v_target and not hidden;
		end if;
		auto_hidden := found;
		if auto_hidden then
			perform priv.audit(null, 'moderation.auto_hide', t::text, v_target,
				jsonb_build_object('hidden', false),
				jsonb_build_object('hidden', true, 'open_reports', open_reports));
		end if;
	end if;
	perform priv.emit('report.new', jsonb_build_object('report_id', r.id,
		'target', jsonb_build_object('type', t, 'id', v_target),
		'reason', reason, 'open_reports', open_reports, 'auto_hidden', auto_hidden));
	return priv.idem_store(a.id, p, jsonb_build_object('id', r.id,
		'open_reports', open_reports, 'auto_hidden', auto_hidden));
end
$$;
